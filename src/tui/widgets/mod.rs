//! Pieces of drawing and editing that know nothing of the app: a line of
//! text being edited, Markdown, the list and detail panes, the colours.

pub mod input;
pub mod markdown;
pub mod panes;
pub mod text;
pub mod theme;
