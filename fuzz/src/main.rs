//! The fuzz binary: `cairn-fuzz <target>`.
//!
//! Built with `--features afl` (by `cargo afl build`), it is an AFL++
//! persistent-mode harness reading inputs from afl-fuzz. Built without,
//! it replays files or folders given after the target (or stdin), to
//! reproduce a crash: `cairn-fuzz entry fuzz/crashes/entry/x`.

#[path = "../targets.rs"]
#[allow(dead_code)]
mod targets;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_default();
    let Some(target) = targets::find(&name) else {
        let names: Vec<&str> = targets::TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "usage: cairn-fuzz <target> [files…]; targets: {}",
            names.join(", ")
        );
        std::process::exit(2);
    };
    run(target, args.collect());
}

#[cfg(feature = "afl")]
fn run(target: targets::Target, _: Vec<String>) {
    afl::fuzz!(|data: &[u8]| target(data));
}

#[cfg(not(feature = "afl"))]
fn run(target: targets::Target, paths: Vec<String>) {
    use std::io::Read;
    if paths.is_empty() {
        let mut data = Vec::new();
        std::io::stdin().read_to_end(&mut data).expect("read stdin");
        target(&data);
        return;
    }
    let mut files = Vec::new();
    for p in paths {
        let p = std::path::PathBuf::from(p);
        if p.is_dir() {
            let mut inside: Vec<_> = std::fs::read_dir(&p)
                .expect("read folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p);
        }
    }
    for f in &files {
        eprintln!("{}", f.display());
        target(&std::fs::read(f).expect("read input"));
    }
    eprintln!("{} inputs, no panic", files.len());
}
