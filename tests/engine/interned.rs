//! The engine's model of CPython 3.13's string interning against CPython's own code
//! objects (issue 17): for every corpus program, lesson, hostile program and held-out
//! program in `tests/interned/`, each identifier-like string must have as many
//! references from constant tables as CPython's compiled code holds, and be immortal
//! exactly when CPython made it immortal (after the program's imports).
//!
//! Expected values come from `tests/cpython/interned.json`, written by
//! `tests/cpython/record_interned.py` from CPython 3.13's `compile()` and
//! `sys.getrefcount`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

use crate::lifetimes::files_with_extension;

/// (name, source) of every program the recording covers.
fn sources() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeMap::new();
    for dir in ["corpus", "hostile", "interned"] {
        for path in files_with_extension(&root.join(dir), "py") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    for (l, lesson, _) in crate::lessons::load::parsed() {
        out.insert(l.stem.clone(), lesson.code.clone());
    }
    out
}

/// The words the recorded table leaves out to stay small (the rule of
/// `tests/cpython/record_interned.py`): all capitals and longer than 5, with a digit and
/// longer than 4, or with an underscore and not a `__dunder__`.
fn untabled(w: &str) -> bool {
    let caps = w
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    let digit = w.bytes().any(|b| b.is_ascii_digit());
    let dunder = w.len() > 4 && w.starts_with("__") && w.ends_with("__");
    (caps && w.len() > 5) || (digit && w.len() > 4) || (w.contains('_') && !dunder)
}

#[test]
fn interned_strings_are_counted_as_cpython_compiles_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("cpython/interned.json")).unwrap();
    let recorded: BTreeMap<String, Json> = serde_json::from_str(&text).unwrap();
    let sources = sources();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut approximate = 0;
    for (name, source) in &sources {
        let Some(rec) = recorded.get(name) else {
            failures.push(format!("{name}: not recorded (run record_interned.py)"));
            continue;
        };
        let engine = refscope_engine::cpython_facts(source);
        let want_consts = rec["consts"].as_object().unwrap();
        let immortal: Vec<&str> = rec["immortal"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .collect();
        // Every identifier-like string CPython's code objects hold (names and constants).
        let mut words: Vec<&str> = rec["words"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            let want = want_consts.get(w).and_then(Json::as_u64).unwrap_or(0) as u32;
            let (got, got_immortal) = engine(w);
            checked += 1;
            if want != got {
                failures.push(format!(
                    "{name}: {w:?} constant refs: cpython {want}, engine {got}"
                ));
            }
            match got_immortal {
                Some(got) if got != immortal.contains(&w) => failures.push(format!(
                    "{name}: {w:?} immortal: cpython {}, engine {got}",
                    immortal.contains(&w)
                )),
                Some(_) => {}
                // Approximate: allowed only for the words the table leaves out by design.
                None if untabled(w) => approximate += 1,
                None => failures.push(format!("{name}: {w:?} approximate, but tabled")),
            }
        }
    }
    for name in recorded.keys() {
        if !sources.contains_key(name) {
            failures.push(format!("{name}: recorded but the program is gone"));
        }
    }
    assert!(checked > 500, "too few words checked: {checked}");
    eprintln!("{checked} words checked, {approximate} approximate by design");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
