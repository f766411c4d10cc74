//! Scenes about running code: closures and `nonlocal`, bound methods and
//! `functools.partial`, generators (`next`, `send`, `throw`, `close`, `yield from`),
//! `with` (classes, `@contextmanager`, `ExitStack`, `suppress`), `try`/`except`/`else`/
//! `finally` left by `return`, `break` and `raise`, and exception chaining.

use super::{Gen, Kind};

/// A closure over a counter (`nonlocal`) and over a list; closures kept in a list.
pub(crate) fn closure(g: &mut Gen) {
    let u = g.uid();
    let f = format!("make_counter{u}");
    g.block(&[
        format!("def {f}(start, seen):"),
        "    count = start".into(),
        "    def step(by=1):".into(),
        "        nonlocal count".into(),
        "        count += by".into(),
        "        seen.append(count)".into(),
        "        return count".into(),
        "    return step".into(),
    ]);
    let log = g.var(&["log", "seen"]);
    g.bind(&log, Kind::List, format!("{log} = []"));
    let c = g.var(&["counter", "tick"]);
    let start = g.int_lit();
    g.bind(&c, Kind::Function, format!("{c} = {f}({start}, {log})"));
    let n = g.int(1, 3);
    for _ in 0..n {
        g.line(format!("{c}()"));
    }
    g.maybe_probe();
    if g.chance(0.5) {
        let fs = g.var(&["funcs", "steps"]);
        g.bind(
            &fs,
            Kind::List,
            format!("{fs} = [{f}(i, {log}) for i in range(3)]"),
        );
        g.line(format!("{fs}[1](5)"));
        g.line(format!("print({log})"));
    }
    if g.chance(0.4) {
        let l = g.var(&["adders", "ops"]);
        g.bind(
            &l,
            Kind::List,
            format!("{l} = [lambda x, k=k: x + k for k in range(3)]"),
        );
        g.line(format!("print([h(10) for h in {l}])"));
    }
}

/// Bound methods made, kept in a list and called later.
pub(crate) fn bound_methods(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Greeter{u}");
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
        "        self.said = []".into(),
        "    def greet(self, other):".into(),
        "        self.said.append(other)".into(),
        "        return self.name + ' greets ' + other".into(),
    ]);
    let o = g.var(&["greeter", "host"]);
    let w = g.str_lit();
    g.bind(
        &o,
        Kind::Instance { weak: true },
        format!("{o} = {cls}({w})"),
    );
    let m = g.var(&["m", "hello"]);
    g.bind(&m, Kind::BoundMethod, format!("{m} = {o}.greet"));
    let w2 = g.word();
    g.line(format!("print({m}('{w2}'))"));
    if g.chance(0.6) {
        let ms = g.var(&["methods", "calls"]);
        g.bind(
            &ms,
            Kind::List,
            format!("{ms} = [{o}.greet, {o}.greet, {m}]"),
        );
        g.line(format!("print({ms}[0] == {ms}[1], {ms}[0] is {ms}[1])"));
        g.block(&[format!("for call in {ms}:"), format!("    call('{w2}')")]);
        g.maybe_probe();
    }
    if g.chance(0.5) {
        g.unbind(&o);
        g.line(format!("print({m}.__self__.name)"));
    }
}

/// `functools.partial` over a function and over a bound method, with keywords.
pub(crate) fn partial(g: &mut Gen) {
    g.import("from functools import partial");
    let u = g.uid();
    let f = format!("combine{u}");
    g.block(&[
        format!("def {f}(a, b, sep='-'):"),
        "    return str(a) + sep + str(b)".into(),
    ]);
    let p = g.var(&["p", "joiner"]);
    let a = g.literal();
    let kw = g.chance(0.5);
    let text = match kw {
        true => format!("{p} = partial({f}, {a}, sep='+')"),
        false => format!("{p} = partial({f}, {a})"),
    };
    g.bind(&p, Kind::Partial, text);
    let b = g.literal();
    let r = g.var(&["joined", "res"]);
    g.bind(&r, Kind::Str, format!("{r} = {p}({b})"));
    g.line(format!("print({r})"));
    if g.chance(0.5) {
        let r2 = g.var(&["again"]);
        g.bind(&r2, Kind::Str, format!("{r2} = {p}({b}, sep=':')"));
    }
    if let Some((x, _)) = g.existing(&[Kind::List]) {
        let q = g.var(&["q", "bound"]);
        g.bind(&q, Kind::Partial, format!("{q} = partial({f}, b={x})"));
        g.line(format!("print(len({q}(0)) > 0)"));
    }
}

/// A generator with a `try`/`finally`, advanced by `next` and maybe left suspended.
pub(crate) fn generator(g: &mut Gen) {
    let u = g.uid();
    let f = format!("gen{u}");
    let n = g.int(2, 4);
    g.block(&[
        format!("def {f}(items):"),
        "    try:".into(),
        "        for x in items:".into(),
        "            yield [x]".into(),
        "    finally:".into(),
        format!("        print('{f} done')"),
    ]);
    let src = g.var(&["src", "values"]);
    let l = g.list_lit(n as usize);
    g.bind(&src, Kind::List, format!("{src} = {l}"));
    let it = g.var(&["it", "gen"]);
    g.bind(&it, Kind::Generator, format!("{it} = {f}({src})"));
    let first = g.var(&["first", "head"]);
    g.bind(&first, Kind::List, format!("{first} = next({it})"));
    match g.int(0, 3) {
        0 => g.line(format!("print(list({it}))")),
        1 => g.line(format!("{it}.close()")),
        2 => g.unbind(&it),
        _ => g.line(format!("print(next({it}))")),
    }
    g.maybe_probe();
    if g.chance(0.4) {
        let total = g.var(&["total", "s"]);
        g.bind(
            &total,
            Kind::Int,
            format!("{total} = sum(len(x) for x in {f}({src}))"),
        );
    }
}

/// A generator driven by `send`, `throw` and `close`.
pub(crate) fn generator_driven(g: &mut Gen) {
    let u = g.uid();
    let f = format!("averager{u}");
    g.block(&[
        format!("def {f}():"),
        "    total = 0".into(),
        "    count = 0".into(),
        "    avg = None".into(),
        "    while True:".into(),
        "        try:".into(),
        "            value = yield avg".into(),
        "        except ValueError as e:".into(),
        "            print('reset', e)".into(),
        "            total = count = 0".into(),
        "            continue".into(),
        "        total += value".into(),
        "        count += 1".into(),
        "        avg = total // count".into(),
    ]);
    let a = g.var(&["avg", "acc"]);
    g.bind(&a, Kind::Generator, format!("{a} = {f}()"));
    g.line(format!("next({a})"));
    for _ in 0..g.int(1, 3) {
        let v = g.int(1, 300);
        g.line(format!("print({a}.send({v}))"));
    }
    g.maybe_probe();
    if g.chance(0.6) {
        g.line(format!("{a}.throw(ValueError('bad'))"));
        let v = g.int(1, 50);
        g.line(format!("print({a}.send({v}))"));
    }
    match g.int(0, 2) {
        0 => g.line(format!("{a}.close()")),
        1 => g.unbind(&a),
        _ => {}
    }
}

/// `yield from` delegating to a sub-generator, returning a value.
pub(crate) fn yield_from(g: &mut Gen) {
    let u = g.uid();
    let (inner, outer) = (format!("inner{u}"), format!("outer{u}"));
    g.block(&[
        format!("def {inner}(n):"),
        "    for i in range(n):".into(),
        "        yield i".into(),
        "    return [n]".into(),
        format!("def {outer}():"),
        format!("    got = yield from {inner}(2)"),
        "    print('inner returned', got)".into(),
        format!("    yield from {inner}(1)"),
    ]);
    let o = g.var(&["chain", "o"]);
    g.bind(&o, Kind::Generator, format!("{o} = {outer}()"));
    g.line(format!("print(next({o}), next({o}))"));
    g.maybe_probe();
    g.line(format!("print(list({o}))"));
}

/// A class context manager, maybe suppressing the exception its block raises.
pub(crate) fn with_class(g: &mut Gen) {
    let u = g.uid();
    let cls = format!("Managed{u}");
    let suppress = g.chance(0.5);
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, name):".into(),
        "        self.name = name".into(),
        "    def __enter__(self):".into(),
        "        print('enter', self.name)".into(),
        "        return self".into(),
        "    def __exit__(self, kind, value, tb):".into(),
        "        print('exit', self.name, kind is not None)".into(),
        format!("        return {}", if suppress { "True" } else { "False" }),
    ]);
    let w = g.str_lit();
    let m = g.var(&["m", "res"]);
    let raise = g.chance(0.5);
    let mut body = vec![
        format!("with {cls}({w}) as {m}:"),
        format!("    inside = [{m}]"),
    ];
    if raise {
        body.push(format!("    raise KeyError({w})"));
    }
    match (raise, suppress) {
        (true, false) => {
            let mut t = vec!["try:".to_owned()];
            t.extend(body.iter().map(|l| format!("    {l}")));
            t.extend([
                "except KeyError as err:".into(),
                "    print('caught', err)".into(),
            ]);
            g.block(&t);
        }
        _ => g.block(&body),
    }
    g.globals.push((m, Kind::Instance { weak: true }));
    g.maybe_probe();
    if g.chance(0.4) {
        let k = g.var(&["again"]);
        g.block(&[
            format!("{k} = {cls}('plain')"),
            format!("with {k}:"),
            format!("    print({k}.name)"),
        ]);
    }
}

/// A `@contextmanager` generator with `try`/`finally`, and `suppress`.
pub(crate) fn with_contextmanager(g: &mut Gen) {
    g.import("from contextlib import contextmanager, suppress");
    let u = g.uid();
    let f = format!("opened{u}");
    g.block(&[
        "@contextmanager".into(),
        format!("def {f}(name):"),
        "    res = [name]".into(),
        "    print('open', name)".into(),
        "    try:".into(),
        "        yield res".into(),
        "    finally:".into(),
        "        print('close', name)".into(),
    ]);
    let w = g.str_lit();
    let r = g.var(&["r", "handle"]);
    let mut body = vec![
        format!("with {f}({w}) as {r}:"),
        format!("    {r}.append(1)"),
    ];
    if g.chance(0.4) {
        body.push("    raise ValueError('inside')".into());
        let mut t = vec!["try:".to_owned()];
        t.extend(body.iter().map(|l| format!("    {l}")));
        t.extend([
            "except ValueError as e:".into(),
            "    print('handled', e)".into(),
        ]);
        body = t;
    }
    g.block(&body);
    g.globals.push((r, Kind::List));
    g.maybe_probe();
    if g.chance(0.5) {
        g.block(&[
            "with suppress(ZeroDivisionError):".into(),
            "    ratio = 1 / 0".into(),
        ]);
        g.line("print('suppressed')");
    }
}

/// `ExitStack` entering several managers and closing them last to first.
pub(crate) fn exit_stack(g: &mut Gen) {
    g.import("from contextlib import ExitStack");
    let u = g.uid();
    let cls = format!("Step{u}");
    g.block(&[
        format!("class {cls}:"),
        "    def __init__(self, n):".into(),
        "        self.n = n".into(),
        "    def __enter__(self):".into(),
        "        return self.n".into(),
        "    def __exit__(self, *exc):".into(),
        "        print('exit', self.n)".into(),
        "        return False".into(),
    ]);
    let n = g.int(2, 3);
    g.block(&[
        "with ExitStack() as stack:".into(),
        format!("    got = [stack.enter_context({cls}(i)) for i in range({n})]"),
        "    stack.callback(print, 'callback ran')".into(),
        "    print(got)".into(),
    ]);
    g.maybe_probe();
}

/// `try`/`except`/`else`/`finally` in a function and a loop, left by `return`, `break`,
/// `continue` and `raise`; an exception kept after its block.
pub(crate) fn try_finally(g: &mut Gen) {
    let u = g.uid();
    let f = format!("pick{u}");
    g.block(&[
        format!("def {f}(n):"),
        "    data = [n]".into(),
        "    try:".into(),
        "        if n == 0:".into(),
        "            raise ZeroDivisionError('zero')".into(),
        "        if n > 5:".into(),
        "            return 'big'".into(),
        "        value = 10 // n".into(),
        "    except ZeroDivisionError as e:".into(),
        "        print('except', e)".into(),
        "        return 'none'".into(),
        "    else:".into(),
        "        print('else', value)".into(),
        "    finally:".into(),
        "        print('finally', data)".into(),
        "    return 'small'".into(),
    ]);
    for _ in 0..g.int(1, 3) {
        let n = g.int(0, 8);
        g.line(format!("print({f}({n}))"));
    }
    g.maybe_probe();
    if g.chance(0.5) {
        let kept = g.var(&["saved", "last_error"]);
        g.block(&[
            format!("{kept} = None"),
            "for i in range(4):".into(),
            "    try:".into(),
            "        if i == 1:".into(),
            "            continue".into(),
            "        if i == 3:".into(),
            "            break".into(),
            "        {}[i]".into(),
            "    except KeyError as e:".into(),
            format!("        {kept} = e"),
            "    finally:".into(),
            "        print('loop', i)".into(),
        ]);
        g.globals.push((kept.clone(), Kind::Other));
        g.line(format!("print(repr({kept}))"));
        g.maybe_probe();
    }
}

/// `raise ... from ...` and an implicit context, caught and inspected.
pub(crate) fn chaining(g: &mut Gen) {
    let u = g.uid();
    let f = format!("load{u}");
    let explicit = g.chance(0.5);
    g.block(&[
        format!("def {f}(key):"),
        "    table = {'a': 1}".into(),
        "    try:".into(),
        "        return table[key]".into(),
        "    except KeyError as e:".into(),
        match explicit {
            true => "        raise ValueError('missing ' + key) from e".into(),
            false => "        raise ValueError('missing ' + key)".into(),
        },
    ]);
    let err = g.var(&["err", "problem"]);
    g.block(&[
        "try:".into(),
        format!("    {f}('b')"),
        "except ValueError as e:".into(),
        format!("    {err} = e"),
    ]);
    g.globals.push((err.clone(), Kind::Other));
    g.line(format!(
        "print(type({err}.__context__).__name__, {err}.__cause__ is not None)"
    ));
    g.maybe_probe();
    if g.chance(0.4) {
        g.line(format!("del {err}"));
        g.globals.retain(|(n, _)| *n != err);
    }
}
