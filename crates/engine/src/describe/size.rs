//! The size facts of one object: its class's layout from CPython 3.13's type table
//! (`size::types`), built up from the builtin type at its root as `type_new` builds a
//! class statement's class, and what that makes of a fixed-size object or of a
//! container subclass.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use rustpython_vm::{AsObject, PyObject, VirtualMachine};

use crate::read;
use crate::size::types::{layout, layout_of, Layer, Layout};
use crate::size::Shape;

thread_local! {
    /// While a snapshot describes objects: the layouts of the classes it met, by
    /// address. Building one reads the class's MRO, module and slots, once per class
    /// instead of once per object. A class outlives every snapshot that reaches an
    /// instance of it, so its address names it until the snapshot ends (`None` outside).
    static LAYOUTS: RefCell<Option<FxHashMap<usize, Option<Layout>>>> =
        const { RefCell::new(None) };
}

/// A snapshot starts (`true`) or ends describing objects: the layouts met are kept for
/// its duration only.
pub(crate) fn remember_layouts(on: bool) {
    LAYOUTS.with(|l| *l.borrow_mut() = on.then(FxHashMap::default));
}

/// The layout CPython 3.13 gives `obj`'s class, if the table has its root type.
pub(crate) fn class_layout(vm: &VirtualMachine, obj: &PyObject) -> Option<Layout> {
    let cls = obj.class();
    let addr = cls.as_object().get_id();
    let known = LAYOUTS.with(|l| l.borrow().as_ref().and_then(|m| m.get(&addr).copied()));
    if let Some(layout) = known {
        return layout;
    }
    let layout = instances_layout(vm, cls);
    LAYOUTS.with(|l| {
        if let Some(m) = l.borrow_mut().as_mut() {
            m.insert(addr, layout);
        }
    });
    layout
}

/// The layout CPython 3.13 gives the instances of `cls`.
pub(crate) fn instances_layout(
    vm: &VirtualMachine,
    cls: &rustpython_vm::Py<rustpython_vm::builtins::PyType>,
) -> Option<Layout> {
    let (root, chain) = read::class_chain(vm, cls);
    let layers: Vec<Layer> = (chain.iter())
        .map(|c| Layer {
            slots: c.names,
            dict: c.dict,
            weakref: c.weakref,
        })
        .collect();
    Some(layout(layout_of(&root)?, &layers))
}

/// A fixed-size object's shape: sized as `object.__sizeof__` sizes it (`ob_size` items),
/// or `Other` where its type sizes itself some other way or the table lacks it.
pub(super) fn fixed(vm: &VirtualMachine, obj: &PyObject, ob_size: u64) -> Shape {
    match class_layout(vm, obj) {
        Some(l) if l.generic => Shape::Fixed {
            bytes: l.generic_size(ob_size),
        },
        _ => Shape::Other,
    }
}

/// The bytes an instance of a subclass of the container type `base` (`builtins.dict`)
/// has beyond a plain one: a C subclass's own fields (`defaultdict`'s factory), a class
/// statement's managed dict.
pub(super) fn container_extra(vm: &VirtualMachine, obj: &PyObject, base: &str) -> u64 {
    let (Some(l), Some(b)) = (class_layout(vm, obj), layout_of(base)) else {
        return 0;
    };
    (l.basicsize + l.preheader()).saturating_sub(b.basicsize + b.preheader())
}
