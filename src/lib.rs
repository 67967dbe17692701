//! cairn: explore public-sector innovation networks, keep a private
//! peer-learning journal, and share lessons back.
//!
//! The crate is layered; each layer imports only from the layers below it
//! (see the Architecture section of the README):
//! domain (`model`), adapters (`paths`, `store`, `catalogue`, `index`, `sync`,
//! `publish`),
//! facade (`library`) and front ends (`cli`).

pub mod annotations;
pub mod catalogue;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod editor;
pub mod index;
pub mod journal;
pub mod keys;
pub mod library;
pub mod matcher;
pub mod model;
pub mod paths;
pub mod publish;
pub mod share;
pub mod store;
pub mod sync;
pub mod tui;
