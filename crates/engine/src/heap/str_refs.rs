//! The references the program holds to strings RustPython interned, counted from the
//! walk. RustPython keeps no count for its immortal objects, and CPython 3.13 counts
//! most of these strings (see [`crate::interned`]), so the walk counts them itself:
//! one per name bound to the string, per drawn reference from a walked object, and per
//! key of a walked dict.
//!
//! References the walk cannot see (the value stack of a running expression) are not
//! counted; at `line` steps, between statements, there are none.

use rustc_hash::FxHashMap;
use rustpython_vm::{AsObject, VirtualMachine};

use super::roots::FrameRoots;
use super::walk::{Seen, Walk};
use crate::interned::Interned;
use crate::read;

/// By address: the references the program holds to each walked string that CPython
/// 3.13 counts but RustPython keeps immortal. Empty (and nothing else read) when the
/// walk found no such string.
pub(super) fn str_refs(
    vm: &VirtualMachine,
    walk: &Walk,
    roots: &[FrameRoots],
    interned: &Interned,
) -> FxHashMap<usize, u32> {
    let mut refs: FxHashMap<usize, u32> = walk
        .objs
        .iter()
        .filter(|o| read::is_immortal(o))
        .filter(|o| {
            read::exact_str_text(vm, o)
                .and_then(|t| interned.count(t))
                .is_some()
        })
        .map(|o| (o.get_id(), 0))
        .collect();
    if refs.is_empty() {
        return refs;
    }
    let mut add = |addr: usize| {
        if let Some(n) = refs.get_mut(&addr) {
            *n += 1;
        }
    };
    for root in roots {
        root.names.iter().for_each(|(_, v)| add(v.get_id()));
    }
    for (obj, seen) in walk.objs.iter().zip(&walk.descs) {
        match seen {
            Seen::Full(d) => {
                for (_, child, weak) in &d.children {
                    if !weak {
                        add(child.get_id());
                    }
                }
                for (k, _) in read::dict_entries(obj).unwrap_or_default() {
                    add(k.get_id());
                }
            }
            Seen::Fast(f) => f.children.iter().for_each(|&(addr, _, _)| add(addr)),
        }
    }
    refs
}
