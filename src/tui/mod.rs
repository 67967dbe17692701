//! The terminal interface: the only module that imports ratatui and
//! crossterm. Its parts, each importing only the ones listed before it:
//!
//! - the vocabulary: `action` (what a key can ask for, and the tabs),
//!   `effect` (work the app asks the runtime to do), `keymap`;
//! - `widgets`: drawing and editing pieces that know nothing of the app
//!   (`input`, `markdown`, `panes`, `theme`);
//! - `tabs` and `overlays`: each tab's and each overlay's own state, keys
//!   and drawing, given what they draw and returning what should happen;
//! - `app`: the whole state and how actions change it (no drawing, no I/O);
//! - `view`: draws the app;
//! - `runtime`: the terminal, the event loop, and effects run against the
//!   library.

mod action;
pub mod app;
mod effect;
mod keymap;
pub mod overlays;
mod runtime;
mod tabs;
mod view;
pub mod widgets;

pub use action::{Action, Tab};
pub use app::{App, Focus, Load};
pub use effect::Effect;
pub use keymap::Keymap;
pub use overlays::Overlay;
pub use runtime::effects::{loaded, perform};
pub use runtime::{Options, initial_app, run};
pub use view::render;
pub use widgets::theme::Theme;
