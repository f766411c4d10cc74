//! The references the program holds to strings RustPython interned. RustPython keeps no
//! count for its immortal objects, and CPython 3.13 counts most of these strings (see
//! `refscope_source::interned`), so the walk counts them itself (`Walk::immortal_refs`: one per
//! binding and per drawn reference from a walked object), and this adds one per key of
//! a walked dict.
//!
//! References the walk cannot see (the value stack of a running expression) are not
//! counted; at `line` steps, between statements, there are none, except inside an
//! inlined comprehension (PEP 709, in both interpreters), whose loop variable and the list
//! it builds live in the running frame: [`count_comprehension_refs`] adds those.

use rustc_hash::FxHashMap;
use rustpython_vm::bytecode::CodeFlags;
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use super::roots::{is_listed, FrameRoots};
use super::walk::{Seen, Walk};
use super::Heap;
use crate::read;
use refscope_source::interned::{Interned, StrCount};

/// What CPython 3.13 makes of each interned string met so far, by address (RustPython
/// never frees an interned string, so an address keeps its text).
pub(super) type Verdicts = FxHashMap<usize, Option<StrCount>>;

/// By address: the references the program holds to each walked string that CPython
/// 3.13 counts but RustPython keeps immortal, with what CPython makes of it. A constant
/// tuple's own references are its constant table's, which CPython's count has already
/// (`is_constant`): the walk's edges from one are not counted again.
pub(super) fn str_refs(
    vm: &VirtualMachine,
    walk: &Walk,
    interned: &Interned,
    verdicts: &mut Verdicts,
    is_constant: &dyn Fn(&rustpython_vm::PyObject) -> bool,
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
    for (obj, seen) in walk.objs.iter().zip(&walk.descs) {
        // Dict keys are not edges (the diagram shows them as labels), nor an exception's
        // `args` (the diagram leaves them out).
        let unseen = match seen {
            Seen::Full(d) if d.kind == refscope_trace::ObjectKind::Dict => {
                (read::dict_entries(obj).unwrap_or_default().into_iter())
                    .map(|(k, _)| k)
                    .collect()
            }
            Seen::Full(d) if d.kind == refscope_trace::ObjectKind::Exception => {
                read::exception_parts(obj)
                    .map(|p| p.args)
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        };
        for k in unseen {
            if let Some((n, _)) = refs.get_mut(&k.get_id()) {
                *n += 1;
            }
        }
        if is_constant(obj) {
            for item in read::exact_tuple_items(vm, obj).unwrap_or_default() {
                if let Some((n, _)) = refs.get_mut(&item.get_id()) {
                    *n = n.saturating_sub(1);
                }
            }
        }
    }
    refs
}

/// Inside an inlined comprehension, counts the strings the running frame holds that no
/// binding shows: the loop variable (a hidden local at module level) and the items of
/// the list being built (on the value stack, not yet bound to anything). CPython 3.13
/// counts both (`[x for x in keys if x == k]` holds `k`'s string twice more at its last
/// iteration). A function's locals are fast locals, walked as bindings already: not
/// twice (`names` are those); a module's names live in its globals dict instead.
pub(super) fn count_comprehension_refs(
    vm: &VirtualMachine,
    frame: &rustpython_vm::PyObject,
    names: &[(String, rustpython_vm::PyObjectRef)],
    walk: &mut Walk,
) {
    let mut bound: FxHashMap<usize, usize> = FxHashMap::default();
    for (_, v) in names {
        *bound.entry(v.get_id()).or_default() += 1;
    }
    let is_counted_str =
        |o: &rustpython_vm::PyObject| read::exact_str_text(vm, o).is_some() && read::is_immortal(o);
    for held in read::frame_referents(frame) {
        let addr = held.get_id();
        if is_counted_str(&held) {
            match bound.get_mut(&addr) {
                Some(n) if *n > 0 => *n -= 1,
                _ => *walk.immortal_refs.entry(addr).or_default() += 1,
            }
        } else if !walk.index.contains_key(&addr) {
            for item in read::exact_list_items(vm, &held).unwrap_or_default() {
                if is_counted_str(&item) {
                    *walk.immortal_refs.entry(item.get_id()).or_default() += 1;
                }
            }
        }
    }
}

/// How deep [`count_with_managers`] follows a manager's attributes: manager, generator,
/// generator frame, local.
const MANAGER_DEPTH: usize = 4;

/// Counts the strings a running `with` statement holds through the context manager it
/// saved on the value stack of a listed frame running a `with` block (RustPython keeps
/// the manager there; CPython its bound `__exit__`), which no binding shows when the
/// manager was never named:
/// `with connect("db") as c:` keeps the `@contextmanager` generator, and so its frame's
/// `name`, alive for the whole block. Only instances the walk did not reach are followed
/// (the walk counted the references of the rest), through instances' attributes, lists,
/// tuples and a generator's frame.
pub(super) fn count_with_managers(
    vm: &VirtualMachine,
    (stack, in_with): (&[FrameObjectRef], &[bool]),
    walk: &mut Walk,
) {
    // Most steps run outside any `with` block: nothing to scan, nothing to collect.
    if !in_with.contains(&true) {
        return;
    }
    let running: Vec<usize> = stack.iter().map(|f| f.as_object().get_id()).collect();
    let listed = |depth: usize| is_listed(depth, stack.len());
    let with_frames = (stack.iter().enumerate())
        .filter(|(depth, _)| listed(*depth) && in_with.get(*depth).copied().unwrap_or(false));
    for (_, frame) in with_frames {
        for held in read::frame_referents(frame.as_object()) {
            if read::is_heap_type_instance(&held) {
                count_hidden(vm, held, (MANAGER_DEPTH, &running), walk);
            }
        }
    }
}

fn count_hidden(
    vm: &VirtualMachine,
    obj: PyObjectRef,
    (depth, running): (usize, &[usize]),
    walk: &mut Walk,
) {
    let addr = obj.get_id();
    if read::exact_str_text(vm, &obj).is_some() {
        if read::is_immortal(&obj) {
            *walk.immortal_refs.entry(addr).or_default() += 1;
        }
        return;
    }
    if depth == 0 || walk.index.contains_key(&addr) {
        return;
    }
    let children: Vec<PyObjectRef> = if let Some(g) = read::generator(vm, &obj) {
        // A running generator's frame is on the stack: its locals are bindings already.
        let user = |f: &PyObjectRef| read::frame_function(f).is_some_and(|(_, user)| user);
        let frame = g
            .frame
            .filter(|f| user(f) && !running.contains(&f.get_id()));
        frame
            .map(|f| {
                read::frame_locals(vm, &f)
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect()
            })
            .unwrap_or_default()
    } else if let Some(items) = read::exact_list_items(vm, &obj) {
        items
    } else if let Some(d) = read::instance_dict(&obj) {
        read::dict_entries(d.as_object())
            .unwrap_or_default()
            .into_iter()
            .map(|(_, v)| v)
            .collect()
    } else {
        read::exact_tuple_items(vm, &obj).unwrap_or_default()
    };
    for child in children {
        count_hidden(vm, child, (depth - 1, running), walk);
    }
}

impl Heap {
    /// Counts the references to strings that the running frames hold where no binding
    /// shows them (see [`count_with_managers`] and [`count_comprehension_refs`]).
    pub(super) fn count_unseen_strs(
        &self,
        vm: &VirtualMachine,
        stack: &[FrameObjectRef],
        roots: &[FrameRoots],
        walk: &mut Walk,
    ) {
        count_with_managers(vm, (stack, &self.in_with), walk);
        if let (true, Some(frame), Some(root)) =
            (self.made.comprehension, stack.last(), roots.last())
        {
            // A function's names are its fast locals, which the frame's referents repeat.
            let fast = frame.f_code().flags.contains(CodeFlags::OPTIMIZED);
            let names: &[_] = if fast { &root.names } else { &[] };
            count_comprehension_refs(vm, frame.as_object(), names, walk);
        }
    }
}
