//! The model of `sys.getsizeof` on 64-bit CPython 3.12 and 3.13.
//!
//! RustPython's own `sys.getsizeof` differs for every type, so the trace never shows it.
//! Instead each object is described by [`Shape`] and sized here with CPython's layouts
//! (object headers, the 16-byte GC header that `getsizeof` adds for tracked objects, the
//! allocation rules of lists, dicts and sets). The figures are checked against real CPython
//! by `tests/engine/sizes.rs` using the recordings in `tests/cpython/recordings/`.
//!
//! Where CPython's figure depends on history the recorder cannot see (how a list was
//! grown, whether a non-ASCII string has cached its UTF-8 form) the size is
//! [`Size::Approximate`]; where there is no model at all it is [`Size::NotModelled`].

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
    /// A list whose modelled allocation is `allocated` slots.
    List {
        allocated: u64,
        exact: bool,
    },
    Tuple {
        len: u64,
    },
    /// A dict of `len` entries; `str_keys` when every key is a str (CPython's compact
    /// unicode table uses 16-byte entries, others 24).
    Dict {
        len: u64,
        str_keys: bool,
    },
    Set {
        len: u64,
    },
    FrozenSet {
        len: u64,
    },
    /// An instance of a Python class; `slots` counts `__slots__` entries when the class
    /// has no `__dict__`.
    Instance {
        slots: Option<u64>,
    },
    Function,
    BoundMethod,
    /// A generator whose frame has `frame_slots` slots: its locals, cells and free
    /// variables, and its value stack.
    Generator {
        frame_slots: u64,
    },
    Range,
    Exception,
    Traceback,
    Weakref,
    TextFile,
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
        Str { len, max_char } => match max_char {
            0..=0x7f => exact(40 + len + 1),
            // Latin-1 and wider strings may also carry a cached UTF-8 copy that getsizeof
            // counts; whether they do depends on how they were made.
            0x80..=0xff => Size::Approximate {
                bytes: 56 + len + 1,
            },
            0x100..=0xffff => Size::Approximate {
                bytes: 56 + 2 * (len + 1),
            },
            _ => Size::Approximate {
                bytes: 56 + 4 * (len + 1),
            },
        },
        Bytes { len } => exact(33 + len),
        List {
            allocated,
            exact: true,
        } => exact(40 + GC + 8 * allocated),
        List {
            allocated,
            exact: false,
        } => Size::Approximate {
            bytes: 40 + GC + 8 * allocated,
        },
        Tuple { len } => exact(24 + GC + 8 * len),
        Dict { len, str_keys } => exact(dict_size(len, str_keys)),
        // Up to 4 members every way of building a set keeps the 8 inline slots. Beyond
        // that the table depends on how it was built: one `add` at a time (modelled) or
        // merged in one go, as a literal of constants or `set(other_set)` is, which sizes
        // the table for twice the members ({1, 2, 3, 4, 5} is 472 bytes, not 728).
        Set { len } | FrozenSet { len } if len <= 4 => exact(set_size(len)),
        Set { len } | FrozenSet { len } => Size::Approximate {
            bytes: set_size(len),
        },
        Instance { slots: None } => exact(48),
        Instance { slots: Some(n) } => exact(16 + GC + 8 * n),
        Function => exact(160),
        BoundMethod => exact(64),
        // Objects/genobject.c `gen_sizeof`: the generator with its frame up to the
        // slots (144), the slots, and the GC header. Approximate because the stack depth
        // is RustPython's compiler's: it is CPython's for loops and try, one more in a
        // `with` block.
        Generator { frame_slots } => Size::Approximate {
            bytes: 144 + GC + 8 * frame_slots,
        },
        Range => exact(48),
        Exception => exact(88),
        Traceback => exact(56),
        Weakref => exact(80),
        TextFile => exact(216),
        Other => Size::NotModelled,
    }
}

/// The list allocation after CPython's `list_resize` to `newsize` from `allocated`
/// (Objects/listobject.c): over-allocate by about 1/8, rounded to a multiple of 4.
pub fn list_resize(allocated: u64, newsize: u64) -> u64 {
    if allocated >= newsize && newsize >= allocated / 2 {
        return allocated;
    }
    if newsize == 0 {
        return 0;
    }
    let mut new_allocated = (newsize + (newsize >> 3) + 6) & !3;
    if newsize - newsize.min(allocated) > new_allocated - newsize {
        new_allocated = (newsize + 3) & !3;
    }
    new_allocated
}

/// CPython 3.13's allocation for a list made by a display of `len` items
/// (Python/codegen.c, `starunpack_helper`): more than two constants extend an empty list
/// from one tuple, which preallocates the length rounded up to even; up to 30 items are
/// pushed and built at exactly their number (`BUILD_LIST n`); more are appended one by one.
pub fn display_allocation(len: u64, from_constant: bool) -> u64 {
    match (from_constant, len) {
        (true, _) => (len + 1) & !1,
        (false, 0..=30) => len,
        (false, _) => appended(len),
    }
}

/// CPython's allocation for a list grown from empty by `len` appends (a comprehension).
pub fn appended(len: u64) -> u64 {
    (1..=len).fold(0, list_resize)
}

/// Bytes of a dict with `len` entries grown one insertion at a time (Objects/dictobject.c):
/// the keys table starts at 8 slots, holds 2/3 of its size, and on overflow resizes to the
/// next power of two at or above three times the entries in use.
fn dict_size(len: u64, str_keys: bool) -> u64 {
    if len == 0 {
        return 48 + GC;
    }
    let mut slots: u64 = 8;
    while usable(slots) < len {
        slots = (usable(slots) * 3).next_power_of_two().max(8);
    }
    let index_bytes = match slots {
        0..=128 => slots,
        129..=0x8000 => 2 * slots,
        _ => 4 * slots,
    };
    let entry = if str_keys { 16 } else { 24 };
    48 + GC + 32 + index_bytes + usable(slots) * entry
}

fn usable(slots: u64) -> u64 {
    slots * 2 / 3
}

/// Bytes of a set with `len` members added one at a time (Objects/setobject.c): 8 inline
/// slots, resized at 60% fill to the next power of two above four times the members.
fn set_size(len: u64) -> u64 {
    let mut table: u64 = 8;
    for used in 1..=len {
        if used * 5 >= (table - 1) * 3 {
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut newsize = 8;
            while newsize <= minused {
                newsize <<= 1;
            }
            table = newsize;
        }
    }
    if table == 8 {
        200 + GC
    } else {
        200 + GC + 16 * table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Figures measured on CPython 3.12.1 and 3.13.0 (64-bit); the full comparison runs in
    // tests/engine against the recordings.
    #[test]
    fn list_growth_matches_cpython_appends() {
        let mut alloc = 0;
        let mut sizes = Vec::new();
        for n in 0..20 {
            sizes.push(56 + 8 * alloc);
            alloc = list_resize(alloc, n + 1);
        }
        assert_eq!(
            sizes,
            [
                56, 88, 88, 88, 88, 120, 120, 120, 120, 184, 184, 184, 184, 184, 184, 184, 184,
                248, 248, 248
            ]
        );
    }

    #[test]
    fn dicts() {
        assert_eq!(dict_size(0, true), 64);
        assert_eq!(dict_size(1, true), 184);
        assert_eq!(dict_size(5, true), 184);
        assert_eq!(dict_size(6, true), 272);
    }
}
