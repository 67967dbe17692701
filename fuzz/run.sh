#!/bin/sh
# The long fuzz run, with cargo-afl and AFL++ (see the README's "Fuzzing").
#
#   fuzz/run.sh fuzz [SECONDS] [TARGET…]   fuzz each target in turn, one at a
#                                          time, niced (default 3600 s each,
#                                          every target); resumes earlier runs
#   fuzz/run.sh stats [TARGET…]            executions, speed and crashes so far
#   fuzz/run.sh cmin [TARGET…]             fold what the runs found back into
#                                          fuzz/corpus/<target>/, minimised
#   fuzz/run.sh replay TARGET FILE…        run inputs through a plain build
#                                          (to see a crash's panic message)
#
# Findings land in fuzz/out/<target>/default/crashes/ (not committed): see a
# crash with `replay`, shrink it with `cargo afl tmin`, and keep it in
# fuzz/crashes/<target>/ so `cargo test --test fuzz_corpus` replays it.
set -eu
cd "$(dirname "$0")"
# This script, callable again after the cd above.
SELF="$(pwd)/$(basename "$0")"

ALL="catalogue_json catalogue_csv pack entry config query marker notes"
BIN=target/afl/release/cairn-fuzz
cmd=${1:-fuzz}
[ $# -gt 0 ] && shift

build_afl() {
    nice -n 19 cargo afl build --release --features afl --target-dir target/afl
}

stat() { # stat FILE KEY
    sed -n "s/^$2 *: *//p" "$1" 2>/dev/null
}

case "$cmd" in
fuzz)
    secs=3600
    case "${1:-}" in
    '' | *[!0-9]*) ;;
    *) secs=$1; shift ;;
    esac
    targets=${*:-$ALL}
    build_afl
    # The config target writes a scratch config.toml per input: keep it in
    # memory when there is a tmpfs.
    [ -d /dev/shm ] && export TMPDIR=/dev/shm
    mkdir -p out
    for t in $targets; do
        echo "== $t: $secs s"
        AFL_AUTORESUME=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
            AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
            nice -n 19 cargo afl fuzz -V "$secs" -i "corpus/$t" -o "out/$t" \
            -x "dict/$t.dict" -- "$BIN" "$t" >"out/$t.log" 2>&1 ||
            { echo "afl-fuzz failed, see fuzz/out/$t.log"; tail -20 "out/$t.log"; exit 1; }
        sh "$SELF" stats "$t"
    done
    ;;
stats)
    for t in ${*:-$ALL}; do
        f=out/$t/default/fuzzer_stats
        if [ -f "$f" ]; then
            echo "$t: $(stat "$f" execs_done) executions, $(stat "$f" execs_per_sec)/s now," \
                "$(stat "$f" run_time) s, $(stat "$f" corpus_count) in queue," \
                "$(stat "$f" saved_crashes) crashes, $(stat "$f" saved_hangs) hangs"
        else
            echo "$t: not run yet"
        fi
    done
    ;;
cmin)
    [ -x "$BIN" ] || build_afl
    [ -d /dev/shm ] && export TMPDIR=/dev/shm
    for t in ${*:-$ALL}; do
        q=out/$t/default/queue
        [ -d "$q" ] || { echo "$t: no run to fold in"; continue; }
        tmp=$(mktemp -d)
        cp corpus/"$t"/* "$tmp"/
        cp "$q"/id:* "$tmp"/ 2>/dev/null || true
        rm -rf "cmin-$t"
        AFL_SKIP_BIN_CHECK=1 nice -n 19 cargo afl cmin -i "$tmp" -o "cmin-$t" -- "$BIN" "$t" >/dev/null
        # Hand-made seeds keep their names; what afl found is named after
        # its content (afl's id:000012,src:… names are unkind to some
        # filesystems and to git).
        rm -rf "corpus/$t" && mkdir "corpus/$t"
        for f in "cmin-$t"/*; do
            name=$(basename "$f")
            case $name in id:*) name=found-$(sha1sum "$f" | cut -c1-16) ;; esac
            cp "$f" "corpus/$t/$name"
        done
        rm -rf "cmin-$t" "$tmp"
        echo "$t: $(ls "corpus/$t" | wc -l) inputs, $(du -sh "corpus/$t" | cut -f1)"
    done
    ;;
replay)
    t=$1
    shift
    nice -n 19 cargo run --release --target-dir target -q -- "$t" "$@"
    ;;
*)
    sed -n '2,15p' "$0"
    exit 2
    ;;
esac
