//! Functions of the standard library the program names (`from contextlib import
//! contextmanager`): drawn with CPython 3.13's count, not RustPython's.
//!
//! Besides the program's own references, a library function is held by the library
//! itself (its module's dict, other modules that import it, decorators' caches), and
//! RustPython's library is other code than CPython's, holding other references. So at
//! first sight the references the walk did not meet are taken as RustPython's library's
//! and replaced by CPython's, recorded from CPython 3.13
//! (`data/cpython-3.13-library-refs.txt`, `tests/cpython/record_library.py`): the count
//! with its module imported alone, plus what importing another of the program's modules
//! adds (the most any of them adds).

use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/cpython-3.13-library-refs.txt");

struct Table {
    /// (module, qualname) -> references with the module imported alone.
    alone: BTreeMap<(&'static str, &'static str), u32>,
    /// (importer, module, qualname) -> what importing `importer` adds.
    extra: BTreeMap<(&'static str, &'static str, &'static str), u32>,
}

fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut t = Table {
            alone: BTreeMap::new(),
            extra: BTreeMap::new(),
        };
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["+", importer, module, qual, n] => {
                    if let Ok(n) = n.parse() {
                        t.extra.insert((importer, module, qual), n);
                    }
                }
                [module, qual, n] => {
                    if let Ok(n) = n.parse() {
                        t.alone.insert((module, qual), n);
                    }
                }
                _ => {}
            }
        }
        t
    })
}

/// The references CPython 3.13's library holds to the function `qualname` of `module`
/// in a program that imports `imports` (as written: `os.path`), if the table has it.
pub(super) fn cpython_refs(module: &str, qualname: &str, imports: &[String]) -> Option<u32> {
    let t = table();
    let alone = *t.alone.get(&(module, qualname))?;
    let extra = (imports.iter())
        .filter_map(|i| t.extra.get(&(i.as_str(), module, qualname)))
        .max()
        .copied()
        .unwrap_or(0);
    Some(alone + extra)
}
