//! refscope-source: what the engine reads from the learner's source before it runs.
//!
//! - [`source_map`]: statement facts by line (which line is a `return`, a `with`, a
//!   `finally` body, a comprehension, a call with keywords), for the trace hook;
//! - [`interned`]: how CPython 3.13 counts the program's interned strings, from its AST
//!   (`consts`, with `fold` for constant folding) and a table recorded from CPython, and
//!   how many references its constant tables hold to each constant ([`Const`]).
//!
//! A crate of its own because it runs once per run, not per event: the site builds it for
//! size, while the engine is built for speed.

mod consts;
mod fold;
pub mod interned;
pub mod source_map;

pub use fold::Const;
pub use interned::cpython_facts;
