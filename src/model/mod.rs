//! Plain domain types and their validation. Nothing here does I/O: callers
//! hand in parsed JSON values or strings and get typed values and problems back.

mod network;
mod problem;
mod query;
pub mod regions;
mod stream;
mod validate;
mod vocab;

pub use network::{Formality, Maturity, Membership, Network, RunBy, Scope, Status};
pub use problem::{Problem, Severity, Validated};
pub use query::{Facet, Filter, ParsedQuery, QueryError, parse_query};
pub use stream::{validate_catalogue, validate_catalogue_json};
pub use validate::{check_url, is_slug, split_list, validate_record, validate_records};
pub use vocab::{Topic, topic, topics};

/// For each facet, its values and how many networks have each.
pub type FacetCounts = Vec<(Facet, Vec<(String, u64)>)>;

/// The schema tag every catalogue document carries.
pub const CATALOGUE_SCHEMA: &str = "cairn.catalogue/1";
