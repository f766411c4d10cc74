//! The engine's structure, checked from its sources (ARCHITECTURE.md, "The recorder never
//! runs learner code" and the engine's layers):
//! - modules import one way: each module of `crates/engine/src` uses only modules of lower
//!   layers (so no import circle can come back);
//! - only the read layer (`read/`) makes the calls that can run a program's Python code
//!   (`str`, `repr`, attribute lookup, `len`, `bool`, `hash`, item lookup, calls). The
//!   few other places that make such calls on the interpreter's own objects are listed in
//!   [`ALLOWED`] with their exact number.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The engine's modules by layer, lowest first (the map in `crates/engine/src/lib.rs`).
const LAYERS: &[&[&str]] = &[
    &[
        "options",
        "text",
        "size",
        "stdlib",
        "capalloc",
        "freelists",
        "import_garbage",
    ],
    &["frames", "lines", "trace_data"],
    &["read"],
    &["prelude", "outcome", "label"],
    &["describe"],
    &["fingerprint"],
    &["heap"],
    &["vm_held", "protocols", "gc_watch"],
    &["hook"],
    &["introspect"],
    &["natives", "exit"],
    &["session"],
];

/// Calls that can run Python code, outside `read/`: (file, count, why it is safe).
const ALLOWED: &[(&str, usize, &str)] = &[
    (
        "lines.rs",
        3,
        "frame and code objects: the VM's own types, never a program's",
    ),
    (
        "natives.rs",
        15,
        "the VM's own modules (sys, gc, _weakref, weakref) and the prelude's, and \
         RustPython's own getsizeof, collect (twice: an invalid generation is its error \
         to raise), get_referents and get_referrers (also from getsizeof, for the owner \
         of an instance's `__dict__`), called by the program's call",
    ),
    (
        "prelude.rs",
        8,
        "the prelude's own module and the io module's types, its disk dict of str keys, \
         the exit's collection and a file's lost buffers",
    ),
    (
        "mod.rs",
        2,
        "exit/: the interpreter's exit calls the program's atexit handlers and the \
         callbacks of its weakrefs, as CPython's exit does, under the trace hook",
    ),
    (
        "session.rs",
        7,
        "sys.settrace, sys.modules, the prelude's failure, and the stdout \
                       sink, which the program itself calls with what it prints",
    ),
];

const CALLS: &[&str] = &[
    ".get_attr(",
    ".set_attr(",
    ".str(vm",
    ".repr(vm",
    ".length(vm",
    ".is_true(vm",
    ".get_item(",
    "get_item_opt(",
    "call_method(",
    ".hash(vm",
    ".call(",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/engine/src")
}

/// Every engine source file but `lib.rs` and the CLI, with its top-level module.
fn files() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src()).unwrap();
            let first = rel.iter().next().unwrap().to_string_lossy().into_owned();
            let module = first.trim_end_matches(".rs").to_owned();
            if module != "lib" && module != "bin" {
                out.push((module, p));
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comment lines.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` is in no layer of LAYERS"))
}

#[test]
fn engine_modules_import_only_lower_layers() {
    let mut failures = Vec::new();
    for (module, path) in files() {
        let own = layer_of(&module);
        let text = code(&path);
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let target: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if target == module || target.chars().next().is_some_and(|c| c.is_uppercase()) {
                continue; // itself, or an item lib.rs re-exports
            }
            if layer_of(&target) >= own {
                failures.push(format!(
                    "{}: `{module}` (layer {own}) uses `{target}` (layer {})",
                    path.display(),
                    layer_of(&target)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn only_the_read_layer_can_run_program_code() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = Vec::new();
    for (module, path) in files() {
        if module == "read" {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in code(&path).lines() {
            if CALLS.iter().any(|c| line.contains(c)) {
                *counts.entry(name.clone()).or_default() += 1;
                lines.push(format!("{name}: {}", line.trim()));
            }
        }
    }
    let allowed: BTreeMap<String, usize> = ALLOWED
        .iter()
        .map(|(f, n, _)| ((*f).to_owned(), *n))
        .collect();
    assert_eq!(
        counts,
        allowed,
        "calls that can run a program's code outside read/:\n{}",
        lines.join("\n")
    );
}
