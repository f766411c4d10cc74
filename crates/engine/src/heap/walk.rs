//! Phase two of a snapshot, the walk: every object reached from the roots (and, later,
//! from live garbage), each seen once, through the fast path or described in full.

use refscope_trace::{Edge, ObjId, Value};
use rustc_hash::FxHashMap;
use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};

use crate::describe::{describe, inline_repr, is_inline, Child, Desc};
use crate::fingerprint::{fast, Fast};
use crate::prelude::Prelude;
use crate::read;

/// How the walk saw an object: described in full, or through the fast path (described
/// later only if its fingerprint changed).
pub(super) enum Seen {
    Full(Desc),
    Fast(Fast),
}

impl Seen {
    /// How the walk sees `obj`, and the children it must follow.
    fn new(
        vm: &VirtualMachine,
        prelude: &Prelude,
        obj: &PyObjectRef,
        fast_path: bool,
    ) -> (Seen, Vec<PyObjectRef>) {
        match fast(vm, obj).filter(|_| fast_path) {
            Some((f, children)) => (Seen::Fast(f), children),
            None => {
                let d = describe(vm, prelude, obj);
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
    pub(super) fn is_type(&self, obj: &PyObjectRef, type_name: &str) -> bool {
        match self {
            Seen::Full(d) => d.type_name == type_name,
            Seen::Fast(_) => read::type_name(obj) == type_name,
        }
    }
}

/// One walk in progress. Its buffers are kept from step to step (cleared, not freed).
#[derive(Default)]
pub(super) struct Walk {
    /// Object address to its position in `objs`; only ever looked up, never iterated.
    pub index: FxHashMap<usize, usize>,
    pub objs: Vec<PyObjectRef>,
    pub descs: Vec<Seen>,
    pub reachable: Vec<bool>,
    pub truncated: bool,
    /// References the walk met to each str RustPython keeps immortal (a binding or an
    /// edge each), by address: RustPython counts none of them (see `str_refs`).
    pub immortal_refs: FxHashMap<usize, usize>,
    /// The program's constants RustPython made twice, each other copy by address with
    /// the one the walk meets instead (see `constants`).
    pub canonical: std::rc::Rc<FxHashMap<usize, PyObjectRef>>,
    /// References the walk met to each function (a binding or an edge each), by
    /// address: a library function's others are its library's (see `library`).
    pub function_refs: FxHashMap<usize, usize>,
}

impl Walk {
    /// Drops the walk's references, keeping its buffers.
    pub fn clear(&mut self) {
        self.index.clear();
        self.objs.clear();
        self.descs.clear();
        self.reachable.clear();
        self.immortal_refs.clear();
        self.function_refs.clear();
    }

    /// Walks everything `start` reaches that the walk has not seen, up to `max` objects.
    pub fn visit(
        &mut self,
        vm: &VirtualMachine,
        prelude: &Prelude,
        (max, fast_path): (usize, bool),
        start: PyObjectRef,
        reachable: bool,
    ) {
        let mut queue = vec![start];
        while let Some(obj) = queue.pop() {
            let obj = match self.canonical.get(&obj.get_id()) {
                Some(c) => c.clone(),
                None => obj,
            };
            let addr = obj.get_id();
            let seen = self.index.contains_key(&addr);
            if !seen && is_inline(vm, &obj) {
                continue;
            }
            // Every object popped is one reference met: a root's binding or an edge. Only
            // interned strings need counting (see `str_refs`); small ints are inline.
            let class = obj.class();
            if class.is(vm.ctx.types.str_type) && read::is_immortal(&obj) {
                *self.immortal_refs.entry(addr).or_default() += 1;
            } else if class.is(vm.ctx.types.function_type)
                || class.is(vm.ctx.types.builtin_function_or_method_type)
            {
                *self.function_refs.entry(addr).or_default() += 1;
            }
            if seen {
                continue;
            }
            if self.objs.len() >= max {
                self.truncated = true;
                return;
            }
            let (desc, children) = Seen::new(vm, prelude, &obj, fast_path);
            queue.extend(children.into_iter().rev());
            self.index.insert(addr, self.objs.len());
            self.objs.push(obj);
            self.descs.push(desc);
            self.reachable.push(reachable);
        }
    }

    /// How an edge or a binding shows `obj`: inline, or a reference to its id.
    pub fn value(&self, vm: &VirtualMachine, obj: &PyObjectRef, ids: &[ObjId]) -> Value {
        if let Some((repr, type_name)) = inline_repr(vm, obj) {
            return Value::Inline { repr, type_name };
        }
        match self.slot(obj.get_id()) {
            Some(i) => Value::Ref { id: ids[i] },
            None => Value::Inline {
                repr: "…".into(),
                type_name: read::type_name(obj),
            },
        }
    }

    /// The walk's position of the object at `addr`, or of the one it stands for (see
    /// `canonical`).
    pub fn slot(&self, addr: usize) -> Option<usize> {
        match self.index.get(&addr) {
            Some(&i) => Some(i),
            None => (self.canonical.get(&addr)).and_then(|c| self.index.get(&c.get_id()).copied()),
        }
    }

    /// A description's children as edges, consuming (so releasing) the references.
    pub fn edges(&self, vm: &VirtualMachine, children: Vec<Child>, ids: &[ObjId]) -> Vec<Edge> {
        children
            .into_iter()
            .map(|(label, target, weak)| Edge {
                label,
                value: self.value(vm, &target, ids),
                weak,
            })
            .collect()
    }
}
