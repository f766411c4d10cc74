//! The references the program holds to strings RustPython interned. RustPython keeps no
//! count for its immortal objects, and CPython 3.13 counts most of these strings (see
//! `refscope_source::interned`), so the walk counts them itself (`Walk::immortal_refs`: one per
//! binding and per drawn reference from a walked object), and this adds one per key of
//! a walked dict.
//!
//! References the walk cannot see (the value stack of a running expression) are not
//! counted; at `line` steps, between statements, there are none.

use rustc_hash::FxHashMap;
use rustpython_vm::{AsObject, VirtualMachine};

use super::walk::{Seen, Walk};
use crate::read;
use refscope_source::interned::{Interned, StrCount};

/// What CPython 3.13 makes of each interned string met so far, by address (RustPython
/// never frees an interned string, so an address keeps its text).
pub(super) type Verdicts = FxHashMap<usize, Option<StrCount>>;

/// By address: the references the program holds to each walked string that CPython
/// 3.13 counts but RustPython keeps immortal, with what CPython makes of it.
pub(super) fn str_refs(
    vm: &VirtualMachine,
    walk: &Walk,
    interned: &Interned,
    verdicts: &mut Verdicts,
) -> FxHashMap<usize, (usize, StrCount)> {
    let mut refs: FxHashMap<usize, (usize, StrCount)> = FxHashMap::default();
    for obj in &walk.objs {
        let Some(&met) = walk.immortal_refs.get(&obj.get_id()) else {
            continue;
        };
        let verdict = *verdicts
            .entry(obj.get_id())
            .or_insert_with(|| read::exact_str_text(vm, obj).and_then(|t| interned.count(t)));
        if let Some(count) = verdict.filter(|c| *c != StrCount::Immortal) {
            refs.insert(obj.get_id(), (met, count));
        }
    }
    if refs.is_empty() {
        return refs;
    }
    // Dict keys are not edges (the diagram shows them as labels).
    for (obj, seen) in walk.objs.iter().zip(&walk.descs) {
        if let Seen::Full(d) = seen {
            if d.kind == refscope_trace::ObjectKind::Dict {
                for (k, _) in read::dict_entries(obj).unwrap_or_default() {
                    if let Some((n, _)) = refs.get_mut(&k.get_id()) {
                        *n += 1;
                    }
                }
            }
        }
    }
    refs
}
