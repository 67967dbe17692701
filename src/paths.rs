//! Where cairn keeps things. The only module that knows the platform's
//! directories.

use std::path::{Path, PathBuf};

/// The environment variable that puts data, settings and cache in one folder.
pub const HOME_ENV: &str = "CAIRN_HOME";

/// Why no place to keep data could be found.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error(
        "cannot find a home folder for cairn's data on this machine; \
         set {HOME_ENV} to a folder you can write, e.g. {HOME_ENV}=$HOME/cairn"
    )]
    NoHome,
    #[error("{HOME_ENV} is set to \"{0}\", which cannot be made an absolute path: {1}")]
    BadHome(PathBuf, #[source] std::io::Error),
}

/// The three folders cairn uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The user's own data: journal, annotations, synced catalogues.
    pub data: PathBuf,
    /// Settings: `config.toml`, templates.
    pub config: PathBuf,
    /// Derived data that can be deleted at any time: the search index.
    pub cache: PathBuf,
}

impl Paths {
    /// Reads `CAIRN_HOME`, or else asks the platform for its usual folders.
    pub fn from_env() -> Result<Paths, PathsError> {
        match std::env::var_os(HOME_ENV) {
            Some(home) if !home.is_empty() => {
                let home = PathBuf::from(home);
                let abs = std::path::absolute(&home).map_err(|e| PathsError::BadHome(home, e))?;
                Ok(Paths::under(&abs))
            }
            _ => {
                let dirs = directories::ProjectDirs::from("org", "cairn", "cairn")
                    .ok_or(PathsError::NoHome)?;
                Ok(Paths {
                    data: dirs.data_dir().to_path_buf(),
                    config: dirs.config_dir().to_path_buf(),
                    cache: dirs.cache_dir().to_path_buf(),
                })
            }
        }
    }

    /// All three folders under one home folder.
    pub fn under(home: &Path) -> Paths {
        Paths {
            data: home.join("data"),
            config: home.join("config"),
            cache: home.join("cache"),
        }
    }

    /// Where text kept from an edit that could not be saved lives: the
    /// person's words, so in the data folder, never the cache.
    pub fn drafts_dir(&self) -> PathBuf {
        self.data.join("drafts")
    }

    /// Where the search indexes live.
    pub fn index_dir(&self) -> PathBuf {
        self.cache.join("index")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_puts_all_three_under_one_folder() {
        let p = Paths::under(Path::new("/tmp/h"));
        assert_eq!(p.data, Path::new("/tmp/h/data"));
        assert_eq!(p.config, Path::new("/tmp/h/config"));
        assert_eq!(p.index_dir(), Path::new("/tmp/h/cache/index"));
    }
}
