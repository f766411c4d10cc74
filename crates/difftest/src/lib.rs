//! refscope-difftest: the engine against CPython 3.13 on programs nobody here wrote.
//!
//! [`gen`] writes small, valid, deterministic programs from a grammar of the constructs
//! the course is about; [`cpython`] records each in CPython 3.13 with the repository's
//! recorder; [`compare`] and [`verdict`] compare the engine's trace with the recording
//! (output, calls, steps, every refcount, lifetimes); [`shrink`] cuts a differing
//! program down to the smallest one that still differs; [`sample`] is the fixed-seed
//! sample CI compares, recordings included, so CI needs no CPython. The `difftest`
//! binary (`cargo xtask difftest`) ties them together.

pub mod compare;
pub mod cpython;
pub mod gen;
pub mod run;
pub mod sample;
pub mod shrink;
pub mod verdict;
