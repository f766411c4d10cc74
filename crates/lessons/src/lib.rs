//! refscope lessons: guided tours of one Python program, written by instructors as
//! Markdown files with a TOML front matter (`lessons/*.md`; the format is documented for
//! authors in `lessons/README.md`).
//!
//! Two steps, so the app can parse at startup and resolve once a trace exists:
//! - [`parse`] reads a file into a [`Lesson`]: metadata, code, prose stops, questions.
//!   It checks form only (anchors parse, choices make sense).
//! - [`resolve`] places the stops and questions on steps of the trace of the lesson's code
//!   and computes each question's correct answer from that trace. Authors never type
//!   answers, so a lesson cannot drift from what the engine (and CPython) really do.
//!
//! The crate uses no file system and no Python, so the web app (wasm32) can use it;
//! the integration tests in `tests/lessons/` read the files and run the engine.
//!
//! Module map: `parse` (front matter, body split), `markdown` (HTML rendering), `anchor`
//! (the anchor grammar and its resolution), `resolve` (answers), `lesson` (the types),
//! `error`.

mod anchor;
mod error;
mod lesson;
mod markdown;
mod parse;
mod resolve;

pub use anchor::{Anchor, EventKind};
pub use error::LessonError;
pub use lesson::{AnswerSpec, Claim, ExpectOutcome, Lesson, Question, QuestionKind, Stop, TryThis};
pub use markdown::render as render_markdown;
pub use parse::parse;
pub use resolve::{bound, resolve, Answer, ResolvedLesson, ResolvedQuestion, ResolvedStop};

/// The CPython version the course teaches and records: a claim about it is checked.
pub const REFERENCE_VERSION: &str = "3.13";

#[cfg(test)]
mod tests;
