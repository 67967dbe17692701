//! What matters about a strange machine, for `cairn doctor`: the
//! terminal, how copying works, the proxy in use, where TLS roots come
//! from, and who can read cairn's folders.

use serde::Serialize;

use super::Library;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// `TERM` and `COLORTERM`, or that there is none.
    pub terminal: String,
    pub clipboard: String,
    /// Proxy variables set, with any password in them hidden.
    pub proxies: Vec<(String, String)>,
    pub tls_roots: String,
    /// Each folder and who can read it.
    pub folders: Vec<(String, String)>,
    /// The fingerprint of the person's signing key, if they have one yet.
    pub signing_key: Option<String>,
}

/// `scheme://user:secret@host` with the secret hidden.
fn hide_password(value: &str) -> String {
    match (value.find("://"), value.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &value[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &value[..scheme + 3], &value[at..]),
                None => value.to_string(),
            }
        }
        _ => value.to_string(),
    }
}

impl Library {
    /// The machine as cairn sees it.
    pub fn machine(&self) -> Machine {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let terminal = match (var("TERM"), var("COLORTERM")) {
            (Some(term), Some(color)) => format!("{term} ({color})"),
            (Some(term), None) => term,
            (None, _) if cfg!(windows) => "Windows console".into(),
            (None, _) => "unknown (TERM is not set)".into(),
        };
        let proxies = [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
            "NO_PROXY",
            "no_proxy",
        ]
        .iter()
        .filter_map(|name| var(name).map(|v| (name.to_string(), hide_password(&v))))
        .collect();
        let folders = [
            ("data", &self.paths.data),
            ("config", &self.paths.config),
            ("cache", &self.paths.cache),
        ]
        .iter()
        .map(|(name, path)| (name.to_string(), who_can_read(path)))
        .collect();
        Machine {
            terminal,
            clipboard: crate::clipboard::Environment::from_env().describe(),
            proxies,
            tls_roots: "the operating system's trust store (company root certificates included)"
                .into(),
            folders,
            signing_key: crate::keys::own_public_key(&self.paths.data)
                .map(|k| crate::model::fingerprint(&k)),
        }
    }
}

/// "you only", "others too (mode 755)", or that it does not exist yet.
fn who_can_read(path: &std::path::Path) -> String {
    match std::fs::metadata(path) {
        Err(_) => "not made yet".into(),
        #[cfg(unix)]
        Ok(meta) => {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 == 0 {
                "you only".into()
            } else {
                format!(
                    "others too (mode {mode:o}): `chmod go= {}` makes it yours only",
                    path.display()
                )
            }
        }
        #[cfg(not(unix))]
        Ok(_) => "as your profile folder allows".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_passwords_are_hidden() {
        assert_eq!(
            hide_password("http://ana:s3cret@proxy.example:8080"),
            "http://ana:***@proxy.example:8080"
        );
        assert_eq!(hide_password("http://proxy:3128"), "http://proxy:3128");
        assert_eq!(hide_password("localhost,.internal"), "localhost,.internal");
    }
}
