//! One module per tab: its state, its rows and its detail, drawn from
//! what it is given (never the whole app).

pub mod journal;
pub mod lessons;
pub mod networks;
