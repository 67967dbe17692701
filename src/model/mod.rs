//! Plain domain types and their validation. Nothing here does I/O: callers
//! hand in parsed JSON values or strings and get typed values and problems back.

/// Declares a closed vocabulary: a serde enum whose wire form is the
/// kebab-case slug, plus the list of slugs for messages and filters.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }

        impl $name {
            /// Every value, in the order the design lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $slug),+
                }
            }

            /// Parses a slug, ignoring case and treating `_` like `-`.
            pub fn parse(value: &str) -> Option<$name> {
                let wanted = value.trim().to_ascii_lowercase().replace('_', "-");
                Self::ALL.iter().copied().find(|v| v.as_str() == wanted)
            }

            /// The accepted slugs joined for an error message.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // `pad`, so widths and alignment in format strings apply.
                f.pad(self.as_str())
            }
        }
    };
}

mod bounds;
mod capture;
mod clean;
mod dates;
mod entry;
mod front;
pub mod import;
mod network;
mod pack;
pub mod places;
mod private;
mod problem;
mod query;
pub mod regions;
mod stream;
mod validate;
mod vocab;

pub use bounds::{SEARCHED_BODY, SHOWN_BODY, head, size_words};
pub use capture::split_capture;
pub use clean::{Removed, clean_text, safe, sanitise};
pub use dates::{DATE_FORMS, due_before, parse_age, parse_day, parse_when};
pub use entry::{Entry, EntryError, EntryStatus, FrontMatter, Kind, MAX_ID, valid_id};
pub use network::{
    BUNDLED_ORIGIN, Effort, Formality, Maturity, Membership, Network, RunBy, Scope, Status,
};
pub use pack::{
    LESSONS_SCHEMA, LessonPack, PackLesson, PackTerms, Redaction, SignatureError, fingerprint,
    moment, normal_fingerprint, pack_time,
};
pub use private::{Private, private_spans, public_text};
pub use problem::{Problem, Severity, Validated, json_reason};
pub use query::{Facet, Filter, MAX_WORDS, ParsedQuery, QueryError, parse_query, parse_words};
pub use stream::{validate_catalogue, validate_catalogue_json};
pub use validate::{check_url, is_slug, split_list, validate_record, validate_records};
pub use vocab::{Topic, topic, topics};

/// For each facet, its values and how many networks have each.
pub type FacetCounts = Vec<(Facet, Vec<(String, u64)>)>;

/// The schema tag every catalogue document carries.
pub const CATALOGUE_SCHEMA: &str = "cairn.catalogue/1";
