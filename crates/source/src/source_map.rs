//! Statement facts from the learner's AST, keyed by line.
//!
//! Trace events say which line runs, not why. To say "the `finally` block runs because a
//! `return` is pending" the recorder asks this map what kind of statement the previous
//! line was and where `finally` bodies and `except` handlers start.

use std::collections::BTreeMap;

use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
use ruff_python_ast::visitor::{walk_expr, Visitor as ExprVisitor};
use ruff_python_ast::{ConversionFlag, ExceptHandler, Expr, InterpolatedStringElement, Stmt};
use ruff_text_size::Ranged;

/// The kind of simple statement that starts on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StmtKind {
    Return,
    Break,
    Continue,
    For,
    /// A `with` statement (its header line).
    With,
    Other,
}

/// A `finally` body's line span.
#[derive(Debug, Clone, Copy)]
pub struct Block {
    pub first: u32,
    pub last: u32,
}

#[derive(Default)]
pub struct SourceMap {
    line_starts: Vec<usize>,
    kinds: BTreeMap<u32, StmtKind>,
    finally_blocks: BTreeMap<u32, Block>,
    handler_lines: BTreeMap<u32, ()>,
    yield_lines: BTreeMap<u32, ()>,
    /// Lines inside a list, set or dict comprehension (inlined into their frame, PEP 709).
    comprehension_lines: BTreeMap<u32, ()>,
    /// Lines of every `with` statement, header and body (its manager is on the stack).
    with_lines: BTreeMap<u32, ()>,
    /// Lines of a call with keyword arguments (CPython 3.13 runs it as `CALL_KW`).
    keyword_call_lines: BTreeMap<u32, ()>,
    /// What each line does that can call `__repr__` (see [`ReprPath`]).
    repr_paths: BTreeMap<u32, ReprPath>,
    /// The operands of each line's `print` calls and f-string fields when every one is a
    /// plain name; `None` when one is any other expression.
    repr_operands: BTreeMap<u32, Option<Vec<String>>>,
    /// The list displays starting on each line; `None` when one has a `*starred` item.
    list_displays: BTreeMap<u32, Option<Vec<ListDisplay>>>,
    /// The lengths of the dict displays starting on each line (none with `**`).
    dict_displays: BTreeMap<u32, Vec<u64>>,
    /// The set displays starting on each line: length, and whether all are constants.
    set_displays: BTreeMap<u32, Vec<(u64, bool)>>,
    /// Per line, the calls of `set`, `frozenset`, `list` and `sorted` with one argument,
    /// with what that argument is.
    collection_calls: BTreeMap<u32, Vec<(String, CallArg)>>,
    /// Lines that call a `.clear()` method.
    clear_lines: BTreeMap<u32, ()>,
    /// Lines that call a `.pop(...)` method.
    pop_lines: BTreeMap<u32, ()>,
    /// Per line, the methods called through `super()` (`super().describe()`).
    super_calls: BTreeMap<u32, Vec<String>>,
    /// Lines that slice, add or repeat (lists that are made exactly as long).
    exact_list_lines: BTreeMap<u32, ()>,
    /// Lines that extend a list: `.extend(...)` or `+=`.
    extend_lines: BTreeMap<u32, ()>,
    /// Annotations without a value (`name: str`) directly in the module's body or a
    /// class body, by line, with the line of the class that owns them (0: the module).
    /// CPython 3.13 runs each (it stores the annotation) and steps onto its line;
    /// RustPython 0.6 defers annotations (PEP 649) and runs nothing there.
    bare_annotations: BTreeMap<u32, u32>,
    /// Every class statement: (first line, last line) by the line it starts on.
    classes: BTreeMap<u32, u32>,
}

/// A list display (`[a, b, c]`) as CPython 3.13's compiler builds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListDisplay {
    /// How many items.
    pub len: u64,
    /// More than two items, all constants after folding: built by extending an empty
    /// list from one constant tuple (`LIST_EXTEND`), not from the stack (`BUILD_LIST`).
    pub from_constant: bool,
}

/// What a call like `list(x)` is handed: a name (whose value decides), a generator
/// expression, a display, a call of a named function (`map(...)`), or anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallArg {
    Name(String),
    Generator,
    Display,
    Call(String),
    Other,
}

/// How a line can reach an object's `__repr__`, most direct first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum ReprPath {
    /// None of the below (`str(x)`, a container's repr).
    #[default]
    Other,
    /// A call to `print`.
    Print,
    /// An f-string replacement field without `!r`.
    Format,
    /// `repr(x)` or `f"{x!r}"`.
    Repr,
}

impl SourceMap {
    /// Parses `source`; an unparsable source gives an empty map (the compiler reports it).
    pub fn new(source: &str) -> Self {
        let mut map = SourceMap {
            line_starts: std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            ..SourceMap::default()
        };
        if let Ok(parsed) = ruff_python_parser::parse_module(source) {
            map.scan_bodies(&parsed.syntax().body, 0);
            let mut v = Visitor { map: &mut map };
            v.visit_body(&parsed.syntax().body);
            let mut c = Comprehensions { map: &mut map };
            ExprVisitor::visit_body(&mut c, &parsed.syntax().body);
        }
        for (i, l) in source.lines().enumerate() {
            if l.contains("yield") {
                map.yield_lines.insert(i as u32 + 1, ());
            }
        }
        map
    }

    /// Notes the bare annotations of `body`, owned by the class on line `owner` (0: the
    /// module), and the classes in it, recursively.
    fn scan_bodies(&mut self, body: &[Stmt], owner: u32) {
        for stmt in body {
            let line = self.line_of(stmt.range().start().to_usize());
            match stmt {
                Stmt::AnnAssign(a) if a.value.is_none() => {
                    self.bare_annotations.insert(line, owner);
                }
                Stmt::ClassDef(c) => {
                    let last = self.line_of(stmt.range().end().to_usize().saturating_sub(1));
                    let first = self.line_of(c.name.range().start().to_usize());
                    self.classes.insert(first, last);
                    self.scan_bodies(&c.body, first);
                }
                _ => {}
            }
        }
    }

    /// The bare annotations CPython 3.13 steps onto between `after` and `before`
    /// (exclusive) in the body that runs `line` (a class body's or the module's), in
    /// order. `before` may be `u32::MAX` for "to the end of that body".
    pub fn bare_annotations_between(&self, line: u32, after: u32, before: u32) -> Vec<u32> {
        if after.saturating_add(1) >= before || self.bare_annotations.is_empty() {
            return Vec::new();
        }
        let owner = self.class_owning(line);
        (self.bare_annotations.range(after + 1..before))
            .filter(|(_, o)| **o == owner)
            .map(|(l, _)| *l)
            .collect()
    }

    /// The class statement whose body holds `line` most closely (its line), 0 for none.
    fn class_owning(&self, line: u32) -> u32 {
        (self.classes.range(..=line))
            .filter(|(_, last)| **last >= line)
            .map(|(first, _)| *first)
            .next_back()
            .unwrap_or(0)
    }

    /// The last line of the class statement on `line`, if one starts there.
    pub fn class_end(&self, line: u32) -> Option<u32> {
        self.classes.get(&line).copied()
    }

    fn line_of(&self, offset: usize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// The kind of statement starting on `line`.
    pub fn stmt_kind(&self, line: u32) -> Option<StmtKind> {
        self.kinds.get(&line).copied()
    }

    /// The `finally` body that contains `line`, if `line` is inside one.
    pub fn finally_start(&self, line: u32) -> Option<Block> {
        self.finally_blocks
            .range(..=line)
            .next_back()
            .map(|(_, b)| *b)
            .filter(|b| line <= b.last && line >= b.first)
            .filter(|b| b.first == line)
    }

    /// True when `line` is an `except` clause or the first line of its body.
    pub fn is_handler_line(&self, line: u32) -> bool {
        self.handler_lines.contains_key(&line)
    }

    /// True when `line` contains a `yield`.
    /// The list displays starting on `line`, `None` if one of them unpacks `*items`.
    pub fn list_displays(&self, line: u32) -> Option<&[ListDisplay]> {
        match self.list_displays.get(&line) {
            Some(d) => d.as_deref(),
            None => Some(&[]),
        }
    }

    /// The calls of `set`, `frozenset`, `list` and `sorted` with one argument on `line`:
    /// the function's name and what it is handed.
    pub fn collection_calls(&self, line: u32) -> &[(String, CallArg)] {
        self.collection_calls.get(&line).map_or(&[], Vec::as_slice)
    }

    /// Whether `line` extends a list in one go (`.extend(...)`, `+=`).
    pub fn extends_list(&self, line: u32) -> bool {
        self.extend_lines.contains_key(&line)
    }

    /// Whether `line` calls a `.clear()` method.
    pub fn clears(&self, line: u32) -> bool {
        self.clear_lines.contains_key(&line)
    }

    /// Whether `line` calls a `.pop(...)` method.
    pub fn pops(&self, line: u32) -> bool {
        self.pop_lines.contains_key(&line)
    }

    /// Whether the program calls any method through `super()`: lets the recorder skip
    /// the per-frame check on every step of programs that never do.
    pub fn has_super_calls(&self) -> bool {
        !self.super_calls.is_empty()
    }

    /// Whether `line` calls the method `name` through `super()`.
    pub fn calls_super(&self, line: u32, name: &str) -> bool {
        self.super_calls
            .get(&line)
            .is_some_and(|c| c.iter().any(|m| m == name))
    }

    /// Whether `line` slices, adds or repeats: the lists it makes are exactly as long.
    pub fn makes_exact_lists(&self, line: u32) -> bool {
        self.exact_list_lines.contains_key(&line)
    }

    /// The lengths of the dict displays starting on `line`.
    pub fn dict_displays(&self, line: u32) -> &[u64] {
        self.dict_displays.get(&line).map_or(&[], Vec::as_slice)
    }

    /// The set displays starting on `line`: length, and whether all items are constants
    /// (more than two: CPython folds them into a frozenset constant it merges in).
    pub fn set_displays(&self, line: u32) -> &[(u64, bool)] {
        self.set_displays.get(&line).map_or(&[], Vec::as_slice)
    }

    /// Whether `line` is a `with` statement's header or in its body.
    pub fn in_with(&self, line: u32) -> bool {
        self.with_lines.contains_key(&line)
    }

    /// Whether `line` is inside a list, set or dict comprehension.
    pub fn in_comprehension(&self, line: u32) -> bool {
        self.comprehension_lines.contains_key(&line)
    }

    /// The most direct way `line` can reach a `__repr__`.
    pub fn repr_path(&self, line: u32) -> ReprPath {
        self.repr_paths.get(&line).copied().unwrap_or_default()
    }

    /// The names a line hands straight to `print` or to f-string fields, when every
    /// operand there is a plain name (`print(a, items)`): a `__repr__` of an object none
    /// of them is bound to runs for a container's repr. `None` when unknown.
    pub fn repr_operands(&self, line: u32) -> Option<&[String]> {
        self.repr_operands.get(&line)?.as_deref()
    }

    /// Whether a call with keyword arguments spans `line`.
    pub fn has_keyword_call(&self, line: u32) -> bool {
        self.keyword_call_lines.contains_key(&line)
    }

    pub fn has_yield(&self, line: u32) -> bool {
        self.yield_lines.contains_key(&line)
    }
}

struct Visitor<'m> {
    map: &'m mut SourceMap,
}

impl<'a> StatementVisitor<'a> for Visitor<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let line = self.map.line_of(stmt.range().start().to_usize());
        let kind = match stmt {
            Stmt::Return(_) => StmtKind::Return,
            Stmt::Break(_) => StmtKind::Break,
            Stmt::Continue(_) => StmtKind::Continue,
            Stmt::For(_) => StmtKind::For,
            Stmt::With(_) => StmtKind::With,
            _ => StmtKind::Other,
        };
        self.map.kinds.entry(line).or_insert(kind);
        if let Stmt::AugAssign(a) = stmt {
            if a.op == ruff_python_ast::Operator::Add {
                self.map.extend_lines.insert(line, ());
            }
        }
        if let Stmt::With(_) = stmt {
            let last = self
                .map
                .line_of(stmt.range().end().to_usize().saturating_sub(1));
            for l in line..=last {
                self.map.with_lines.insert(l, ());
            }
        }
        if let Stmt::Try(t) = stmt {
            if let (Some(first), Some(last)) = (t.finalbody.first(), t.finalbody.last()) {
                let first = self.map.line_of(first.range().start().to_usize());
                let last = self
                    .map
                    .line_of(last.range().end().to_usize().saturating_sub(1));
                self.map.finally_blocks.insert(first, Block { first, last });
            }
            for h in &t.handlers {
                let ExceptHandler::ExceptHandler(h) = h;
                let l = self.map.line_of(h.range().start().to_usize());
                self.map.handler_lines.insert(l, ());
            }
        }
        walk_stmt(self, stmt);
    }
}

/// Marks the lines of every inlined comprehension and of every call with keywords.
struct Comprehensions<'m> {
    map: &'m mut SourceMap,
}

impl Comprehensions<'_> {
    /// Notes `path` on `lines`, keeping the most direct one a line has.
    fn mark(&mut self, lines: std::ops::RangeInclusive<u32>, path: ReprPath) {
        for line in lines {
            let p = self.map.repr_paths.entry(line).or_default();
            *p = (*p).max(path);
        }
    }
}

impl Comprehensions<'_> {
    /// Notes what `line` hands to `print` or a format field.
    fn operand(&mut self, line: u32, expr: &Expr) {
        let entry = self
            .map
            .repr_operands
            .entry(line)
            .or_insert(Some(Vec::new()));
        match (entry, expr) {
            (Some(names), Expr::Name(n)) => names.push(n.id.to_string()),
            (entry, _) => *entry = None,
        }
    }
}

impl<'a> ExprVisitor<'a> for Comprehensions<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if matches!(
            expr,
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_)
        ) {
            let first = self.map.line_of(expr.range().start().to_usize());
            let last = self
                .map
                .line_of(expr.range().end().to_usize().saturating_sub(1));
            for line in first..=last {
                self.map.comprehension_lines.insert(line, ());
            }
        }
        if let Expr::Call(c) = expr {
            let first = self.map.line_of(expr.range().start().to_usize());
            let last = self
                .map
                .line_of(expr.range().end().to_usize().saturating_sub(1));
            if c.arguments.keywords.iter().any(|k| k.arg.is_some()) {
                for line in first..=last {
                    self.map.keyword_call_lines.insert(line, ());
                }
            }
            let path = match &*c.func {
                Expr::Name(n) if n.id.as_str() == "repr" => ReprPath::Repr,
                Expr::Name(n) if n.id.as_str() == "print" => ReprPath::Print,
                _ => ReprPath::Other,
            };
            self.mark(first..=last, path);
            let converts = matches!(&*c.func,
                Expr::Name(n) if matches!(n.id.as_str(), "repr" | "str" | "format" | "ascii"));
            if let (true, Some(arg)) = (converts, c.arguments.args.first()) {
                self.operand(first, arg);
            }
            if path == ReprPath::Print {
                // An f-string hands `print` a finished str: its fields are its operands.
                let direct = c.arguments.args.iter();
                for arg in direct.filter(|a| !matches!(a, Expr::FString(_))) {
                    self.operand(first, arg);
                }
            }
        }
        if let Expr::List(l) = expr {
            let line = self.map.line_of(expr.range().start().to_usize());
            let entry = self
                .map
                .list_displays
                .entry(line)
                .or_insert(Some(Vec::new()));
            let starred = l.elts.iter().any(|e| matches!(e, Expr::Starred(_)));
            match (entry, starred) {
                (Some(v), false) => v.push(ListDisplay {
                    len: l.elts.len() as u64,
                    from_constant: l.elts.len() > 2
                        && l.elts.iter().all(|e| crate::fold::value(e).is_some()),
                }),
                (entry, _) => *entry = None,
            }
        }
        if let Expr::Dict(d) = expr {
            if d.items.iter().all(|i| i.key.is_some()) {
                let line = self.map.line_of(expr.range().start().to_usize());
                let len = d.items.len() as u64;
                self.map.dict_displays.entry(line).or_default().push(len);
            }
        }
        if let Expr::Set(set) = expr {
            if !set.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                let line = self.map.line_of(expr.range().start().to_usize());
                let constant =
                    set.elts.len() > 2 && set.elts.iter().all(|e| crate::fold::value(e).is_some());
                let entry = (set.elts.len() as u64, constant);
                self.map.set_displays.entry(line).or_default().push(entry);
            }
        }
        if let Expr::Call(c) = expr {
            let line = self.map.line_of(expr.range().start().to_usize());
            if let Expr::Name(f) = &*c.func {
                let callee = f.id.as_str();
                let collection = matches!(callee, "set" | "frozenset" | "list" | "sorted");
                if let ([arg], true) = (&*c.arguments.args, collection) {
                    let arg = match arg {
                        Expr::Name(n) => CallArg::Name(n.id.to_string()),
                        Expr::Generator(_) => CallArg::Generator,
                        Expr::List(_) | Expr::Tuple(_) => CallArg::Display,
                        Expr::Call(inner) => match &*inner.func {
                            Expr::Name(n) => CallArg::Call(n.id.to_string()),
                            _ => CallArg::Other,
                        },
                        _ => CallArg::Other,
                    };
                    let calls = self.map.collection_calls.entry(line).or_default();
                    calls.push((callee.to_owned(), arg));
                }
            }
            if let Expr::Attribute(a) = &*c.func {
                let through_super = matches!(&*a.value, Expr::Call(s)
                    if matches!(&*s.func, Expr::Name(n) if n.id.as_str() == "super"));
                if through_super {
                    let calls = self.map.super_calls.entry(line).or_default();
                    calls.push(a.attr.to_string());
                }
                match a.attr.as_str() {
                    "clear" => self.map.clear_lines.insert(line, ()),
                    "pop" => self.map.pop_lines.insert(line, ()),
                    "extend" => self.map.extend_lines.insert(line, ()),
                    _ => None,
                };
            }
        }
        let exact_list = match expr {
            Expr::Subscript(s) => matches!(&*s.slice, Expr::Slice(_)),
            Expr::BinOp(b) => matches!(
                b.op,
                ruff_python_ast::Operator::Add | ruff_python_ast::Operator::Mult
            ),
            _ => false,
        };
        if exact_list {
            let line = self.map.line_of(expr.range().start().to_usize());
            self.map.exact_list_lines.insert(line, ());
        }
        if let Expr::FString(f) = expr {
            for e in f.value.elements() {
                if let InterpolatedStringElement::Interpolation(i) = e {
                    let path = match i.conversion {
                        ConversionFlag::Repr => ReprPath::Repr,
                        _ => ReprPath::Format,
                    };
                    let line = self.map.line_of(i.range().start().to_usize());
                    self.mark(line..=line, path);
                    if path == ReprPath::Format {
                        self.operand(line, &i.expression);
                    }
                }
            }
        }
        walk_expr(self, expr);
    }
}
