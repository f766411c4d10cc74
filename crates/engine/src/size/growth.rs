//! The containers whose size depends on their history: how CPython 3.13 allocates a
//! list's slots, a dict's keys table, a set's table and a bytearray's buffer, replayed
//! from what each step shows of the object (its length, its keys or members).
//!
//! The rules are CPython's (`Objects/listobject.c list_resize`, `Objects/dictobject.c
//! insertdict`/`dictresize`/`calculate_log2_keysize`, `Objects/setobject.c
//! set_add_entry`/`set_table_resize`, `Objects/bytearrayobject.c PyByteArray_Resize`),
//! checked against CPython 3.13 by `tests/cpython/record_sizes.py` (whose Python
//! versions of them reproduce every recorded sample) and by `tests/engine/sizes.rs`.
//! Between two steps several changes may have happened in one C call (a dict `update`,
//! a comprehension); the replay applies them in the order that costs no guess when it
//! can, and says the result is an estimate when the order would matter.

/// 8 bytes a slot.
const PTR: u64 = 8;

// --- list -----------------------------------------------------------------------------

/// A list's allocation (`allocated`) and whether it is known exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListGrowth {
    pub len: u64,
    pub allocated: u64,
    pub exact: bool,
}

/// `list_resize` from `allocated` slots holding `size` items to `newsize` items.
pub fn list_resize(size: u64, allocated: u64, newsize: u64) -> u64 {
    if allocated >= newsize && newsize >= allocated >> 1 {
        return allocated;
    }
    if newsize == 0 {
        return 0;
    }
    let mut new_allocated = (newsize + (newsize >> 3) + 6) & !3;
    if newsize.saturating_sub(size) > new_allocated - newsize {
        new_allocated = (newsize + 3) & !3;
    }
    new_allocated
}

/// The allocation after `n` appends to an empty list (a comprehension).
pub fn appended(n: u64) -> u64 {
    (0..n).fold(0, |a, size| list_resize(size, a, size + 1))
}

impl ListGrowth {
    pub fn new(len: u64, allocated: u64, exact: bool) -> Self {
        ListGrowth {
            len,
            allocated,
            exact,
        }
    }

    /// The list now `len` long: grown one item at a time (appends, inserts) or in one go
    /// where the line extends it; shrunk one item at a time where the line pops, else in
    /// one go; exact when it moved by at most one item since the last step, or by one
    /// extension or removal.
    pub fn observe(self, len: u64, made: &Made) -> Self {
        if len < self.len && (len == 0 || !made.pops) {
            // An emptied list gives its array back (`_list_clear`, which `clear()`,
            // `list_ass_slice` and, since 3.12, `pop` of the last item call); everything
            // but `pop` removes items through `list_ass_slice` (`del`, `remove`, slice
            // assignment): one resize to the new length.
            let allocated = match len {
                0 => 0,
                _ => list_resize(self.len, self.allocated, len),
            };
            return ListGrowth {
                len,
                allocated,
                exact: self.exact,
            };
        }
        if made.extends && len > self.len {
            // A list with no item array yet (never filled, or emptied) is given exactly
            // the items, rounded up to even (`list_preallocate_exact`).
            let allocated = match self.allocated {
                0 => (len + 1) & !1,
                a => list_resize(self.len, a, len),
            };
            return ListGrowth {
                len,
                allocated,
                exact: self.exact,
            };
        }
        let (mut n, mut a) = (self.len, self.allocated);
        while n < len {
            a = list_resize(n, a, n + 1);
            n += 1;
        }
        while n > len {
            a = list_resize(n, a, n - 1);
            n -= 1;
        }
        ListGrowth {
            len,
            allocated: a,
            exact: self.exact && len.abs_diff(self.len) <= 1,
        }
    }

    pub fn bytes(&self) -> u64 {
        56 + PTR * self.allocated
    }
}

// --- dict -----------------------------------------------------------------------------

/// `calculate_log2_keysize`, with its bit trick: the smallest power of two at least
/// `minsize`, except that 1..7 give 16 slots and a power of two from 16 up the next one.
pub fn calculate_log2_keysize(minsize: u64) -> u32 {
    64 - (((minsize | 8) - 1) | 7).leading_zeros()
}

fn estimate_log2_keysize(n: u64) -> u32 {
    calculate_log2_keysize((n * 3).div_ceil(2))
}

fn usable_fraction(slots: u64) -> u64 {
    (slots << 1) / 3
}

/// `_PyDict_KeysSize`: the header, the index array, the entries.
fn keys_size(log2: u32, unicode: bool) -> u64 {
    let slots = 1u64 << log2;
    let index = match log2 {
        0..8 => slots,
        8..16 => 2 * slots,
        16..32 => 4 * slots,
        _ => 8 * slots,
    };
    32 + index + usable_fraction(slots) * if unicode { 16 } else { 24 }
}

/// A combined dict's keys table: `log2` slots (`None`: the shared empty keys), whether
/// all keys are str, the free entries, the entries used (live or deleted), the live ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictGrowth {
    log2: Option<u32>,
    unicode: bool,
    usable: u64,
    nentries: u64,
    used: u64,
    /// The keys at the last step, by address (to tell insertions from deletions).
    keys: Vec<usize>,
    pub exact: bool,
    /// A `collections.OrderedDict`, which also sizes its linked nodes.
    ordered: bool,
}

impl DictGrowth {
    /// An empty dict (`{}`, `dict()`).
    pub fn empty() -> Self {
        DictGrowth {
            log2: None,
            unicode: true,
            usable: 0,
            nentries: 0,
            used: 0,
            keys: Vec::new(),
            exact: true,
            ordered: false,
        }
    }

    /// The same dict, an `OrderedDict`.
    pub fn ordered(mut self, ordered: bool) -> Self {
        self.ordered = ordered;
        self
    }

    /// A dict display or keyword call of `n` entries (`_PyDict_FromItems`, presized).
    pub fn presized(keys: Vec<usize>, unicode: bool) -> Self {
        let mut d = DictGrowth::empty();
        let n = keys.len() as u64;
        if n > usable_fraction(8) {
            d.resize(estimate_log2_keysize(n).min(17), unicode);
        }
        for _ in 0..n {
            d.insert(unicode);
        }
        d.keys = keys;
        d
    }

    /// A dict built by inserting its keys one at a time (a comprehension, `dict(zip())`).
    pub fn inserted(keys: Vec<usize>, unicode: bool, exact: bool) -> Self {
        let mut d = DictGrowth::empty();
        for _ in 0..keys.len() {
            d.insert(unicode);
        }
        d.keys = keys;
        d.exact = exact;
        d
    }

    fn resize(&mut self, log2: u32, unicode: bool) {
        self.log2 = Some(log2);
        self.unicode = unicode;
        self.nentries = self.used;
        self.usable = usable_fraction(1 << log2) - self.used;
    }

    fn insert(&mut self, str_key: bool) {
        match self.log2 {
            None => self.resize(3, str_key),
            Some(_) if self.unicode && !str_key => {
                self.resize(calculate_log2_keysize(self.used * 3), false)
            }
            Some(_) => {}
        }
        if self.usable == 0 {
            self.resize(calculate_log2_keysize(self.used * 3), self.unicode);
        }
        self.usable -= 1;
        self.nentries += 1;
        self.used += 1;
    }

    /// The dict's keys now (by address, with whether each is a str): deletions leave
    /// their entries used (CPython never shrinks a dict on deletion); insertions take
    /// free ones and resize when none is left. A dict emptied of several keys at once is
    /// taken for `clear()`, which frees the table.
    pub fn observe(mut self, keys: Vec<(usize, bool)>, cleared: bool) -> Self {
        let now: Vec<usize> = keys.iter().map(|k| k.0).collect();
        let removed = self.keys.iter().filter(|k| !now.contains(k)).count() as u64;
        let added: Vec<bool> = (keys.iter())
            .filter(|k| !self.keys.contains(&k.0))
            .map(|k| k.1)
            .collect();
        if now.is_empty() && (removed > 1 || cleared) {
            let mut d = DictGrowth::empty().ordered(self.ordered);
            d.exact = self.exact;
            return d;
        }
        // Both at once: where a resize falls among them decides the table.
        if removed > 0 && !added.is_empty() {
            self.exact = false;
        }
        self.used -= removed.min(self.used);
        for s in added {
            self.insert(s);
        }
        self.keys = now;
        self
    }

    /// `sys.getsizeof`: 48 bytes of dict, 16 of GC header, and the keys table; an
    /// `OrderedDict` also has a pointer per slot and a 32-byte node per key
    /// (`odict_sizeof`; its own larger header is the caller's).
    pub fn bytes(&self) -> u64 {
        let table = self.log2.map_or(0, |l| keys_size(l, self.unicode));
        let nodes = match self.ordered {
            true => 8 * self.log2.map_or(0, |l| 1u64 << l) + 32 * self.used,
            false => 0,
        };
        64 + table + nodes
    }
}

// --- set ------------------------------------------------------------------------------

/// A set's table: its slots, the ones filled (live or dummy), the live ones, and the
/// members at the last step (by address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetGrowth {
    table: u64,
    fill: u64,
    used: u64,
    members: Vec<usize>,
    pub exact: bool,
}

impl SetGrowth {
    pub fn empty() -> Self {
        SetGrowth {
            table: 8,
            fill: 0,
            used: 0,
            members: Vec::new(),
            exact: true,
        }
    }

    fn resize(&mut self, minused: u64) {
        let mut size = 8;
        while size <= minused {
            size <<= 1;
        }
        self.table = size;
        self.fill = self.used;
    }

    fn add(&mut self) {
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= (self.table - 1) * 3 {
            let minused = if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(minused);
        }
    }

    /// `set_merge` of `n` members into this set (`set(s)`, `frozenset(s)`, a display of
    /// constants, `|=`): it sizes the table for twice the members first.
    fn merge(&mut self, n: u64) {
        if (self.fill + n) * 5 >= (self.table - 1) * 3 {
            self.resize((self.used + n) * 2);
        }
        self.fill += n;
        self.used += n;
    }

    /// Members added one at a time.
    pub fn added(members: Vec<usize>, exact: bool) -> Self {
        let mut s = SetGrowth::empty();
        for _ in 0..members.len() {
            s.add();
        }
        s.members = members;
        s.exact = exact;
        s
    }

    /// Members merged in one go from a set, a frozenset or a constant.
    pub fn merged(members: Vec<usize>) -> Self {
        let mut s = SetGrowth::empty();
        s.merge(members.len() as u64);
        s.members = members;
        s
    }

    /// The members now: new ones added one at a time, removed ones leave dummies.
    pub fn observe(mut self, members: Vec<usize>, cleared: bool) -> Self {
        let removed = self.members.iter().filter(|m| !members.contains(m)).count() as u64;
        let added = members.iter().filter(|m| !self.members.contains(m)).count();
        if members.is_empty() && (removed > 1 || cleared) {
            let mut s = SetGrowth::empty();
            s.exact = self.exact;
            return s;
        }
        // A new member may reuse a dummy slot, depending on where its hash probes.
        if removed > 0 && added > 0 {
            self.exact = false;
        }
        self.used -= removed.min(self.used);
        for _ in 0..added {
            self.add();
        }
        self.members = members;
        self
    }

    /// `sys.getsizeof`: 200 bytes of set, 16 of GC header, and the table once it has
    /// outgrown the 8 slots inside the object.
    pub fn bytes(&self) -> u64 {
        216 + if self.table == 8 { 0 } else { 16 * self.table }
    }
}

// --- bytearray ------------------------------------------------------------------------

/// A bytearray's buffer: its size, its allocation (the trailing NUL included) and how
/// far its start has moved (`del b[:k]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteArrayGrowth {
    size: u64,
    alloc: u64,
    offset: u64,
    pub exact: bool,
}

impl ByteArrayGrowth {
    /// Made from `n` bytes at once (`bytearray(n)`, `bytearray(b'abc')`): exactly n + 1.
    pub fn new(n: u64) -> Self {
        ByteArrayGrowth {
            size: n,
            alloc: if n == 0 { 0 } else { n + 1 },
            offset: 0,
            exact: true,
        }
    }

    fn resize(&mut self, size: u64) {
        if size == self.size {
            return;
        }
        if size + self.offset < self.alloc {
            if size < self.alloc / 2 {
                self.alloc = size + 1;
                self.offset = 0;
            }
            self.size = size;
            return;
        }
        self.alloc = match size * 8 <= self.alloc * 9 {
            true => size + (size >> 3) + if size < 9 { 3 } else { 6 },
            false => size + 1,
        };
        self.offset = 0;
        self.size = size;
    }

    /// The bytearray now `len` long: one resize since the last step (an `extend`, an
    /// `append`, `+=`), exact when that is all that can have happened.
    pub fn observe(mut self, len: u64) -> Self {
        self.resize(len);
        self
    }

    /// `sys.getsizeof`: 56 bytes of bytearray (its GC header included) and the buffer.
    pub fn bytes(&self) -> u64 {
        56 + self.alloc
    }
}

// --- one object's growth ---------------------------------------------------------------

/// What a step shows of a container whose size depends on its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observed {
    List {
        len: u64,
    },
    /// Keys by address, with whether each is a str; `ordered` for an `OrderedDict`.
    Dict {
        keys: Vec<(usize, bool)>,
        ordered: bool,
    },
    /// Members by address.
    Set {
        members: Vec<usize>,
    },
    ByteArray {
        len: u64,
    },
}

/// How the line that made a container can have made it (from its source).
#[derive(Debug, Clone, Default)]
pub struct Made {
    /// The line has a comprehension (list, dict or set), which appends one at a time.
    pub comprehension: bool,
    /// The lengths of the line's list displays (and whether each was folded into one
    /// constant); `None` when one unpacks `*items`.
    pub lists: Option<Vec<(u64, bool)>>,
    /// The lengths of the line's dict displays.
    pub dicts: Vec<u64>,
    /// The lengths of the line's set displays, and whether each is all constants.
    pub sets: Vec<(u64, bool)>,
    /// The sizes of the sets, frozensets and dicts the line hands `set()` or
    /// `frozenset()` by name: those merge in one go.
    pub merged: Vec<u64>,
    /// The line calls `.clear()`: an emptied dict or set lost its table.
    pub clears: bool,
    /// The line slices, adds or repeats lists: those make lists of exactly their length.
    pub exact_lists: bool,
    /// What the line's `list(x)` and `sorted(x)` calls build from.
    pub lists_from: Vec<ListFrom>,
    /// The line extends a list (`.extend(...)`, `+=`): one resize for all the items.
    pub extends: bool,
    /// The line pops (`.pop(...)`): a list shrinks by `list_resize`, keeping its array
    /// when it empties.
    pub pops: bool,
}

/// What `list(x)` or `sorted(x)` builds a list from (`list_extend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFrom {
    /// A list or tuple, or an iterator that knows its length (`range`, `reversed`):
    /// preallocated exactly, rounded up to even.
    Sized,
    /// An iterator that does not know its length (a generator, `map`, `zip`): a guess of
    /// 8 slots, grown by appends.
    Unsized,
    /// A dict or set: one resize to its length.
    Resized,
}

impl ListFrom {
    fn allocation(self, len: u64) -> u64 {
        match self {
            ListFrom::Sized => (len + 1) & !1,
            ListFrom::Resized => list_resize(0, 0, len),
            ListFrom::Unsized => {
                // `list_extend_iter_lock_held`: preallocate the guess, append, and cut
                // back what is left over.
                let (mut size, mut alloc) = (0, 8);
                for _ in 0..len {
                    if size >= alloc {
                        alloc = list_resize(size, alloc, size + 1);
                    }
                    size += 1;
                }
                if size < alloc {
                    alloc = list_resize(size, alloc, size);
                }
                alloc
            }
        }
    }
}

/// A container's replayed allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Growth {
    List(ListGrowth),
    Dict(DictGrowth),
    Set(SetGrowth),
    ByteArray(ByteArrayGrowth),
}

impl Growth {
    /// At first sight: what the line that made it most likely did.
    pub fn first(observed: &Observed, made: &Made) -> Growth {
        match observed {
            Observed::List { len } => {
                let (allocated, exact) = first_list(made, *len);
                Growth::List(ListGrowth::new(*len, allocated, exact))
            }
            Observed::Dict { keys, ordered } => {
                let n = keys.len() as u64;
                let unicode = keys.iter().all(|k| k.1);
                let addrs = keys.iter().map(|k| k.0).collect();
                // Up to five entries every way of building a dict gives the same table.
                let d = if made.dicts.contains(&n) && !made.comprehension {
                    DictGrowth::presized(addrs, unicode)
                } else {
                    let sure = n <= usable_fraction(8) || made.comprehension;
                    DictGrowth::inserted(addrs, unicode, sure)
                };
                Growth::Dict(d.ordered(*ordered))
            }
            Observed::Set { members } => {
                let n = members.len() as u64;
                let merged = made
                    .sets
                    .iter()
                    .any(|&(len, constant)| len == n && constant)
                    || made.merged.contains(&n);
                if merged && !made.comprehension {
                    Growth::Set(SetGrowth::merged(members.clone()))
                } else {
                    // Up to four members every way of building a set keeps 8 slots.
                    let sure = n <= 4 || made.comprehension || made.sets.contains(&(n, false));
                    Growth::Set(SetGrowth::added(members.clone(), sure))
                }
            }
            Observed::ByteArray { len } => Growth::ByteArray(ByteArrayGrowth::new(*len)),
        }
    }

    /// The same object at a later step.
    pub fn observe(self, observed: &Observed, made: &Made) -> Option<Growth> {
        Some(match (self, observed) {
            (Growth::List(l), Observed::List { len }) => Growth::List(l.observe(*len, made)),
            (Growth::Dict(d), Observed::Dict { keys, .. }) => {
                Growth::Dict(d.observe(keys.clone(), made.clears))
            }
            (Growth::Set(s), Observed::Set { members }) => {
                Growth::Set(s.observe(members.clone(), made.clears))
            }
            (Growth::ByteArray(b), Observed::ByteArray { len }) => {
                Growth::ByteArray(b.observe(*len))
            }
            _ => return None,
        })
    }

    /// `sys.getsizeof`, exact when the replay is sure.
    pub fn size(&self) -> refscope_trace::Size {
        let (bytes, exact) = match self {
            Growth::List(l) => (l.bytes(), l.exact),
            Growth::Dict(d) => (d.bytes(), d.exact),
            Growth::Set(s) => (s.bytes(), s.exact),
            Growth::ByteArray(b) => (b.bytes(), b.exact),
        };
        match exact {
            true => refscope_trace::Size::Exact { bytes },
            false => refscope_trace::Size::Approximate { bytes },
        }
    }
}

/// A list `len` long that the line `made` made: the allocation its list displays of
/// that length build (exact, when they agree and no comprehension could have made it),
/// else one grown by appends if the line has a comprehension, else an exact
/// preallocation (`list(...)`); guesses are not exact.
fn first_list(made: &Made, len: u64) -> (u64, bool) {
    let displays = made.lists.as_deref().unwrap_or(&[]);
    let mut allocs = (displays.iter())
        .filter(|d| d.0 == len)
        .map(|d| display_allocation(d.0, d.1));
    // A display of this length (`[x]`, even inside a comprehension) built it, unless the
    // comprehension's own list has the same length, which the two cannot tell apart.
    if let Some(first) = allocs.next() {
        if made.lists.is_some() && allocs.all(|a| a == first) {
            let sure = !made.comprehension || appended(len) == first;
            return (first, sure);
        }
    }
    if made.exact_lists && !made.comprehension {
        return (len, true);
    }
    if let [from] = made.lists_from.as_slice() {
        return (from.allocation(len), !made.comprehension);
    }
    match made.comprehension {
        true => (appended(len), false),
        false => ((len + 1) & !1, len == 0),
    }
}

/// CPython 3.13's allocation for a list made by a display of `len` items
/// (`Python/codegen.c`, `starunpack_helper`): more than two constants extend an empty
/// list from one tuple, which preallocates the length rounded up to even; up to 30 items
/// are pushed and built at exactly their number (`BUILD_LIST n`); more are appended one
/// by one.
pub fn display_allocation(len: u64, from_constant: bool) -> u64 {
    match (from_constant, len) {
        (true, _) => (len + 1) & !1,
        (false, 0..=30) => len,
        (false, _) => appended(len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sizes measured on CPython 3.13.0 (tests/cpython/cpython-3.13-sizes.json has these
    // and more; tests/engine/sizes.rs runs every recorded sample through the engine).
    #[test]
    fn lists_grow_as_cpython_grows_them() {
        let mut l = ListGrowth::new(0, 0, true);
        let mut sizes = Vec::new();
        for n in 1..=10 {
            l = l.observe(n, &Made::default());
            sizes.push(l.bytes());
        }
        assert_eq!(sizes, [88, 88, 88, 88, 120, 120, 120, 120, 184, 184]);
        // Ten appends, then extended by ten in one go: 216 (list_resize compares with
        // the size, not the allocation).
        let extended = list_resize(10, l.allocated, 20);
        assert_eq!(56 + 8 * extended, 216);
        // `[].extend(x)` for 1..=7 items (a list, a tuple or a range): measured
        // 72 72 88 88 104 104 120; extended again, it grows as appends would.
        let extends = Made {
            extends: true,
            ..Made::default()
        };
        let empty = ListGrowth::new(0, 0, true);
        let once: Vec<u64> = (1..=7)
            .map(|n| empty.observe(n, &extends).bytes())
            .collect();
        assert_eq!(once, [72, 72, 88, 88, 104, 104, 120]);
        assert_eq!(
            empty.observe(3, &extends).observe(13, &extends).bytes(),
            184
        );
    }

    // Measured on CPython 3.13.0: `x = [t]; del x[:1]` 56, then `x.insert(0, v)` 88;
    // `[1].pop()` 56; ten items, `del z[2:9]` 120; `[1, 2]`, `remove` 72 then 56; eight
    // items popped one by one to empty 56.
    #[test]
    fn lists_shrink_as_cpython_shrinks_them() {
        let (plain, pops) = (
            Made::default(),
            Made {
                pops: true,
                ..Made::default()
            },
        );
        let one = ListGrowth::new(1, 1, true);
        let emptied = one.observe(0, &plain);
        assert_eq!(emptied.bytes(), 56);
        assert_eq!(emptied.observe(1, &plain).bytes(), 88);
        assert_eq!(one.observe(0, &pops).bytes(), 56);
        assert_eq!(
            ListGrowth::new(10, 10, true).observe(3, &plain).bytes(),
            120
        );
        let two = ListGrowth::new(2, 2, true).observe(1, &plain);
        assert_eq!((two.bytes(), two.observe(0, &plain).bytes()), (72, 56));
        let mut eight = ListGrowth::new(8, 8, true);
        for n in (0..8).rev() {
            eight = eight.observe(n, &pops);
        }
        assert_eq!(eight.bytes(), 56);
    }

    #[test]
    fn a_dict_keeps_its_table_when_keys_are_deleted() {
        let keys: Vec<(usize, bool)> = (1..=40).map(|k| (k, false)).collect();
        let mut d = DictGrowth::empty();
        for n in 1..=40 {
            d = d.observe(keys[..n].to_vec(), false);
        }
        assert_eq!(d.bytes(), 1168);
        for n in (5..40).rev() {
            d = d.observe(keys[..n].to_vec(), false);
        }
        assert_eq!(d.bytes(), 1168);
        assert!(d.exact);
        assert_eq!(DictGrowth::presized(vec![1, 2, 3], true).bytes(), 184);
        assert_eq!(DictGrowth::empty().bytes(), 64);
    }

    #[test]
    fn sets_and_bytearrays() {
        assert_eq!(SetGrowth::added((1..=5).collect(), true).bytes(), 728);
        assert_eq!(SetGrowth::merged((1..=5).collect()).bytes(), 472);
        assert_eq!(ByteArrayGrowth::new(0).bytes(), 56);
        assert_eq!(ByteArrayGrowth::new(3).bytes(), 60);
        assert_eq!(ByteArrayGrowth::new(0).observe(10).bytes(), 56 + 11);
    }
}
