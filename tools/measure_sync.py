#!/usr/bin/env python3
"""Sync speed and memory, as a whole `cairn sync` process, from a server on
this computer (127.0.0.1 only).

For each size it generates a synthetic catalogue (the gen_catalogue
example), serves it over HTTP, and times in a fresh CAIRN_HOME:
  - the first sync (fetch, validate, merge, index the changed networks),
  - a sync after 1% of the networks changed,
  - a sync of an unchanged source (the server answers 304),
with the peak memory of each (from /usr/bin/time, when it exists).

    cargo build --release --examples && python3 tools/measure_sync.py [SIZES…]

SIZES defaults to 10000 100000.
"""
import http.server, json, os, shutil, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "cairn")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen_catalogue")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = lambda *a, **k: Quiet(*a, directory=folder, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(args, home):
    env = dict(os.environ, CAIRN_HOME=home, NO_COLOR="1")
    command = [BIN] + args
    if TIME:
        command = [TIME, "-f", "PEAK %M"] + command
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"cairn {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    peak = None
    for line in done.stderr.splitlines():
        if line.startswith("PEAK "):
            peak = int(line.split()[1])
    return elapsed, peak, done.stdout.strip().splitlines()[0]


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for n in sizes:
        folder = tempfile.mkdtemp(prefix="cairn-sync-bench-")
        home = tempfile.mkdtemp(prefix="cairn-sync-home-")
        try:
            path = os.path.join(folder, "catalogue.json")
            with open(path, "wb") as out:
                subprocess.run([GEN, str(n)], stdout=out, check=True)
            server = serve(folder)
            url = f"http://127.0.0.1:{server.server_address[1]}/catalogue.json"
            subprocess.run([BIN, "sources", "add", "bench", url], check=True,
                           env=dict(os.environ, CAIRN_HOME=home), capture_output=True)
            # A 100k catalogue is about 80 MB: above the default limit.
            with open(os.path.join(home, "config", "config.toml"), "a") as cfg:
                cfg.write("\n[sync]\nmax_download_mb = 512\n")
            # The bundled catalogue's index exists before the first sync, as
            # it would for a person who has used cairn before.
            run(["search", "design"], home)
            t, mem, line = run(["sync"], home)
            print(f"{n:>7} first sync      {t*1000:8.0f} ms  peak {mem or '?'} KiB  {line}")
            doc = json.load(open(path))
            for rec in doc["networks"][: max(1, n // 100)]:
                rec["summary"] = rec["summary"] + " (changed)"
            time.sleep(1.1)  # a new Last-Modified second
            json.dump(doc, open(path, "w"))
            t, mem, line = run(["sync"], home)
            print(f"{n:>7} 1% changed      {t*1000:8.0f} ms  peak {mem or '?'} KiB  {line}")
            times = []
            for _ in range(10):
                t, _, line = run(["sync"], home)
                times.append(t)
            times.sort()
            print(f"{n:>7} unchanged (304) {times[len(times)//2]*1000:8.1f} ms median of 10  {line}")
            server.shutdown()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
