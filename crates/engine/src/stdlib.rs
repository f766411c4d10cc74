//! Which engine a program needs: the core one (what the browser downloads first) or the
//! full one (every module refscope ships), decided from the program's import statements.
//!
//! The browser's worker asks [`needs_full_stdlib`] before each run and fetches the full
//! engine only when the answer is yes, so the first lesson runs after the small download.
//! The names come from build.rs: the top-level modules of `stdlib.txt` and
//! `stdlib-native.txt` that `stdlib-core.txt` does not have.

use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
use ruff_python_ast::Stmt;

/// Top-level module names only the full engine can import, one per line, sorted.
static FULL_ONLY: &str = include_str!(concat!(env!("OUT_DIR"), "/full_only.txt"));

/// True when this build is the full engine.
pub const IS_FULL: bool = cfg!(feature = "full");

/// The modules `source` imports (top-level names, in order of first appearance) that only
/// the full engine has. Empty when the core engine can run it, and for a source that does
/// not parse (the compiler reports that). Imports anywhere count, also inside functions
/// and `try` blocks: the learner may step into them. `importlib.import_module("x")` and
/// `__import__` are not seen; the core engine's error for them says so.
pub fn full_only_imports(source: &str) -> Vec<String> {
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return Vec::new();
    };
    let mut v = Imports::default();
    v.visit_body(&parsed.syntax().body);
    v.names.into_iter().filter(|n| is_full_only(n)).collect()
}

/// True when `source` imports a module only the full engine has.
pub fn needs_full_stdlib(source: &str) -> bool {
    !full_only_imports(source).is_empty()
}

/// True when top-level module `name` is in the full engine only.
fn is_full_only(name: &str) -> bool {
    full_only_names().any(|l| l == name)
}

/// Every top-level module name only the full engine has.
pub(crate) fn full_only_names() -> impl Iterator<Item = &'static str> {
    FULL_ONLY.lines().filter(|l| !l.is_empty())
}

#[derive(Default)]
struct Imports {
    names: Vec<String>,
}

impl Imports {
    fn add(&mut self, dotted: &str) {
        let top = dotted.split('.').next().unwrap_or_default();
        if !top.is_empty() && !self.names.iter().any(|n| n == top) {
            self.names.push(top.to_owned());
        }
    }
}

impl<'a> StatementVisitor<'a> for Imports {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    self.add(alias.name.as_str());
                }
            }
            // Relative imports name the learner's own package, never the stdlib.
            Stmt::ImportFrom(i) if i.level == 0 => {
                if let Some(module) = &i.module {
                    self.add(module.as_str());
                }
            }
            _ => walk_stmt(self, stmt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_anywhere_are_found_and_core_ones_are_not_counted() {
        let src = "import gc, weakref\nfrom contextlib import contextmanager\n\
                   def f():\n    try:\n        import math\n    except ImportError:\n        pass\n\
                   from . import sibling\nfrom json.decoder import JSONDecoder\n";
        assert_eq!(full_only_imports(src), ["math", "json"]);
        assert!(!needs_full_stdlib(
            "import weakref\nimport gc\nimport sys\n"
        ));
        assert!(needs_full_stdlib("import random\n"));
        // Not the stdlib at all: the core engine says "No module named ...", as CPython.
        assert!(!needs_full_stdlib("import numpy\n"));
        // Unparsable: the core engine reports the syntax error.
        assert!(!needs_full_stdlib("import (\n"));
    }
}
