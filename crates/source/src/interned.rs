//! How CPython 3.13 counts the strings RustPython interns.
//!
//! Both interpreters intern a program's names and its identifier-like string constants
//! (ASCII letters, digits and `_`). RustPython makes all of them immortal, so their
//! counts read as nothing. CPython 3.13 makes only *names* immortal (every name of every
//! code object the process compiled: the startup modules', the imported modules', the
//! program's); a constant that spells no name is interned mortal and counted, and its
//! count includes the references the program's constant tables hold (see `consts.rs`).
//! 3.12 made every interned string immortal; 3.14 keeps 3.13's rule.
//!
//! So an interned string is drawn the way 3.13 counts it: immortal if its text is one of
//! those names, else the references the program holds plus the constant tables'. The
//! names of the startup and common modules are a table recorded from CPython 3.13
//! (`data/cpython-3.13-interned.txt`, made by `tests/cpython/record_interned.py`); a
//! program that imports a module outside it gets such strings marked approximate.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The recorded table: per `[section]`, a line of immortal words and a line of
/// `word=N`, mortal words the process itself holds N references to.
const TABLE: &str = include_str!("../data/cpython-3.13-interned.txt");

/// One section of the table, each list sorted (the recorder writes them sorted).
struct Section {
    immortal: Vec<&'static str>,
    held: Vec<(&'static str, u32)>,
}

/// The table's sections by name: `startup`, then one per module.
fn table() -> &'static BTreeMap<&'static str, Section> {
    static PARSED: OnceLock<BTreeMap<&'static str, Section>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut out = BTreeMap::new();
        let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
        while let Some(header) = lines.next() {
            let name = header.trim_start_matches('[').trim_end_matches(']');
            let mut immortal: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
            immortal.sort_unstable();
            let mut held: Vec<(&str, u32)> = (lines.next().unwrap_or("").split_whitespace())
                .filter_map(|kv| kv.split_once('='))
                .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
                .collect();
            held.sort_unstable();
            out.insert(name, Section { immortal, held });
        }
        out
    })
}

/// Whether the table covers words spelled like `text`. It leaves out, to stay small,
/// words in capitals longer than 5 (`O_RDONLY`), words with digits longer than 4
/// (`cp1252`) and words with an underscore (`get_ident`, `_private`) other than
/// `__dunder__` names;
/// `tests/cpython/record_interned.py` applies the same rule.
fn is_tabled(text: &str) -> bool {
    let capitals = text.len() > 5
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    let digits = text.len() > 4 && text.bytes().any(|b| b.is_ascii_digit());
    let dunder = text.starts_with("__") && text.ends_with("__") && text.len() > 4;
    let underscore = text.contains('_') && !dunder;
    !(capitals || digits || underscore)
}

/// Whether `text` names a builtin type whose `__name__` CPython 3.13 makes anew at every
/// read (the table's `[fresh-type-names]`).
fn is_fresh_type_name(text: &str) -> bool {
    (table().get("fresh-type-names")).is_some_and(|s| s.immortal.binary_search(&text).is_ok())
}

/// How CPython 3.13 counts an interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrCount {
    Immortal,
    /// Counted: the program's references plus these, from constant tables and from the
    /// interpreter itself.
    Counted {
        consts: u32,
    },
    /// Counted as far as the engine knows; an imported module the table does not cover,
    /// or a word it leaves out, might make the string immortal.
    Approximate {
        consts: u32,
    },
    /// The name of a builtin type, read from its `__name__` (`type(e).__name__`): CPython
    /// makes a new string at every read, RustPython hands out the interned name. So only
    /// the program's references count, and more than one may be several strings in
    /// CPython (approximate).
    TypeName,
}

/// The program's interned-string facts, read once before it runs.
#[derive(Default)]
pub struct Interned {
    names: BTreeSet<String>,
    consts: BTreeMap<String, u32>,
    /// References from constant tables to each constant of every kind (see `consts`).
    values: BTreeMap<crate::Const, u32>,
    /// Table sections in force: the startup one and those of the imported modules.
    sections: Vec<&'static Section>,
    /// The program imports a module the table does not cover.
    unknown_import: bool,
    /// The modules the program's `import` statements name, in order.
    imports: Vec<String>,
}

/// Whether CPython interns `text` as a constant: ASCII letters, digits and `_` only.
/// The empty string and one-character strings are immortal singletons either way.
pub fn is_word(text: &str) -> bool {
    text.len() > 1 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Interned {
    pub fn new(source: &str) -> Self {
        let facts = crate::consts::facts(source);
        let table = table();
        let mut sections: Vec<&'static Section> = Vec::new();
        if let Some(startup) = table.get("startup") {
            sections.push(startup);
        }
        let mut unknown_import = false;
        for m in &facts.imports {
            match table.get(m.as_str()) {
                Some(words) => sections.push(words),
                None => unknown_import = true,
            }
        }
        Interned {
            names: facts.names,
            consts: facts.consts,
            values: facts.values,
            sections,
            unknown_import,
            imports: facts.imports,
        }
    }

    /// The references CPython 3.13's constant tables hold to the program's constant with
    /// this value (its code objects' `co_consts` and the constant tuples and frozensets
    /// holding it; equal constants are one object), 0 for a value no literal makes. Such
    /// an object lives as long as the code does: the whole run.
    pub fn constant_refs(&self, value: &crate::Const) -> u32 {
        self.values.get(value).copied().unwrap_or(0)
    }

    /// The modules the program's `import` statements name (`os.path` as written), in the
    /// order the program names them.
    pub fn imports(&self) -> &[String] {
        &self.imports
    }

    /// How CPython 3.13 counts an interned string with this text; `None` for text it
    /// never interns as a constant (drawn as RustPython has it).
    pub fn count(&self, text: &str) -> Option<StrCount> {
        if !is_word(text) {
            return None;
        }
        // No literal spells it, so the program's string is a type's `__name__` (or
        // built at run time, which CPython does not intern either).
        if !self.consts.contains_key(text) && is_fresh_type_name(text) {
            return Some(StrCount::TypeName);
        }
        self.count_interned(text)
    }

    /// How CPython 3.13 counts its interned string with this text (a word: see `count`).
    fn count_interned(&self, text: &str) -> Option<StrCount> {
        if self.names.contains(text) {
            return Some(StrCount::Immortal);
        }
        let mut held = self.consts.get(text).copied().unwrap_or(0);
        for s in &self.sections {
            if s.immortal.binary_search(&text).is_ok() {
                return Some(StrCount::Immortal);
            }
            if let Ok(i) = s.held.binary_search_by(|(w, _)| w.cmp(&text)) {
                held += s.held[i].1;
            }
        }
        Some(match self.unknown_import || !is_tabled(text) {
            false => StrCount::Counted { consts: held },
            true => StrCount::Approximate { consts: held },
        })
    }
}

/// For the test against CPython's own code objects: for any identifier-like string,
/// the references `source`'s constant tables hold to it, and whether 3.13 makes it
/// immortal (`None`: the engine does not know, and marks its count approximate).
pub fn cpython_facts(source: &str) -> impl Fn(&str) -> (u32, Option<bool>) {
    let interned = Interned::new(source);
    move |w| {
        let consts = interned.consts.get(w).copied().unwrap_or(0);
        let verdict = is_word(w).then(|| interned.count_interned(w)).flatten();
        let immortal = match verdict {
            Some(StrCount::Immortal) => Some(true),
            Some(StrCount::Counted { .. }) | None => Some(false),
            Some(StrCount::Approximate { .. } | StrCount::TypeName) => None,
        };
        (consts, immortal)
    }
}
