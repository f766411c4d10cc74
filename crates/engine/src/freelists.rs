//! RustPython's free lists, emptied of what they still hold before the heap is read.
//!
//! RustPython 0.6 keeps up to six freed `range` objects for reuse, and a kept one keeps
//! its payload until it is reused: the `start`, `stop` and `step` ints stay referenced.
//! So after `for i in range(n)` has dropped its range, `n` still counts one holder that
//! CPython 3.13 freed (its range iterator keeps C integers, and the range is gone): the
//! badge of `n` read one too many (lesson 11's `squares_gen(1000000)`).
//!
//! Allocating a range reuses a kept one and drops its old payload, so making
//! `MAX_FREELIST` ranges of small ints and dropping them leaves the list holding only
//! immortal ints. The old payloads are ints made by `range()` itself (exact ints, or
//! what an `__index__` returned), so dropping them runs no `__del__` of the program's,
//! except an `__index__` returning an int subclass with one, which CPython deprecates.
//! Other free lists (tuples, lists, dicts, exceptions) clear their items when an object
//! dies, and ints and floats hold no references.

use rustpython_vm::builtins::PyRange;
use rustpython_vm::{PyPayload, VirtualMachine};

/// Drops what the `range` free list still references (see the module header).
pub(crate) fn release_range_payloads(vm: &VirtualMachine) {
    let (zero, one) = (vm.ctx.new_int(0), vm.ctx.new_int(1));
    let fresh: Vec<_> = (0..<PyRange as PyPayload>::MAX_FREELIST)
        .map(|_| {
            PyRange {
                start: zero.clone(),
                stop: zero.clone(),
                step: one.clone(),
            }
            .into_ref(&vm.ctx)
        })
        .collect();
    drop(fresh);
}
