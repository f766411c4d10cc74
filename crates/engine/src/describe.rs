//! What one Python object looks like in a trace: kind, summary, size shape, and its
//! labelled outgoing references.
//!
//! Nothing here may run the learner's code: no `repr()`, no attribute lookups on
//! instances (a `__getattr__` or property could print or mutate). Builtin types are read
//! through their Rust payloads or their Rust-implemented attributes only.

use refscope_trace::{EdgeLabel, FileState, GeneratorState, ObjectKind};
use rustpython_vm::builtins::{
    PyBaseException, PyBoundMethod, PyBytes, PyComplex, PyDict, PyFloat, PyFrozenSet, PyFunction,
    PyGenerator, PyInt, PyList, PyModule, PyRange, PySet, PyStr, PyTraceback, PyTuple, PyType,
    PyWeak,
};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, VirtualMachine};

use crate::size::Shape;

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
    /// For lists: the current length (the heap keeps the modelled allocation).
    pub list_len: Option<u64>,
    /// Types with `__del__`, for the freed event.
    pub gc_tracked: bool,
}

/// Cuts `s` to at most `max` characters, with an ellipsis.
pub(crate) fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Shortens a traceback as CPython does: an entry repeated more than 3 times in a row is
/// shown 3 times, then "[Previous line repeated N more times]". Whatever is still very long
/// (mutual recursion) keeps its two ends.
pub(crate) fn trim_recursion(lines: Vec<String>) -> Vec<String> {
    let single = lines.iter().filter(|l| l.starts_with("Traceback")).count() == 1;
    let mut out = if single {
        collapse_repeats(lines)
    } else {
        lines
    };
    const KEEP: usize = 25;
    if out.len() > 2 * KEEP + 1 {
        let hidden = out.len() - 2 * KEEP;
        let end = out.split_off(out.len() - KEEP);
        out.truncate(KEEP);
        out.push(format!("  [... {hidden} more lines ...]"));
        out.extend(end);
    }
    out
}

/// CPython's repeat rule over the entries (a `File` line and the lines under it) of one
/// traceback; the header and the exception line stay as they are.
fn collapse_repeats(lines: Vec<String>) -> Vec<String> {
    let mut head = Vec::new();
    let mut entries: Vec<Vec<String>> = Vec::new();
    let mut tail = Vec::new();
    for line in lines {
        if line.trim_start().starts_with("File \"") {
            entries.push(vec![line]);
        } else if entries.is_empty() {
            head.push(line);
        } else if line.starts_with("    ") && tail.is_empty() {
            entries.last_mut().expect("not empty").push(line);
        } else {
            tail.push(line);
        }
    }
    let mut out = head;
    let mut i = 0;
    while i < entries.len() {
        let mut run = 1;
        while i + run < entries.len() && entries[i + run] == entries[i] {
            run += 1;
        }
        for e in &entries[i..i + run.min(3)] {
            out.extend(e.iter().cloned());
        }
        if run > 3 {
            let n = run - 3;
            let s = if n == 1 { "" } else { "s" };
            out.push(format!("  [Previous line repeated {n} more time{s}]"));
        }
        i += run;
    }
    out.extend(tail);
    out
}

/// An object shown inline rather than as a heap box, before its repr is written out.
enum Inline {
    /// A fixed repr (`None`, `True`, `()`, …).
    Fixed(&'static str),
    Int(i64),
    /// A one-character Latin-1 string.
    Char(char),
    Class,
    Module,
    Builtin,
}

/// Whether `obj` is immortal or type-like, and so drawn inline. Allocates nothing: the
/// heap walk asks this of every value it meets.
fn inline_form(vm: &VirtualMachine, obj: &PyObject) -> Option<Inline> {
    let t = obj.class();
    if vm.is_none(obj) {
        return Some(Inline::Fixed("None"));
    }
    if t.is(vm.ctx.types.bool_type) {
        let v = obj.to_owned().is_true(vm).unwrap_or(false);
        return Some(Inline::Fixed(if v { "True" } else { "False" }));
    }
    if t.is(vm.ctx.types.int_type) {
        let i = obj.downcast_ref::<PyInt>()?;
        // CPython's small-int cache: -5..=256 are shared and immortal (PEP 683).
        let v: Option<i64> = i.as_bigint().try_into().ok();
        return v.filter(|v| (-5..=256).contains(v)).map(Inline::Int);
    }
    if t.is(vm.ctx.types.str_type) {
        let s = obj.downcast_ref::<PyStr>()?;
        // The empty string and one-character Latin-1 strings are immortal singletons.
        return match s.char_len() {
            0 => Some(Inline::Fixed("''")),
            1 => s
                .as_wtf8()
                .code_points()
                .next()
                .and_then(|c| c.to_char())
                .filter(|c| (*c as u32) < 256)
                .map(Inline::Char),
            _ => None,
        };
    }
    if t.is(vm.ctx.types.tuple_type) && obj.downcast_ref::<PyTuple>()?.is_empty() {
        return Some(Inline::Fixed("()"));
    }
    if obj.downcast_ref::<PyType>().is_some() {
        return Some(Inline::Class);
    }
    if obj.downcast_ref::<PyModule>().is_some() {
        return Some(Inline::Module);
    }
    if t.is(vm.ctx.types.builtin_function_or_method_type) {
        return Some(Inline::Builtin);
    }
    if obj.is(&vm.ctx.ellipsis) {
        return Some(Inline::Fixed("Ellipsis"));
    }
    if obj.is(&vm.ctx.not_implemented) {
        return Some(Inline::Fixed("NotImplemented"));
    }
    None
}

/// Whether [`inline_repr`] would draw `obj` inline.
pub(crate) fn is_inline(vm: &VirtualMachine, obj: &PyObject) -> bool {
    inline_form(vm, obj).is_some()
}

/// The repr and type name of an immortal or type-like object that is shown inline, not as
/// a heap box.
pub(crate) fn inline_repr(vm: &VirtualMachine, obj: &PyObject) -> Option<(String, String)> {
    let form = inline_form(vm, obj)?;
    let type_name = || obj.class().name().to_string();
    Some(match form {
        Inline::Fixed("None") => ("None".into(), "NoneType".into()),
        Inline::Fixed(repr) => (repr.into(), type_name()),
        Inline::Int(v) => (v.to_string(), type_name()),
        Inline::Char(c) => (str_repr(c.encode_utf8(&mut [0; 4])), type_name()),
        Inline::Class => {
            let ty = obj.downcast_ref::<PyType>()?;
            (format!("<class '{}'>", ty.name()), "type".into())
        }
        Inline::Module => {
            let m = obj.downcast_ref::<PyModule>()?;
            let name = m.name.map(|n| n.as_str().to_owned()).unwrap_or_default();
            (format!("<module '{name}'>"), "module".into())
        }
        Inline::Builtin => {
            let name = type_name();
            (format!("<built-in {name}>"), name)
        }
    })
}

fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A one-word description used inside container summaries.
fn brief(vm: &VirtualMachine, obj: &PyObject) -> String {
    if let Some((repr, _)) = inline_repr(vm, obj) {
        return repr;
    }
    let t = obj.class();
    if t.is(vm.ctx.types.str_type) {
        if let Some(s) = obj.downcast_ref::<PyStr>() {
            return short(&str_repr(&s.as_wtf8().to_string_lossy()), 24);
        }
    }
    if t.is(vm.ctx.types.int_type) || t.is(vm.ctx.types.float_type) {
        if let Ok(r) = obj.repr(vm) {
            return short(&r.as_wtf8().to_string_lossy(), 24);
        }
    }
    format!("<{}>", t.name())
}

fn join_brief<'a>(vm: &VirtualMachine, items: impl Iterator<Item = &'a PyObjectRef>) -> String {
    let mut out = String::new();
    for (i, it) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if out.len() > 60 {
            out.push('…');
            break;
        }
        out.push_str(&brief(vm, it));
    }
    out
}

fn attr(vm: &VirtualMachine, obj: &PyObject, name: &'static str) -> Option<PyObjectRef> {
    obj.get_attr(name, vm).ok().filter(|v| !vm.is_none(v))
}

/// Describes a heap object (one that [`inline_repr`] did not inline).
pub(crate) fn describe(vm: &VirtualMachine, obj: &PyObjectRef) -> Desc {
    let cls = obj.class();
    let type_name = cls.name().to_string();
    let exact = |t: &rustpython_vm::Py<PyType>| cls.is(t);
    let types = &vm.ctx.types;
    let mut d = Desc {
        kind: ObjectKind::Other,
        type_name: type_name.clone(),
        summary: format!("<{type_name} object>"),
        shape: Shape::Other,
        children: Vec::new(),
        file: None,
        generator: None,
        gen_frame: None,
        list_len: None,
        gc_tracked: obj.is_gc_tracked(),
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
        d.list_len = Some(items.len() as u64);
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
    } else if let Some(dict) = obj.downcast_ref::<PyDict>() {
        let items = dict.items_vec();
        d.kind = ObjectKind::Dict;
        d.shape = Shape::Dict {
            len: items.len() as u64,
            str_keys: items.iter().all(|(k, _)| k.class().is(types.str_type)),
        };
        let mut parts = Vec::new();
        for (k, v) in items {
            let key = brief(vm, &k);
            if parts.len() < 4 {
                parts.push(format!("{key}: {}", brief(vm, &v)));
            }
            let plain = k.class().is(types.str_type) || k.class().is(types.int_type);
            if !plain && !is_inline(vm, &k) {
                d.children
                    .push((EdgeLabel::KeyObject { key: key.clone() }, k, false));
            }
            d.children.push((EdgeLabel::Key { key }, v, false));
        }
        d.summary = format!("{{{}}}", short(&parts.join(", "), 60));
    } else if obj.downcast_ref::<PySet>().is_some() || obj.downcast_ref::<PyFrozenSet>().is_some() {
        let items = match obj.downcast_ref::<PySet>() {
            Some(s) => s.elements(),
            None => obj
                .downcast_ref::<PyFrozenSet>()
                .map(|s| s.elements())
                .unwrap_or_default(),
        };
        let len = items.len() as u64;
        let frozen = obj.downcast_ref::<PyFrozenSet>().is_some();
        d.kind = if frozen {
            ObjectKind::FrozenSet
        } else {
            ObjectKind::Set
        };
        d.shape = if frozen {
            Shape::FrozenSet { len }
        } else {
            Shape::Set { len }
        };
        d.summary = if items.is_empty() {
            format!("{type_name}()")
        } else {
            format!("{{{}}}", join_brief(vm, items.iter()))
        };
        d.children = items
            .into_iter()
            .map(|i| (EdgeLabel::Member, i, false))
            .collect();
    } else if obj.downcast_ref::<PyFunction>().is_some() {
        describe_function(vm, obj, &mut d);
    } else if let Some(m) = obj.downcast_ref::<PyBoundMethod>() {
        let _ = m;
        d.kind = ObjectKind::BoundMethod;
        d.shape = Shape::BoundMethod;
        for name in ["__self__", "__func__"] {
            if let Some(v) = attr(vm, obj, name) {
                d.children
                    .push((EdgeLabel::Bound { name: name.into() }, v, false));
            }
        }
        let fname = attr(vm, obj, "__func__")
            .and_then(|f| attr(vm, &f, "__name__"))
            .map(|n| crate::recorder::py_str(vm, &n))
            .unwrap_or_default();
        d.summary = format!("<bound method {fname}>");
    } else if obj.downcast_ref::<PyGenerator>().is_some() {
        describe_generator(vm, obj, &mut d);
    } else if obj.downcast_ref::<PyRange>().is_some() {
        d.kind = ObjectKind::Range;
        d.shape = Shape::Range;
        d.summary = brief_repr(vm, obj, 40);
    } else if obj.downcast_ref::<PyTraceback>().is_some() {
        describe_traceback(vm, obj, &mut d);
    } else if let Some(w) = obj.downcast_ref::<PyWeak>() {
        d.kind = ObjectKind::Weakref;
        d.shape = Shape::Weakref;
        match w.upgrade() {
            Some(target) => {
                d.summary = format!("<weakref to {}>", target.class().name());
                d.children.push((EdgeLabel::Referent, target, true));
            }
            None => d.summary = "<weakref; dead>".into(),
        }
        if let Some(cb) = attr(vm, obj, "__callback__") {
            d.children.push((EdgeLabel::Callback, cb, false));
        }
    } else if obj.downcast_ref::<PyBaseException>().is_some() {
        d.kind = ObjectKind::Exception;
        d.shape = Shape::Exception;
        let msg = obj
            .str(vm)
            .map(|s| s.as_wtf8().to_string_lossy().into_owned())
            .unwrap_or_default();
        d.summary = short(&format!("{type_name}({})", str_repr(&msg)), 60);
        if let Some(tb) = attr(vm, obj, "__traceback__") {
            d.children.push((EdgeLabel::Traceback, tb, false));
        }
        instance_attrs(vm, obj, &mut d.children);
    } else if type_name == "TextIOWrapper" {
        describe_file(vm, obj, &mut d);
    } else if cls
        .slots
        .flags
        .has_feature(rustpython_vm::types::PyTypeFlags::HEAPTYPE)
    {
        d.kind = ObjectKind::Instance;
        d.summary = format!("<{type_name} object>");
        let has_dict = obj.dict().is_some();
        d.shape = Shape::Instance {
            slots: if has_dict {
                None
            } else {
                Some(slot_count(vm, obj))
            },
        };
        instance_attrs(vm, obj, &mut d.children);
    } else {
        // Unknown builtin: follow its references unlabelled so what it keeps alive is not
        // mistaken for garbage.
        for (i, r) in obj.gc_get_referents().into_iter().enumerate() {
            if !is_inline(vm, &r) {
                d.children.push((
                    EdgeLabel::Other {
                        name: format!("ref {i}"),
                    },
                    r,
                    false,
                ));
            }
        }
    }
    d
}

fn brief_repr(vm: &VirtualMachine, obj: &PyObject, max: usize) -> String {
    obj.repr(vm)
        .map(|r| short(&r.as_wtf8().to_string_lossy(), max))
        .unwrap_or_default()
}

fn indexed(items: Vec<PyObjectRef>) -> Vec<Child> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| (EdgeLabel::Index { index: i as u32 }, v, false))
        .collect()
}

fn instance_attrs(vm: &VirtualMachine, obj: &PyObject, out: &mut Vec<Child>) {
    if let Some(dict) = obj.dict() {
        for (k, v) in dict.items_vec() {
            let name = crate::recorder::py_str(vm, &k);
            if name.starts_with("_rs_") {
                continue;
            }
            out.push((EdgeLabel::Attr { name }, v, false));
        }
    }
}

fn slot_count(vm: &VirtualMachine, obj: &PyObject) -> u64 {
    let Some(slots) = obj.class().as_object().get_attr("__slots__", vm).ok() else {
        return 0;
    };
    if slots.class().is(vm.ctx.types.str_type) {
        return 1;
    }
    slots.length(vm).map(|n| n as u64).unwrap_or(0)
}

fn describe_function(vm: &VirtualMachine, obj: &PyObjectRef, d: &mut Desc) {
    d.kind = ObjectKind::Function;
    d.shape = Shape::Function;
    let name = attr(vm, obj, "__name__")
        .map(|n| crate::recorder::py_str(vm, &n))
        .unwrap_or_default();
    d.summary = format!("<function {name}>");
    let freevars: Vec<String> = attr(vm, obj, "__code__")
        .and_then(|c| attr(vm, &c, "co_freevars"))
        .and_then(|t| t.downcast::<PyTuple>().ok())
        .map(|t| {
            t.as_slice()
                .iter()
                .map(|s| crate::recorder::py_str(vm, s))
                .collect()
        })
        .unwrap_or_default();
    if let Some(cells) = attr(vm, obj, "__closure__").and_then(|t| t.downcast::<PyTuple>().ok()) {
        for (i, cell) in cells.as_slice().iter().enumerate() {
            if let Some(v) = attr(vm, cell, "cell_contents") {
                let name = freevars.get(i).cloned().unwrap_or_default();
                d.children.push((EdgeLabel::Cell { name }, v, false));
            }
        }
    }
    if let Some(defs) = attr(vm, obj, "__defaults__").and_then(|t| t.downcast::<PyTuple>().ok()) {
        for (i, v) in defs.as_slice().iter().enumerate() {
            d.children
                .push((EdgeLabel::Default { index: i as u32 }, v.clone(), false));
        }
    }
}

fn frame_locals(vm: &VirtualMachine, frame: &PyObject) -> Vec<(String, PyObjectRef)> {
    let Some(f) = frame.downcast_ref::<rustpython_vm::frame::FrameObject>() else {
        return Vec::new();
    };
    let Ok(locals) = f.locals(vm) else {
        return Vec::new();
    };
    let Ok(dict) = locals.obj().to_owned().downcast::<PyDict>() else {
        return Vec::new();
    };
    dict.items_vec()
        .into_iter()
        .map(|(k, v)| (crate::recorder::py_str(vm, &k), v))
        .collect()
}

fn describe_generator(vm: &VirtualMachine, obj: &PyObjectRef, d: &mut Desc) {
    d.kind = ObjectKind::Generator;
    let name = attr(vm, obj, "__name__")
        .map(|n| crate::recorder::py_str(vm, &n))
        .unwrap_or_default();
    d.summary = format!("<generator {name}>");
    let nlocalsplus = attr(vm, obj, "gi_code")
        .and_then(|c| c.downcast::<rustpython_vm::builtins::PyCode>().ok())
        .map(|c| (c.varnames.len() + c.cellvars.len() + c.freevars.len()) as u64)
        .unwrap_or(0);
    d.shape = Shape::Generator { nlocalsplus };
    let running = attr(vm, obj, "gi_running").is_some_and(|v| v.is_true(vm).unwrap_or(false));
    let frame = attr(vm, obj, "gi_frame");
    d.gen_frame = frame.as_ref().map(|f| f.get_id());
    let suspended = attr(vm, obj, "gi_suspended").is_some_and(|v| v.is_true(vm).unwrap_or(false));
    let (state, line) = match (&frame, running, suspended) {
        (_, true, _) => ("running", None),
        (None, _, _) => ("closed", None),
        (Some(f), _, true) => ("suspended", line_of(vm, f)),
        (Some(_), _, false) => ("created", None),
    };
    d.generator = Some(Box::new(GeneratorState {
        state: state.into(),
        line,
    }));
    if let (Some(f), "suspended" | "created") = (&frame, state) {
        for (name, v) in frame_locals(vm, f) {
            d.children.push((EdgeLabel::GenLocal { name }, v, false));
        }
    }
}

fn line_of(vm: &VirtualMachine, frame: &PyObject) -> Option<u32> {
    attr(vm, frame, "f_lineno").and_then(|l| l.try_to_value::<u32>(vm).ok())
}

fn describe_traceback(vm: &VirtualMachine, obj: &PyObjectRef, d: &mut Desc) {
    d.kind = ObjectKind::Traceback;
    d.shape = Shape::Traceback;
    let frame = attr(vm, obj, "tb_frame");
    let function = frame
        .as_ref()
        .and_then(|f| attr(vm, f, "f_code"))
        .and_then(|c| attr(vm, &c, "co_name"))
        .map(|n| crate::recorder::py_str(vm, &n))
        .unwrap_or_default();
    let line = attr(vm, obj, "tb_lineno")
        .and_then(|l| l.try_to_value::<u32>(vm).ok())
        .unwrap_or(0);
    d.summary = format!("<traceback: {function}, line {line}>");
    if let Some(f) = &frame {
        let user = attr(vm, f, "f_code")
            .and_then(|c| c.downcast::<rustpython_vm::builtins::PyCode>().ok())
            .is_some_and(|c| crate::recorder::is_user(&c));
        // Module-level frames' locals are the globals; listing them again adds nothing.
        if user && function != "<module>" {
            for (name, v) in frame_locals(vm, f) {
                d.children.push((
                    EdgeLabel::TbLocal {
                        function: function.clone(),
                        name,
                    },
                    v,
                    false,
                ));
            }
        }
    }
    if let Some(next) = attr(vm, obj, "tb_next") {
        d.children.push((EdgeLabel::TbNext, next, false));
    }
}

fn describe_file(vm: &VirtualMachine, obj: &PyObjectRef, d: &mut Desc) {
    d.kind = ObjectKind::File;
    d.shape = Shape::TextFile;
    let dict = obj.dict();
    let get = |k: &'static str| {
        dict.as_ref()
            .and_then(|dd| dd.get_item_opt(k, vm).ok().flatten())
    };
    let name = attr(vm, obj, "name")
        .map(|n| crate::recorder::py_str(vm, &n))
        .unwrap_or_default();
    let mode = get("mode")
        .map(|n| crate::recorder::py_str(vm, &n))
        .unwrap_or_default();
    let closed = attr(vm, obj, "closed").is_some_and(|v| v.is_true(vm).unwrap_or(false));
    let written: Vec<u8> = get("_rs_out")
        .and_then(|b| b.downcast::<rustpython_vm::builtins::PyByteArray>().ok())
        .map(|b| b.borrow_buf().to_vec())
        .unwrap_or_default();
    let raw = attr(vm, obj, "buffer").and_then(|b| attr(vm, &b, "raw"));
    let flushed = raw
        .as_ref()
        .and_then(|r| r.dict())
        .and_then(|dd| dd.get_item_opt("_written", vm).ok().flatten())
        .and_then(|v| v.try_to_value::<usize>(vm).ok())
        .unwrap_or(0);
    let disk = disk_contents(vm, &name);
    let buffered = written
        .get(flushed.min(written.len())..)
        .unwrap_or_default();
    d.summary = format!(
        "<file '{name}' mode '{mode}'{}>",
        if closed { " closed" } else { "" }
    );
    d.file = Some(Box::new(FileState {
        name,
        mode,
        buffered: short(&String::from_utf8_lossy(buffered), 200),
        disk: short(&disk, 200),
        position: written.len() as u64,
        closed,
    }));
}

fn disk_contents(vm: &VirtualMachine, name: &str) -> String {
    let Ok(m) = vm.import("_refscope", 0) else {
        return String::new();
    };
    m.get_attr("disk", vm)
        .ok()
        .and_then(|disk| disk.get_item(name, vm).ok())
        .and_then(|b| b.downcast::<rustpython_vm::builtins::PyByteArray>().ok())
        .map(|b| String::from_utf8_lossy(&b.borrow_buf()).into_owned())
        .unwrap_or_default()
}
