//! The size facts of one object: its class's layout from CPython 3.13's type table
//! (`size::types`), built up from the builtin type at its root as `type_new` builds a
//! class statement's class, and what that makes of a fixed-size object or of a
//! container subclass.

use rustpython_vm::{PyObject, VirtualMachine};

use crate::read;
use crate::size::types::{layout, layout_of, Layer, Layout};
use crate::size::Shape;

/// The layout CPython 3.13 gives `obj`'s class, if the table has its root type.
pub(super) fn class_layout(vm: &VirtualMachine, obj: &PyObject) -> Option<Layout> {
    instances_layout(vm, obj.class())
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
