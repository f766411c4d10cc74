//! The program's constants, counted and kept as CPython 3.13 keeps them.
//!
//! Both interpreters' code objects hold the constants they load (`co_consts`), so a
//! constant lives as long as its code: all run long, whatever a name does. But the
//! compilers fold and merge differently: CPython's constant cache makes equal constants
//! one object across the whole module, constant tuples' items included; RustPython merges
//! them only within one code object, and keeps a tuple constant's items apart. So:
//! - the references RustPython's tables hold are taken off a constant's count and
//!   CPython's (`refscope_source`, read from the program's AST) are added;
//! - RustPython's equal constants form one group, drawn as one object (the first met, its
//!   canonical member): the walk meets the canonical member wherever a name or an object
//!   holds another, and its count is the program's references to all of them;
//! - a constant is never reported freed.

use std::rc::Rc;

use rustc_hash::FxHashMap;
use rustpython_vm::builtins::PyCode;
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use crate::read;
use refscope_source::interned::Interned;

/// Equal constants RustPython made as separate objects.
struct Group {
    /// Canonical member first; the heap holds each member once (they are alive anyway,
    /// held by their code objects).
    members: Vec<PyObjectRef>,
    /// CPython's constant-table references to the one object it makes.
    cpython: u32,
}

#[derive(Default)]
pub(crate) struct Constants {
    /// References RustPython's constant tables hold, by address.
    table_refs: FxHashMap<usize, u32>,
    /// The group of each member of a group, by address.
    member_of: FxHashMap<usize, usize>,
    groups: Vec<Group>,
    /// Each non-canonical member's canonical one, by address (the walk's substitution).
    /// Each entry is one more reference the heap holds to the canonical member.
    pub(super) canonical: Rc<FxHashMap<usize, PyObjectRef>>,
}

impl Constants {
    /// Reads the constants the program's code objects hold (the module's code holds
    /// every other) and groups RustPython's equal ones.
    pub(super) fn new(vm: &VirtualMachine, code: &PyCode, interned: &Interned) -> Self {
        let table_refs = read::code_constants(code);
        let mut by_value: std::collections::BTreeMap<refscope_source::Const, Vec<PyObjectRef>> =
            Default::default();
        for obj in read::code_constant_objects(code) {
            if read::is_immortal(&obj) {
                continue;
            }
            if let Some(v) = read::constant_value(vm, &obj) {
                by_value.entry(v).or_default().push(obj);
            }
        }
        let mut c = Constants {
            table_refs,
            ..Constants::default()
        };
        let mut canonical = FxHashMap::default();
        for (value, members) in by_value {
            if members.len() < 2 {
                continue;
            }
            let index = c.groups.len();
            for m in &members {
                c.member_of.insert(m.get_id(), index);
            }
            for m in &members[1..] {
                canonical.insert(m.get_id(), members[0].clone());
            }
            c.groups.push(Group {
                members,
                cpython: interned.constant_refs(&value),
            });
        }
        c.canonical = Rc::new(canonical);
        c
    }

    /// Whether RustPython's code objects hold `obj`.
    pub(super) fn is_constant(&self, obj: &PyObject) -> bool {
        self.table_refs.contains_key(&obj.get_id())
    }

    /// Whether `obj`'s count changes with other objects' (a group member).
    pub(super) fn in_group(&self, obj: &PyObject) -> bool {
        self.member_of.contains_key(&obj.get_id())
    }

    /// What to take off `obj`'s strong count, beyond the walk's own reference and the
    /// interpreter's holds, to get CPython's count: RustPython's table references and the
    /// heap's own, less CPython's table references and the program's references to the
    /// other members of its group.
    pub(super) fn adjustment(
        &self,
        vm: &VirtualMachine,
        obj: &PyObject,
        interned: &Interned,
    ) -> isize {
        let addr = obj.get_id();
        let rp = |a: usize| self.table_refs.get(&a).copied().unwrap_or(0) as isize;
        let Some(&g) = self.member_of.get(&addr) else {
            let Some(&own) = self.table_refs.get(&addr) else {
                return 0;
            };
            let cp = read::constant_value(vm, obj).map_or(0, |v| interned.constant_refs(&v));
            return own as isize - cp as isize;
        };
        let group = &self.groups[g];
        let held_by_heap = |m: &PyObject| {
            let is_canonical = m.is(&group.members[0]);
            1 + if is_canonical {
                group.members.len() as isize - 1
            } else {
                0
            }
        };
        let others: isize = (group.members.iter())
            .filter(|m| !m.is(obj))
            .map(|m| m.strong_count() as isize - rp(m.get_id()) - held_by_heap(m))
            .sum();
        rp(addr) + held_by_heap(obj) - group.cpython as isize - others
    }
}
