//! The model of `sys.getsizeof` on 64-bit CPython 3.13, generated from CPython itself.
//!
//! RustPython's own `sys.getsizeof` differs for every type, so the trace never shows it.
//! Each object is described by a [`Shape`] and sized with CPython 3.13's layouts, which
//! `tests/cpython/record_sizes.py` records from CPython (`types`: every type's basic and
//! item size, GC header and managed dict; `layout` for the classes a program makes), and
//! its growth rules (`growth`: lists, dicts, sets and bytearrays, whose size depends on
//! their history, replayed step by step by the heap). `tests/engine/sizes.rs` runs every
//! sample the script recorded through the engine and requires CPython's figure.
//!
//! Where CPython's figure depends on history the recorder cannot see (a generator's value
//! stack, which RustPython's compiler sizes its own way) the size is
//! [`Size::Approximate`]; where there is no model at all it is [`Size::NotModelled`].

pub mod growth;
pub mod types;

use refscope_trace::Size;

/// What the model needs to know about an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An int with this many significant bits in its absolute value.
    Int {
        bits: u64,
    },
    Bool,
    NoneType,
    Float,
    Complex,
    /// A str of `len` code points whose largest code point is `max_char`.
    Str {
        len: u64,
        max_char: u32,
    },
    Bytes {
        len: u64,
    },
    Tuple {
        len: u64,
    },
    /// A size read off the type's layout (`types`), already worked out.
    Fixed {
        bytes: u64,
    },
    /// A size worked out from what the step shows, where CPython's depends on more.
    Estimated {
        bytes: u64,
    },
    /// A generator whose frame has `frame_slots` slots: its locals, cells and free
    /// variables, and its value stack.
    Generator {
        frame_slots: u64,
    },
    /// A list, dict, set or bytearray: its size is its history's (`growth`), which the
    /// heap keeps.
    Grown,
    Other,
}

/// 16 bytes: the `PyGC_Head` that `sys.getsizeof` adds for GC-tracked objects.
const GC: u64 = 16;

/// CPython's `sys.getsizeof` for an object of this shape.
pub fn cpython_size(shape: Shape) -> Size {
    use Shape::*;
    let exact = |bytes| Size::Exact { bytes };
    match shape {
        Int { bits } => exact(24 + 4 * bits.div_ceil(30).max(1)),
        Bool => exact(28),
        NoneType => exact(16),
        Float => exact(24),
        Complex => exact(32),
        Str { len, max_char } => exact(str_size(len, max_char)),
        Bytes { len } => exact(33 + len),
        Tuple { len } => exact(24 + GC + 8 * len),
        Fixed { bytes } => exact(bytes),
        Estimated { bytes } => Size::Approximate { bytes },
        // Objects/genobject.c `gen_sizeof`: the generator with its frame up to the
        // slots (144), the slots, and the GC header. Approximate because the stack depth
        // is RustPython's compiler's: it is CPython's for loops and try, one more in a
        // `with` block.
        Generator { frame_slots } => Size::Approximate {
            bytes: 144 + GC + 8 * frame_slots,
        },
        Grown | Other => Size::NotModelled,
    }
}

/// `unicode_sizeof` for an exact str: the compact ASCII or compact object, its data
/// with the NUL, and the UTF-8 copy CPython 3.13 keeps for the one-character Latin-1
/// strings it makes once and shares (`'é'` is 61 bytes, however it was made). Longer
/// non-ASCII strings cache their UTF-8 form only when a class is named with them.
fn str_size(len: u64, max_char: u32) -> u64 {
    let kind = match max_char {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        _ => 4,
    };
    match max_char {
        0..=0x7f => 40 + len + 1,
        0x80..=0xff if len == 1 => 56 + 2 + 3,
        _ => 56 + (len + 1) * kind,
    }
}

/// `size` with `extra` bytes more (a container subclass's own).
pub fn with_extra(size: Size, extra: u64) -> Size {
    match size {
        Size::Exact { bytes } => Size::Exact {
            bytes: bytes + extra,
        },
        Size::Approximate { bytes } => Size::Approximate {
            bytes: bytes + extra,
        },
        Size::NotModelled => Size::NotModelled,
    }
}

/// `sys.getsizeof` of a `collections.deque` of `len` items: 216 bytes of deque and the
/// GC header, and 64-slot blocks of 528 bytes. Where its first item sits in the first
/// block depends on how it was filled (appended: the middle; extended from empty: the
/// start); both fit up to 31 items in one block, so only longer deques are estimates
/// (`Modules/_collectionsmodule.c` `deque_sizeof`).
pub fn deque_size(len: u64) -> Shape {
    let blocks = (32 + len).div_ceil(64).max(1);
    let bytes = 232 + 528 * blocks;
    match len <= 31 {
        true => Shape::Fixed { bytes },
        false => Shape::Estimated { bytes },
    }
}

/// `type.__sizeof__` of a class made by a class statement: `PyHeapTypeObject`, the
/// shared keys table its instances' attributes use when they have a managed dict (64
/// str slots), and the GC header (`Objects/typeobject.c` `type___sizeof___impl`).
pub fn class_size(managed_dict: bool) -> u64 {
    928 + if managed_dict { 768 } else { 0 } + GC
}

/// An instance's `__dict__` once the program asked for it: 3.13 materialises it from
/// the inline values, still sharing the class's keys, and `dict.__sizeof__` counts a
/// values array as long as the shared keys' usable entries (`shared_keys_usable_size`),
/// which shrink as the class makes instances. Measured on CPython 3.13.0
/// (`tests/introspect/06_instance_dicts.py`): `64 + 8 * max(30 - made, entries + 1)`,
/// `made` counting the instances of the class made so far, this one included.
pub fn materialised_dict_size(made: u64, entries: u64) -> u64 {
    64 + 8 * 30u64.saturating_sub(made).max(entries + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Figures measured on CPython 3.13.0.
    #[test]
    fn materialised_instance_dicts() {
        // (instances the class made, keys, `sys.getsizeof(o.__dict__)`)
        let measured = [
            (1, 0, 296),
            (1, 1, 296),
            (2, 0, 288),
            (4, 1, 272),
            (7, 2, 248),
            (11, 1, 216),
            (26, 12, 168),
            (44, 1, 80),
        ];
        for (made, keys, bytes) in measured {
            assert_eq!(materialised_dict_size(made, keys), bytes, "{made} {keys}");
        }
    }

    #[test]
    fn scalars_and_strings() {
        let size = |s| match cpython_size(s) {
            Size::Exact { bytes } => bytes,
            other => panic!("{other:?}"),
        };
        assert_eq!(size(Shape::Int { bits: 0 }), 28);
        assert_eq!(size(Shape::Int { bits: 61 }), 36);
        assert_eq!(
            size(Shape::Str {
                len: 5,
                max_char: 'o' as u32
            }),
            46
        );
        assert_eq!(
            size(Shape::Str {
                len: 1,
                max_char: 0xe9
            }),
            61
        );
        assert_eq!(
            size(Shape::Str {
                len: 4,
                max_char: 0xe9
            }),
            61
        );
        assert_eq!(
            size(Shape::Str {
                len: 2,
                max_char: 0x65e5
            }),
            62
        );
        assert_eq!(class_size(true), 1712);
        assert_eq!(class_size(false), 944);
    }
}
