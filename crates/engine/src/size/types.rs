//! The layouts of CPython 3.13's types, recorded from CPython itself
//! (`data/cpython-3.13-types.txt`, made by `tests/cpython/record_sizes.py`): each type's
//! `__basicsize__` and `__itemsize__`, whether it has a GC header and a managed dict or
//! weakref (the bytes `sys.getsizeof` adds in front of the object), and whether it sizes
//! itself as `object.__sizeof__` does. With `layout`, the layout `type_new` gives a class
//! statement's class over such a type.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/cpython-3.13-types.txt");

/// 16 bytes: the `PyGC_Head`, and the managed dict and weakref pointers.
const HEADER: u64 = 16;

/// One type's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub basicsize: u64,
    pub itemsize: u64,
    pub gc: bool,
    pub managed: bool,
    /// Whether an instance is sized as `object.__sizeof__` sizes it.
    pub generic: bool,
    /// Whether it has a dict or a weakref slot of its own (not managed).
    pub dict: bool,
    pub weakref: bool,
    /// Whether its instances have a managed dict (a class statement's, over a base
    /// with none): the class then owns a shared keys table.
    pub managed_dict: bool,
}

impl Layout {
    /// What `sys.getsizeof` adds in front of the object (`_PyType_PreHeaderSize`).
    pub fn preheader(&self) -> u64 {
        HEADER * (u64::from(self.gc) + u64::from(self.managed))
    }

    /// `sys.getsizeof` of an instance sized as `object.__sizeof__` sizes it.
    pub fn generic_size(&self, ob_size: u64) -> u64 {
        self.basicsize + self.itemsize * ob_size + self.preheader()
    }
}

fn table() -> &'static BTreeMap<&'static str, Layout> {
    static PARSED: OnceLock<BTreeMap<&'static str, Layout>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut out = BTreeMap::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split(' ').collect();
            let [name, basic, item, gc, managed, dict, weakref, sizeof] = f.as_slice() else {
                continue;
            };
            let (Ok(basicsize), Ok(itemsize)) = (basic.parse(), item.parse()) else {
                continue;
            };
            out.insert(
                *name,
                Layout {
                    basicsize,
                    itemsize,
                    gc: *gc == "G",
                    managed: *managed == "M",
                    generic: *sizeof == "object",
                    dict: *dict == "D",
                    weakref: *weakref == "W",
                    managed_dict: false,
                },
            );
        }
        out
    })
}

/// The types RustPython names otherwise than CPython 3.13 (`module.qualname`).
const RENAMED: &[(&str, &str)] = &[
    ("builtins.str_iterator", "builtins.str_ascii_iterator"),
    ("builtins.weakref", "weakref.ReferenceType"),
    ("weakref.weakproxy", "weakref.ProxyType"),
    ("weakref.weakcallableproxy", "weakref.CallableProxyType"),
    ("_weakref.ReferenceType", "weakref.ReferenceType"),
    ("_thread.lock", "_thread.lock"),
];

/// The layout CPython 3.13 gives the type RustPython calls `name` (`module.qualname`).
pub fn layout_of(name: &str) -> Option<Layout> {
    let name = (RENAMED.iter())
        .find(|(r, _)| *r == name)
        .map_or(name, |(_, c)| c);
    table().get(name).copied()
}

/// One class statement's class in an instance's class's MRO, base first: its
/// `__slots__` names other than `__dict__` and `__weakref__` (`None`: no `__slots__`),
/// and whether `__slots__` names those two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layer {
    pub slots: Option<u64>,
    pub dict: bool,
    pub weakref: bool,
}

/// The layout `type_new` gives a class made of `layers` over the builtin type `root`
/// (`Objects/typeobject.c` `type_new_descriptors`, `type_ready_managed_dict`, 3.13):
/// each class adds a pointer per slot, and a managed dict (even over a var-sized base)
/// and a managed weakref (only over a fixed-size one) where no base has them.
pub fn layout(root: Layout, layers: &[Layer]) -> Layout {
    let mut l = root;
    let mut has_dict = root.dict || root.managed;
    let mut has_weak = root.weakref || root.managed;
    for layer in layers {
        l.gc = true;
        l.basicsize += 8 * layer.slots.unwrap_or(0);
        let want_dict = layer.slots.is_none() || layer.dict;
        let want_weak = layer.slots.is_none() || layer.weakref;
        if want_dict && !has_dict {
            l.managed = true;
            l.managed_dict = true;
            has_dict = true;
        }
        if want_weak && !has_weak && l.itemsize == 0 {
            l.managed = true;
            has_weak = true;
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sizes measured on CPython 3.13.0 (the table's own examples).
    #[test]
    fn fixed_size_types_and_classes() {
        let size = |n: &str| layout_of(n).map(|l| l.generic_size(0));
        assert_eq!(size("builtins.list_iterator"), Some(48));
        assert_eq!(size("functools.partial"), Some(80));
        assert_eq!(size("builtins.zip"), Some(64));
        assert_eq!(size("builtins.weakref"), Some(80));
        let object = layout_of("builtins.object").expect("object");
        let plain = Layer {
            slots: None,
            dict: false,
            weakref: false,
        };
        assert_eq!(layout(object, &[plain]).generic_size(0), 48);
        let two = Layer {
            slots: Some(2),
            dict: false,
            weakref: false,
        };
        assert_eq!(layout(object, &[two]).generic_size(0), 48);
        let keyed = layout_of("weakref.ReferenceType").expect("weakref");
        let key = Layer {
            slots: Some(1),
            dict: false,
            weakref: false,
        };
        assert_eq!(layout(keyed, &[key]).generic_size(0), 88);
    }
}
