//! What one Python object looks like in a trace: kind, summary, size shape, and its
//! labelled outgoing references. Everything is read through [`crate::read`], so nothing
//! here can run the learner's code; what cannot be read that way is a placeholder.

mod inline;
mod size;
mod special;

pub(crate) use size::{class_layout, instances_layout, remember_layouts};

pub(crate) use inline::{inline_repr, is_inline};

use refscope_trace::{EdgeLabel, FileState, GeneratorState, ObjectKind};
use rustpython_vm::builtins::{
    PyBaseException, PyBoundMethod, PyBytes, PyComplex, PyFloat, PyFrozenSet, PyFunction,
    PyGenerator, PyInt, PyList, PyRange, PySet, PyStr, PyTraceback, PyTuple, PyWeak,
};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use crate::prelude::Prelude;
use crate::read;
use crate::size::growth::Observed;
use crate::size::Shape;
use crate::text::{short, str_repr};
use inline::{brief, join_brief};

/// A child reference: label, target, weak.
pub(crate) type Child = (EdgeLabel, PyObjectRef, bool);

/// Everything about one heap object except its id and refcount.
pub(crate) struct Desc {
    pub kind: ObjectKind,
    pub type_name: String,
    pub summary: String,
    pub shape: Shape,
    pub children: Vec<Child>,
    pub file: Option<Box<FileState>>,
    pub generator: Option<Box<GeneratorState>>,
    /// A generator's frame, by address: generator events name their object through it.
    pub gen_frame: Option<usize>,
    /// For a list, dict, set or bytearray: what the heap replays its allocation from.
    pub observed: Option<crate::size::growth::Observed>,
    /// The bytes a container subclass's instance has beyond the plain container's.
    pub size_extra: u64,
    /// Whether the collector tracks it (cycle garbage is looked for among these).
    pub gc_tracked: bool,
    /// A weakref's callback's code object, by address: its calls are callback events.
    pub callback_code: Option<usize>,
}

fn brief_repr(vm: &VirtualMachine, obj: &PyObject, max: usize) -> String {
    short(&read::builtin_repr(vm, obj).unwrap_or_default(), max)
}

fn indexed(items: Vec<PyObjectRef>) -> Vec<Child> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| (EdgeLabel::Index { index: i as u32 }, v, false))
        .collect()
}

/// Describes a heap object (one that [`inline_repr`] did not inline).
pub(crate) fn describe(vm: &VirtualMachine, prelude: &Prelude, obj: &PyObjectRef) -> Desc {
    let type_name = read::type_name(obj);
    let types = &vm.ctx.types;
    let exact = |t| read::is_exact(obj, t);
    let mut d = Desc {
        kind: ObjectKind::Other,
        summary: read::placeholder(obj),
        type_name,
        shape: Shape::Other,
        children: Vec::new(),
        file: None,
        generator: None,
        gen_frame: None,
        observed: None,
        size_extra: 0,
        gc_tracked: obj.is_gc_tracked(),
        callback_code: None,
    };
    if let Some(i) = obj
        .downcast_ref::<PyInt>()
        .filter(|_| exact(types.int_type))
    {
        d.kind = ObjectKind::Int;
        d.shape = Shape::Int {
            bits: i.as_bigint().bits(),
        };
        d.summary = brief_repr(vm, obj, 40);
    } else if obj.downcast_ref::<PyFloat>().is_some() && exact(types.float_type) {
        d.kind = ObjectKind::Float;
        d.shape = Shape::Float;
        d.summary = brief_repr(vm, obj, 40);
    } else if obj.downcast_ref::<PyComplex>().is_some() && exact(types.complex_type) {
        d.kind = ObjectKind::Complex;
        d.shape = Shape::Complex;
        d.summary = brief_repr(vm, obj, 40);
    } else if let Some(s) = obj
        .downcast_ref::<PyStr>()
        .filter(|_| exact(types.str_type))
    {
        let text = s.as_wtf8().to_string_lossy();
        d.kind = ObjectKind::Str;
        d.shape = Shape::Str {
            len: text.chars().count() as u64,
            max_char: text.chars().map(|c| c as u32).max().unwrap_or(0),
        };
        d.summary = short(&str_repr(&text), 60);
    } else if let Some(b) = obj
        .downcast_ref::<PyBytes>()
        .filter(|_| exact(types.bytes_type))
    {
        d.kind = ObjectKind::Bytes;
        d.shape = Shape::Bytes {
            len: b.as_bytes().len() as u64,
        };
        d.summary = brief_repr(vm, obj, 60);
    } else if let Some(l) = obj.downcast_ref::<PyList>() {
        let items: Vec<PyObjectRef> = l.borrow_vec().to_vec();
        d.kind = ObjectKind::List;
        d.shape = Shape::Grown;
        d.observed = Some(Observed::List {
            len: items.len() as u64,
        });
        if !exact(types.list_type) {
            d.size_extra = size::container_extra(vm, obj, "builtins.list");
        }
        d.summary = format!("[{}]", join_brief(vm, items.iter()));
        d.children = indexed(items);
    } else if let Some(t) = obj.downcast_ref::<PyTuple>() {
        let items: Vec<PyObjectRef> = t.as_slice().to_vec();
        d.kind = ObjectKind::Tuple;
        d.shape = Shape::Tuple {
            len: items.len() as u64,
        };
        let comma = if items.len() == 1 { "," } else { "" };
        d.summary = format!("({}{comma})", join_brief(vm, items.iter()));
        d.children = indexed(items);
    } else if let Some(items) = read::dict_entries(obj) {
        describe_dict(vm, obj, items, &mut d);
    } else if obj.downcast_ref::<PySet>().is_some() || obj.downcast_ref::<PyFrozenSet>().is_some() {
        describe_set(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyFunction>().is_some() {
        special::function(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyBoundMethod>().is_some() {
        special::bound_method(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyGenerator>().is_some() {
        special::generator(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyRange>().is_some() {
        d.kind = ObjectKind::Range;
        d.shape = size::fixed(vm, obj, 0);
        d.summary = brief_repr(vm, obj, 40);
    } else if obj.downcast_ref::<PyTraceback>().is_some() {
        special::traceback(vm, obj, &mut d);
    } else if obj
        .downcast_ref::<rustpython_vm::frame::FrameObject>()
        .is_some()
    {
        special::frame(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyWeak>().is_some() {
        special::weakref(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyBaseException>().is_some() {
        special::exception(vm, obj, &mut d);
    } else if prelude.is_text_file(obj) {
        special::file(vm, prelude, obj, &mut d);
    } else if read::is_heap_type_instance(obj) {
        d.kind = ObjectKind::Instance;
        d.shape = size::fixed(vm, obj, 0);
        special::instance_attrs(vm, obj, &mut d.children);
    } else {
        d.shape = if let Some(len) = read::builtin_len(vm, obj, "builtins.bytearray") {
            d.observed = Some(Observed::ByteArray { len });
            Shape::Grown
        } else if let Some(len) = read::builtin_len(vm, obj, "collections.deque") {
            crate::size::deque_size(len)
        } else {
            size::fixed(vm, obj, read::ob_size(vm, obj))
        };
        // Unknown builtin: follow its references unlabelled so what it keeps alive is not
        // mistaken for garbage.
        for (i, r) in obj.gc_get_referents().into_iter().enumerate() {
            if !is_inline(vm, &r) {
                let label = EdgeLabel::Other {
                    name: format!("ref {i}"),
                };
                d.children.push((label, r, false));
            }
        }
    }
    d
}

fn describe_dict(
    vm: &VirtualMachine,
    obj: &PyObject,
    items: Vec<(PyObjectRef, PyObjectRef)>,
    d: &mut Desc,
) {
    let types = &vm.ctx.types;
    d.kind = ObjectKind::Dict;
    d.shape = Shape::Grown;
    let keys = (items.iter())
        .map(|(k, _)| (k.get_id(), read::is_exact(k, types.str_type)))
        .collect();
    let ordered = read::type_key(vm, obj.class()) == "collections.OrderedDict";
    d.observed = Some(Observed::Dict { keys, ordered });
    if !read::is_exact(obj, types.dict_type) {
        d.size_extra = size::container_extra(vm, obj, "builtins.dict");
    }
    let mut parts = Vec::new();
    for (k, v) in items {
        let key = brief(vm, &k);
        if parts.len() < 4 {
            parts.push(format!("{key}: {}", brief(vm, &v)));
        }
        let plain = read::is_exact(&k, types.str_type) || read::is_exact(&k, types.int_type);
        if !plain && !is_inline(vm, &k) {
            d.children
                .push((EdgeLabel::KeyObject { key: key.clone() }, k, false));
        }
        d.children.push((EdgeLabel::Key { key }, v, false));
    }
    d.summary = format!("{{{}}}", short(&parts.join(", "), 60));
}

fn describe_set(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    let frozen = obj.downcast_ref::<PyFrozenSet>();
    let items = match (obj.downcast_ref::<PySet>(), frozen) {
        (Some(s), _) => s.elements(),
        (None, Some(f)) => f.elements(),
        _ => Vec::new(),
    };
    d.kind = match frozen {
        Some(_) => ObjectKind::FrozenSet,
        None => ObjectKind::Set,
    };
    d.shape = Shape::Grown;
    d.observed = Some(Observed::Set {
        members: items.iter().map(|i| i.get_id()).collect(),
    });
    d.summary = if items.is_empty() {
        format!("{}()", d.type_name)
    } else {
        format!("{{{}}}", join_brief(vm, items.iter()))
    };
    d.children = items
        .into_iter()
        .map(|i| (EdgeLabel::Member, i, false))
        .collect();
}
