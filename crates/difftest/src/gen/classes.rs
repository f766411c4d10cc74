//! Scenes about classes: plain classes and instances, `__slots__`, dataclasses,
//! properties and descriptors, `__eq__`/`__hash__` called by dict and set lookups,
//! `__del__` (with resurrection), inheritance with `super()`, and classes' own sizes.

use super::{Gen, Kind};

/// A plain class with `__init__`, a method and maybe `__repr__`; instances, aliases,
/// late attributes and `del`.
pub(crate) fn plain(g: &mut Gen) {
    let u = g.uid();
    let cls = format!(
        "{}{u}",
        g.pick(&["Point", "Node", "Account", "Photo", "Cell"])
    );
    let with_repr = g.chance(0.5);
    let mut def = vec![
        format!("class {cls}:"),
        "    def __init__(self, a, b):".into(),
        "        self.a = a".into(),
        "        self.b = b".into(),
        "    def both(self):".into(),
        "        return [self.a, self.b]".into(),
    ];
    if with_repr {
        def.push("    def __repr__(self):".into());
        def.push(format!("        return '{cls}(' + str(self.a) + ')'"));
    }
    g.block(&def);
    let p = g.var(&["p", "obj", "item"]);
    let (a, b) = (g.literal(), g.literal());
    let call = match g.chance(0.3) {
        true => format!("{cls}(a={a}, b={b})"),
        false => format!("{cls}({a}, {b})"),
    };
    g.bind(&p, Kind::Instance { weak: true }, format!("{p} = {call}"));
    if g.chance(0.5) {
        let q = g.var(&["q", "alias", "other"]);
        g.bind(&q, Kind::Instance { weak: true }, format!("{q} = {p}"));
        if g.chance(0.5) {
            g.unbind(&q);
        }
    }
    let pair = g.var(&["pair", "parts"]);
    g.bind(&pair, Kind::List, format!("{pair} = {p}.both()"));
    if g.chance(0.5) {
        let v = g.literal();
        g.line(format!("{p}.extra = {v}"));
        g.maybe_probe();
    }
    if let Some((other, _)) = g.existing(&[Kind::List, Kind::Dict, Kind::Str]) {
        g.line(format!("{p}.a = {other}"));
        g.maybe_probe();
    }
    if with_repr && g.chance(0.7) {
        g.line(format!("print({p})"));
        if g.chance(0.5) {
            g.line(format!("print(f'{{{p}!r}} and {{{pair}}}')"));
        }
    }
    if g.chance(0.3) {
        let many = g.var(&["points", "nodes"]);
        let n = g.int(2, 4);
        let items: Vec<String> = (0..n).map(|i| format!("{cls}({i}, {p})")).collect();
        g.bind(
            &many,
            Kind::List,
            format!("{many} = [{}]", items.join(", ")),
        );
    }
    if g.chance(0.4) {
        g.unbind(&p);
    }
}

/// A class with `__slots__`: no `__dict__`, its size counts the slots.
pub(crate) fn slots(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Pair{u}");
    let n = g.int(1, 3) as usize;
    let names = ["first", "second", "third"];
    let slots: Vec<String> = names[..n].iter().map(|s| format!("'{s}'")).collect();
    let mut def = vec![
        format!("class {cls}:"),
        format!("    __slots__ = ({},)", slots.join(", ")),
        "    def __init__(self, v):".into(),
    ];
    for s in &names[..n] {
        def.push(format!("        self.{s} = v"));
    }
    g.block(&def);
    let x = g.var(&["slot", "pair"]);
    let v = g.literal();
    g.bind(
        &x,
        Kind::Instance { weak: false },
        format!("{x} = {cls}({v})"),
    );
    g.import("sys");
    g.line(format!("print(sys.getsizeof({x}))"));
    let l = g.list_lit(2);
    g.line(format!("{x}.first = {l}"));
    g.maybe_probe();
}

/// A dataclass: generated `__init__`, `__eq__` and `__repr__`, a default factory.
pub(crate) fn dataclass(g: &mut Gen) {
    let u = g.uid();
    let frozen = g.chance(0.3);
    g.import("from dataclasses import dataclass, field");
    let cls = format!("Item{u}");
    let deco = match frozen {
        true => "@dataclass(frozen=True)",
        false => "@dataclass",
    };
    // A frozen dataclass is hashable only if its fields are.
    let tags = match frozen {
        true => "    tags: tuple = ()",
        false => "    tags: list = field(default_factory=list)",
    };
    g.block(&[
        deco.into(),
        format!("class {cls}:"),
        "    name: str".into(),
        "    qty: int = 0".into(),
        tags.into(),
    ]);
    let w = g.str_lit();
    let q = g.int(0, 300);
    let a = g.var(&["item", "entry"]);
    g.bind(
        &a,
        Kind::Instance { weak: true },
        format!("{a} = {cls}({w}, {q})"),
    );
    let b = g.var(&["copy", "twin"]);
    g.bind(
        &b,
        Kind::Instance { weak: true },
        format!("{b} = {cls}({w}, qty={q})"),
    );
    g.line(format!("print({a} == {b})"));
    g.line(format!("print({a})"));
    if !frozen {
        g.line(format!("{a}.tags.append({b})"));
        g.maybe_probe();
    } else {
        g.line(format!("print(hash({a}) == hash({b}))"));
    }
}

/// A property with a setter and a computed one.
pub(crate) fn property(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Temp{u}");
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, c):".into(),
        "        self._c = c".into(),
        "    @property".into(),
        "    def c(self):".into(),
        "        return self._c".into(),
        "    @c.setter".into(),
        "    def c(self, value):".into(),
        "        self._c = value".into(),
        "    @property".into(),
        "    def doubled(self):".into(),
        "        return [self._c, self._c]".into(),
    ]);
    let t = g.var(&["t", "temp"]);
    let v = g.int_lit();
    g.bind(
        &t,
        Kind::Instance { weak: true },
        format!("{t} = {cls}({v})"),
    );
    let d = g.var(&["d", "twice"]);
    g.bind(&d, Kind::List, format!("{d} = {t}.doubled"));
    let v = match g.existing(&[Kind::List, Kind::Dict, Kind::Instance { weak: true }]) {
        Some((n, _)) => n,
        None => g.literal(),
    };
    g.line(format!("{t}.c = {v}"));
    g.maybe_probe();
    let r = g.var(&["got", "read"]);
    g.bind(&r, Kind::Other, format!("{r} = {t}.c"));
}

/// A data descriptor (`__get__`/`__set__`, `__set_name__`) and a non-data one.
pub(crate) fn descriptor(g: &mut Gen) {
    let u = g.uid();
    let (desc, cls) = (format!("Field{u}"), format!("Box{u}"));
    let data = g.chance(0.7);
    let mut def = vec![
        format!("class {desc}:"),
        "    def __set_name__(self, owner, name):".into(),
        "        self.name = '_' + name".into(),
        "    def __get__(self, obj, objtype=None):".into(),
        "        if obj is None:".into(),
        "            return self".into(),
    ];
    if data {
        def.extend([
            "        return getattr(obj, self.name)".into(),
            "    def __set__(self, obj, value):".into(),
            "        setattr(obj, self.name, value)".into(),
        ]);
    } else {
        def.push("        return [self.name, obj]".into());
    }
    g.block(&def);
    let mut body = vec![format!("class {cls}:"), format!("    size = {desc}()")];
    if data {
        body.extend([
            "    def __init__(self, size):".into(),
            "        self.size = size".into(),
        ]);
    }
    g.block(&body);
    let b = g.var(&["box", "b"]);
    let v = g.list_lit(2);
    let call = match data {
        true => format!("{cls}({v})"),
        false => format!("{cls}()"),
    };
    g.bind(&b, Kind::Instance { weak: true }, format!("{b} = {call}"));
    let s = g.var(&["size", "s"]);
    g.bind(&s, Kind::Other, format!("{s} = {b}.size"));
    if data {
        let v = g.literal();
        g.line(format!("{b}.size = {v}"));
        g.maybe_probe();
    }
    g.line(format!("print(type({cls}.__dict__['size']).__name__)"));
}

/// `__eq__` and `__hash__` of the program's own, called by dict and set lookups.
pub(crate) fn hashing(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Key{u}");
    let loud = g.chance(0.5);
    let mut def = vec![
        format!("class {cls}:"),
        "    def __init__(self, n):".into(),
        "        self.n = n".into(),
        "    def __eq__(self, other):".into(),
    ];
    if loud {
        def.push("        print('eq', self.n, other.n)".into());
    }
    def.extend([
        "        return self.n == other.n".into(),
        "    def __hash__(self):".into(),
        "        return self.n".into(),
        // A default repr prints an address, which never agrees with CPython's.
        "    def __repr__(self):".into(),
        format!("        return '{cls}(%d)' % self.n"),
    ]);
    g.block(&def);
    let table = g.var(&["table", "index"]);
    let (a, b) = (g.int(1, 40), g.int(41, 90));
    let (va, vb) = (g.literal(), g.literal());
    g.bind(
        &table,
        Kind::Dict,
        format!("{table} = {{{cls}({a}): {va}, {cls}({b}): {vb}}}"),
    );
    let k = g.var(&["k", "probe"]);
    g.bind(
        &k,
        Kind::Instance { weak: true },
        format!("{k} = {cls}({a})"),
    );
    let v = g.var(&["found", "v"]);
    g.bind(&v, Kind::Other, format!("{v} = {table}[{k}]"));
    g.line(format!("print({k} in {table})"));
    if g.chance(0.5) {
        let s = g.var(&["seen", "uniq"]);
        g.bind(
            &s,
            Kind::Set,
            format!("{s} = {{{cls}({b}), {cls}({b}), {k}}}"),
        );
        g.line(format!("print(len({s}))"));
    }
    if g.chance(0.5) {
        g.line(format!("del {table}[{k}]"));
        g.maybe_probe();
    }
}

/// `__del__` when the last reference goes, for one object and for a dying list; maybe a
/// finalizer that resurrects its object.
pub(crate) fn finalizer(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Res{u}");
    let phoenix = g.chance(0.25);
    let mut def = vec![
        format!("class {cls}:"),
        "    saved = []".into(),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
        "    def __del__(self):".into(),
        "        print('del', self.name)".into(),
    ];
    if phoenix {
        def.push(format!("        {cls}.saved.append(self)"));
    }
    g.block(&def);
    let a = g.var(&["res", "r"]);
    let w = g.str_lit();
    g.bind(
        &a,
        Kind::Instance { weak: true },
        format!("{a} = {cls}({w})"),
    );
    let b = g.var(&["alias", "same"]);
    g.bind(&b, Kind::Instance { weak: true }, format!("{b} = {a}"));
    g.unbind(&a);
    match g.int(0, 2) {
        0 => g.unbind(&b),
        1 => g.line(format!("{b} = None")),
        _ => {}
    }
    if g.chance(0.6) {
        let items = g.var(&["items", "pool"]);
        let n = g.int(2, 4);
        let made: Vec<String> = (0..n).map(|i| format!("{cls}('n{i}')")).collect();
        g.bind(
            &items,
            Kind::List,
            format!("{items} = [{}]", made.join(", ")),
        );
        if g.chance(0.5) {
            g.line(format!("{items}.pop()"));
        }
        match g.chance(0.7) {
            true => g.unbind(&items),
            false => g.line(format!("{items}.clear()")),
        }
    }
    if phoenix {
        g.line(format!("print(len({cls}.saved))"));
        if g.chance(0.5) {
            g.line(format!("{cls}.saved.clear()"));
        }
    }
}

/// A subclass whose `__init__` and method call the base's through `super()`.
pub(crate) fn inheritance(g: &mut Gen) {
    let u = g.uid();
    let (base, child) = (format!("Base{u}"), format!("Child{u}"));
    g.block(&[
        format!("class {base}:"),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
        "    def describe(self):".into(),
        "        return 'base ' + self.name".into(),
        format!("class {child}({base}):"),
        "    def __init__(self, name, extra):".into(),
        "        super().__init__(name)".into(),
        "        self.extra = extra".into(),
        "    def describe(self):".into(),
        "        return super().describe() + '!'".into(),
    ]);
    let c = g.var(&["c", "kid"]);
    let w = g.str_lit();
    let e = g.list_lit(2);
    g.bind(
        &c,
        Kind::Instance { weak: true },
        format!("{c} = {child}({w}, {e})"),
    );
    let d = g.var(&["text", "desc"]);
    g.bind(&d, Kind::Str, format!("{d} = {c}.describe()"));
    g.line(format!("print({d})"));
    if g.chance(0.5) {
        g.line(format!(
            "print(isinstance({c}, {base}), {child}.__mro__[1].__name__)"
        ));
    }
}

/// The sizes of classes and of an instance's materialised `__dict__`.
pub(crate) fn class_probe(g: &mut Gen) {
    g.import("sys");
    let u = g.uid();
    let kind = g.int(0, 3);
    let cls = format!("Thing{u}");
    let def = match kind {
        0 => vec![format!("class {cls}:"), "    pass".into()],
        1 => vec![format!("class {cls}(Exception):"), "    pass".into()],
        2 => vec![format!("class {cls}:"), "    __slots__ = ('x',)".into()],
        _ => vec![format!("class {cls}(type):"), "    pass".into()],
    };
    g.block(&def);
    g.globals.push((cls.clone(), Kind::Class));
    g.line(format!("print(sys.getsizeof({cls}))"));
    if kind == 0 {
        let o = g.var(&["o", "blank"]);
        g.bind(&o, Kind::Instance { weak: true }, format!("{o} = {cls}()"));
        g.line(format!("{o}.a = 1"));
        g.line(format!("print(sys.getsizeof({o}))"));
        if g.chance(0.6) {
            g.line(format!("print(sys.getsizeof({o}.__dict__))"));
            g.line(format!("print(sys.getsizeof({o}))"));
        }
    }
}
