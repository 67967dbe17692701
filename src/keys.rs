//! The person's signing key and the keys they know. The key signs every
//! lesson they share (ed25519); it is made on first use, kept in
//! `keys/signing.key` in the data folder, readable by its owner only, and
//! never written into a pack or an export: packs carry only the public key.
//! Keys the person marked as known (`cairn trust add`) are kept in
//! `keys/known.json` with the name they gave.

use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use crate::model::{fingerprint, normal_fingerprint};
use crate::store::{self, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "{} is not a cairn signing key ({why}); it was left as it is: move it aside and cairn makes a new key (lessons signed with the old one will then look like someone else's)",
        path.display()
    )]
    Unreadable { path: PathBuf, why: String },
    #[error("no random numbers could be had from the system to make a signing key: {0}")]
    Random(String),
    #[error(
        "\"{0}\" is not a key fingerprint: it is 16 hexadecimal digits, as `cairn lessons show` and `cairn trust list` print them (\"3f2a 9c1e 07bd 55e0\")"
    )]
    BadFingerprint(String),
    #[error("{} cannot be read ({why}); it was left as it is", path.display())]
    KnownUnreadable { path: PathBuf, why: String },
    #[error(transparent)]
    Write(#[from] StoreError),
}

fn key_path(data: &Path) -> PathBuf {
    data.join("keys").join("signing.key")
}

fn known_path(data: &Path) -> PathBuf {
    data.join("keys").join("known.json")
}

/// The person's signing key, made (and kept) on first use.
pub fn own_key(data: &Path) -> Result<SigningKey, KeyError> {
    let path = key_path(data);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(&text).ok_or_else(|| KeyError::Unreadable {
            path: path.clone(),
            why: "it should hold 64 hexadecimal digits".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = data.join("keys");
            store::create_private_dir(&dir)?;
            // Two cairns sharing at once must not each make a key.
            let _lock = store::lock_file(&dir.join(".lock"))?;
            if let Ok(text) = std::fs::read_to_string(&path)
                && let Some(key) = parse_key(&text)
            {
                return Ok(key);
            }
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| KeyError::Random(e.to_string()))?;
            let key = SigningKey::from_bytes(&seed);
            let hex: String = seed.iter().map(|b| format!("{b:02x}")).collect();
            store::write_atomic(&path, format!("{hex}\n").as_bytes())?;
            Ok(key)
        }
        Err(e) => Err(KeyError::Unreadable {
            path,
            why: e.to_string(),
        }),
    }
}

/// The person's public key (hex), if they have a key yet; never makes one.
pub fn own_public_key(data: &Path) -> Option<String> {
    let text = std::fs::read_to_string(key_path(data)).ok()?;
    let key = parse_key(&text)?;
    Some(
        key.verifying_key()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

fn parse_key(text: &str) -> Option<SigningKey> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut seed = [0u8; 32];
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(SigningKey::from_bytes(&seed))
}

/// A key the person knows, by its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    pub fingerprint: String,
    pub name: String,
    /// When it was added, RFC 3339.
    pub added: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct KnownFile {
    keys: Vec<Known>,
}

/// The keys the person marked as known; none before the first.
pub fn known(data: &Path) -> Result<Vec<Known>, KeyError> {
    let path = known_path(data);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(KeyError::KnownUnreadable {
                path,
                why: e.to_string(),
            });
        }
    };
    serde_json::from_slice::<KnownFile>(&bytes)
        .map(|f| f.keys)
        .map_err(|e| KeyError::KnownUnreadable {
            path,
            why: e.to_string(),
        })
}

/// The name the person gave the key with this public key (hex), if known.
pub fn known_name<'a>(known: &'a [Known], key_hex: &str) -> Option<&'a str> {
    let print = fingerprint(key_hex);
    known
        .iter()
        .find(|k| k.fingerprint == print)
        .map(|k| k.name.as_str())
}

/// Marks a key as known under `name` (again: renames it); returns the
/// fingerprint as stored.
pub fn add_known(data: &Path, typed: &str, name: &str, now: &str) -> Result<String, KeyError> {
    let print =
        normal_fingerprint(typed).ok_or_else(|| KeyError::BadFingerprint(typed.to_string()))?;
    edit_known(data, |keys| {
        keys.retain(|k| k.fingerprint != print);
        keys.push(Known {
            fingerprint: print.clone(),
            name: name.trim().to_string(),
            added: now.to_string(),
        });
    })?;
    Ok(print)
}

/// Forgets a known key; returns it if it was known.
pub fn remove_known(data: &Path, typed: &str) -> Result<Option<Known>, KeyError> {
    let print =
        normal_fingerprint(typed).ok_or_else(|| KeyError::BadFingerprint(typed.to_string()))?;
    let mut removed = None;
    edit_known(data, |keys| {
        if let Some(i) = keys.iter().position(|k| k.fingerprint == print) {
            removed = Some(keys.remove(i));
        }
    })?;
    Ok(removed)
}

/// Reads, changes and writes the known keys under the lock; a file that
/// cannot be read is never written over.
fn edit_known(data: &Path, change: impl FnOnce(&mut Vec<Known>)) -> Result<(), KeyError> {
    let dir = data.join("keys");
    store::create_private_dir(&dir)?;
    let _lock = store::lock_file(&dir.join(".lock"))?;
    let mut keys = known(data)?;
    change(&mut keys);
    let json = serde_json::to_vec_pretty(&KnownFile { keys }).expect("keys serialise");
    store::write_atomic(&known_path(data), &json)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_kept_private_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = own_key(dir.path()).unwrap();
        let again = own_key(dir.path()).unwrap();
        assert_eq!(first.to_bytes(), again.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        let public = own_public_key(dir.path()).unwrap();
        assert_eq!(public.len(), 64);
    }

    #[test]
    fn a_broken_key_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("keys")).unwrap();
        std::fs::write(key_path(dir.path()), "not a key").unwrap();
        let err = own_key(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a cairn signing key"), "{err}");
        assert_eq!(
            std::fs::read_to_string(key_path(dir.path())).unwrap(),
            "not a key"
        );
    }

    #[test]
    fn known_keys_are_added_renamed_and_removed_by_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let print = add_known(dir.path(), "3F2A9C1E-07BD55E0", "Ana", "t").unwrap();
        assert_eq!(print, "3f2a 9c1e 07bd 55e0");
        add_known(dir.path(), "3f2a 9c1e 07bd 55e0", "Ana Silva", "t").unwrap();
        let keys = known(dir.path()).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].name, "Ana Silva");
        assert!(add_known(dir.path(), "nope", "x", "t").is_err());
        assert!(remove_known(dir.path(), &print).unwrap().is_some());
        assert!(known(dir.path()).unwrap().is_empty());
    }
}
