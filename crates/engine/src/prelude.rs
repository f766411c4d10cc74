//! The engine's side of the prelude (`prelude/prelude.py`, the module `_refscope`): the
//! objects it made that the recorder reads (the file log, explicit collections, the
//! in-memory disk, its `TextIOWrapper` class) and the step-limit backstop it arms.
//!
//! Everything read here was made by the prelude, never by the learner: lists of exact
//! tuples, strs and ints, and the prelude's own module attributes. The objects are held
//! for the whole run; none of them is a program object.

use rustpython_vm::builtins::{PyBaseExceptionRef, PyByteArray, PyDict, PyList, PyTuple, PyType};
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyRef, PyResult, VirtualMachine};

use crate::read;

/// A file activity the prelude logged: what happened, the file's name, the bytes moved.
pub(crate) struct FileLog {
    pub action: String,
    pub name: String,
    pub bytes: u64,
}

#[derive(Clone)]
pub(crate) struct Prelude {
    module: PyObjectRef,
    file_log: Option<PyRef<PyList>>,
    gc_explicit: Option<PyRef<PyList>>,
    disk: Option<PyRef<PyDict>>,
    /// The prelude's `TextIOWrapper`: what `open()` returns for text files. Files are
    /// recognised by this class object, never by a type's name (a learner class can be
    /// called `TextIOWrapper` too).
    textio: Option<PyRef<PyType>>,
    /// `io.BufferedWriter` and `io.BufferedRandom`: binary files with a buffer.
    buffered: Vec<PyRef<PyType>>,
}

impl Prelude {
    pub(crate) fn new(vm: &VirtualMachine, module: PyObjectRef) -> Self {
        let get = |name: &'static str| module.get_attr(name, vm).ok();
        Prelude {
            file_log: get("file_log").and_then(|l| l.downcast().ok()),
            gc_explicit: get("gc_explicit").and_then(|l| l.downcast().ok()),
            disk: get("disk").and_then(|d| d.downcast().ok()),
            textio: get("TextIOWrapper").and_then(|t| t.downcast().ok()),
            buffered: ["BufferedWriter", "BufferedRandom"]
                .into_iter()
                .filter_map(|n| get("io")?.get_attr(n, vm).ok()?.downcast().ok())
                .collect(),
            module,
        }
    }

    /// Whether `obj` is a text file the prelude's `open()` made.
    pub(crate) fn is_text_file(&self, obj: &rustpython_vm::PyObject) -> bool {
        self.textio.as_ref().is_some_and(|t| obj.class().is(t))
    }

    /// The file activity logged since the last call.
    pub(crate) fn drain_file_log(&self, vm: &VirtualMachine) -> Vec<FileLog> {
        let Some(list) = &self.file_log else {
            return Vec::new();
        };
        let entries: Vec<PyObjectRef> = std::mem::take(&mut *list.borrow_vec_mut());
        entries
            .iter()
            .filter_map(|e| {
                let t = e.downcast_ref::<PyTuple>()?;
                let [action, name, bytes] = t.as_slice() else {
                    return None;
                };
                Some(FileLog {
                    action: read::exact_str(vm, action)?,
                    name: read::exact_str(vm, name)?,
                    bytes: read::exact_u64(vm, bytes).unwrap_or(0),
                })
            })
            .collect()
    }

    /// The generation of the last `gc.collect()` the program called since the last call.
    pub(crate) fn take_gc_explicit(&self, vm: &VirtualMachine) -> Option<u32> {
        let list = self.gc_explicit.as_ref()?;
        let last = std::mem::take(&mut *list.borrow_vec_mut()).pop()?;
        read::exact_u64(vm, &last).map(|g| g as u32)
    }

    /// A full collection, not through the program's `gc.collect` (which would be logged
    /// as the program's call): the interpreter's exit runs its own.
    pub(crate) fn collect_now(&self, vm: &VirtualMachine) -> PyResult<()> {
        self.module.get_attr("_real_collect", vm)?.call((2,), vm)?;
        Ok(())
    }

    /// The exit collection finalizes this file's raw layer before the layers above it
    /// (tests/exit/SPEC.md, F4): what they still buffer is lost. `file` is one of the
    /// prelude's file objects ([`Self::is_file`]).
    pub(crate) fn lose_buffers(&self, vm: &VirtualMachine, file: &PyObject) -> PyResult<()> {
        self.module
            .get_attr("exit_lose_buffers", vm)?
            .call((file.to_owned(),), vm)?;
        Ok(())
    }

    /// Whether `obj` is a file the prelude's `open()` made with a buffer (text, or binary
    /// buffered): the kinds whose layers can lose data at exit.
    pub(crate) fn is_file(&self, obj: &PyObject) -> bool {
        self.is_text_file(obj) || self.buffered.iter().any(|t| obj.class().is(t))
    }

    /// What the in-memory disk holds for the file `name`.
    pub(crate) fn disk_contents(&self, vm: &VirtualMachine, name: &str) -> String {
        self.disk
            .as_ref()
            .and_then(|d| d.get_item_opt(name, vm).ok().flatten())
            .and_then(|b| b.downcast::<PyByteArray>().ok())
            .map(|b| String::from_utf8_lossy(&b.borrow_buf()).into_owned())
            .unwrap_or_default()
    }

    /// Arms the backstop that stops a program swallowing the step limit, and returns the
    /// exception that ends the run.
    pub(crate) fn step_limit(&self, vm: &VirtualMachine) -> PyResult<PyBaseExceptionRef> {
        self.module.get_attr("arm_limit", vm)?.call((), vm)?;
        let cls = self.module.get_attr("StepLimit", vm)?;
        let cls = cls
            .downcast()
            .map_err(|_| vm.new_runtime_error("StepLimit"))?;
        Ok(vm.new_exception_msg(cls, "step limit reached".into()))
    }
}
