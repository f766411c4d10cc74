//! Heap snapshots with stable identity, and the frees and garbage found between them.
//!
//! A snapshot runs in phases, one module each: the roots (`roots`: the learner's frames
//! and names), the walk from them (`walk`), reachability (`reach`: what no root reaches
//! but is still alive), the objects' states (`state`: ids, refcounts, sizes, the fast
//! path) and their lifecycle (`lifecycle`: what died since the last step, by refcount or
//! by the collector).
//!
//! Refcounts are read once the walk holds exactly one reference to every object it found
//! and nothing else, so `strong_count() - 1` is what the program itself holds.
//!
//! No strong reference to a program object survives between steps (that would keep
//! objects alive and change when `__del__` runs): identity between steps is by address
//! plus a Rust weak reference where the type allows one. A freed object whose address is
//! reused by a new object of the same type before the next step would keep its id.

mod constants;
mod generations;
mod kept_callbacks;
mod library;
mod lifecycle;
mod query;
mod reach;
mod roots;
mod state;
mod str_refs;
mod walk;

pub(crate) use generations::{is_atom, Collector, OLDEST};
pub(crate) use query::Garbage;
pub(crate) use roots::is_listed;

use std::collections::{BTreeMap, BTreeSet};

use refscope_trace::{Event, GcTrigger, Local, ObjId, ObjectState, Value};
use rustc_hash::FxHashMap;
use rustpython_vm::builtins::PyWeak;
use rustpython_vm::frame::FrameObjectRef;
use rustpython_vm::{AsObject, PyObject, PyObjectRef, PyRef, VirtualMachine};

use crate::prelude::Prelude;
use refscope_source::interned::Interned;
use walk::Walk;

/// A collection noticed but not yet attributed to the objects it freed.
pub(crate) struct GcPending {
    pub trigger: GcTrigger,
    pub generation: u32,
    pub line: u32,
}

/// A collection that started (and maybe finished) since the last step.
struct GcInProgress {
    pending: GcPending,
    /// Ids that were cycle garbage when it started.
    found: Vec<ObjId>,
    freed: Vec<ObjId>,
    finished: bool,
}

/// What the heap remembers of an object between steps (no strong reference).
struct Tracked {
    id: ObjId,
    type_name: String,
    summary: String,
    weak: Option<PyRef<PyWeak>>,
    /// Its type takes no weak reference (an int, a list): not asked again at every step,
    /// where each refusal raised a TypeError inside the VM.
    unweakable: bool,
    gc_tracked: bool,
    del_ran: bool,
    reachable: bool,
    /// A list's, dict's, set's or bytearray's allocation, replayed from step to step.
    growth: Option<crate::size::growth::Growth>,
    /// For fast-path objects: the fingerprint and interned index of the last state.
    last: Option<(Vec<u64>, u32)>,
    /// What CPython 3.13's collector would know of it (see `generations`).
    collector: Collector,
    /// The references RustPython's constant tables hold to it beyond CPython 3.13's
    /// (negative: fewer), decided at first sight (see `Heap::constant_facts`).
    const_delta: i32,
    /// CPython keeps it all run long (one of the program's constants, or immortal): it
    /// is never reported freed.
    kept: bool,
    /// A str's text, hashed: a str freed and another made at its address between two
    /// steps is a new object, which neither its type nor a weak reference tells.
    text: Option<u64>,
}

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

/// Objects the interpreter itself holds references to while it runs a protocol method,
/// beyond CPython's, by address (see `vm_held`).
#[derive(Default, Clone)]
pub(crate) struct HeldByVm {
    /// The references to take off each object's count (negative: to add).
    pub delta: BTreeMap<usize, isize>,
    /// Objects whose difference is only estimated: their count is shown approximate.
    pub approximate: BTreeSet<usize>,
}

pub(crate) struct Heap {
    max_objects: usize,
    /// Whether fast-path objects may be seen through `fingerprint::fast` (off only in
    /// tests).
    fast_path: bool,
    prelude: Prelude,
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
    /// The callback of the heap's own weak references: a native no-op. A weak reference
    /// with a callback is never the one `weakref.ref(x)` hands the program, so the
    /// program's weakrefs stay its own (their refcounts, `getweakrefcount`).
    weak_callback: PyObjectRef,
    /// The last walk's emptied buffers.
    spare: Walk,
    /// How CPython 3.13 counts the strings RustPython interns, for this program.
    interned: Interned,
    verdicts: str_refs::Verdicts,
    /// How the line that just ran can have made a container (see `size::growth`).
    pub(crate) made: crate::size::growth::Made,
    /// Per frame of the stack: whether it runs inside a `with` statement, so its value
    /// stack may hold a manager (see `str_refs::count_with_managers`).
    pub(crate) in_with: Vec<bool>,
    /// The oldest generation an explicit collection examined since the last snapshot.
    promotion: Option<u8>,
    /// Callbacks of weakrefs the collector cleared, which CPython keeps.
    kept_callbacks: kept_callbacks::KeptCallbacks,
    /// The last snapshot's references to strings CPython counts (see `str_refs`).
    last_str_refs: FxHashMap<usize, (usize, refscope_source::interned::StrCount)>,
    /// The program's constants (see `constants`).
    constants: constants::Constants,
    /// Per class (by address), how many of its instances the heap has seen: CPython
    /// sizes a materialised `__dict__` by how many the class has made.
    instances_made: FxHashMap<usize, u64>,
    /// The program's module code (alive all run anyway, held by its frame and function).
    program_code: Option<PyRef<rustpython_vm::builtins::PyCode>>,
    /// How many explicit collections have run.
    collections: u32,
}

impl Heap {
    pub(crate) fn new(
        vm: &VirtualMachine,
        prelude: Prelude,
        max_objects: usize,
        fast_path: bool,
        interned: Interned,
    ) -> Self {
        let weak_callback = vm
            .new_function(
                "_refscope_forget",
                |_: rustpython_vm::function::FuncArgs| {},
            )
            .into();
        Heap {
            max_objects,
            fast_path,
            prelude,
            next_id: 1,
            tracked: FxHashMap::default(),
            events: Vec::new(),
            gc: None,
            callback_codes: BTreeSet::new(),
            gen_frames: BTreeMap::new(),
            weak_callback,
            spare: Walk::default(),
            interned,
            verdicts: Default::default(),
            last_str_refs: FxHashMap::default(),
            constants: Default::default(),
            instances_made: FxHashMap::default(),
            program_code: None,
            collections: 0,
            kept_callbacks: Default::default(),
            promotion: None,
            made: Default::default(),
            in_with: Vec::new(),
        }
    }

    /// Reads the constants the program's code objects hold (the module's code holds
    /// every other): they live as long as the code does (see `constants`).
    pub(crate) fn note_program_code(
        &mut self,
        vm: &VirtualMachine,
        code: &rustpython_vm::Py<rustpython_vm::builtins::PyCode>,
    ) {
        self.constants = constants::Constants::new(vm, code, &self.interned);
        self.program_code = Some(code.to_owned());
    }

    /// For an object first seen: what to take off its strong count for the program's
    /// constants (see `constants::Constants::adjustment`; a group member's is worked out
    /// again at every step), and whether CPython keeps it all run (a constant, or
    /// immortal).
    fn constant_facts(&self, vm: &VirtualMachine, obj: &rustpython_vm::PyObject) -> (i32, bool) {
        if crate::read::is_immortal(obj) {
            return (0, true);
        }
        let adjust = self.constants.adjustment(vm, obj, &self.interned);
        (adjust as i32, self.constants.is_constant(obj))
    }

    /// For an object first seen: `constant_facts`, or for a library function, its
    /// library's references in RustPython replaced by CPython's (see `library`):
    /// `unexplained` is its count less the walk's own reference and the interpreter's
    /// holds, `met` the references the walk met.
    fn first_sight_facts(
        &self,
        vm: &VirtualMachine,
        obj: &rustpython_vm::PyObject,
        unexplained: isize,
        met: usize,
    ) -> (i32, bool) {
        let facts = self.constant_facts(vm, obj);
        if facts != (0, false) {
            return facts;
        }
        let Some((module, qual)) = crate::read::library_function(vm, obj) else {
            return facts;
        };
        match library::cpython_refs(&module, &qual, self.interned.imports()) {
            Some(cp) => ((unexplained - met as isize - cp as isize) as i32, false),
            None => facts,
        }
    }

    /// What the program's constants change of `obj`'s strong count, for
    /// `sys.getrefcount`.
    pub(crate) fn constant_hold(
        &self,
        vm: &VirtualMachine,
        obj: &rustpython_vm::PyObject,
    ) -> isize {
        self.constants.adjustment(vm, obj, &self.interned)
    }

    /// The id of an object seen at an earlier step.
    pub(crate) fn id_of(&self, obj: &PyObject) -> Option<ObjId> {
        self.tracked.get(&obj.get_id()).map(|t| t.id)
    }

    /// The id of the object at `addr`, if the program made it: ids are given in the
    /// order the program's objects appear, which the collector's lists follow.
    pub(crate) fn id_at(&self, addr: usize) -> Option<ObjId> {
        self.tracked.get(&addr).map(|t| t.id)
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
        // An explicit collection of a younger generation examines only that far.
        let examined = match pending.trigger {
            GcTrigger::Explicit => pending.generation.min(u32::from(OLDEST)) as u8,
            _ => OLDEST,
        };
        let found = (self.tracked.values())
            .filter(|t| !t.reachable && t.collector.generation <= examined)
            .map(|t| t.id)
            .collect();
        self.gc = Some(GcInProgress {
            pending,
            found,
            freed: Vec::new(),
            finished: false,
        });
    }

    /// The exit's last collection began: with the globals dict garbage, everything it
    /// reached is garbage of this collection too, not only what was unreachable before.
    pub(crate) fn add_collection_garbage(&mut self, objects: &[PyObjectRef]) {
        // Only what the collector tracks (a str or an int is never its garbage).
        let ids: Vec<ObjId> = (objects.iter())
            .filter_map(|o| self.tracked.get(&o.get_id()))
            .filter(|t| t.gc_tracked)
            .map(|t| t.id)
            .collect();
        if let Some(g) = &mut self.gc {
            for id in ids {
                if !g.found.contains(&id) {
                    g.found.push(id);
                }
            }
        }
    }

    /// The collector's counters moved: the collection (begun or not) is over.
    pub(crate) fn end_gc(&mut self, pending: GcPending) {
        self.begin_gc(pending);
        if let Some(g) = &mut self.gc {
            g.finished = true;
        }
    }

    /// Whether a collection is running (begun and not yet attributed to its frees).
    pub(crate) fn collecting(&self) -> bool {
        self.gc.is_some()
    }

    /// Whether `id` was garbage when the running collection began.
    fn is_collected_garbage(&self, id: ObjId) -> bool {
        self.gc.as_ref().is_some_and(|g| g.found.contains(&id))
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

    /// Snapshots the user's stack and the heap. `intern` stores an object state and
    /// returns its index; the states of objects unchanged since the last step are not
    /// built again (see [`crate::fingerprint`]). `held` are the references the VM holds
    /// that CPython's interpreter would not (or would, where RustPython does not).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn snapshot(
        &mut self,
        vm: &VirtualMachine,
        stack: &[FrameObjectRef],
        frame_ids: &[u32],
        lines: &[u32],
        return_value: Option<&PyObjectRef>,
        held: &HeldByVm,
        intern: &mut dyn FnMut(ObjectState) -> u32,
    ) -> Snapshot {
        crate::describe::remember_layouts(true);
        let mut walk = std::mem::take(&mut self.spare);
        walk.canonical = self.constants.canonical.clone();
        let limits = (self.max_objects, self.fast_path);
        let (roots, truncated) = roots::roots(vm, stack, frame_ids, lines);
        walk.truncated |= truncated;
        for root in &roots {
            for (_, v) in &root.names {
                walk.visit(vm, &self.prelude, limits, v.clone(), true);
            }
        }
        if let Some(rv) = return_value {
            walk.visit(vm, &self.prelude, limits, rv.clone(), true);
        }
        let carried = self.walk_garbage(vm, &mut walk);
        // After the garbage walk: what it reached counts its references itself.
        self.count_unseen_strs(vm, stack, &roots, &mut walk);
        let adjusted = self.restore_kept_callbacks(vm, (stack, &mut walk), held);
        let held = adjusted.as_ref().unwrap_or(held);
        // While a collection runs (finalizers, weakref callbacks), the collector itself
        // holds the garbage it found: that is not a reference from the program. One that
        // is over (an automatic one noticed from the counters) holds nothing: objects held
        // from outside the drawn graph stay alive as at any other step.
        let running = self.gc.as_ref().is_some_and(|g| !g.finished);
        if !running {
            reach::keep_held_from_outside(&mut walk);
        }
        let ids = self.assign_ids(&walk);
        let frames = roots
            .iter()
            .map(|r| SnapFrame {
                id: r.id,
                function: r.function.clone(),
                line: r.line,
                locals: r
                    .names
                    .iter()
                    .map(|(n, v)| Local {
                        name: n.clone(),
                        value: walk.value(vm, v, &ids),
                    })
                    .collect(),
            })
            .collect();
        let rv_value = return_value.map(|rv| walk.value(vm, rv, &ids));
        let rv_addr = return_value.map(|rv| rv.get_id());
        let constants = &self.constants;
        let is_constant = |o: &rustpython_vm::PyObject| constants.is_constant(o);
        let str_refs =
            str_refs::str_refs(vm, &walk, &self.interned, &mut self.verdicts, &is_constant);
        drop(roots);
        let (objects, new_tracked) =
            self.states(vm, &mut walk, &ids, (rv_addr, &str_refs), held, intern);
        crate::describe::remember_layouts(false);
        walk.clear();
        self.last_str_refs = str_refs;
        self.settle(new_tracked, carried);
        self.apply_promotion();
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

    /// Objects seen before and not reached now: the live ones are walked as garbage (the
    /// rest died). In id order: the order garbage is walked in decides the ids of what it
    /// reaches. With the roots truncated (names, frames), a missing object may just be
    /// held by a root left out: it is kept tracked, undrawn, and returned.
    fn walk_garbage(&mut self, vm: &VirtualMachine, walk: &mut Walk) -> Vec<(usize, Tracked)> {
        let mut missing: Vec<(ObjId, usize)> = self
            .tracked
            .iter()
            .filter(|(a, _)| !walk.index.contains_key(a))
            .map(|(&a, t)| (t.id, a))
            .collect();
        missing.sort_unstable();
        let missing: Vec<usize> = missing.into_iter().map(|(_, a)| a).collect();
        let mut carried = Vec::new();
        // A constant no name reaches is not garbage: its code object holds it, alive and
        // undrawn, with its id kept for when a name takes it again.
        let (kept, missing): (Vec<usize>, Vec<usize>) =
            missing.into_iter().partition(|a| self.tracked[a].kept);
        for addr in kept {
            if let Some(t) = self.tracked.remove(&addr) {
                carried.push((addr, t));
            }
        }
        if missing.is_empty() {
            return carried;
        }
        let limits = (self.max_objects, self.fast_path);
        for root in self.live_garbage(vm, &missing) {
            let addr = root.get_id();
            if !walk.truncated {
                walk.visit(vm, &self.prelude, limits, root, false);
            }
            // Past the heap's cap (reached before, or by this very object) it is alive but
            // undrawn: kept tracked, not reported freed.
            if !walk.index.contains_key(&addr) {
                if let Some(t) = self.tracked.remove(&addr) {
                    carried.push((addr, t));
                }
            }
        }
        carried
    }

    /// Ids: old ones kept, new objects given the next sequential id in walk order.
    fn assign_ids(&mut self, walk: &Walk) -> Vec<ObjId> {
        // A str's text tells it from another made at its address (`Tracked::text`).
        let mut ids = Vec::with_capacity(walk.objs.len());
        for (obj, desc) in walk.objs.iter().zip(&walk.descs) {
            let id = match self.tracked.get(&obj.get_id()) {
                Some(t) if desc.is_type(obj, &t.type_name) && t.text == text_hash(obj) => t.id,
                _ => {
                    let id = self.next_id;
                    self.next_id += 1;
                    id
                }
            };
            ids.push(id);
        }
        ids
    }
}

/// The hash of a str's text (see `Tracked::text`).
fn text_hash(obj: &rustpython_vm::PyObject) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let s = obj.downcast_ref::<rustpython_vm::builtins::PyStr>()?;
    let mut h = rustc_hash::FxHasher::default();
    s.as_wtf8().as_bytes().hash(&mut h);
    Some(h.finish())
}
