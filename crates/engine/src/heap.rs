//! Heap snapshots with stable identity, and the frees and garbage found between them.
//!
//! Each snapshot walks from the roots (the user's frame locals and globals) through
//! labelled references. Objects seen earlier but no longer reachable are checked for life:
//! through a weak reference held from Rust where the type allows one, else by looking for
//! them among the collector's tracked objects. Live ones are cycle garbage (drawn greyed);
//! the rest were freed, and a `freed` event says whether by refcount or by the collector.
//!
//! Refcounts are read once the walk holds exactly one reference to every object it found
//! and nothing else, so `strong_count() - 1` is what the program itself holds.
//!
//! Caveat: no strong reference survives between steps (that would keep objects alive and
//! change when `__del__` runs), so identity is by address. A freed object whose address is
//! reused by a new object of the same type before the next step would keep its id.

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{Edge, Event, FreeReason, Local, ObjId, ObjectState, Refcount, Value};
use rustc_hash::FxHashMap;
use rustpython_vm::builtins::PyDict;
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, VirtualMachine};

use crate::describe::{describe, inline_repr, is_inline, Child, Desc};
use crate::fingerprint::{fast, fingerprint, Fast, FastKind};
use crate::recorder::GcPending;
use crate::size::{cpython_size, list_resize, Shape};

/// Names listed (and walked as roots) per frame per step.
const MAX_LOCALS: usize = 100;
/// Frames listed per step: the module frame and the innermost ones.
const MAX_FRAMES: usize = 40;

/// Whether a step lists the frame at `depth` of a stack `len` frames deep: the module
/// frame and the innermost [`MAX_FRAMES`] - 1. Reading the locals of a thousand frames at
/// every step made a runaway recursion take half a minute to record; nobody reads the
/// middle of such a stack.
pub(crate) fn is_listed(depth: usize, len: usize) -> bool {
    depth == 0 || depth > len.saturating_sub(MAX_FRAMES)
}

/// A collection that started (and maybe finished) since the last step.
struct GcInProgress {
    pending: GcPending,
    /// Ids that were cycle garbage when it started.
    found: Vec<ObjId>,
    freed: Vec<ObjId>,
    finished: bool,
}

struct Tracked {
    id: ObjId,
    type_name: String,
    summary: String,
    weak: Option<PyRef<rustpython_vm::builtins::PyWeak>>,
    /// Its type takes no weak reference (an int, a list): not asked again at every step,
    /// where each refusal raised a TypeError inside the VM.
    unweakable: bool,
    gc_tracked: bool,
    del_ran: bool,
    reachable: bool,
    /// Modelled CPython list allocation and whether it is still exact.
    list_alloc: Option<(u64, bool)>,
    list_len: Option<u64>,
    /// For fast-path objects: the fingerprint and interned index of the last state.
    last: Option<(Vec<u64>, u32)>,
}

/// A frame's id, function, line and named roots.
type FrameRoots = (u32, String, u32, Vec<(String, PyObjectRef)>);

/// One frame of a snapshot: its id, function, current line and bindings.
pub(crate) struct SnapFrame {
    pub id: u32,
    pub function: String,
    pub line: u32,
    pub locals: Vec<Local>,
}

pub(crate) struct Snapshot {
    /// The stack, outermost first.
    pub frames: Vec<SnapFrame>,
    /// (id, interned state index), in id order.
    pub objects: Vec<(ObjId, u32)>,
    pub return_value: Option<Value>,
    pub truncated: bool,
}

pub(crate) struct Heap {
    max_objects: usize,
    /// Whether fast-path objects may be seen through [`fast`] (off only in tests).
    fast_path: bool,
    next_id: ObjId,
    /// By address. A hash map, rebuilt at every step: as a B-tree, moving the entries
    /// was a tenth of the recording time. Nothing iterates it in its own order.
    tracked: FxHashMap<usize, Tracked>,
    events: Vec<Event>,
    gc: Option<GcInProgress>,
    /// Code objects of live weakref callbacks, by address.
    callback_codes: BTreeSet<usize>,
    /// Generators of the last snapshot by the address of their frame.
    gen_frames: BTreeMap<usize, ObjId>,
    /// The last walk's emptied buffers.
    spare: Walk,
}

/// How the walk saw an object: described in full, or through the fast path (described
/// later only if its fingerprint changed).
enum Seen {
    Full(Desc),
    Fast(Fast),
}

impl Seen {
    /// How the walk sees `obj`, and the children it must follow.
    fn new(vm: &VirtualMachine, obj: &PyObjectRef, fast_path: bool) -> (Seen, Vec<PyObjectRef>) {
        match fast(vm, obj).filter(|_| fast_path) {
            Some((f, children)) => (Seen::Fast(f), children),
            None => {
                let d = describe(vm, obj);
                let strong = d
                    .children
                    .iter()
                    .filter(|(_, _, weak)| !weak)
                    .map(|(_, c, _)| c.clone())
                    .collect();
                (Seen::Full(d), strong)
            }
        }
    }

    /// Whether the object is of the type named `type_name`.
    fn is_type(&self, obj: &PyObjectRef, type_name: &str) -> bool {
        match self {
            Seen::Full(d) => d.type_name == type_name,
            Seen::Fast(_) => *obj.class().name() == *type_name,
        }
    }
}

/// One walk in progress. Its buffers are kept from step to step (cleared, not freed).
#[derive(Default)]
struct Walk {
    /// Object address to its position in `objs`; only ever looked up, never iterated.
    index: FxHashMap<usize, usize>,
    objs: Vec<PyObjectRef>,
    descs: Vec<Seen>,
    reachable: Vec<bool>,
    truncated: bool,
}

impl Walk {
    /// Drops the walk's references, keeping its buffers.
    fn clear(&mut self) {
        self.index.clear();
        self.objs.clear();
        self.descs.clear();
        self.reachable.clear();
    }
}

impl Heap {
    pub(crate) fn new(max_objects: usize, fast_path: bool) -> Self {
        Heap {
            max_objects,
            fast_path,
            next_id: 1,
            tracked: FxHashMap::default(),
            events: Vec::new(),
            gc: None,
            callback_codes: BTreeSet::new(),
            gen_frames: BTreeMap::new(),
            spare: Walk::default(),
        }
    }

    /// The id of an object seen at an earlier step.
    pub(crate) fn id_of(&self, obj: &PyObjectRef) -> Option<ObjId> {
        self.tracked.get(&obj.get_id()).map(|t| t.id)
    }

    /// Notes that `__del__` is running on `obj`; returns its id.
    pub(crate) fn note_del(&mut self, obj: &PyObjectRef) -> Option<ObjId> {
        let t = self.tracked.get_mut(&obj.get_id())?;
        t.del_ran = true;
        Some(t.id)
    }

    /// A collection started: remember which objects were garbage then.
    pub(crate) fn begin_gc(&mut self, pending: GcPending) {
        if self.gc.is_some() {
            return;
        }
        let found = self
            .tracked
            .values()
            .filter(|t| !t.reachable)
            .map(|t| t.id)
            .collect();
        self.gc = Some(GcInProgress {
            pending,
            found,
            freed: Vec::new(),
            finished: false,
        });
    }

    /// The collector's counters moved: the collection (begun or not) is over.
    pub(crate) fn end_gc(&mut self, pending: GcPending) {
        self.begin_gc(pending);
        if let Some(g) = &mut self.gc {
            g.finished = true;
        }
    }

    /// The generator whose frame is at `frame_addr`, as of the last snapshot.
    pub(crate) fn generator_of(&self, frame_addr: usize) -> Option<ObjId> {
        self.gen_frames.get(&frame_addr).copied()
    }

    /// True when `frame` runs a function registered as a weakref callback.
    pub(crate) fn is_weakref_callback(&self, frame: &FrameObjectRef) -> bool {
        self.callback_codes
            .contains(&frame.f_code().as_object().get_id())
    }

    /// Events found by the last snapshot; `line` is the line that was running.
    pub(crate) fn take_events(&mut self, line: u32) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.events);
        for e in &mut events {
            if let Event::Freed { line: l, .. } | Event::GcCollection { line: l, .. } = e {
                if *l == 0 {
                    *l = line;
                }
            }
        }
        events
    }

    fn visit(&mut self, vm: &VirtualMachine, walk: &mut Walk, start: PyObjectRef, reachable: bool) {
        let mut queue = vec![start];
        while let Some(obj) = queue.pop() {
            let addr = obj.get_id();
            if walk.index.contains_key(&addr) || is_inline(vm, &obj) {
                continue;
            }
            if walk.objs.len() >= self.max_objects {
                walk.truncated = true;
                return;
            }
            let (desc, children) = Seen::new(vm, &obj, self.fast_path);
            queue.extend(children.into_iter().rev());
            walk.index.insert(addr, walk.objs.len());
            walk.objs.push(obj);
            walk.descs.push(desc);
            walk.reachable.push(reachable);
        }
    }

    fn value(&self, vm: &VirtualMachine, walk: &Walk, obj: &PyObjectRef, ids: &[ObjId]) -> Value {
        if let Some((repr, type_name)) = inline_repr(vm, obj) {
            return Value::Inline { repr, type_name };
        }
        match walk.index.get(&obj.get_id()) {
            Some(&i) => Value::Ref { id: ids[i] },
            None => Value::Inline {
                repr: "…".into(),
                type_name: obj.class().name().to_string(),
            },
        }
    }

    /// A description's children as edges, consuming (so releasing) the references.
    fn edges(
        &self,
        vm: &VirtualMachine,
        walk: &Walk,
        children: Vec<Child>,
        ids: &[ObjId],
    ) -> Vec<Edge> {
        children
            .into_iter()
            .map(|(label, target, weak)| Edge {
                label,
                value: self.value(vm, walk, &target, ids),
                weak,
            })
            .collect()
    }

    /// Snapshots the user's stack and the heap.
    /// `intern` stores an object state and returns its index; the states of objects
    /// unchanged since the last step are not built again (see [`crate::fingerprint`]).
    pub(crate) fn snapshot(
        &mut self,
        vm: &VirtualMachine,
        stack: &[FrameObjectRef],
        frame_ids: &[u32],
        lines: &[u32],
        return_value: Option<&PyObjectRef>,
        intern: &mut dyn FnMut(ObjectState) -> u32,
    ) -> Snapshot {
        let mut walk = std::mem::take(&mut self.spare);
        // Roots, frame by frame, names in order of first binding.
        let mut frame_names: Vec<FrameRoots> = Vec::new();
        // Deep recursion: only the frames `is_listed` keeps.
        if stack.len() > MAX_FRAMES {
            walk.truncated = true;
        }
        let kept = stack
            .iter()
            .enumerate()
            .filter(|(depth, _)| is_listed(*depth, stack.len()));
        for (depth, f) in kept {
            let code = f.f_code();
            let function = code.obj_name.as_str().to_owned();
            let mut names = if depth == 0 && function == "<module>" {
                globals_of(vm, &f.f_globals())
            } else {
                locals_of(vm, f)
            };
            // A step lists at most MAX_LOCALS names per frame, and only those are roots:
            // a 10,000-line paste of assignments would otherwise store and walk 10,000
            // names at each of its 10,000 steps. Objects only those names hold are left
            // out like objects past the heap cap, and the step is marked truncated.
            if names.len() > MAX_LOCALS {
                names.truncate(MAX_LOCALS);
                walk.truncated = true;
            }
            let id = frame_ids.get(depth).copied().unwrap_or(0);
            let line = lines.get(depth).copied().unwrap_or(0);
            frame_names.push((id, function, line, names));
        }
        for (_, _, _, names) in &frame_names {
            for (_, v) in names {
                self.visit(vm, &mut walk, v.clone(), true);
            }
        }
        if let Some(rv) = return_value {
            self.visit(vm, &mut walk, rv.clone(), true);
        }
        // Objects seen before and not reached now: garbage if alive, freed otherwise. In
        // id order: the order garbage is walked in decides the ids of what it reaches.
        let mut missing: Vec<(ObjId, usize)> = self
            .tracked
            .iter()
            .filter(|(a, _)| !walk.index.contains_key(a))
            .map(|(&a, t)| (t.id, a))
            .collect();
        missing.sort_unstable();
        let missing: Vec<usize> = missing.into_iter().map(|(_, a)| a).collect();
        // With the roots truncated (names, frames), a missing object may just be held by
        // a root left out: keep tracking it, undrawn, rather than call it garbage.
        let mut carried = Vec::new();
        if !missing.is_empty() {
            for root in self.live_garbage(vm, &missing) {
                if walk.truncated {
                    let addr = root.get_id();
                    if let Some(t) = self.tracked.remove(&addr) {
                        carried.push((addr, t));
                    }
                } else {
                    self.visit(vm, &mut walk, root, false);
                }
            }
        }
        // While a collection runs (finalizers, weakref callbacks), the collector itself
        // holds the garbage it found: that is not a reference from the program.
        if self.gc.is_none() {
            keep_held_from_outside(&mut walk);
        }
        // Ids: keep old ones, give new objects the next sequential id in walk order.
        let mut ids = Vec::with_capacity(walk.objs.len());
        for (i, obj) in walk.objs.iter().enumerate() {
            let addr = obj.get_id();
            let desc = &walk.descs[i];
            let id = match self.tracked.get(&addr) {
                Some(t) if desc.is_type(obj, &t.type_name) => t.id,
                _ => {
                    let id = self.next_id;
                    self.next_id += 1;
                    id
                }
            };
            ids.push(id);
        }
        let frames = frame_names
            .iter()
            .map(|(id, function, line, names)| SnapFrame {
                id: *id,
                function: function.clone(),
                line: *line,
                locals: names
                    .iter()
                    .map(|(n, v)| Local {
                        name: n.clone(),
                        value: self.value(vm, &walk, v, &ids),
                    })
                    .collect(),
            })
            .collect();
        let rv_value = return_value.map(|rv| self.value(vm, &walk, rv, &ids));
        let rv_addr = return_value.map(|rv| rv.get_id());
        drop(frame_names);
        // Full descriptions' children become edges now, dropping their references.
        let descs: Vec<(Seen, Vec<Edge>)> = std::mem::take(&mut walk.descs)
            .into_iter()
            .map(|seen| match seen {
                Seen::Full(mut d) => {
                    let edges = self.edges(vm, &walk, std::mem::take(&mut d.children), &ids);
                    (Seen::Full(d), edges)
                }
                fast => (fast, Vec::new()),
            })
            .collect();
        // Now the walk holds exactly one reference to each object.
        let mut objects = Vec::with_capacity(walk.objs.len());
        let mut new_tracked =
            FxHashMap::with_capacity_and_hasher(walk.objs.len(), Default::default());
        let mut scratch = Vec::new();
        self.callback_codes.clear();
        self.gen_frames.clear();
        for (i, (obj, (seen, edges))) in walk.objs.iter().zip(descs).enumerate() {
            let addr = obj.get_id();
            let mut held = 1;
            if Some(addr) == rv_addr {
                // The return value is also held by the tracing machinery's argument tuple
                // and by our own copy of it.
                held += 2;
            }
            let strong = obj.strong_count();
            let old = self.tracked.remove(&addr).filter(|t| t.id == ids[i]);
            let list_len = match &seen {
                Seen::Full(d) => d.list_len,
                Seen::Fast(f) => (f.kind == FastKind::List).then_some(f.children.len() as u64),
            };
            let list_alloc = list_len.map(|len| list_allocation(old.as_ref(), len));
            let list_size =
                list_alloc.map(|(allocated, exact)| cpython_size(Shape::List { allocated, exact }));
            let refcount = refcount(strong, held);
            let reachable = walk.reachable[i];
            let weak = old
                .as_ref()
                .and_then(|t| t.weak.clone())
                .filter(|w| w.upgrade().is_some());
            let unweakable = old.as_ref().is_some_and(|t| t.unweakable);
            // A fast-path object whose fingerprint did not change keeps its state.
            let (desc, refs, fast_print) = match seen {
                Seen::Full(d) => (d, edges, None),
                Seen::Fast(f) => {
                    // Only a list's size depends on more than its content and length,
                    // which the fingerprint holds anyway.
                    let own = [
                        u64::from(ids[i]),
                        fingerprint_hash(&refcount),
                        fingerprint_hash(&list_size),
                        u64::from(reachable),
                    ];
                    fingerprint(vm, obj, &f, own, &mut scratch, |c_addr, inline, out| {
                        if inline {
                            // Singletons and immortal objects: the address names the value.
                            out.extend([1, c_addr as u64]);
                        } else if let Some(&j) = walk.index.get(&c_addr) {
                            out.extend([2, u64::from(ids[j])]);
                        } else {
                            out.push(3);
                        }
                    });
                    let same = old
                        .as_ref()
                        .and_then(|t| t.last.as_ref())
                        .is_some_and(|(print, _)| *print == scratch);
                    if same {
                        let mut t = old.expect("a last state comes from an old entry");
                        let last = t.last.take();
                        let index = last.as_ref().map_or(0, |(_, index)| *index);
                        let (weak, unweakable) = weak_ref(vm, obj, weak, unweakable);
                        new_tracked.insert(
                            addr,
                            Tracked {
                                weak,
                                unweakable,
                                gc_tracked: obj.is_gc_tracked(),
                                reachable,
                                list_alloc,
                                list_len,
                                last,
                                ..t
                            },
                        );
                        objects.push((ids[i], Ok(index), addr));
                        continue;
                    }
                    let mut d = describe(vm, obj);
                    let edges = self.edges(vm, &walk, std::mem::take(&mut d.children), &ids);
                    (d, edges, Some(std::mem::take(&mut scratch)))
                }
            };
            let size = list_size.unwrap_or_else(|| cpython_size(desc.shape));
            // A collection clears weak references before finalizers run, so an object
            // its `__del__` resurrected comes back with a dead one: make a fresh one, or
            // the object would later count as freed while it still lives.
            let (weak, unweakable) = if desc.kind == refscope_trace::ObjectKind::Weakref {
                (weak, false)
            } else {
                weak_ref(vm, obj, weak, unweakable)
            };
            if let Some(frame) = desc.gen_frame {
                self.gen_frames.insert(frame, ids[i]);
            }
            if desc.kind == refscope_trace::ObjectKind::Weakref {
                if let Some(cb) = obj
                    .get_attr("__callback__", vm)
                    .ok()
                    .filter(|c| !vm.is_none(c))
                {
                    if let Ok(code) = cb.get_attr("__code__", vm) {
                        self.callback_codes.insert(code.get_id());
                    }
                }
            }
            new_tracked.insert(
                addr,
                Tracked {
                    id: ids[i],
                    type_name: desc.type_name.clone(),
                    summary: desc.summary.clone(),
                    weak,
                    unweakable,
                    gc_tracked: desc.gc_tracked,
                    del_ran: old.as_ref().is_some_and(|t| t.del_ran),
                    reachable,
                    list_alloc,
                    list_len: desc.list_len,
                    last: None,
                },
            );
            let state = ObjectState {
                id: ids[i],
                type_name: desc.type_name,
                kind: desc.kind,
                summary: desc.summary,
                refcount,
                size,
                refs: refs.into(),
                reachable,
                file: desc.file,
                generator: desc.generator,
            };
            objects.push((ids[i], Err((state, fast_print)), addr));
        }
        // Interned in id order, as the states were before the fast path existed, so state
        // indices (and so traces) do not depend on which objects took it.
        objects.sort_by_key(|o| o.0);
        let objects = objects
            .into_iter()
            .map(|(id, state, addr)| match state {
                Ok(index) => (id, index),
                Err((state, print)) => {
                    let index = intern(state);
                    if let (Some(print), Some(t)) = (print, new_tracked.get_mut(&addr)) {
                        t.last = Some((print, index));
                    }
                    (id, index)
                }
            })
            .collect();
        walk.clear();
        // Whatever is left in `tracked` died since the last step. Report in id order:
        // the map is keyed by address, which differs from run to run.
        let mut dead: Vec<Tracked> = std::mem::take(&mut self.tracked).into_values().collect();
        dead.sort_by_key(|t| t.id);
        for t in dead {
            let by_gc = self.gc.as_mut().filter(|g| g.found.contains(&t.id));
            let (reason, line) = match by_gc {
                Some(g) => {
                    g.freed.push(t.id);
                    (FreeReason::GcCollected, g.pending.line)
                }
                None => (FreeReason::Refcount, 0),
            };
            self.events.push(Event::Freed {
                object: t.id,
                type_name: t.type_name,
                summary: t.summary,
                reason,
                del_ran: t.del_ran,
                line,
            });
        }
        if self.gc.as_ref().is_some_and(|g| g.finished) {
            let mut g = self.gc.take().expect("checked above");
            g.found.sort_unstable();
            g.freed.sort_unstable();
            self.events.insert(
                0,
                Event::GcCollection {
                    trigger: g.pending.trigger,
                    generation: g.pending.generation,
                    found: g.found,
                    freed: g.freed,
                    line: g.pending.line,
                },
            );
        }
        new_tracked.extend(carried);
        self.tracked = new_tracked;
        let truncated = walk.truncated;
        walk.truncated = false;
        self.spare = walk;
        Snapshot {
            frames,
            objects,
            return_value: rv_value,
            truncated,
        }
    }

    /// The missing objects that are still alive, in the order of `missing`.
    fn live_garbage(&mut self, vm: &VirtualMachine, missing: &[usize]) -> Vec<PyObjectRef> {
        let mut alive = Vec::new();
        let mut need_scan = BTreeSet::new();
        for addr in missing {
            let t = &self.tracked[addr];
            if let Some(o) = t.weak.as_ref().and_then(|w| w.upgrade()) {
                alive.push(o);
                continue;
            }
            // A collection clears weak references before it runs finalizers, so cycle
            // garbage with a dead weakref may still be alive (inside its `__del__`, or
            // resurrected by it): ask the collector. Reachable objects with a dead
            // weakref died by refcount; skipping them keeps the scan rare.
            if t.gc_tracked && (t.weak.is_none() || !t.reachable) {
                need_scan.insert(*addr);
            }
        }
        if !need_scan.is_empty() {
            for o in vm.state.gc.get_objects(None) {
                let addr = o.get_id();
                // Same address and same type: not a new object in a freed one's place.
                if need_scan.contains(&addr)
                    && self.tracked[&addr].type_name == o.class().name().to_string()
                {
                    alive.push(o);
                }
            }
        }
        alive
    }
}

/// Marks reachable the unreached objects that something outside the drawn graph still
/// references: the value stack of the running expression (the list a comprehension is
/// building, a call's arguments), which the walk cannot see. CPython's collector sees
/// those references and keeps such objects, so they are not garbage. Decided the way the
/// collector decides: an object whose refcount exceeds the references it gets from
/// other unreached objects is held from outside, and so is everything it reaches.
fn keep_held_from_outside(walk: &mut Walk) {
    if walk.truncated || walk.reachable.iter().all(|&r| r) {
        return;
    }
    let n = walk.objs.len();
    // References each object gets from unreached objects, plus the ones the walk itself
    // holds (full descriptions keep their children until they become edges).
    let mut counted = vec![1usize; n];
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, seen) in walk.descs.iter().enumerate() {
        let unreached = !walk.reachable[i];
        match seen {
            Seen::Full(d) => {
                for (_, child, weak) in &d.children {
                    if let Some(&j) = walk.index.get(&child.get_id()) {
                        counted[j] += 1;
                        if unreached && !weak {
                            counted[j] += 1;
                            kids[i].push(j);
                        }
                    }
                }
            }
            Seen::Fast(f) if unreached => {
                for &(addr, inline, _) in &f.children {
                    if let (false, Some(&j)) = (inline, walk.index.get(&addr)) {
                        counted[j] += 1;
                        kids[i].push(j);
                    }
                }
            }
            Seen::Fast(_) => {}
        }
    }
    let mut queue: Vec<usize> = (0..n)
        .filter(|&j| {
            let strong = walk.objs[j].strong_count();
            !walk.reachable[j] && strong < 1 << 30 && strong > counted[j]
        })
        .collect();
    while let Some(j) = queue.pop() {
        if !walk.reachable[j] {
            walk.reachable[j] = true;
            queue.extend(kids[j].iter().copied().filter(|&k| !walk.reachable[k]));
        }
    }
}

/// `obj`'s weak reference: the one it had if still alive, else a new one unless its type
/// takes none. Also whether it takes none.
fn weak_ref(
    vm: &VirtualMachine,
    obj: &PyObjectRef,
    had: Option<PyRef<rustpython_vm::builtins::PyWeak>>,
    unweakable: bool,
) -> (Option<PyRef<rustpython_vm::builtins::PyWeak>>, bool) {
    if had.is_some() || unweakable {
        return (had, unweakable);
    }
    match obj.downgrade(None, vm) {
        Ok(w) => (Some(w), false),
        Err(_) => (None, true),
    }
}

/// The program's globals in order of first binding: not dunders, not modules, and not
/// refscope's own prelude.
fn globals_of(vm: &VirtualMachine, globals: &PyRef<PyDict>) -> Vec<(String, PyObjectRef)> {
    // Walked entry by entry rather than through `items_vec()`: a 10,000-line paste has
    // 10,000 globals, and copying them all at each step to keep 101 cost quadratic time.
    let mut position = 0;
    std::iter::from_fn(|| {
        let (next, k, v) = globals.next_entry(position)?;
        position = next;
        Some((k, v))
    })
    .filter_map(|(k, v)| {
        let name = crate::recorder::py_str(vm, &k);
        let dunder = name.starts_with("__") && name.ends_with("__");
        let module = v
            .downcast_ref::<rustpython_vm::builtins::PyModule>()
            .is_some();
        (!dunder && !module).then_some((name, v))
    })
    .take(MAX_LOCALS + 1)
    .collect()
}

/// A function frame's locals, in `co_varnames` order (arguments first, then by first
/// appearance), which is the order of first binding for straight-line code.
fn locals_of(vm: &VirtualMachine, frame: &FrameObjectRef) -> Vec<(String, PyObjectRef)> {
    let Ok(locals) = frame.locals(vm) else {
        return Vec::new();
    };
    let Ok(dict) = locals.obj().to_owned().downcast::<PyDict>() else {
        return Vec::new();
    };
    dict.items_vec()
        .into_iter()
        .map(|(k, v)| (crate::recorder::py_str(vm, &k), v))
        // Class bodies bind `__module__`, `__qualname__` and friends; they are noise here.
        .filter(|(n, _)| !(n.starts_with("__") && n.ends_with("__")))
        .take(MAX_LOCALS + 1)
        .collect()
}

/// CPython's allocation for a list now `len` long, replayed from the last step's as
/// `list_resize` would grow or shrink it one element at a time, and whether it is exact.
fn list_allocation(old: Option<&Tracked>, len: u64) -> (u64, bool) {
    match old.and_then(|t| t.list_alloc) {
        Some((mut a, exact)) => {
            let prev = old.and_then(|t| t.list_len).unwrap_or(len);
            let mut n = prev;
            while n < len {
                n += 1;
                a = list_resize(a, n);
            }
            while n > len {
                n -= 1;
                a = list_resize(a, n);
            }
            (a, exact && len.abs_diff(prev) <= 1)
        }
        None if len == 0 => (0, true),
        None => ((len + 1) & !1, false),
    }
}

/// A value's place in a fingerprint.
fn fingerprint_hash(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// RustPython marks its own immortal objects (interned strings, static types) with a huge
/// count, as CPython 3.12+ does.
fn refcount(strong: usize, held: usize) -> Refcount {
    if strong >= 1 << 30 {
        Refcount::Immortal
    } else {
        Refcount::Counted {
            count: strong.saturating_sub(held) as u32,
        }
    }
}
