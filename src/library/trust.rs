//! Who signed what: the person's own key, the keys they marked as known,
//! and how a lesson's signer is described.

use super::{Library, LibraryError};
use crate::keys::{self, Known};
use crate::model::fingerprint;
use crate::share::PeerLesson;

/// How a lesson's signature reads to the person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    pub fingerprint: String,
    /// The name the person gave the key, if they marked it as known.
    pub known_as: Option<String>,
}

impl Signer {
    /// "3f2a 9c1e 07bd 55e0 (known: Ana)" or "… (not a key you know)".
    pub fn describe(&self) -> String {
        match &self.known_as {
            Some(name) => format!("key {} (known: {name})", self.fingerprint),
            None => format!(
                "key {} (not one you marked as known; `cairn trust add` does)",
                self.fingerprint
            ),
        }
    }
}

impl Library {
    /// The keys the person marked as known.
    pub fn known_keys(&self) -> Result<Vec<Known>, LibraryError> {
        Ok(keys::known(&self.paths.data)?)
    }

    /// Marks a key as known under `name`; returns its fingerprint.
    pub fn trust(&self, fingerprint: &str, name: &str) -> Result<String, LibraryError> {
        let now = super::now()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Ok(keys::add_known(&self.paths.data, fingerprint, name, &now)?)
    }

    /// Forgets a known key; the key if it was known.
    pub fn distrust(&self, fingerprint: &str) -> Result<Option<Known>, LibraryError> {
        Ok(keys::remove_known(&self.paths.data, fingerprint)?)
    }

    /// The fingerprint of the person's own key (made on first use).
    pub fn own_fingerprint(&self) -> Result<String, LibraryError> {
        let key = keys::own_key(&self.paths.data)?;
        let hex: String = key
            .verifying_key()
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(fingerprint(&hex))
    }

    /// Who signed a peer lesson, as the person knows them; `None` for an
    /// unsigned lesson. A known-keys file that cannot be read counts as
    /// knowing no one (never as knowing someone).
    pub fn signer_of(&self, lesson: &PeerLesson) -> Option<Signer> {
        let key = lesson.lesson.signer.as_deref()?;
        let known = keys::known(&self.paths.data).unwrap_or_default();
        Some(Signer {
            fingerprint: fingerprint(key),
            known_as: keys::known_name(&known, key).map(String::from),
        })
    }
}
