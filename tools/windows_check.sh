#!/bin/sh
# Type-checks cairn (and its tests, benches and examples) for Windows from
# Linux, with clippy's warnings as errors: the code behind cfg(windows) is
# never compiled on a Linux build otherwise.
#
# Needs the Rust target and, for the crates that build C code, MinGW:
#     rustup target add x86_64-pc-windows-gnu
#     sudo apt-get install gcc-mingw-w64-x86-64      # Debian/Ubuntu
#
#     sh tools/windows_check.sh
set -eu
cd "$(dirname "$0")/.."
if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    echo "Adding the Windows target (rustup target add x86_64-pc-windows-gnu)…" >&2
    rustup target add x86_64-pc-windows-gnu
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    echo "x86_64-w64-mingw32-gcc is missing: install MinGW (Debian: apt-get install gcc-mingw-w64-x86-64)." >&2
    exit 2
fi
exec cargo clippy --locked --target x86_64-pc-windows-gnu --all-targets -- -D warnings
