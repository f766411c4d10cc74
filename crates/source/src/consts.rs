//! What CPython 3.13's compiler does with a program's identifier-like strings, read from
//! the AST: which ones are names (interned immortal), and how many references its
//! constant tables hold to each literal (interned mortal, so those references count).
//!
//! A constant table is a code object's `co_consts` (each code object holds a string it
//! loads once) or a constant tuple or frozenset (each holds its items). The compiler
//! merges equal constants across the whole module, so a tuple spelled twice is one
//! object. The rules below are the 3.13 compiler's (`ast_opt.c`, `compile.c`,
//! `flowgraph.c`); `tests/engine/interned.rs` checks them against CPython's own code
//! objects (`tests/cpython/interned.json`).

use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{
    CmpOp, Comprehension, ExceptHandler, Expr, ExprContext, InterpolatedStringElement, Keyword,
    Parameters, Pattern, Stmt,
};

use crate::fold::{value, Const};

/// The compiler's facts about one program's strings and other constants.
#[derive(Default)]
pub(crate) struct Facts {
    /// Every name the program's code objects hold (interned immortal).
    pub names: BTreeSet<String>,
    /// References from constant tables, by string.
    pub consts: BTreeMap<String, u32>,
    /// References from constant tables, by constant of every kind (strings too): the
    /// code objects' `co_consts` and the constant tuples and frozensets holding it.
    pub values: BTreeMap<Const, u32>,
    /// The modules the program imports, in the order its statements name them.
    pub imports: Vec<String>,
}

/// Reads `source`; an unparsable one has no facts (it never runs).
pub(crate) fn facts(source: &str) -> Facts {
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Facts::default();
    };
    let mut c = Compiler::default();
    c.code_body(&parsed.syntax().body, None);
    let mut facts = Facts {
        names: c.names,
        imports: c.imports,
        ..Facts::default()
    };
    for (_, value) in c.direct {
        if let Const::Str(s) = &value {
            *facts.consts.entry(s.clone()).or_default() += 1;
        }
        *facts.values.entry(value).or_default() += 1;
    }
    for t in c.tuples {
        let items: Vec<&Const> = match &t {
            Const::Tuple(items) => items.iter().collect(),
            Const::FrozenSet(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        for item in items {
            if let Const::Str(s) = item {
                *facts.consts.entry(s.clone()).or_default() += 1;
            }
            *facts.values.entry(item.clone()).or_default() += 1;
        }
    }
    facts
}

#[derive(Default)]
struct Compiler {
    /// The code object being compiled (an index: module 0, then each body in order).
    code: usize,
    codes: usize,
    /// (code object, constant) each `co_consts` holds: strings, numbers, bytes; tuples
    /// and frozensets are in `tuples` (each distinct one is one object, module-wide).
    direct: BTreeSet<(usize, Const)>,
    /// Every distinct constant tuple and frozenset, nested ones included.
    tuples: BTreeSet<Const>,
    names: BTreeSet<String>,
    imports: Vec<String>,
    /// Per class being compiled, innermost last: the attributes its code stores on
    /// `self` (3.13 keeps them as `__static_attributes__`, a sorted constant tuple).
    classes: Vec<BTreeSet<String>>,
    /// The code objects whose `co_consts` has its first entry already (a function's
    /// and a lambda's is its docstring or `None`, a class body's its qualname).
    started: BTreeSet<usize>,
    /// The code objects that are function bodies.
    functions: BTreeSet<usize>,
}

impl Compiler {
    /// Notes an imported module, once, in the order the program names it.
    fn import(&mut self, module: &str) {
        if !self.imports.iter().any(|m| m == module) {
            self.imports.push(module.to_owned());
        }
    }

    /// Compiles `body` as a new code object (a class body stores `qualname` first). A
    /// leading string is its docstring, kept as a constant; any other constant
    /// expression statement compiles to nothing.
    fn code_body(&mut self, body: &[Stmt], enter: Option<&str>) {
        let outer = self.code;
        self.code = self.codes;
        self.codes += 1;
        if self.code != 0 {
            self.started.insert(self.code);
        }
        if let Some(qualname) = enter {
            self.constant(&Const::Str(qualname.to_owned()));
        }
        let mut rest = body;
        if let Some(Stmt::Expr(e)) = body.first() {
            if let Expr::StringLiteral(s) = &*e.value {
                self.constant(&Const::Str(s.value.to_str().to_owned()));
                rest = &body[1..];
            }
        }
        self.visit_body(rest);
        self.code = outer;
    }

    /// One constant loaded by the current code object.
    fn constant(&mut self, c: &Const) {
        match c {
            Const::Tuple(_) | Const::FrozenSet(_) => self.load_container(c),
            _ => {
                self.started.insert(self.code);
                self.direct.insert((self.code, c.clone()));
            }
        }
    }

    /// A constant tuple or frozenset the current code object loads: `co_consts` holds it,
    /// and it holds its items.
    fn load_container(&mut self, c: &Const) {
        if matches!(c, Const::Tuple(items) if items.is_empty()) {
            return; // `()` is a singleton
        }
        self.started.insert(self.code);
        self.direct.insert((self.code, c.clone()));
        self.container(c);
    }

    /// A constant tuple or frozenset, and the ones nested in it.
    fn container(&mut self, c: &Const) {
        let items: Vec<&Const> = match c {
            Const::Tuple(items) if items.is_empty() => return, // `()` is a singleton
            Const::Tuple(items) => items.iter().collect(),
            Const::FrozenSet(items) => items.iter().collect(),
            _ => return,
        };
        for item in items {
            if matches!(item, Const::Tuple(_) | Const::FrozenSet(_)) {
                self.container(item);
            }
        }
        self.tuples.insert(c.clone());
    }

    /// A list or set display: folded into one constant when all its items are
    /// constants and there are more than two (or always, where `fold` says so: the
    /// iterable of a `for` and the right side of `in`).
    fn display(&mut self, elts: &[Expr], set: bool, fold: bool) {
        let consts: Option<Vec<Const>> = elts.iter().map(value).collect();
        match consts {
            Some(items) if fold || items.len() > 2 => {
                let c = if set {
                    Const::FrozenSet(items.into_iter().collect())
                } else {
                    Const::Tuple(items)
                };
                self.load_container(&c);
            }
            _ => elts.iter().for_each(|e| self.visit_expr(e)),
        }
    }

    /// An iterable the optimizer turns into a constant when it can (`for x in [..]`).
    fn iterable(&mut self, e: &Expr) {
        match e {
            Expr::List(l) => self.display(&l.elts, false, true),
            Expr::Set(s) => self.display(&s.elts, true, true),
            _ => self.visit_expr(e),
        }
    }

    /// A function's defaults, evaluated where it is defined: each one loaded, and the
    /// positional ones folded into a tuple when all are constants (by `flowgraph.c`,
    /// whose `remove_unused_consts` then drops the single constants, except the code
    /// object's first one, kept as it could be a docstring).
    fn defaults(&mut self, params: &Parameters) {
        let positional: Vec<&Expr> = params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .filter_map(|p| p.default.as_deref())
            .collect();
        let folded = positional
            .iter()
            .map(|d| value(d))
            .collect::<Option<Vec<_>>>()
            .filter(|items| !items.is_empty());
        match folded {
            Some(items) => {
                if !self.started.contains(&self.code) {
                    self.constant(&items[0]);
                }
                self.load_container(&Const::Tuple(items));
            }
            None => positional.iter().for_each(|d| self.visit_expr(d)),
        }
        for p in &params.kwonlyargs {
            if let Some(d) = &p.default {
                self.constant(&Const::Str(p.parameter.name.to_string()));
                self.visit_expr(d);
            }
        }
        for p in params.iter() {
            self.names.insert(p.name().to_string());
        }
    }

    /// A call's keyword arguments: their names go in one constant tuple (unless one is
    /// `**`), and the parser interns each name immortal, as it does every identifier.
    fn keywords(&mut self, kw: &[Keyword]) {
        self.names.extend(
            kw.iter()
                .flat_map(|k| k.arg.as_ref())
                .map(|a| a.to_string()),
        );
        let names: Option<Vec<Const>> = kw
            .iter()
            .map(|k| k.arg.as_ref().map(|a| Const::Str(a.to_string())))
            .collect();
        if let Some(names) = names.filter(|n| !n.is_empty()) {
            self.load_container(&Const::Tuple(names));
        }
        kw.iter().for_each(|k| self.visit_expr(&k.value));
    }

    /// The comprehension's first iterable runs where the comprehension is written; the
    /// rest runs in the comprehension's own code (a generator expression's) or inline.
    fn comprehensions(&mut self, gens: &[Comprehension], elts: &[&Expr], own_code: bool) {
        if let Some(first) = gens.first() {
            self.iterable(&first.iter);
        }
        let outer = self.code;
        if own_code {
            self.code = self.codes;
            self.codes += 1;
        }
        for (i, g) in gens.iter().enumerate() {
            self.visit_expr(&g.target);
            if i > 0 {
                self.iterable(&g.iter);
            }
            g.ifs.iter().for_each(|e| self.visit_expr(e));
        }
        elts.iter().for_each(|e| self.visit_expr(e));
        self.code = outer;
    }
}

impl<'a> Visitor<'a> for Compiler {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                f.decorator_list
                    .iter()
                    .for_each(|d| self.visit_expr(&d.expression));
                self.defaults(&f.parameters);
                self.started.insert(self.code); // the code object
                self.names.insert(f.name.to_string());
                self.functions.insert(self.codes);
                self.code_body(&f.body, None);
            }
            Stmt::ClassDef(c) => {
                c.decorator_list
                    .iter()
                    .for_each(|d| self.visit_expr(&d.expression));
                // `class C(B, metaclass=M)` calls `__build_class__` with those arguments.
                if let Some(args) = &c.arguments {
                    args.args.iter().for_each(|a| self.visit_expr(a));
                    self.keywords(&args.keywords);
                }
                self.names.insert(c.name.to_string());
                self.constant(&Const::Str(c.name.to_string()));
                // The class body stores its `__qualname__`: the name itself only at the
                // top level (`Outer.Inner` and `f.<locals>.C` are not words).
                let qualname = match self.code {
                    0 => c.name.to_string(),
                    _ => format!("<nested>.{}", c.name),
                };
                self.classes.push(BTreeSet::new());
                self.code_body(&c.body, Some(&qualname));
                let attrs = self.classes.pop().unwrap_or_default();
                self.load_container(&Const::Tuple(attrs.into_iter().map(Const::Str).collect()));
            }
            // A constant expression statement compiles to nothing.
            Stmt::Expr(e) if value(&e.value).is_some() => {}
            Stmt::For(f) => {
                self.visit_expr(&f.target);
                self.iterable(&f.iter);
                self.visit_body(&f.body);
                self.visit_body(&f.orelse);
            }
            Stmt::Import(i) => {
                self.started.insert(self.code); // the level, 0
                for a in &i.names {
                    self.import(a.name.as_str());
                    let bound = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    self.names
                        .insert(bound.split('.').next().unwrap_or(bound).to_owned());
                    self.names.insert(a.name.to_string());
                }
            }
            Stmt::ImportFrom(i) => {
                self.started.insert(self.code); // the level
                if let Some(m) = &i.module {
                    self.names.insert(m.to_string());
                    if i.level == 0 {
                        self.import(m.as_str());
                    }
                }
                let from: Vec<Const> = i
                    .names
                    .iter()
                    .map(|a| Const::Str(a.name.to_string()))
                    .collect();
                self.load_container(&Const::Tuple(from));
                for a in &i.names {
                    self.names.insert(a.name.to_string());
                    if let Some(n) = &a.asname {
                        self.names.insert(n.to_string());
                    }
                }
            }
            Stmt::Global(g) => self.names.extend(g.names.iter().map(|n| n.to_string())),
            Stmt::Nonlocal(g) => self.names.extend(g.names.iter().map(|n| n.to_string())),
            // A module or class body stores a simple annotation in `__annotations__`
            // under the name, a constant (a function body evaluates none).
            Stmt::AnnAssign(a) if a.simple && !self.functions.contains(&self.code) => {
                if let Expr::Name(n) = &*a.target {
                    self.constant(&Const::Str(n.id.to_string()));
                }
                walk_stmt(self, stmt)
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_except_handler(&mut self, handler: &'a ExceptHandler) {
        let ExceptHandler::ExceptHandler(h) = handler;
        if let Some(n) = &h.name {
            self.names.insert(n.to_string());
        }
        if let Some(t) = &h.type_ {
            self.visit_expr(t);
        }
        self.visit_body(&h.body);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        match pattern {
            Pattern::MatchAs(p) => self.names.extend(p.name.iter().map(|n| n.to_string())),
            Pattern::MatchStar(p) => self.names.extend(p.name.iter().map(|n| n.to_string())),
            _ => {}
        }
        ruff_python_ast::visitor::walk_pattern(self, pattern);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some(c) = value(expr) {
            return self.constant(&c);
        }
        match expr {
            Expr::Name(n) => {
                self.names.insert(n.id.to_string());
            }
            Expr::Attribute(a) => {
                self.names.insert(a.attr.to_string());
                let on_self = matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self");
                if on_self && a.ctx == ExprContext::Store {
                    if let Some(attrs) = self.classes.last_mut() {
                        attrs.insert(a.attr.to_string());
                    }
                }
                self.visit_expr(&a.value);
            }
            Expr::List(l) => self.display(&l.elts, false, false),
            Expr::Set(s) => self.display(&s.elts, true, false),
            Expr::Dict(d) => {
                let keys: Option<Vec<Const>> = d
                    .items
                    .iter()
                    .map(|i| i.key.as_ref().and_then(value))
                    .collect();
                match keys {
                    Some(keys) if keys.len() > 1 => self.load_container(&Const::Tuple(keys)),
                    _ => d
                        .items
                        .iter()
                        .flat_map(|i| &i.key)
                        .for_each(|k| self.visit_expr(k)),
                }
                d.items.iter().for_each(|i| self.visit_expr(&i.value));
            }
            Expr::Compare(c) => {
                self.visit_expr(&c.left);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    if matches!(op, CmpOp::In | CmpOp::NotIn) {
                        self.iterable(right);
                    } else {
                        self.visit_expr(right);
                    }
                }
            }
            Expr::Call(call) => {
                self.visit_expr(&call.func);
                call.arguments.args.iter().for_each(|a| self.visit_expr(a));
                self.keywords(&call.arguments.keywords);
            }
            Expr::FString(f) => {
                let mut literal = String::new();
                for e in f.value.elements() {
                    match e {
                        InterpolatedStringElement::Literal(l) => literal.push_str(&l.value),
                        InterpolatedStringElement::Interpolation(i) => {
                            self.constant(&Const::Str(std::mem::take(&mut literal)));
                            self.visit_expr(&i.expression);
                        }
                    }
                }
                self.constant(&Const::Str(literal));
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.defaults(p);
                }
                self.started.insert(self.code); // the code object
                let outer = self.code;
                self.code = self.codes;
                self.codes += 1;
                self.started.insert(self.code); // `None`, so it has no docstring
                self.visit_expr(&l.body);
                self.code = outer;
            }
            Expr::Generator(g) => self.comprehensions(&g.generators, &[&g.elt], true),
            Expr::ListComp(c) => self.comprehensions(&c.generators, &[&c.elt], false),
            Expr::SetComp(c) => self.comprehensions(&c.generators, &[&c.elt], false),
            Expr::DictComp(c) => {
                let elts: Vec<&Expr> = c.key.iter().map(|k| &**k).chain([&*c.value]).collect();
                self.comprehensions(&c.generators, &elts, false)
            }
            _ => walk_expr(self, expr),
        }
    }
}
