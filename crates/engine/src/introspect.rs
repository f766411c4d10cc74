//! The memory introspection a program calls — `sys.getsizeof`, `sys.getrefcount`,
//! `sys.getrecursionlimit`, `gc.collect()`, `gc.get_count`, `gc.get_threshold`,
//! `gc.is_tracked`, `weakref.getweakrefcount` — answered with CPython 3.13's (64-bit)
//! values, from the models the diagram draws with, so the two never disagree.
//! `docs/introspection.md` lists each function, what CPython returns and how it is
//! computed here.
//!
//! These run when the program calls them (not from the trace hook), so calling a
//! program's own `__sizeof__` here is what CPython does too. Where a value can only be
//! estimated, the next step carries an [`Event::Estimate`]: the player marks the output
//! that step printed and its narration says what the value depends on.

use refscope_source::interned::StrCount;
use refscope_trace::{Event, Size};
use rustpython_vm::builtins::PyFunction;
use rustpython_vm::types::PyTypeFlags;
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyResult, VirtualMachine};

use crate::heap::{is_atom, Collector};
use crate::hook::Recorder;
use crate::read;
use crate::size::growth::Observed;
use crate::size::{cpython_size, Shape};

/// What `sys.getrefcount` returns for an immortal object on 64-bit CPython 3.13.
pub(crate) const IMMORTAL_REFCNT: i64 = 4_294_967_295;
/// `gc.get_threshold()` on CPython 3.13.
pub(crate) const THRESHOLD: (u32, u32, u32) = (2000, 10, 10);
/// `sys.getrecursionlimit()` on CPython 3.13.
pub(crate) const RECURSION_LIMIT: usize = 1000;

/// A value, and why it is an estimate when it is one.
pub(crate) struct Answer {
    pub value: i64,
    pub note: Option<String>,
}

impl Answer {
    pub(crate) fn exact(value: i64) -> Self {
        Answer { value, note: None }
    }

    fn estimate(value: i64, note: impl Into<String>) -> Self {
        Answer {
            value,
            note: Some(note.into()),
        }
    }
}

/// `sys.getsizeof(obj)`: the size model, `None` where it has none.
pub(crate) fn sizeof(rec: &Recorder, vm: &VirtualMachine, obj: &PyObjectRef) -> Option<Answer> {
    if let Some(bytes) = class_size(vm, obj) {
        return Some(Answer::exact(bytes as i64));
    }
    let (size, why) = if vm.is_none(obj) {
        (cpython_size(Shape::NoneType), "")
    } else if read::is_exact(obj, vm.ctx.types.bool_type) {
        (cpython_size(Shape::Bool), "")
    } else {
        let d = crate::describe::describe(vm, rec.prelude(), obj);
        match &d.observed {
            Some(o) => {
                let grown = rec.heap().grown_size_now(obj, o, &rec.line_made(vm));
                (crate::size::with_extra(grown, d.size_extra), growth_note(o))
            }
            None => (
                cpython_size(d.shape),
                "CPython's size depends on more than refscope can see here (how many \
                 items it was built for, or what the object's frame holds)",
            ),
        }
    };
    match size {
        Size::Exact { bytes } => Some(Answer::exact(bytes as i64)),
        Size::Approximate { bytes } => Some(Answer::estimate(bytes as i64, why)),
        Size::NotModelled => None,
    }
}

/// Why a container's size is an estimate.
fn growth_note(observed: &Observed) -> &'static str {
    match observed {
        Observed::List { .. } => {
            "a list's size counts the slots CPython has allocated, which depends on how \
             the list was built and grown (a literal, a comprehension, appends); refscope \
             replays the growth it saw step by step"
        }
        Observed::Dict { .. } => {
            "a dict's size is its keys table's, which depends on how the dict was built \
             and on the order of the insertions and deletions since the last step"
        }
        Observed::Set { .. } => "a set's table size depends on how the set was built",
        Observed::ByteArray { .. } => "a bytearray's buffer depends on how it grew",
    }
}

/// `sys.getsizeof` of a class: a static type's `PyTypeObject` (416 bytes), or a class
/// statement's (see `size::class_size`).
fn class_size(vm: &VirtualMachine, obj: &PyObject) -> Option<u64> {
    let cls = obj.downcast_ref::<rustpython_vm::builtins::PyType>()?;
    let heap = cls.slots.flags.has_feature(PyTypeFlags::HEAPTYPE);
    if !heap {
        return Some(416);
    }
    let layout = crate::describe::instances_layout(vm, cls)?;
    Some(crate::size::class_size(layout.managed_dict))
}

/// The program's own `__sizeof__`, if its class (or one it inherits from) defines one
/// in Python: CPython's `getsizeof` calls it and adds the header in front of the object
/// (the collector's 16 bytes, and 16 more for an instance with a `__dict__`).
pub(crate) fn own_sizeof(vm: &VirtualMachine, obj: &PyObjectRef) -> Option<PyResult<i64>> {
    let method = read::class_attr(vm, obj, "__sizeof__")?;
    method.downcast_ref::<PyFunction>()?;
    let flags = &obj.class().slots.flags;
    let header = match flags.has_feature(PyTypeFlags::HAS_DICT) {
        true => 32,
        false => 16,
    };
    Some(
        vm.call_special_method(obj, vm.ctx.intern_str("__sizeof__"), ())
            .and_then(|n| n.try_index(vm))
            .and_then(|n| n.try_to_primitive::<i64>(vm))
            .map(|n| n + header),
    )
}

/// `sys.getrefcount(obj)`: the badge's count plus the argument's reference.
/// `strong` is RustPython's count (the argument included), `held` what the interpreter
/// holds beyond CPython's (see `vm_held`).
pub(crate) fn refcount(
    rec: &Recorder,
    vm: &VirtualMachine,
    obj: &PyObject,
    held: isize,
    approximate: bool,
) -> Answer {
    if !read::is_immortal(obj) {
        let value = (obj.strong_count() as isize - held).max(1) as i64;
        return match approximate {
            false => Answer::exact(value),
            true => Answer::estimate(
                value,
                "the interpreter holds the object a varying number of times while a \
                 method like __repr__ runs, depending on how it was called",
            ),
        };
    }
    let text = read::exact_str_text(vm, obj);
    let verdict = text.and_then(|t| rec.heap().interned().count(t));
    match verdict {
        None | Some(StrCount::Immortal) => Answer::exact(IMMORTAL_REFCNT),
        Some(counted) => {
            let consts = match counted {
                StrCount::Counted { consts } | StrCount::Approximate { consts } => consts,
                _ => 0,
            };
            let value = |seen: usize| (seen + consts as usize + 1) as i64;
            match (rec.heap().str_refs_then(obj), counted) {
                // The references the last step counted, as its badge shows them.
                (Some((seen, _)), StrCount::Counted { .. }) => Answer::exact(value(seen)),
                (seen, _) => Answer::estimate(
                    value(seen.map_or(0, |(n, _)| n)),
                    "CPython 3.13 counts this interned string, and refscope could not count \
                     all its references here",
                ),
            }
        }
    }
}

/// What CPython's `gc.collect(generation)` returns: the garbage of the examined
/// generations the collection freed (see `heap::generations`), plus, at the first
/// collection, what the program's imports left (see `import_garbage`).
pub(crate) fn collected(
    rec: &Recorder,
    first: bool,
    garbage: crate::heap::Garbage,
    generation: u8,
) -> Answer {
    let mut value = garbage.count as i64;
    let mut note = (!garbage.exact).then_some(
        "CPython stops tracking a dict or tuple that holds only atoms (ints, strs), and \
         does not count it when it is garbage",
    );
    if first {
        let (left, exact) = crate::import_garbage::left_by(rec.heap().interned().imports());
        value += i64::from(left);
        if !exact || (left > 0 && generation < crate::heap::OLDEST) {
            note = Some(
                "importing modules leaves garbage that CPython's first collection finds, \
                 and how much depends on which modules, in what order, and which \
                 generation the collection examines",
            );
        }
    }
    match note {
        Some(n) => Answer::estimate(value, n),
        None => Answer::exact(value),
    }
}

/// `gc.is_tracked(obj)` as CPython 3.13 decides it: objects of the types its collector
/// does not manage never; a dict while it holds (or, since it was made or a full
/// collection last examined it, has held) something that may be tracked; a tuple until
/// a collection examines it holding only what is not tracked; everything else always.
/// `collector` is what the heap knows of an object from the collections it went through.
pub(crate) fn is_tracked(
    vm: &VirtualMachine,
    obj: &PyObject,
    collector: &dyn Fn(&PyObject) -> Option<Collector>,
) -> Answer {
    const NOTE: &str = "CPython's collector stops tracking a tuple that holds only \
        untracked objects (and a dict holding only such tuples) when a collection looks at \
        it; its automatic collections, after about 2,000 allocations, are not modelled";
    if is_atom(vm, obj) {
        return Answer::exact(0);
    }
    if read::is_exact(obj, vm.ctx.types.dict_type) {
        let before = collector(obj).is_some_and(|c| c.held_container && !c.recheck);
        let entries = read::dict_entries(obj).unwrap_or_default();
        let held =
            |test: &dyn Fn(&PyObject) -> bool| (entries.iter()).any(|(k, v)| test(k) || test(v));
        let tracked = |o: &PyObject| !is_atom(vm, o) && !untracked_tuple(vm, o, collector);
        return match before || held(&|o| tracked(o) && !untrackable(vm, o)) {
            true => Answer::exact(1),
            false if held(&tracked) => Answer::estimate(1, NOTE),
            false => Answer::exact(0),
        };
    }
    match untracked_tuple(vm, obj, collector) {
        true => Answer::exact(0),
        false if untrackable(vm, obj) => Answer::estimate(1, NOTE),
        false => Answer::exact(1),
    }
}

/// Whether `obj` is a tuple a collection would untrack: it holds only objects the
/// collector does not track, or such tuples.
fn untrackable(vm: &VirtualMachine, obj: &PyObject) -> bool {
    obj.downcast_ref::<rustpython_vm::builtins::PyTuple>()
        .filter(|_| read::is_exact(obj, vm.ctx.types.tuple_type))
        .is_some_and(|items| (items.iter()).all(|i| is_atom(vm, i) || untrackable(vm, i)))
}

/// Whether `obj` is a tuple a collection has untracked: one examined while it held only
/// objects the collector does not track. A tuple inside it counts as untracked when an
/// earlier collection untracked it, or when the same one did and something outside
/// also refers to it: the collector visits the tuples that only their container reaches
/// after the container (`move_unreachable` moves them to the end of its list).
fn untracked_tuple(
    vm: &VirtualMachine,
    obj: &PyObject,
    collector: &dyn Fn(&PyObject) -> Option<Collector>,
) -> bool {
    let Some(items) = obj
        .downcast_ref::<rustpython_vm::builtins::PyTuple>()
        .filter(|_| read::is_exact(obj, vm.ctx.types.tuple_type))
    else {
        return false;
    };
    let Some(c) = collector(obj).filter(|c| c.examined > 0) else {
        return false;
    };
    items.iter().all(|item| {
        is_atom(vm, item)
            || (untracked_tuple(vm, item, collector) && (c.examined > 1 || item.strong_count() > 1))
    })
}

/// `gc.get_referents(obj)` in the order CPython 3.13's `tp_traverse` visits them, for the
/// objects whose traversal refscope knows: a list's and a tuple's items last to first, a
/// dict's values (and its keys, unless every key is a str), an instance's attribute
/// values then its class (3.13 keeps them inline, with no `__dict__` object), nothing
/// for atoms. `None`: RustPython's own answer stands, marked as an estimate.
pub(crate) fn referents(vm: &VirtualMachine, obj: &PyObject) -> Option<Vec<PyObjectRef>> {
    use rustpython_vm::builtins::{PyList, PyTuple};
    let types = &vm.ctx.types;
    if is_atom(vm, obj) {
        return Some(Vec::new());
    }
    if let Some(list) = obj
        .downcast_ref::<PyList>()
        .filter(|_| read::is_exact(obj, types.list_type))
    {
        return Some(list.borrow_vec().iter().rev().cloned().collect());
    }
    if let Some(t) = obj
        .downcast_ref::<PyTuple>()
        .filter(|_| read::is_exact(obj, types.tuple_type))
    {
        return Some(t.as_slice().iter().rev().cloned().collect());
    }
    if read::is_exact(obj, types.dict_type) {
        let entries = read::dict_entries(obj)?;
        let str_keys = entries
            .iter()
            .all(|(k, _)| read::is_exact(k, types.str_type));
        return Some(match str_keys {
            true => entries.into_iter().map(|(_, v)| v).collect(),
            false => entries.into_iter().flat_map(|(k, v)| [k, v]).collect(),
        });
    }
    if read::is_plain_class_instance(vm, obj) {
        let dict = read::instance_dict(obj)?;
        let mut out: Vec<PyObjectRef> = (read::dict_entries(dict.as_object())?)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        out.push(obj.class().to_owned().into());
        return Some(out);
    }
    None
}

/// Whether `dict` is the `__dict__` of `owner`, an instance whose attributes CPython
/// 3.13 keeps inline: there, the instance itself refers to the attribute values.
pub(crate) fn inline_dict_owner(vm: &VirtualMachine, dict: &PyObject, owner: &PyObject) -> bool {
    read::is_plain_class_instance(vm, owner)
        && read::instance_dict(owner).is_some_and(|d| d.as_object().is(dict))
}

/// `weakref.getweakrefcount(obj)`: RustPython's count without the heap's own reference.
pub(crate) fn weakref_count(rec: &Recorder, obj: &PyObject) -> i64 {
    let all = obj.weak_count().unwrap_or(0) as i64;
    all - i64::from(rec.heap().holds_weakref_to(obj))
}

/// The event that marks an estimate; `stdout_at`: the output's length at the call.
pub(crate) fn estimate_event(
    call: &str,
    answer: &Answer,
    line: u32,
    stdout_at: u32,
) -> Option<Event> {
    answer.note.as_ref().map(|note| Event::Estimate {
        call: call.to_owned(),
        value: answer.value,
        note: note.clone(),
        stdout_at,
        line,
    })
}
