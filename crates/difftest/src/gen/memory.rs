//! Scenes about memory itself: weak references and weak collections, files and their
//! buffers, reference cycles with and without `gc.collect()`, printed sizes, and the
//! probes: what a program can print about an object's memory.

use super::{Gen, Kind};

/// A weak reference with a callback, a proxy, and `getweakrefcount`.
pub(crate) fn weakrefs(g: &mut Gen) {
    g.import("weakref");
    let u = g.uid();
    let cls = format!("Photo{u}");
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
    ]);
    let cb = format!("gone{u}");
    g.block(&[
        format!("def {cb}(ref):"),
        format!("    print('{cb} called', ref() is None)"),
    ]);
    let o = g.var(&["photo", "target"]);
    let w = g.str_lit();
    g.bind(
        &o,
        Kind::Instance { weak: true },
        format!("{o} = {cls}({w})"),
    );
    let r = g.var(&["r", "ref"]);
    let text = match g.chance(0.6) {
        true => format!("{r} = weakref.ref({o}, {cb})"),
        false => format!("{r} = weakref.ref({o})"),
    };
    g.bind(&r, Kind::Other, text);
    if g.chance(0.5) {
        let p = g.var(&["proxy", "px"]);
        g.bind(&p, Kind::Other, format!("{p} = weakref.proxy({o})"));
        g.line(format!("print({p}.name)"));
    }
    g.line(format!("print(weakref.getweakrefcount({o}))"));
    g.line(format!("print({r}() is {o})"));
    if g.chance(0.7) {
        g.unbind(&o);
        g.line(format!("print({r}())"));
    }
}

/// `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet` and `weakref.finalize`.
pub(crate) fn weak_collections(g: &mut Gen) {
    g.import("weakref");
    let u = g.uid();
    let cls = format!("Entry{u}");
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, key):".into(),
        "        self.key = key".into(),
    ]);
    let (a, b) = (g.var(&["a", "first"]), g.var(&["b", "second"]));
    g.bind(
        &a,
        Kind::Instance { weak: true },
        format!("{a} = {cls}('x{u}')"),
    );
    g.bind(
        &b,
        Kind::Instance { weak: true },
        format!("{b} = {cls}('y{u}')"),
    );
    let c = g.var(&["registry", "live", "tracked"]);
    let variant = g.int(0, 3);
    match variant {
        0 => {
            g.bind(
                &c,
                Kind::Other,
                format!("{c} = weakref.WeakValueDictionary()"),
            );
            g.line(format!("{c}['a'] = {a}"));
            g.line(format!("{c}['b'] = {b}"));
        }
        1 => {
            g.bind(
                &c,
                Kind::Other,
                format!("{c} = weakref.WeakKeyDictionary()"),
            );
            g.line(format!("{c}[{a}] = 1"));
            g.line(format!("{c}[{b}] = [2]"));
        }
        2 => {
            g.bind(&c, Kind::Other, format!("{c} = weakref.WeakSet()"));
            g.line(format!("{c}.add({a})"));
            g.line(format!("{c}.add({b})"));
        }
        _ => {
            g.bind(
                &c,
                Kind::Other,
                format!("{c} = weakref.finalize({a}, print, 'finalized', 'x{u}')"),
            );
            g.line(format!("print({c}.alive)"));
        }
    }
    g.maybe_probe();
    g.unbind(&a);
    match variant {
        3 => g.line(format!("print({c}.alive)")),
        _ => g.line(format!("print(len({c}))")),
    }
    if g.chance(0.4) {
        g.unbind(&b);
        if variant != 3 {
            g.line(format!("print(len({c}))"));
        }
    }
}

/// A file written, maybe flushed, maybe closed; read back.
pub(crate) fn files(g: &mut Gen) {
    let u = g.uid();
    let name = format!("notes{u}.txt");
    let f = g.var(&["f", "out", "log"]);
    g.bind(
        &f,
        Kind::Other,
        format!("{f} = open('{name}', 'w', encoding='utf-8')"),
    );
    for _ in 0..g.int(1, 3) {
        let w = g.word();
        g.line(format!("{f}.write('{w}\\n')"));
    }
    match g.int(0, 3) {
        0 => g.line(format!("{f}.flush()")),
        1 => g.line(format!("{f}.close()")),
        2 => g.unbind(&f),
        _ => {}
    }
    if g.chance(0.5) {
        g.block(&[
            format!("with open('{name}', encoding='utf-8') as src:"),
            "    print(repr(src.read()))".into(),
        ]);
    }
    if g.chance(0.4) {
        let w = g.word();
        g.block(&[
            format!("with open('{name}', 'a', encoding='utf-8') as more:"),
            format!("    more.write('{w}')"),
        ]);
    }
}

/// Reference cycles: a self-cycle, two nodes, a cycle with `__del__`; collected or left.
pub(crate) fn cycles(g: &mut Gen) {
    g.import("gc");
    let u = g.uid();
    let cls = format!("Link{u}");
    let finalizer = g.chance(0.4);
    let mut def = vec![
        format!("class {cls}:"),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
        "        self.other = None".into(),
    ];
    if finalizer {
        def.push("    def __del__(self):".into());
        def.push("        print('del', self.name)".into());
    }
    g.block(&def);
    let (a, b) = (g.var(&["a", "left"]), g.var(&["b", "right"]));
    g.bind(
        &a,
        Kind::Instance { weak: true },
        format!("{a} = {cls}('a{u}')"),
    );
    match g.int(0, 2) {
        0 => g.line(format!("{a}.other = {a}")),
        1 => {
            g.bind(
                &b,
                Kind::Instance { weak: true },
                format!("{b} = {cls}('b{u}')"),
            );
            g.line(format!("{a}.other = {b}"));
            g.line(format!("{b}.other = {a}"));
            g.unbind(&b);
        }
        _ => {
            let l = g.var(&["box", "holder"]);
            g.bind(&l, Kind::List, format!("{l} = [{a}]"));
            g.line(format!("{a}.other = {l}"));
            g.unbind(&l);
        }
    }
    g.maybe_probe();
    g.unbind(&a);
    match g.int(0, 3) {
        0 | 1 => g.line("print('found', gc.collect())"),
        2 => g.line("gc.collect()"),
        _ => {}
    }
}

/// Sizes of objects of many kinds, printed.
pub(crate) fn sizes(g: &mut Gen) {
    g.import("sys");
    let exprs = [
        "0",
        "1",
        "2 ** 30",
        "2 ** 60",
        "10 ** 30",
        "-1",
        "1.5",
        "1j",
        "True",
        "None",
        "''",
        "'a'",
        "'hello'",
        "'é'",
        "'日本'",
        "'café' * 3",
        "b''",
        "b'abc'",
        "()",
        "(1,)",
        "(1, 2, 3)",
        "[]",
        "[1]",
        "[1, 2, 3]",
        "[None] * 10",
        "list(range(7))",
        "{}",
        "{'a': 1}",
        "{1: 2, 3: 4}",
        "dict(a=1, b=2)",
        "set()",
        "{1, 2}",
        "frozenset()",
        "range(10)",
        "bytearray(b'abc')",
        "bytearray(10)",
        "iter([1, 2])",
        "iter({})",
        "{}.keys()",
        "{'a': 1}.items()",
        "enumerate([])",
        "zip()",
        "map(str, [])",
        "slice(1, 2)",
        "lambda: 0",
        "staticmethod(len)",
        "classmethod(len)",
        "property()",
        "sys.int_info",
        "sys.float_info",
        "object()",
        "ValueError('x')",
        "(i for i in ())",
        "memoryview(b'ab')",
        "type",
        "int",
        "len",
        "[].append",
    ];
    for _ in 0..g.int(2, 5) {
        let e = g.pick(&exprs);
        g.line(format!("print(\"{e}\", sys.getsizeof({e}))"));
    }
    if g.chance(0.3) {
        g.import("from functools import partial");
        g.line("print(sys.getsizeof(partial(print, 1)))");
    }
}

/// A line that prints what the program can ask about a global's memory.
pub(crate) fn probe(g: &mut Gen) {
    let Some((name, kind)) = g.existing(&[]) else {
        return;
    };
    let choice = g.int(0, 9);
    match choice {
        0..=3 => {
            g.import("sys");
            g.line(format!("print('refs', sys.getrefcount({name}))"));
        }
        4..=5 => {
            g.import("sys");
            g.line(format!("print('size', sys.getsizeof({name}))"));
        }
        6 => {
            g.import("gc");
            g.line(format!("print('tracked', gc.is_tracked({name}))"));
        }
        7 if kind.weakrefable() => {
            g.import("weakref");
            g.line(format!("print('weak', weakref.getweakrefcount({name}))"));
        }
        8 => {
            g.import("gc");
            g.line(format!("print('referrers', len(gc.get_referrers({name})))"));
        }
        _ => {
            g.import("gc");
            g.line("print('gc', gc.collect())");
        }
    }
}
