//! refscope's patch (see patches/PATCHES.md): the order in which a collection finalizes
//! its garbage.
//!
//! CPython 3.13's collector keeps its objects in lists in the order they were tracked
//! (created), and runs the weakref callbacks and `__del__` methods of a garbage cycle in
//! that order. RustPython's collector has no such list: its order follows its own tables.
//! A tracer that knows the order the program made its objects in installs it here, and
//! the collector sorts its garbage by it before any callback or finalizer runs.

use core::cell::RefCell;

use crate::{AsObject, PyObjectRef};

/// An object's place in creation order (by address), where the tracer knows it.
pub type OrderKey = Box<dyn Fn(usize) -> Option<u64>>;

std::thread_local! {
    static KEY: RefCell<Option<OrderKey>> = const { RefCell::new(None) };
}

/// Installs (or, with `None`, removes) the creation order the collector follows.
pub fn set_order(key: Option<OrderKey>) {
    KEY.with(|k| *k.borrow_mut() = key);
}

/// Sorts a collection's garbage into creation order: objects the key places first, in
/// its order; the others after them, in the collector's own order.
pub(crate) fn order_garbage(garbage: &mut [PyObjectRef]) {
    KEY.with(|k| {
        let Ok(key) = k.try_borrow() else { return };
        let Some(key) = key.as_ref() else { return };
        garbage.sort_by_cached_key(|o| key(o.get_id()).unwrap_or(u64::MAX));
    });
}
