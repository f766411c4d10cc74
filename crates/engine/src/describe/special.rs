//! The kinds with protocol meaning: functions and their closures and defaults, bound
//! methods, generators, tracebacks (which keep frames alive), weak references,
//! exceptions, files and instances.

use refscope_trace::{EdgeLabel, FileState, GeneratorState, ObjectKind};
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use super::{Child, Desc};
use crate::prelude::Prelude;
use crate::read;
use crate::size::Shape;
use crate::text::short;

/// An instance's attributes, from its `__dict__` (the prelude's own `_rs_` ones left out).
pub(super) fn instance_attrs(vm: &VirtualMachine, obj: &PyObject, out: &mut Vec<Child>) {
    let Some(dict) = read::instance_dict(obj) else {
        return;
    };
    for (k, v) in read::dict_entries(dict.as_object()).unwrap_or_default() {
        let name = read::key_text(vm, &k);
        if name.starts_with("_rs_") {
            continue;
        }
        out.push((EdgeLabel::Attr { name }, v, false));
    }
}

pub(super) fn function(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Function;
    d.shape = super::size::fixed(vm, obj, 0);
    let Some(f) = read::function(vm, obj) else {
        return;
    };
    d.summary = format!("<function {}>", f.name);
    for (name, contents) in f.cells {
        if let Some(v) = contents {
            d.children.push((EdgeLabel::Cell { name }, v, false));
        }
    }
    for (i, v) in f.defaults.into_iter().enumerate() {
        d.children
            .push((EdgeLabel::Default { index: i as u32 }, v, false));
    }
}

pub(super) fn bound_method(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::BoundMethod;
    d.shape = super::size::fixed(vm, obj, 0);
    let Some((this, func, name)) = read::bound_method(vm, obj) else {
        return;
    };
    for (label, v) in [("__self__", this), ("__func__", func)] {
        if let Some(v) = v {
            let label = EdgeLabel::Bound { name: label.into() };
            d.children.push((label, v, false));
        }
    }
    d.summary = format!("<bound method {name}>");
}

pub(super) fn generator(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Generator;
    let Some(g) = read::generator(vm, obj) else {
        return;
    };
    d.summary = format!("<generator {}>", g.name);
    d.shape = Shape::Generator {
        frame_slots: g.frame_slots,
    };
    d.gen_frame = g.frame.as_ref().map(|f| f.get_id());
    let (state, line) = match (&g.frame, g.running, g.suspended) {
        (_, true, _) => ("running", None),
        (None, _, _) => ("closed", None),
        (Some(_), _, true) => ("suspended", g.line),
        (Some(_), _, false) => ("created", None),
    };
    d.generator = Some(Box::new(GeneratorState {
        state: state.into(),
        line,
    }));
    if let (Some(f), "suspended" | "created") = (&g.frame, state) {
        for (name, v) in read::frame_locals(vm, f) {
            d.children.push((EdgeLabel::GenLocal { name }, v, false));
        }
    }
}

/// A frame object the program holds (say, `tb.tb_frame`): its locals, as a traceback
/// shows them. Not its globals or builtins: those are the module's and the
/// interpreter's, whose counts say nothing about the program (and differ between the
/// browser's engine and the full one).
pub(super) fn frame(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Frame;
    let Some((function, user)) = read::frame_function(obj) else {
        return;
    };
    d.summary = format!("<frame of {function}>");
    if user && function != "<module>" {
        for (name, v) in read::frame_locals(vm, obj) {
            d.children.push((EdgeLabel::GenLocal { name }, v, false));
        }
    }
}

pub(super) fn traceback(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Traceback;
    d.shape = super::size::fixed(vm, obj, 0);
    let Some(tb) = read::traceback(obj) else {
        return;
    };
    d.summary = format!("<traceback: {}, line {}>", tb.function, tb.line);
    // Module-level frames' locals are the globals; listing them again adds nothing.
    if tb.user && tb.function != "<module>" {
        for (name, v) in read::frame_locals(vm, &tb.frame) {
            let label = EdgeLabel::TbLocal {
                function: tb.function.clone(),
                name,
            };
            d.children.push((label, v, false));
        }
    }
    if let Some(next) = tb.next {
        d.children.push((EdgeLabel::TbNext, next, false));
    }
}

pub(super) fn weakref(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Weakref;
    d.shape = super::size::fixed(vm, obj, 0);
    let Some((referent, callback)) = read::weakref(vm, obj) else {
        return;
    };
    match referent {
        Some(target) => {
            d.summary = format!("<weakref to {}>", read::type_name(&target));
            d.children.push((EdgeLabel::Referent, target, true));
        }
        None => d.summary = "<weakref; dead>".into(),
    }
    if let Some(cb) = callback {
        d.callback_code = read::callable_code(vm, &cb);
        d.children.push((EdgeLabel::Callback, cb, false));
    }
}

pub(super) fn exception(vm: &VirtualMachine, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::Exception;
    d.shape = super::size::fixed(vm, obj, 0);
    d.summary = short(&read::exception_repr(vm, obj), 60);
    if let Some(tb) = read::exception_parts(obj).and_then(|p| p.traceback) {
        d.children.push((EdgeLabel::Traceback, tb, false));
    }
    instance_attrs(vm, obj, &mut d.children);
}

pub(super) fn file(vm: &VirtualMachine, prelude: &Prelude, obj: &PyObject, d: &mut Desc) {
    d.kind = ObjectKind::File;
    // The prelude's file class stands for `_io.TextIOWrapper`: 200 bytes and the GC
    // header in CPython 3.13.
    d.shape = Shape::Fixed { bytes: 216 };
    let f = read::text_file(vm, obj);
    let disk = prelude.disk_contents(vm, &f.name);
    let buffered = f
        .written
        .get(f.flushed.min(f.written.len())..)
        .unwrap_or_default();
    d.summary = format!(
        "<file '{}' mode '{}'{}>",
        f.name,
        f.mode,
        if f.closed { " closed" } else { "" }
    );
    d.file = Some(Box::new(FileState {
        buffered: short(&String::from_utf8_lossy(buffered), 200),
        disk: short(&disk, 200),
        position: f.written.len() as u64,
        closed: f.closed,
        name: f.name,
        mode: f.mode,
    }));
}
