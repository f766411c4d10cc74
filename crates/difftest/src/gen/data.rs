//! Scenes about data: lists, tuples, dicts, sets and `collections` types with inserts
//! and deletions, comprehensions, iterators held across lines, strings and bytes built
//! up in loops.

use super::{Gen, Kind};

/// A list grown, shrunk and shared; its size printed between changes.
pub(crate) fn lists(g: &mut Gen) {
    g.import("sys");
    let a = g.var(&["nums", "items", "stack"]);
    let n = g.int(0, 5) as usize;
    let lit = g.list_lit(n);
    g.bind(&a, Kind::List, format!("{a} = {lit}"));
    if g.chance(0.5) {
        g.line(format!("print(sys.getsizeof({a}))"));
    }
    for _ in 0..g.int(1, 4) {
        let op = match g.int(0, 9) {
            0..=2 => format!("{a}.append({})", g.literal()),
            3 => format!("{a}.extend({})", g.list_lit(3)),
            4 => format!("{a}.insert(0, {})", g.literal()),
            5 => format!("{a}.append({a}[:])"),
            6 => format!("{a} += [{}]", g.literal()),
            7 => format!("{a}.clear()"),
            8 => format!("{a}.pop() if {a} else None"),
            _ => format!("del {a}[:1]"),
        };
        g.line(op);
        g.maybe_probe();
    }
    g.line(format!("print(len({a}), sys.getsizeof({a}))"));
    if g.chance(0.4) {
        let t = g.var(&["frozen", "tup"]);
        g.bind(&t, Kind::Tuple, format!("{t} = tuple({a})"));
    }
    if g.chance(0.4) {
        let grid = g.var(&["grid", "rows"]);
        g.bind(&grid, Kind::List, format!("{grid} = [{a}] * 3"));
        g.line(format!("{grid}[0].append('shared')"));
        g.line(format!("print(len({grid}[2]))"));
    }
}

/// A dict with inserts, deletions (its table does not shrink), `pop`, `setdefault`,
/// `update` and views.
pub(crate) fn dicts(g: &mut Gen) {
    g.import("sys");
    let d = g.var(&["d", "ages", "cache"]);
    let n = g.int(0, 4);
    let entries: Vec<String> = (0..n)
        .map(|i| format!("'{}{i}': {}", g.word(), g.literal()))
        .collect();
    g.bind(&d, Kind::Dict, format!("{d} = {{{}}}", entries.join(", ")));
    if g.chance(0.5) {
        let m = g.int(6, 40);
        g.block(&[format!("for i in range({m}):"), format!("    {d}[i] = [i]")]);
        g.line(format!("print(sys.getsizeof({d}))"));
        let k = g.int(1, m);
        g.block(&[format!("for i in range({k}):"), format!("    del {d}[i]")]);
        g.line(format!("print(len({d}), sys.getsizeof({d}))"));
    }
    for _ in 0..g.int(1, 3) {
        let w = g.word();
        let op = match g.int(0, 5) {
            0 => format!("{d}['{w}'] = {}", g.literal()),
            1 => format!("{d}.setdefault('{w}', [])"),
            2 => format!("{d}.update({w}={})", g.literal()),
            3 => format!("{d}.pop('{w}', None)"),
            4 => format!("print(sorted({d}.keys(), key=str))"),
            _ => format!("{d}['{w}'] = {d}"),
        };
        g.line(op);
        g.maybe_probe();
    }
    if g.chance(0.4) {
        let v = g.var(&["view", "keys"]);
        g.bind(&v, Kind::Other, format!("{v} = {d}.values()"));
        g.line(format!("print(sys.getsizeof({v}), len({v}))"));
    }
    if g.chance(0.3) {
        g.line(format!("{d}.clear()"));
        g.line(format!("print(sys.getsizeof({d}))"));
    }
}

/// Sets and frozensets built, grown and probed.
pub(crate) fn sets(g: &mut Gen) {
    g.import("sys");
    let s = g.var(&["seen", "tags"]);
    let n = g.int(0, 6);
    let items: Vec<String> = (0..n).map(|i| format!("{}", i * 3)).collect();
    let text = match n {
        0 => "set()".to_owned(),
        _ => format!("{{{}}}", items.join(", ")),
    };
    g.bind(&s, Kind::Set, format!("{s} = {text}"));
    for _ in 0..g.int(1, 3) {
        let v = g.int(0, 50);
        g.line(format!("{s}.add({v})"));
    }
    g.line(format!("print(len({s}), sys.getsizeof({s}))"));
    if g.chance(0.5) {
        let f = g.var(&["fixed", "fz"]);
        g.bind(&f, Kind::FrozenSet, format!("{f} = frozenset({s})"));
        g.line(format!("print(sys.getsizeof({f}))"));
    }
}

/// `deque`, `defaultdict`, `Counter` and `OrderedDict`.
pub(crate) fn collections_types(g: &mut Gen) {
    g.import("sys");
    match g.int(0, 3) {
        0 => {
            g.import("from collections import deque");
            let q = g.var(&["queue", "q"]);
            let m = g.int(2, 4);
            g.bind(&q, Kind::Deque, format!("{q} = deque(maxlen={m})"));
            for i in 0..g.int(2, 6) {
                g.line(format!("{q}.append([{i}])"));
            }
            g.line(format!("{q}.appendleft('front')"));
            g.line(format!("print(len({q}), {q}.popleft())"));
        }
        1 => {
            g.import("from collections import defaultdict");
            let d = g.var(&["groups", "by_len"]);
            g.bind(&d, Kind::Dict, format!("{d} = defaultdict(list)"));
            let words: Vec<&str> = (0..g.int(2, 5)).map(|_| g.word()).collect();
            let list = words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(", ");
            g.block(&[
                format!("for w in [{list}]:"),
                format!("    {d}[len(w)].append(w)"),
            ]);
            g.line(format!("print(sorted({d}.items()))"));
        }
        2 => {
            g.import("from collections import Counter");
            let c = g.var(&["counts", "tally"]);
            let letters = g.pick(&["'mississippi'", "'banana'", "[1, 2, 2, 3, 3, 3]"]);
            g.bind(&c, Kind::Dict, format!("{c} = Counter({letters})"));
            g.line(format!("print({c}.most_common(2))"));
            g.line(format!("{c}.update('aa')"));
        }
        _ => {
            g.import("from collections import OrderedDict");
            let o = g.var(&["od", "lru"]);
            g.bind(&o, Kind::Dict, format!("{o} = OrderedDict()"));
            for i in 0..g.int(2, 4) {
                g.line(format!("{o}['k{i}'] = [{i}]"));
            }
            g.line(format!("{o}.move_to_end('k0')"));
            g.line(format!("print(list({o}))"));
            g.line(format!("{o}.popitem(last=False)"));
        }
    }
    g.maybe_probe();
}

/// List, dict and set comprehensions and a generator expression over a global list.
pub(crate) fn comprehension(g: &mut Gen) {
    let src = match g.existing(&[Kind::List]) {
        Some((n, _)) => n,
        None => {
            let n = g.var(&["base", "source"]);
            let m = g.int(2, 6);
            g.bind(&n, Kind::List, format!("{n} = list(range({m}))"));
            n
        }
    };
    let out = g.var(&["squares", "pairs", "wrapped"]);
    let text = match g.int(0, 3) {
        0 => format!("{out} = [[x] for x in {src}]"),
        1 => format!("{out} = {{i: x for i, x in enumerate({src})}}"),
        2 => format!("{out} = [(i, x) for i, x in enumerate({src}) if i % 2 == 0]"),
        _ => format!("{out} = list(str(x) for x in {src})"),
    };
    let kind = match text.contains('{') && text.contains(':') {
        true => Kind::Dict,
        false => Kind::List,
    };
    g.bind(&out, kind, text);
    g.line(format!("print(len({out}))"));
    if g.chance(0.4) {
        let big = g.var(&["many"]);
        let n = g.int(10, 60);
        g.bind(
            &big,
            Kind::List,
            format!("{big} = [i * i for i in range({n})]"),
        );
        g.import("sys");
        g.line(format!("print(sys.getsizeof({big}))"));
    }
}

/// Iterators held across lines: they keep what they iterate alive.
pub(crate) fn iterators(g: &mut Gen) {
    let src = g.var(&["letters", "data"]);
    let n = g.int(2, 5) as usize;
    let lit = g.list_lit(n);
    g.bind(&src, Kind::List, format!("{src} = {lit}"));
    let it = g.var(&["it", "cursor"]);
    let make = match g.int(0, 3) {
        0 => format!("iter({src})"),
        1 => format!("enumerate({src})"),
        2 => format!("reversed({src})"),
        _ => format!("zip({src}, {src})"),
    };
    g.bind(&it, Kind::Other, format!("{it} = {make}"));
    g.line(format!("print(next({it}))"));
    g.maybe_probe();
    if g.chance(0.5) {
        g.unbind(&src);
        g.line(format!("print(list({it}))"));
    }
    if g.chance(0.4) {
        let m = g.var(&["mapped"]);
        let s = match g.existing(&[Kind::List]) {
            Some((n, _)) => n,
            None => "[1, 2]".into(),
        };
        g.bind(&m, Kind::Other, format!("{m} = map(str, {s})"));
        g.line(format!("print(next({m}, None))"));
    }
}

/// A string built in a loop, joined, formatted; non-ASCII text.
pub(crate) fn strings(g: &mut Gen) {
    g.import("sys");
    let s = g.var(&["text", "msg", "line"]);
    g.bind(&s, Kind::Str, format!("{s} = ''"));
    let n = g.int(2, 5);
    let words: Vec<String> = (0..n).map(|_| g.str_lit()).collect();
    g.block(&[
        format!("for w in [{}]:", words.join(", ")),
        format!("    {s} += w"),
    ]);
    g.line(format!("print({s}, len({s}), sys.getsizeof({s}))"));
    let j = g.var(&["joined", "csv"]);
    g.bind(
        &j,
        Kind::Str,
        format!("{j} = ','.join([{}])", words.join(", ")),
    );
    g.line(format!("print(sys.getsizeof({j}))"));
    if g.chance(0.5) {
        let lit = g.str_lit();
        let t = g.var(&["word", "label"]);
        g.bind(&t, Kind::Str, format!("{t} = {lit}"));
        g.line(format!("print(sys.getsizeof({t}))"));
    }
    if g.chance(0.4) {
        let f = g.var(&["fmt"]);
        let v = g.int_lit();
        g.bind(&f, Kind::Str, format!("{f} = f'{{{s}!r}}-{{{v}}}'"));
        g.line(format!("print({f}.upper())"));
    }
}

/// bytes and bytearray built up.
pub(crate) fn bytes_built(g: &mut Gen) {
    g.import("sys");
    let b = g.var(&["buf", "raw"]);
    g.bind(&b, Kind::ByteArray, format!("{b} = bytearray()"));
    g.line(format!("print(sys.getsizeof({b}))"));
    for _ in 0..g.int(1, 4) {
        let n = g.int(1, 40);
        g.line(format!("{b}.extend(b'x' * {n})"));
        g.line(format!("print(len({b}), sys.getsizeof({b}))"));
    }
    let x = g.var(&["blob", "data"]);
    g.bind(&x, Kind::Bytes, format!("{x} = bytes({b})"));
    g.line(format!("print(sys.getsizeof({x}))"));
    if g.chance(0.5) {
        let e = g.var(&["encoded"]);
        let lit = g.str_lit();
        g.bind(&e, Kind::Bytes, format!("{e} = {lit}.encode()"));
        g.line(format!("print(len({e}), sys.getsizeof({e}))"));
    }
}
