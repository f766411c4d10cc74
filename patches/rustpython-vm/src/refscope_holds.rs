//! refscope's patch (see patches/PATCHES.md): the references RustPython's call machinery
//! holds while a call runs, so that a tracer can tell them from the program's own.
//!
//! CPython 3.13's `CALL` gives a Python function's reference to the new frame and drops
//! a bound method before the call runs, where RustPython keeps the callable in a Rust
//! local until the call returns; its `functools.partial` also keeps its own copy of the
//! wrapped function while calling it, and while a tracer is installed it copies any other
//! callable it calls for the `c_call` events. A tracer reading `strong_count` sees those as
//! references, and has no other way to know they are not the program's. Each one is
//! pushed here for the length of the call, innermost last.

use core::cell::RefCell;

use crate::{AsObject, PyObject};

/// What holds the object, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldKind {
    /// The callable of a `CALL` instruction (`CALL`, `CALL_KW`, `CALL_FUNCTION_EX`): a
    /// Python function, a bound method, or anything else (a class, a builtin, a
    /// `partial`: CPython keeps those on the caller's stack for the call too).
    CallFunction,
    CallMethod,
    CallOther,
    /// The function a `functools.partial` calls.
    PartialFunc,
    /// A callable that is not a Python function, copied for the `c_call`/`c_return`
    /// events a tracer may receive (CPython passes the caller's own reference).
    TraceCopy,
    /// An object a running collection found reachable: RustPython's collector holds every
    /// survivor while it runs weakref callbacks and finalizers; CPython's holds none.
    CollectorSurvivor,
    /// The other way round: a reference CPython 3.13 holds and RustPython does not, for
    /// an argument of a `functools.partial` call while the function runs (CPython's
    /// `partial_call` builds an argument tuple and a keyword dict, and the call unpacks
    /// them once more; its vectorcall path keeps the caller's keyword values).
    CpythonPartialArg,
}

std::thread_local! {
    static HELD: RefCell<Vec<(usize, HoldKind)>> = const { RefCell::new(Vec::new()) };
}

/// One reference held for the length of a call; released when dropped.
pub struct Hold(usize);

impl Hold {
    /// The callable of a `CALL` instruction.
    #[inline]
    pub fn callable(obj: &PyObject) -> Self {
        let kind = if obj.downcast_ref::<crate::builtins::PyFunction>().is_some() {
            HoldKind::CallFunction
        } else if obj.downcast_ref::<crate::builtins::PyBoundMethod>().is_some() {
            HoldKind::CallMethod
        } else {
            HoldKind::CallOther
        };
        Self::new(obj, kind)
    }

    #[inline]
    pub fn new(obj: &PyObject, kind: HoldKind) -> Self {
        let addr = obj as *const PyObject as usize;
        HELD.with(|h| h.borrow_mut().push((addr, kind)));
        Hold(addr)
    }
}

impl Drop for Hold {
    #[inline]
    fn drop(&mut self) {
        HELD.with(|h| {
            let mut h = h.borrow_mut();
            if let Some(i) = h.iter().rposition(|(a, _)| *a == self.0) {
                h.remove(i);
            }
        });
    }
}

/// Many references held together (a collection's survivors), released together.
pub struct Holds(usize);

impl Holds {
    pub fn many<'a>(objs: impl IntoIterator<Item = &'a crate::PyObjectRef>, kind: HoldKind) -> Self {
        HELD.with(|h| {
            let mut h = h.borrow_mut();
            let before = h.len();
            h.extend(objs.into_iter().map(|o| (o.as_object() as *const PyObject as usize, kind)));
            Holds(before)
        })
    }
}

impl Holds {
    /// Objects by address, held for as long as this lives.
    pub fn addresses(addrs: Vec<usize>, kind: HoldKind) -> Self {
        HELD.with(|h| {
            let mut h = h.borrow_mut();
            let before = h.len();
            h.extend(addrs.into_iter().map(|a| (a, kind)));
            Holds(before)
        })
    }
}

impl Drop for Holds {
    fn drop(&mut self) {
        // Calls made while these were held have returned: their holds are gone.
        HELD.with(|h| h.borrow_mut().truncate(self.0));
    }
}

/// The objects held by calls running now (by address), outermost first.
pub fn held() -> Vec<(usize, HoldKind)> {
    HELD.with(|h| h.borrow().clone())
}
