//! Unit tests: parsing, every anchor form, every answer kind, and error positions.
//!
//! Traces are small hand-made values (`traces.rs`) or engine traces from
//! `tests/fixtures/traces/`, so these tests never run Python.

mod anchors;
mod answers;
mod parsing;
mod traces;
