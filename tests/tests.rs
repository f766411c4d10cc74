//! The one integration test binary (ripgrep style): each module is a commented area.
//!
//! Run through `cargo xtask test`, which builds in release mode: RustPython is too slow
//! unoptimised, and one profile keeps CI's cold build to a single RustPython compile.

/// A trace against a CPython recording (step sequences, object deaths), shared by both
/// areas below.
mod lifetimes;

/// The engine against real CPython: stdout, call order, refcounts, frees and sizes for
/// every program in `tests/corpus/`, compared with `tests/cpython/recordings/`.
mod engine {
    mod corpus;
    mod exit;
    mod fixtures;
    mod fuzz_smoke;
    mod hostile;
    mod hostile_code;
    mod interned;
    mod introspect;
    mod layers;
    mod limits;
    mod native_digests;
    mod profile;
    mod reachability;
    mod refcounts;
    mod stdlib;
}

/// Every `lessons/*.md`: it parses, its program runs in the engine to the declared outcome,
/// its anchors resolve, and its computed answers agree with the CPython recording in
/// `lessons/recordings/` (made by `tests/cpython/record.py --lessons`).
mod lessons {
    mod claims;
    mod cpython;
    mod files;
    pub(crate) mod load;
    mod protocol;
    mod questions;
}

// A cap like the CLI's, so huge allocations become MemoryError here too. The cap is per
// process and the tests run in parallel, so it is 6 GiB rather than the CLI's 2 GiB: still
// below `[0] * 10**9` (8 GB) and `'a' * 10**10`, the allocations the limits tests make.
#[global_allocator]
static ALLOC: refscope_engine::capalloc::CappedAlloc =
    refscope_engine::capalloc::CappedAlloc::new(6 << 30);
