//! Phase four of a snapshot, the states: each walked object's refcount, size and state,
//! built again only when its fingerprint changed (see [`crate::fingerprint`]).

use refscope_trace::{Edge, ObjId, ObjectState, Refcount, Size};
use rustc_hash::FxHashMap;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, VirtualMachine};

use super::walk::{Seen, Walk};
use super::{Collector, Heap, HeldByVm, Tracked};
use crate::describe::{describe, Desc};
use crate::fingerprint::{fingerprint, FastKind};
use crate::read;
use crate::size::cpython_size;
use crate::size::growth::{Growth, Observed};

use refscope_source::interned::StrCount;

/// References to interned strings the walk met, by address (see `str_refs`).
type StrRefs = FxHashMap<usize, (usize, StrCount)>;

/// Interned states by id, and what the heap remembers of each object for the next step.
type States = (Vec<(ObjId, u32)>, FxHashMap<usize, Tracked>);

impl Heap {
    /// The states of the walked objects, in id order. `held_by_vm` are references the
    /// interpreter holds beyond CPython's (negative: fewer), taken off the counts.
    pub(super) fn states(
        &mut self,
        vm: &VirtualMachine,
        walk: &mut Walk,
        ids: &[ObjId],
        (rv_addr, str_refs): (Option<usize>, &StrRefs),
        held_by_vm: &HeldByVm,
        intern: &mut dyn FnMut(ObjectState) -> u32,
    ) -> States {
        let descs = take_edges(vm, walk, ids);
        // Now the walk holds exactly one reference to each object.
        let mut objects: Vec<Pending> = Vec::with_capacity(walk.objs.len());
        let mut new_tracked =
            FxHashMap::with_capacity_and_hasher(walk.objs.len(), Default::default());
        let mut scratch = Vec::new();
        // Built at the first dict met: which plain instance's `__dict__` it is.
        let mut owners = None;
        self.callback_codes.clear();
        self.gen_frames.clear();
        for (i, (obj, (seen, edges))) in walk.objs.iter().zip(descs).enumerate() {
            let addr = obj.get_id();
            let mut held: isize = 1 + held_by_vm.delta.get(&addr).copied().unwrap_or(0);
            if self.is_collected_garbage(ids[i]) {
                // A running collection holds the garbage it found in RustPython (a list of
                // it); CPython's holds only the object it is finalizing (see `vm_held`).
                held += 1;
            }
            if Some(addr) == rv_addr {
                // The return value is also held by the tracing machinery's argument tuple
                // and by our own copy of it.
                held += 2;
            }
            let strong = obj.strong_count();
            let old = self.tracked.remove(&addr).filter(|t| t.id == ids[i]);
            if old.is_none() {
                self.note_new_object(vm, obj);
            }
            let (mut const_delta, kept) = match &old {
                Some(t) => (t.const_delta, t.kept),
                None => {
                    let met = walk.function_refs.get(&addr).copied().unwrap_or(0);
                    self.first_sight_facts(vm, obj, strong as isize - held, met)
                }
            };
            if self.constants.in_group(obj) {
                const_delta = self.constants.adjustment(vm, obj, &self.interned) as i32;
            }
            held += const_delta as isize;
            let observed = match &seen {
                Seen::Full(d) => d.observed.clone(),
                Seen::Fast(f) => (f.kind == FastKind::List).then_some(Observed::List {
                    len: f.children.len() as u64,
                }),
            };
            let growth = observed.as_ref().map(|o| {
                let old = old.as_ref().and_then(|t| t.growth.clone());
                old.and_then(|g| g.observe(o, &self.made))
                    .unwrap_or_else(|| Growth::first(o, &self.made))
            });
            let grown_size = match read::is_exact(obj, vm.ctx.types.dict_type) {
                true => owners
                    .get_or_insert_with(|| super::query::dict_owners(vm, &walk.objs, &walk.index))
                    .get(&addr)
                    .map(|&o| Size::Exact {
                        bytes: self.materialised_dict_size(&walk.objs[o], obj, false),
                    }),
                false => None,
            }
            .or_else(|| growth.as_ref().map(Growth::size));
            let refcount = match read::is_immortal(obj) {
                true => {
                    let vm_held = held_by_vm.delta.get(&addr).copied().unwrap_or(0);
                    self.immortal_refcount(obj, str_refs, vm_held)
                }
                false => {
                    let count = (strong as isize - held).max(0) as u32;
                    match held_by_vm.approximate.contains(&addr) {
                        true => Refcount::Approximate { count },
                        false => Refcount::Counted { count },
                    }
                }
            };
            let reachable = walk.reachable[i];
            let weak = old
                .as_ref()
                .and_then(|t| t.weak.clone())
                .filter(|w| w.upgrade().is_some());
            let unweakable = old.as_ref().is_some_and(|t| t.unweakable);
            let collector = Collector::next(vm, obj, old.as_ref().map(|t| t.collector));
            let facts = Facts {
                refcount,
                reachable,
                growth,
                weak,
                unweakable,
                collector,
                constant: (const_delta, kept),
            };
            // A fast-path object whose fingerprint did not change keeps its state.
            let (desc, refs, fast_print) = match seen {
                Seen::Full(d) => (d, edges, None),
                Seen::Fast(f) => {
                    // Only a list's size depends on more than its content and length,
                    // which the fingerprint holds anyway.
                    let own = [
                        u64::from(ids[i]),
                        fingerprint_hash(&refcount),
                        fingerprint_hash(&grown_size),
                        u64::from(reachable),
                    ];
                    print_of(vm, obj, &f, own, (walk, ids), &mut scratch);
                    let same = old
                        .as_ref()
                        .and_then(|t| t.last.as_ref())
                        .is_some_and(|(print, _)| *print == scratch);
                    if same {
                        let old = old.expect("a last state comes from an old entry");
                        objects.push(self.unchanged(vm, obj, facts, old, &mut new_tracked));
                        continue;
                    }
                    let mut d = describe(vm, &self.prelude, obj);
                    let edges = walk.edges(vm, std::mem::take(&mut d.children), ids);
                    (d, edges, Some(std::mem::take(&mut scratch)))
                }
            };
            let size = match grown_size {
                Some(s) => crate::size::with_extra(s, desc.size_extra),
                None => cpython_size(desc.shape),
            };
            let del_ran = old.as_ref().is_some_and(|t| t.del_ran);
            let state = self.described(
                vm,
                obj,
                ids[i],
                (facts, size, del_ran),
                desc,
                refs,
                &mut new_tracked,
            );
            objects.push((ids[i], Err((state, fast_print)), addr));
        }
        let objects = intern_in_id_order(objects, &mut new_tracked, intern);
        (objects, new_tracked)
    }

    /// Remembers a described object and returns its new state.
    #[allow(clippy::too_many_arguments)]
    fn described(
        &mut self,
        vm: &VirtualMachine,
        obj: &PyObjectRef,
        id: ObjId,
        (facts, size, del_ran): (Facts, Size, bool),
        desc: Desc,
        refs: Vec<Edge>,
        new_tracked: &mut FxHashMap<usize, Tracked>,
    ) -> ObjectState {
        let Facts {
            refcount,
            reachable,
            growth,
            weak,
            unweakable,
            collector,
            constant: (const_delta, kept),
        } = facts;
        // A collection clears weak references before finalizers run, so an object
        // its `__del__` resurrected comes back with a dead one: make a fresh one, or
        // the object would later count as freed while it still lives.
        let (weak, unweakable) = if desc.kind == refscope_trace::ObjectKind::Weakref {
            (weak, false)
        } else {
            self.weak_ref(vm, obj, weak, unweakable)
        };
        if let Some(frame) = desc.gen_frame {
            self.gen_frames.insert(frame, id);
        }
        if let Some(code) = desc.callback_code {
            self.callback_codes.insert(code);
        }
        new_tracked.insert(
            obj.get_id(),
            Tracked {
                id,
                type_name: desc.type_name.clone(),
                summary: desc.summary.clone(),
                weak,
                unweakable,
                gc_tracked: desc.gc_tracked,
                del_ran,
                reachable,
                growth,
                last: None,
                collector,
                const_delta,
                kept,
                text: super::text_hash(obj),
            },
        );
        ObjectState {
            id,
            type_name: desc.type_name,
            kind: desc.kind,
            summary: desc.summary,
            refcount,
            size,
            refs: refs.into(),
            reachable,
            file: desc.file,
            generator: desc.generator,
        }
    }

    /// Keeps the last state of a fast-path object whose fingerprint did not change.
    fn unchanged(
        &self,
        vm: &VirtualMachine,
        obj: &PyObjectRef,
        facts: Facts,
        mut t: Tracked,
        new_tracked: &mut FxHashMap<usize, Tracked>,
    ) -> Pending {
        let last = t.last.take();
        let index = last.as_ref().map_or(0, |(_, index)| *index);
        let (weak, unweakable) = self.weak_ref(vm, obj, facts.weak, facts.unweakable);
        let id = t.id;
        new_tracked.insert(
            obj.get_id(),
            Tracked {
                weak,
                unweakable,
                gc_tracked: obj.is_gc_tracked(),
                reachable: facts.reachable,
                growth: facts.growth,
                collector: facts.collector,
                last,
                ..t
            },
        );
        (id, Ok(index), obj.get_id())
    }

    /// `obj`'s weak reference: the one it had if still alive, else a new one unless its type
    /// takes none. Also whether it takes none.
    fn weak_ref(
        &self,
        vm: &VirtualMachine,
        obj: &PyObjectRef,
        had: Option<PyRef<rustpython_vm::builtins::PyWeak>>,
        unweakable: bool,
    ) -> (Option<PyRef<rustpython_vm::builtins::PyWeak>>, bool) {
        if had.is_some() || unweakable {
            return (had, unweakable);
        }
        match obj.downgrade(Some(self.weak_callback.clone()), vm) {
            Ok(w) => (Some(w), false),
            Err(_) => (None, true),
        }
    }
}

/// What the walk learned of an object before describing it (or not).
struct Facts {
    refcount: Refcount,
    reachable: bool,
    growth: Option<Growth>,
    weak: Option<PyRef<rustpython_vm::builtins::PyWeak>>,
    unweakable: bool,
    collector: Collector,
    /// See `Tracked::const_delta` and `Tracked::kept`.
    constant: (i32, bool),
}

/// A state already interned (its index), or a new one to intern with the fingerprint it
/// was built under (fast-path objects only), and the object's address.
type Pending = (ObjId, Result<u32, (ObjectState, Option<Vec<u64>>)>, usize);

/// Full descriptions' children as edges, dropping their references.
fn take_edges(vm: &VirtualMachine, walk: &mut Walk, ids: &[ObjId]) -> Vec<(Seen, Vec<Edge>)> {
    std::mem::take(&mut walk.descs)
        .into_iter()
        .map(|seen| match seen {
            Seen::Full(mut d) => {
                let edges = walk.edges(vm, std::mem::take(&mut d.children), ids);
                (Seen::Full(d), edges)
            }
            fast => (fast, Vec::new()),
        })
        .collect()
}

/// The fingerprint of a fast-path object into `out`: `own`, and how each child's edge
/// shows (an inline value by its address, a walked object by its id).
fn print_of(
    vm: &VirtualMachine,
    obj: &PyObjectRef,
    f: &crate::fingerprint::Fast,
    own: [u64; 4],
    (walk, ids): (&Walk, &[ObjId]),
    out: &mut Vec<u64>,
) {
    fingerprint(vm, obj, f, own, out, |c_addr, inline, out| {
        if inline {
            // Singletons and immortal objects: the address names the value.
            out.extend([1, c_addr as u64]);
        } else if let Some(j) = walk.slot(c_addr) {
            out.extend([2, u64::from(ids[j])]);
        } else {
            out.push(3);
        }
    });
}

/// Interns the new states in id order, as the states were before the fast path existed,
/// so state indices (and so traces) do not depend on which objects took it.
fn intern_in_id_order(
    objects: Vec<Pending>,
    tracked: &mut FxHashMap<usize, Tracked>,
    intern: &mut dyn FnMut(ObjectState) -> u32,
) -> Vec<(ObjId, u32)> {
    // The order is sorted, not the states: moving a whole state for each comparison
    // was a tenth of the recording time.
    let mut order: Vec<(ObjId, u32)> = (objects.iter().enumerate())
        .map(|(i, o)| (o.0, i as u32))
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Pending>> = objects.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, i)| slots[i as usize].take())
        .map(|(id, state, addr)| match state {
            Ok(index) => (id, index),
            Err((state, print)) => {
                let index = intern(state);
                if let (Some(print), Some(t)) = (print, tracked.get_mut(&addr)) {
                    t.last = Some((print, index));
                }
                (id, index)
            }
        })
        .collect()
}

/// A value's place in a fingerprint.
fn fingerprint_hash(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

impl Heap {
    /// The refcount of an object RustPython keeps immortal (its own types and singletons,
    /// and the strings it interns): immortal, except a string CPython 3.13 counts, whose
    /// count is the program's references plus its constant tables' (see
    /// `refscope_source::interned`). Asked by flag, never by RustPython's parked count, which
    /// depends on the word size.
    fn immortal_refcount(
        &self,
        obj: &PyObjectRef,
        str_refs: &StrRefs,
        held_by_vm: isize,
    ) -> Refcount {
        let Some(&(seen, verdict)) = str_refs.get(&obj.get_id()) else {
            return Refcount::Immortal;
        };
        // `held_by_vm`: what the interpreter holds beyond CPython (see `vm_held`).
        let count = |consts: u32| (seen as isize + consts as isize - held_by_vm).max(0) as u32;
        match verdict {
            StrCount::Counted { consts } => Refcount::Counted {
                count: count(consts),
            },
            StrCount::Approximate { consts } => Refcount::Approximate {
                count: count(consts),
            },
            StrCount::TypeName if seen > 1 => Refcount::Approximate { count: count(0) },
            StrCount::TypeName => Refcount::Counted { count: count(0) },
            StrCount::Immortal => Refcount::Immortal,
        }
    }
}
