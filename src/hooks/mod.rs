//! Hooks: the only places with timers, storage, window listeners and the worker. Each one
//! turns the outside world into reducer [`Action`](crate::replay::Action)s.

pub mod offline;
pub mod use_details;
pub mod use_engine;
pub mod use_lessons;
pub mod use_playback;
pub mod use_progress;
pub mod use_route;
pub mod use_saved_code;
pub mod use_shortcuts;
pub mod use_view;

pub use use_engine::{use_engine, EngineHandle};
pub use use_lessons::{use_lessons, Lessons};
pub use use_playback::use_playback;
pub use use_progress::{use_progress, ProgressHandle};
pub use use_route::{hash_for, use_route, Route};
pub use use_saved_code::{use_saved_code, SavedCode};
pub use use_shortcuts::{use_shortcuts, Shortcut};
pub use use_view::use_view;
