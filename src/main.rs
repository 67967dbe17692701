//! The binary: the command line decides, and with no command in a terminal
//! the interactive interface opens. The two front ends never import each
//! other; this is where they meet.

use std::process::ExitCode;

use cairn::cli::{self, Outcome};

fn main() -> ExitCode {
    // Before any thread starts: the umask is the process's, not a thread's.
    cairn::store::keep_new_files_private();
    match cli::main() {
        Outcome::Exit(code) => code,
        Outcome::Interface {
            catalogue_file,
            no_color,
        } => match cairn::tui::run(cairn::tui::Options {
            catalogue_file,
            no_color,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                cli::report(&err);
                ExitCode::FAILURE
            }
        },
    }
}
