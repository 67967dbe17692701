//! The one module that touches the network: fetching the sources a user
//! configured, over HTTPS or from files.
//!
//! A fetch knows nothing about what it fetches. A catalogue and a network's
//! published lessons (`lessons_url`) are both a [`Location`] plus the
//! [`Validators`] kept from last time, and come back as a [`Body`] in a
//! [`Format`] for the parser of their kind, or as [`Fetched::NotModified`].

pub mod copies;
mod error;
mod fetch;
mod http;
mod location;
mod read;

pub use error::{FetchError, TimeLimit};
pub use fetch::{Body, FetchOptions, Fetched, Format, Progress, Validators, fetch};
pub use location::{Location, shown_location};
