//! Lesson packs (`cairn.lessons/1`): journal entries made fit to leave the
//! machine. Only what a pack lists goes out: id, kind, title and body with
//! every private span removed, tags, dates, language, licence and a digest
//! of that content. Nothing else of the journal (no related ids, no
//! networks, no status, no file paths).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;

use super::{Entry, Kind};

pub const LESSONS_SCHEMA: &str = "cairn.lessons/1";

/// A pack of lessons shared with one network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonPack {
    pub schema: String,
    /// The network the pack is for (its catalogue id).
    pub network: String,
    /// When it was made, RFC 3339.
    pub exported: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The program and version that made it.
    #[serde(default)]
    pub generator: String,
    pub lessons: Vec<PackLesson>,
}

/// One shared entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackLesson {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created: String,
    pub updated: String,
    pub language: String,
    pub licence: String,
    /// For a lesson about running a network: the stage it was at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<super::Maturity>,
    /// For a lesson about running a network: the effort behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<super::Effort>,
    /// A digest of the fields above, so a copy can be told from a change.
    pub hash: String,
    /// The author's public key (ed25519, hex), when the lesson is signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// The author's signature (hex) over [`PackLesson::signed_bytes`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// Why a lesson's signature cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("it has a signature but no signer key, or a signer key but no signature")]
    Incomplete,
    #[error("its signer key is not an ed25519 public key in hex")]
    BadKey,
    #[error("its signature is not 64 bytes in hex")]
    BadSignature,
    #[error("its signature does not match its text: it was changed after it was signed, or forged")]
    Mismatch,
}

/// A short, readable fingerprint of a public key (hex): the first 16 hex
/// digits of its SHA-256, in groups of four ("3f2a 9c1e 07bd 55e0").
pub fn fingerprint(key_hex: &str) -> String {
    let digest = Sha256::digest(key_hex.trim().to_ascii_lowercase().as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fingerprint as typed ("3F2A9C1E 07bd-55e0") in the one form
/// [`fingerprint`] writes, or `None` if it cannot be one.
pub fn normal_fingerprint(typed: &str) -> Option<String> {
    let hex: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (hex.len() == 16 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| {
        hex.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What was taken out of an entry on its way into a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Redaction {
    /// Private spans removed from the title and body.
    pub removed: usize,
    /// A `%%` was never closed, so everything after it was removed.
    pub unclosed: bool,
    /// The markers could be read more than one way; whatever any reading
    /// made private was removed.
    pub ambiguous: bool,
}

/// Who a pack is from and under what terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackTerms {
    pub author: Option<String>,
    pub organisation: Option<String>,
    pub language: String,
    pub licence: String,
}

impl Default for PackTerms {
    fn default() -> Self {
        PackTerms {
            author: None,
            organisation: None,
            language: "en".into(),
            licence: "CC-BY-4.0".into(),
        }
    }
}

/// A date from a pack, read strictly and written back in one form (RFC
/// 3339, its own offset kept) so dates compare as moments, never as text.
/// A time without an offset, or a bare date, is read as UTC and said so;
/// anything else, or a moment more than a day after `now` (which would
/// win every comparison), is refused with why.
pub fn pack_time(
    text: &str,
    now: time::OffsetDateTime,
) -> Result<(String, Option<String>), String> {
    use time::macros::format_description;
    use time::{Date, PrimitiveDateTime};
    let text = text.trim();
    let (moment, note) = if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        (t, None)
    } else if let Ok(t) = PrimitiveDateTime::parse(
        text,
        format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        ),
    ) {
        (
            t.assume_utc(),
            Some(format!("\"{text}\" has no time zone; read as UTC")),
        )
    } else if let Ok(d) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        (
            d.midnight().assume_utc(),
            Some(format!("\"{text}\" has no time; read as midnight UTC")),
        )
    } else {
        return Err(format!(
            "\"{text}\" is not a date and time such as 2026-11-27T09:30:00+01:00"
        ));
    };
    if moment - now > time::Duration::DAY {
        return Err(format!("\"{text}\" is in the future"));
    }
    Ok((rfc3339(moment), note))
}

/// The moment an RFC 3339 time stands for; None for anything else, which
/// orders before every real moment.
pub fn moment(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &Rfc3339).ok()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// Text without private spans, with the blank runs they leave tidied.
fn public(text: &str, redaction: &mut Redaction) -> String {
    // What a peer's cairn would clean on import never leaves either (so a
    // pack reads back exactly as written). Markers are read before and
    // after cleaning: an escape can swallow a `%`, and `%` + an invisible
    // character + `%` looks like `%%`.
    let once = without_private(text, redaction);
    let (clean, _) = super::sanitise(&once);
    without_private(&clean, redaction)
}

/// Text without private spans, with the blank runs they leave tidied.
fn without_private(text: &str, redaction: &mut Redaction) -> String {
    let private = super::private_spans(text);
    let spans = private.spans;
    redaction.removed += spans.len();
    redaction.unclosed |= private.unclosed;
    redaction.ambiguous |= private.ambiguous;
    // Without the spans; where one sat between two spaces, one space stays.
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in &spans {
        out.push_str(&text[at..span.start]);
        at = span.end;
        if out.ends_with(' ') && text[at..].starts_with(' ') {
            at += 1;
        }
    }
    out.push_str(&text[at..]);
    // Lines left empty or with trailing spaces by a removal.
    let mut tidy = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        tidy.push_str(line);
        tidy.push('\n');
    }
    tidy.trim().to_string()
}

impl PackLesson {
    /// The shareable part of an entry, and what was removed from it.
    pub fn from_entry(entry: &Entry, terms: &PackTerms) -> (PackLesson, Redaction) {
        let mut redaction = Redaction::default();
        let m = &entry.meta;
        let mut lesson = PackLesson {
            id: m.id.clone(),
            kind: m.kind,
            title: public(&m.title, &mut redaction),
            body: public(&entry.body, &mut redaction),
            tags: m
                .tags
                .iter()
                .map(|t| public(t, &mut redaction))
                .filter(|t| !t.is_empty())
                .collect(),
            created: rfc3339(m.created),
            updated: rfc3339(m.updated),
            language: terms.language.clone(),
            licence: terms.licence.clone(),
            stage: m.stage,
            effort: m.effort,
            hash: String::new(),
            signer: None,
            signature: None,
        };
        if lesson.title.is_empty() {
            lesson.title = format!("(untitled {})", m.kind);
        }
        lesson.hash = lesson.digest();
        (lesson, redaction)
    }

    /// The content, as the digest and the signature read it: every field
    /// but `hash` (derived from them) and the signature's own, each with
    /// its length so no two lessons give the same bytes; the stage and
    /// effort only when given, labelled (so a lesson without them reads as
    /// it did before they existed).
    pub fn content_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let tags = self.tags.join("\u{1f}");
        let parts = [
            self.id.as_str(),
            self.kind.as_str(),
            &self.title,
            &self.body,
            &tags,
            &self.created,
            &self.updated,
            &self.language,
            &self.licence,
        ];
        for part in parts {
            out.extend((part.len() as u64).to_le_bytes());
            out.extend(part.as_bytes());
        }
        for (label, value) in self.organiser_parts() {
            out.extend(label.as_bytes());
            out.extend((value.len() as u64).to_le_bytes());
            out.extend(value.as_bytes());
        }
        out
    }

    /// What a signature covers: a label for the format, then the content.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut out = b"cairn.lesson-signature/1".to_vec();
        out.extend(self.content_bytes());
        out
    }

    /// The stage and effort, when given, labelled (so a lesson without
    /// them signs and digests as it did before they existed).
    fn organiser_parts(&self) -> Vec<(&'static str, &'static str)> {
        let mut parts = Vec::new();
        if let Some(stage) = self.stage {
            parts.push(("stage", stage.as_str()));
        }
        if let Some(effort) = self.effort {
            parts.push(("effort", effort.as_str()));
        }
        parts
    }

    /// Signs the lesson with `key` (the author's own, from the data folder).
    pub fn sign(&mut self, key: &ed25519_dalek::SigningKey) {
        use ed25519_dalek::Signer;
        let signature = key.sign(&self.signed_bytes());
        self.signer = Some(to_hex(key.verifying_key().as_bytes()));
        self.signature = Some(to_hex(&signature.to_bytes()));
    }

    /// Checks the signature: `Ok(None)` for an unsigned lesson, the signer's
    /// key when it holds, an error when it does not.
    pub fn verify(&self) -> Result<Option<&str>, SignatureError> {
        let (signer, signature) = match (&self.signer, &self.signature) {
            (None, None) => return Ok(None),
            (Some(k), Some(s)) => (k, s),
            _ => return Err(SignatureError::Incomplete),
        };
        let key = from_hex::<32>(signer)
            .and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok())
            .ok_or(SignatureError::BadKey)?;
        let signature = from_hex::<64>(signature)
            .map(|s| ed25519_dalek::Signature::from_bytes(&s))
            .ok_or(SignatureError::BadSignature)?;
        key.verify_strict(&self.signed_bytes(), &signature)
            .map_err(|_| SignatureError::Mismatch)?;
        Ok(Some(signer))
    }

    /// The digest of the lesson's content (everything but `hash`).
    pub fn digest(&self) -> String {
        let h = Sha256::digest(self.content_bytes());
        h.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}

impl LessonPack {
    pub fn new(network: &str, exported: time::OffsetDateTime, terms: &PackTerms) -> LessonPack {
        LessonPack {
            schema: LESSONS_SCHEMA.into(),
            network: network.into(),
            exported: rfc3339(exported),
            author: terms.author.clone(),
            organisation: terms.organisation.clone(),
            generator: format!("cairn {}", env!("CARGO_PKG_VERSION")),
            lessons: Vec::new(),
        }
    }

    /// The pack as Markdown for people: it reads well pasted into an
    /// email, a chat or a forum post. `network_name` is how to call the
    /// network in the heading.
    pub fn to_markdown(&self, network_name: &str) -> String {
        let mut out = format!("# Lessons shared with {network_name}\n\n");
        let from = match (&self.author, &self.organisation) {
            (Some(a), Some(o)) => format!("{a} ({o})"),
            (Some(a), None) => a.clone(),
            (None, Some(o)) => format!("someone at {o}"),
            (None, None) => "a member, anonymously".into(),
        };
        let date = self.exported.get(..10).unwrap_or(&self.exported);
        let plural = if self.lessons.len() == 1 { "" } else { "s" };
        out.push_str(&format!(
            "{} entr{} shared by {from} on {date}.\n",
            self.lessons.len(),
            if plural.is_empty() { "y" } else { "ies" },
        ));
        if let Some(licence) = self.lessons.first().map(|l| &l.licence) {
            out.push_str(&format!(
                "You may reuse them under the {licence} licence, naming where they came from.\n"
            ));
        }
        for l in &self.lessons {
            out.push_str(&format!("\n## {}\n\n", l.title));
            let mut line = format!("*{}", capitalised(l.kind.as_str()));
            line.push_str(&format!(" · {}", l.created.get(..10).unwrap_or(&l.created)));
            if !l.tags.is_empty() {
                line.push_str(&format!(" · {}", l.tags.join(", ")));
            }
            out.push_str(&line);
            out.push_str("*\n\n");
            if l.body.is_empty() {
                out.push_str("(no text)\n");
            } else {
                out.push_str(&l.body);
                out.push('\n');
            }
        }
        out
    }
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_times_are_read_strictly_and_written_one_way() {
        let now = time::macros::datetime!(2026-12-04 12:00 UTC);
        let ok = |t: &str| pack_time(t, now).map(|(t, _)| t);
        assert_eq!(
            ok("2026-11-27T09:30:00+09:00").unwrap(),
            "2026-11-27T09:30:00+09:00"
        );
        assert_eq!(
            ok(" 2026-11-27T09:30:00z ").unwrap(),
            "2026-11-27T09:30:00Z"
        );
        let (t, note) = pack_time("2026-11-27T09:30:00", now).unwrap();
        assert_eq!(t, "2026-11-27T09:30:00Z");
        assert!(note.unwrap().contains("no time zone"));
        assert_eq!(ok("2026-11-27").unwrap(), "2026-11-27T00:00:00Z");
        for bad in [
            "zzzz",
            "",
            "9999-12-31",
            "9999-12-31T00:00:00Z",
            "2026-13-01",
            "27/11/2026",
        ] {
            assert!(pack_time(bad, now).is_err(), "{bad}");
        }
        assert!(moment("zzzz") < moment("1970-01-01T00:00:00Z"));
    }
}
