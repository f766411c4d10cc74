//! refscope's patch (see patches/PATCHES.md): the result tuple that CPython 3.13's
//! `enumerate`, `zip` and dict item iterators keep.
//!
//! Each of those CPython iterators owns one result tuple (`en_result`, `result`,
//! `di_result`), made with `None`s when the iterator is. When the program has let go of
//! the tuple the last step returned (its refcount is 1), the next step refills that same
//! tuple and returns it; otherwise it returns a new tuple and keeps the old one. Either way
//! the iterator goes on holding the items it last put in its own tuple: in
//! `for k, v in d.items()`, `v` has one reference more than its names give it.
//! RustPython built a new tuple each step and kept none. [`ResultSlot`] keeps what CPython
//! keeps; its tuple is a new object where CPython's is refilled in place, which only `id`
//! could tell.

use crate::builtins::{PyTuple, PyTupleRef};
use crate::protocol::PyIterReturn;
use crate::common::lock::PyMutex;
use crate::{AsObject, PyObjectRef, PyResult, VirtualMachine};

/// The iterator's own result tuple.
#[derive(Debug, Default)]
pub struct ResultSlot(PyMutex<Option<PyTupleRef>>);

unsafe impl crate::object::Traverse for ResultSlot {
    fn traverse(&self, traverse_fn: &mut crate::object::TraverseFn<'_>) {
        self.0.traverse(traverse_fn);
    }
}

impl ResultSlot {
    /// A slot holding a tuple of `len` `None`s, as the CPython iterator starts.
    pub fn new(len: usize, vm: &VirtualMachine) -> Self {
        let nones = vec![vm.ctx.none(); len];
        ResultSlot(PyMutex::new(Some(vm.ctx.new_tuple(nones))))
    }

    /// Hands out `items` as this step's result: the tuple becomes the iterator's own when
    /// CPython would have refilled its tuple (nothing else holds it).
    pub fn give(&self, items: Vec<PyObjectRef>, vm: &VirtualMachine) -> PyTupleRef {
        let tuple = vm.ctx.new_tuple(items);
        self.keep(&tuple);
        tuple
    }

    /// Keeps `tuple`, this step's result, where CPython would have refilled its own tuple
    /// with its items: the slot is empty (a dict iterator's first step) or nothing else
    /// holds the tuple it has.
    pub fn keep(&self, tuple: &PyTupleRef) {
        let mut slot = self.0.lock();
        if slot.as_ref().is_none_or(|old| old.as_object().strong_count() == 1) {
            // The old tuple (and the items it held) goes now, as CPython's refill
            // releases the old items; after the lock, as a `__del__` may run.
            let old = slot.replace(tuple.clone());
            drop(slot);
            drop(old);
        }
    }

    /// A dict iterator's step: an item iterator (`keeps`) keeps the tuple it hands out.
    pub fn pass(&self, step: PyResult<PyIterReturn>, keeps: bool) -> PyResult<PyIterReturn> {
        if let (true, Ok(PyIterReturn::Return(obj))) = (keeps, &step) {
            if let Some(tuple) = obj.downcast_ref::<PyTuple>() {
                self.keep(&tuple.to_owned());
            }
        }
        step
    }

    /// A `zip` that ran out at argument `got` after taking `taken` from the ones before
    /// it: CPython has already put those into its tuple, if it was refilling it.
    pub fn ran_out(&self, taken: Vec<PyObjectRef>, vm: &VirtualMachine) {
        let mut slot = self.0.lock();
        let Some(old) = slot.as_ref().filter(|old| old.as_object().strong_count() == 1) else {
            return;
        };
        let mut items = taken;
        items.extend(old.as_slice()[items.len()..].iter().cloned());
        let old = slot.replace(vm.ctx.new_tuple(items));
        drop(slot);
        drop(old);
    }
}
