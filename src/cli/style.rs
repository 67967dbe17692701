//! Bold and dim for terminals, nothing for pipes or when NO_COLOR is set.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    pub fn for_stdout(no_color_flag: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            enabled: !no_color_flag && !no_color && std::io::stdout().is_terminal(),
        }
    }

    pub fn bold(self, s: &str) -> String {
        self.wrap(s, "\x1b[1m", "\x1b[22m")
    }

    pub fn dim(self, s: &str) -> String {
        self.wrap(s, "\x1b[2m", "\x1b[22m")
    }

    /// The markers to put around highlighted words.
    pub fn highlight_marks(self) -> (&'static str, &'static str) {
        if self.enabled {
            ("\x1b[1;4m", "\x1b[22;24m")
        } else {
            ("", "")
        }
    }

    fn wrap(self, s: &str, on: &str, off: &str) -> String {
        if self.enabled {
            format!("{on}{s}{off}")
        } else {
            s.to_string()
        }
    }
}
