//! The garbage a program's imports leave for CPython 3.13's first `gc.collect()`.
//!
//! Importing a module leaves cycles behind (functools' alone: 107 objects), but the sum is
//! not the garbage of each import: an import's allocations set off automatic collections
//! that take the earlier imports' garbage (functools then weakref leaves 7), and an import
//! of a module an earlier one loaded does nothing (contextlib loads functools, so
//! `import functools` after it adds nothing). `tests/cpython/record_introspect.py`
//! records, with CPython, which modules each import loads and what every sequence of up to
//! three imports of the common modules (two of the others) leaves. A leaf: it reads only
//! its table.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// `load M: A B` and `M1,M2 N` lines (see the file's header).
const TABLE: &str = include_str!("../data/cpython-3.13-import-garbage.txt");

struct Table {
    /// The top-level modules importing each module alone loads.
    loads: BTreeMap<&'static str, Vec<&'static str>>,
    /// The garbage each recorded sequence of imports leaves.
    garbage: BTreeMap<Vec<&'static str>, u32>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut t = Table {
            loads: BTreeMap::new(),
            garbage: BTreeMap::new(),
        };
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            if let Some((m, loads)) = line.strip_prefix("load ").and_then(|l| l.split_once(':')) {
                t.loads.insert(m, loads.split_whitespace().collect());
            } else if let Some((seq, n)) = line.split_once(' ') {
                if let Ok(n) = n.trim().parse() {
                    t.garbage.insert(seq.split(',').collect(), n);
                }
            }
        }
        t
    })
}

/// What CPython 3.13's first full collection finds that `imports` (the program's, in
/// order; `os.path` as written) left, and whether that is the recorded figure for exactly
/// this sequence. Otherwise it is the figure of the longest recorded sequence the imports
/// end with (the last imports' collections take most of the earlier garbage), or 0.
pub(crate) fn left_by(imports: &[String]) -> (u32, bool) {
    let t = table();
    let mut loaded: BTreeSet<&str> = BTreeSet::new();
    let mut effective: Vec<&'static str> = Vec::new();
    let mut known = true;
    for m in imports {
        let top = m.split('.').next().unwrap_or(m);
        let Some((name, loads)) = t.loads.get_key_value(top) else {
            known = false;
            continue;
        };
        if loads.is_empty() || loaded.contains(top) {
            continue;
        }
        effective.push(name);
        loaded.extend(loads.iter().copied());
        loaded.insert(name);
    }
    if effective.is_empty() {
        return (0, known);
    }
    for start in 0..effective.len() {
        if let Some(n) = t.garbage.get(&effective[start..]) {
            return (*n, known && start == 0);
        }
    }
    (0, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(ms: &[&str]) -> Vec<String> {
        ms.iter().map(|m| m.to_string()).collect()
    }

    // Measured on CPython 3.13.0 (each a program of these imports, then `gc.collect()`):
    // functools 107, functools then weakref 7, contextlib then functools 0 (contextlib
    // loads functools), gc and sys nothing.
    #[test]
    fn garbage_follows_the_order_of_the_imports() {
        assert_eq!(left_by(&seq(&["functools"])), (107, true));
        assert_eq!(left_by(&seq(&["functools", "gc", "weakref"])), (7, true));
        assert_eq!(
            left_by(&seq(&["contextlib", "functools", "sys"])),
            (0, true)
        );
        assert_eq!(left_by(&seq(&["gc", "sys"])), (0, true));
        assert!(!left_by(&seq(&["functools", "no_such_module"])).1);
    }
}
