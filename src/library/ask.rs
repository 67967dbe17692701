//! The loop of asking a network: a challenge's question is asked (recorded
//! on the challenge, where and when, with a day to come back to it), and
//! a reply becomes a validation linked to the challenge.

use time::OffsetDateTime;

use super::{Library, LibraryError, NewEntry};
use crate::journal::Stored;
use crate::model::Kind;

impl Library {
    /// Records on the challenge `id` that its question was asked today (in
    /// `network`, else its first network) and sets its follow-up to `follow_up`, unless
    /// an earlier one is already set.
    pub fn record_asked(
        &self,
        id: &str,
        network: Option<&str>,
        follow_up: OffsetDateTime,
    ) -> Result<Stored, LibraryError> {
        let mut stored = self.find_entry(id)?;
        let m = &mut stored.entry.meta;
        if m.kind != Kind::Challenge {
            return Err(LibraryError::NotAChallenge {
                id: m.id.clone(),
                kind: m.kind,
            });
        }
        let today = super::now().date().to_string();
        let line = match network.or(m.networks.first().map(String::as_str)) {
            Some(n) => format!("{today} {n}"),
            None => today,
        };
        if !m.asked.contains(&line) {
            m.asked.push(line);
        }
        m.follow_up = Some(match m.follow_up {
            Some(earlier) if earlier < follow_up => earlier,
            _ => follow_up,
        });
        self.save_entry(stored)
    }

    /// A reply to the question a challenge raised: a new validation (its
    /// first sentence the title) linked both ways with the challenge, about
    /// the same networks (or `network`). The challenge's follow-up is
    /// cleared: the wait is over. Returns the validation and the challenge.
    pub fn add_reply(
        &self,
        challenge: &str,
        text: &str,
        network: Option<String>,
    ) -> Result<(Stored, Stored), LibraryError> {
        let mut challenge = self.find_entry(challenge)?;
        let cm = &challenge.entry.meta;
        if cm.kind != Kind::Challenge {
            return Err(LibraryError::NotAChallenge {
                id: cm.id.clone(),
                kind: cm.kind,
            });
        }
        let (title, body, tags) = crate::model::split_capture(text);
        if title.is_empty() {
            return Err(LibraryError::Invalid(
                "say what the reply was: cairn journal reply ID \"They tried it in 2024. It worked once legal signed off.\"".into(),
            ));
        }
        let networks = match network {
            Some(n) => vec![n],
            None => cm.networks.clone(),
        };
        let mut reply = self.add_entry(NewEntry {
            tags,
            networks,
            ..NewEntry::new(Kind::Validation, title, body)
        })?;
        let cid = challenge.entry.meta.id.clone();
        reply.entry.meta.related.push(cid);
        let reply = self.save_entry(reply)?;
        let m = &mut challenge.entry.meta;
        m.related.push(reply.entry.meta.id.clone());
        m.follow_up = None;
        let challenge = self.save_entry(challenge)?;
        Ok((reply, challenge))
    }
}
