//! The program generator: small, valid, deterministic Python programs of the kinds a
//! teacher brings to a class on memory (classes, closures, generators, `with`,
//! `try`/`finally`, containers, weak references, files, cycles, printed introspection).
//!
//! A program is a few *scenes*, each drawn from one family (`classes`, `flow`, `data`,
//! `memory`), with its own names; between statements the generator may print what the
//! program can ask about memory (`probe`). Scenes leave objects bound to globals, which
//! later scenes and probes use, so the constructs meet each other.
//!
//! Programs avoid what differs between runs of CPython itself: no `id()`, no default
//! `repr` (it shows an address), no iteration over sets of strings (their order follows
//! the string hash), no time. A program is named by `(seed, index)`: [`program`] gives
//! the same text for the same pair on every machine.

mod classes;
mod data;
mod flow;
mod memory;
mod words;

use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a global name is bound to, for the probes that may ask about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Str,
    Int,
    Bytes,
    ByteArray,
    /// An instance of a class of the program; `weak`: it takes weak references.
    Instance {
        weak: bool,
    },
    Function,
    Class,
    Generator,
    BoundMethod,
    Partial,
    Deque,
    Other,
}

impl Kind {
    /// Whether `weakref.ref` accepts an object of this kind.
    fn weakrefable(self) -> bool {
        matches!(
            self,
            Kind::Instance { weak: true }
                | Kind::Function
                | Kind::Class
                | Kind::Generator
                | Kind::Set
                | Kind::FrozenSet
                | Kind::Partial
        )
    }
}

/// The state of one program being generated.
pub(crate) struct Gen {
    rng: ChaCha8Rng,
    imports: BTreeSet<&'static str>,
    lines: Vec<String>,
    /// Globals a probe may name, with what they hold.
    globals: Vec<(String, Kind)>,
    uid: u32,
}

/// The program `index` of the run seeded `seed`.
pub fn program(seed: u64, index: u32) -> String {
    let mixed = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(u64::from(index));
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(mixed),
        imports: BTreeSet::new(),
        lines: Vec::new(),
        globals: Vec::new(),
        uid: 0,
    };
    let scenes = g.int(2, 5);
    for _ in 0..scenes {
        g.scene();
    }
    if g.chance(0.3) {
        g.import("gc");
        g.line("print('collected', gc.collect())");
    }
    g.finish()
}

type Scene = fn(&mut Gen);

/// Every scene, with its weight.
const SCENES: &[(Scene, u32)] = &[
    (classes::plain, 3),
    (classes::slots, 1),
    (classes::dataclass, 1),
    (classes::property, 2),
    (classes::descriptor, 2),
    (classes::hashing, 2),
    (classes::finalizer, 2),
    (classes::inheritance, 1),
    (classes::class_probe, 1),
    (flow::closure, 2),
    (flow::bound_methods, 2),
    (flow::partial, 2),
    (flow::generator, 2),
    (flow::generator_driven, 2),
    (flow::yield_from, 1),
    (flow::with_class, 2),
    (flow::with_contextmanager, 2),
    (flow::exit_stack, 1),
    (flow::try_finally, 3),
    (flow::chaining, 1),
    (data::lists, 3),
    (data::dicts, 3),
    (data::sets, 1),
    (data::collections_types, 2),
    (data::comprehension, 2),
    (data::iterators, 2),
    (data::strings, 2),
    (data::bytes_built, 1),
    (memory::weakrefs, 2),
    (memory::weak_collections, 2),
    (memory::files, 2),
    (memory::cycles, 3),
    (memory::sizes, 2),
];

impl Gen {
    fn scene(&mut self) {
        let total: u32 = SCENES.iter().map(|s| s.1).sum();
        let mut at = self.rng.gen_range(0..total);
        for (scene, weight) in SCENES {
            if at < *weight {
                scene(self);
                return;
            }
            at -= weight;
        }
    }

    /// The program's text: its imports, then its lines.
    fn finish(self) -> String {
        let mut out = String::new();
        for i in &self.imports {
            out.push_str(i);
            out.push('\n');
        }
        for l in &self.lines {
            out.push_str(l);
            out.push('\n');
        }
        out
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p)
    }

    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.gen_range(lo..=hi)
    }

    pub(crate) fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        *xs.choose(&mut self.rng).expect("a non-empty choice")
    }

    /// A number the program's scenes have not used yet, for fresh names.
    pub(crate) fn uid(&mut self) -> u32 {
        self.uid += 1;
        self.uid
    }

    pub(crate) fn import(&mut self, line: &'static str) {
        let line = match line {
            "sys" => "import sys",
            "gc" => "import gc",
            "weakref" => "import weakref",
            other => other,
        };
        self.imports.insert(line);
    }

    /// A module-level statement, maybe followed by a probe.
    pub(crate) fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// A block of lines (a definition, a loop) as one statement.
    pub(crate) fn block(&mut self, lines: &[String]) {
        self.lines.extend(lines.iter().cloned());
    }

    /// A module-level statement that binds `name` to a `kind`, maybe probed after.
    pub(crate) fn bind(&mut self, name: &str, kind: Kind, text: impl Into<String>) {
        self.line(text);
        self.globals.retain(|(n, _)| n != name);
        self.globals.push((name.to_owned(), kind));
        self.maybe_probe();
    }

    /// `del name` at module level.
    pub(crate) fn unbind(&mut self, name: &str) {
        self.line(format!("del {name}"));
        self.globals.retain(|(n, _)| n != name);
        self.maybe_probe();
    }

    /// A global bound earlier to one of `kinds`, if any.
    pub(crate) fn existing(&mut self, kinds: &[Kind]) -> Option<(String, Kind)> {
        let found: Vec<&(String, Kind)> = (self.globals.iter())
            .filter(|(_, k)| kinds.is_empty() || kinds.contains(k))
            .collect();
        found.choose(&mut self.rng).map(|x| (*x).clone())
    }

    /// Sometimes, a line that prints what the program can ask about a global's memory.
    pub(crate) fn maybe_probe(&mut self) {
        if self.chance(0.22) {
            memory::probe(self);
        }
    }
}
