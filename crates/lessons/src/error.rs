//! The one error type of the crate: a problem in a lesson file, with the line to look at.
//!
//! Instructors fix lessons from these messages, so every error carries the `.md` file and
//! the 1-based line of the heading, question or front-matter key at fault.

use std::fmt;

/// A problem in a lesson file, printed as `file:line: message` like a compiler would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// The lesson file as given to [`crate::parse`], e.g. `lessons/02-refcounts.md`.
    pub file: String,
    /// The 1-based line in that file.
    pub line: u32,
    /// What is wrong, in words.
    pub message: String,
}

impl LessonError {
    pub(crate) fn new(file: &str, line: u32, message: impl Into<String>) -> LessonError {
        LessonError {
            file: file.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LessonError {}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}
