#!/usr/bin/env python3
"""Start to first useful frame of the real TUI, as a whole process.

Runs the release binary in a pseudo-terminal N times and reports how long
until the screen shows the network count (the catalogue loaded and drawn).

    cargo build --release && python3 tools/measure_startup.py [RUNS] [-- cairn args]
"""
import fcntl, os, pty, select, statistics, struct, sys, tempfile, termios, time

def once(binary, args, home, marker=b" networks "):
    pid, fd = pty.fork()
    if pid == 0:
        # A pty starts at 0x0; give it the size of a usual terminal.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        os.environ["CAIRN_HOME"] = home
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary] + args)
    start = time.perf_counter()
    seen = b""
    elapsed = None
    while elapsed is None:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if marker in seen:
            elapsed = time.perf_counter() - start
    os.write(fd, b"\x03")  # Ctrl-C
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20
    args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "cairn")
    with tempfile.TemporaryDirectory() as home:
        cold = once(binary, args, home)
        warm = [once(binary, args, home) for _ in range(runs)]
    warm = [w for w in warm if w is not None]
    print(f"first start (builds the index): {cold * 1000:.1f} ms")
    print(f"warm start, {len(warm)} runs: median {statistics.median(warm) * 1000:.1f} ms, "
          f"max {max(warm) * 1000:.1f} ms")

if __name__ == "__main__":
    main()
