//! Text files made by the prelude's `open()`: only ever called on an object whose exact
//! class is the prelude's `TextIOWrapper` (see `Prelude::is_text_file`), whose attributes
//! are io's own properties over the prelude's raw file.

use rustpython_vm::builtins::PyByteArray;
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

pub(crate) struct TextFileParts {
    pub name: String,
    pub mode: String,
    pub closed: bool,
    /// The encoded text the program wrote (kept by the prelude's `write`).
    pub written: Vec<u8>,
    /// How much of it reached the raw layer (the "disk").
    pub flushed: usize,
}

pub(crate) fn text_file(vm: &VirtualMachine, obj: &PyObject) -> TextFileParts {
    let dict = obj.dict();
    let own = |k: &'static str| {
        dict.as_ref()
            .and_then(|d| d.get_item_opt(k, vm).ok().flatten())
    };
    let attr = |o: &PyObject, k: &'static str| o.get_attr(k, vm).ok().filter(|v| !vm.is_none(v));
    let text = |v: Option<rustpython_vm::PyObjectRef>| {
        v.and_then(|v| super::exact_str(vm, &v)).unwrap_or_default()
    };
    let raw = attr(obj, "buffer").and_then(|b| attr(&b, "raw"));
    TextFileParts {
        name: text(attr(obj, "name")),
        mode: text(own("mode")),
        closed: attr(obj, "closed").is_some_and(|v| v.is(&vm.ctx.true_value)),
        written: own("_rs_out")
            .and_then(|b| b.downcast::<PyByteArray>().ok())
            .map(|b| b.borrow_buf().to_vec())
            .unwrap_or_default(),
        flushed: raw
            .as_ref()
            .and_then(|r| r.dict())
            .and_then(|d| d.get_item_opt("_written", vm).ok().flatten())
            .and_then(|v| super::exact_u64(vm, &v))
            .unwrap_or(0) as usize,
    }
}
