//! Hooks: the only places with timers, storage, window listeners and the worker. Each one
//! turns the outside world into reducer [`Action`](crate::replay::Action)s.

pub mod use_engine;
pub mod use_playback;
pub mod use_saved_code;
pub mod use_shortcuts;

pub use use_engine::{use_engine, EngineHandle};
pub use use_playback::use_playback;
pub use use_saved_code::{use_saved_code, SavedCode};
pub use use_shortcuts::{use_shortcuts, Shortcut};
