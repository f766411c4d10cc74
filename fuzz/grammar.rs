//! Turns fuzzer bytes into a Python program for the recorder.
//!
//! Half the inputs (first byte even) are taken as raw source, so the parser and the
//! syntax-error path see arbitrary text. The rest drive a small grammar of the programs
//! learners write about memory: classes with `__del__`/`__enter__`/`__exit__`, cycles,
//! weakrefs and finalizers, generators with `finally`, try/except/finally with
//! return/break/continue, `with`, gc calls, imports (including ones the browser lacks and
//! escape attempts), big allocations, output floods and deep recursion. Every choice comes
//! from the bytes, so a saved input replays the same program.
//!
//! Shared by the `cargo fuzz` target (`fuzz/fuzz_targets/record.rs`) and the fuzz smoke
//! test (`tests/engine/fuzz_smoke.rs`), which include this file by path.

use arbitrary::Unstructured;

/// The program for one fuzzer input.
pub fn source(data: &[u8]) -> String {
    match data.first() {
        None => String::new(),
        Some(b) if b % 2 == 0 => String::from_utf8_lossy(&data[1..]).into_owned(),
        Some(_) => {
            let mut g = Gen {
                u: Unstructured::new(&data[1..]),
                out: String::new(),
                depth: 0,
                names: vec!["x".into()],
            };
            g.out.push_str(PRELUDE);
            let n = g.int(1, 12);
            for _ in 0..n {
                g.stmt(0);
            }
            g.out
        }
    }
}

/// Definitions every grammar program starts with, so statements can use them.
const PRELUDE: &str = "import gc, weakref, sys\n\
class R:\n    def __init__(self, n=0):\n        self.n = n\n        self.other = None\n\
    def __del__(self):\n        print('del', self.n)\n\
    def __enter__(self):\n        return self\n\
    def __exit__(self, t, v, tb):\n        return self.n % 2 == 1\n\
def gen(k):\n    try:\n        for i in range(k):\n            yield i\n    finally:\n        print('gen done')\n\
x = R(0)\n";

struct Gen<'a> {
    u: Unstructured<'a>,
    out: String,
    depth: usize,
    names: Vec<String>,
}

impl Gen<'_> {
    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.int(0, items.len() as u32 - 1) as usize]
    }

    fn name(&mut self) -> String {
        let i = self.int(0, self.names.len() as u32 - 1) as usize;
        self.names[i].clone()
    }

    fn new_name(&mut self) -> String {
        let n = format!("v{}", self.int(0, 5));
        if !self.names.contains(&n) {
            self.names.push(n.clone());
        }
        n
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn line_pick(&mut self, indent: usize, items: &[&str]) {
        let text = self.pick(items);
        self.line(indent, text);
    }

    fn expr(&mut self) -> String {
        if self.depth > 3 {
            return self.int(0, 300).to_string();
        }
        self.depth += 1;
        let e = match self.int(0, 14) {
            0 => self.int(0, 1000).to_string(),
            1 => format!(
                "'{}'",
                self.pick(&[
                    "a",
                    "héllo",
                    "😀",
                    "漢字",
                    "e\u{301}",
                    "שלום",
                    "<img src=x onerror=alert(1)>"
                ])
            ),
            2 => format!("[{}, {}]", self.expr(), self.expr()),
            3 => format!("{{'k': {}}}", self.expr()),
            4 => self.name(),
            5 => format!("R({})", self.int(0, 9)),
            6 => format!("gen({})", self.int(0, 5)),
            7 => format!("({} for _ in range({}))", self.expr(), self.int(0, 4)),
            8 => format!("[0] * {}", self.pick(&["10", "10**6", "10**9", "10**12"])),
            9 => format!("'a' * {}", self.pick(&["3", "10**5", "10**10"])),
            10 => format!("weakref.ref({}, lambda r: print('cb'))", self.name()),
            11 => format!("lambda: {}", self.name()),
            12 => format!("sys.getrefcount({})", self.name()),
            13 => format!("{}.other", self.name()),
            _ => format!("({} if {} else {})", self.expr(), self.expr(), self.expr()),
        };
        self.depth -= 1;
        e
    }

    fn block(&mut self, indent: usize) {
        let n = self.int(1, 3);
        for _ in 0..n {
            self.stmt(indent);
        }
    }

    fn stmt(&mut self, indent: usize) {
        if self.depth > 4 || self.u.is_empty() {
            self.line(indent, "pass");
            return;
        }
        self.depth += 1;
        match self.int(0, 24) {
            0 | 1 => {
                let (n, e) = (self.new_name(), self.expr());
                self.line(indent, &format!("{n} = {e}"));
            }
            2 => {
                let n = self.name();
                self.line(indent, &format!("del {n}"));
            }
            3 => {
                let (a, b) = (self.name(), self.name());
                self.line(indent, &format!("{a}.other = {b}"));
            }
            4 => {
                let e = self.expr();
                self.line(indent, &format!("print({e})"));
            }
            5 => self.line_pick(indent, &["gc.collect()", "gc.disable()", "gc.enable()"]),
            6 => {
                self.line(indent, "try:");
                self.block(indent + 1);
                match self.int(0, 2) {
                    0 => self.line(indent, "except BaseException:"),
                    1 => self.line(indent, "except ValueError as e:"),
                    _ => self.line(indent, "finally:"),
                }
                self.block(indent + 1);
            }
            7 => {
                let n = self.int(0, 30);
                self.line(indent, &format!("for i in range({n}):"));
                self.block(indent + 1);
            }
            8 => {
                self.line_pick(indent, &["while True:", "while x:"]);
                self.block(indent + 1);
            }
            9 => self.line_pick(
                indent,
                &[
                    "break",
                    "continue",
                    "return 1",
                    "raise ValueError('v')",
                    "yield 1",
                ],
            ),
            10 => {
                let e = self.expr();
                let n = self.new_name();
                let k = self.int(0, 3);
                self.line(indent, &format!("with R({k}) as {n}:"));
                let _ = e;
                self.block(indent + 1);
            }
            11 => {
                let f = format!("f{}", self.int(0, 3));
                self.line(indent, &format!("def {f}(a=[]):"));
                self.block(indent + 1);
                self.line(indent, &format!("{f}()"));
            }
            12 => {
                let g = self.new_name();
                let k = self.int(0, 4);
                self.line(indent, &format!("{g} = gen({k})"));
                let action = self.pick(&["next({g})", "{g}.close()", "del {g}", "list({g})"]);
                self.line(indent, &action.replace("{g}", &g));
            }
            13 => {
                let m = self.pick(&[
                    "import os",
                    "import contextlib",
                    "import io",
                    "import decimal",
                    "import js",
                    "__import__('js')",
                    "import nosuchmodule",
                    "import socket",
                    "import _thread",
                    "from os import listdir; listdir('.')",
                ]);
                self.line(indent, m);
            }
            14 => {
                let n = self.name();
                self.line(
                    indent,
                    &format!("weakref.finalize({n}, print, 'finalized')"),
                );
            }
            15 => self.line(indent, "def deep(n):\n    return deep(n + 1)\ndeep(0)"),
            16 => self.line_pick(
                indent,
                &[
                    "print('x' * 100000)",
                    "input()",
                    "while True: print('flood')",
                ],
            ),
            17 => {
                self.line(indent, "class K:");
                let body = self.pick(&[
                    "def __del__(self): raise RuntimeError('in del')",
                    "def __exit__(self, *a): raise KeyError('in exit')\n    def __enter__(self): return self",
                    "def __del__(self): saved.append(self)",
                    "__slots__ = ('a',)",
                ]);
                self.line(indent + 1, body);
                self.line(indent, "saved = []");
                self.line_pick(
                    indent,
                    &[
                        "k = K(); del k",
                        "with K(): pass",
                        "k = K(); k.me = k; del k; gc.collect()",
                    ],
                );
            }
            18 => self.line_pick(
                indent,
                &[
                    "exec('y = 1')",
                    "eval('1 +')",
                    "compile('x', 'f', 'eval')",
                    "open('f.txt', 'w').write('data')",
                ],
            ),
            19 => self.line(indent, "if x:"),
            20 => {
                let e = self.expr();
                self.line(indent, &format!("assert {e}"));
            }
            21 => self.line_pick(
                indent,
                &[
                    "10 ** 10 ** 2",
                    "sorted([3, 1, 2])",
                    "dict.fromkeys(range(50))",
                ],
            ),
            22 => self.line_pick(
                indent,
                &[
                    "sys.setrecursionlimit(50)",
                    "sys.settrace(None)",
                    "sys.exit(3)",
                ],
            ),
            23 => {
                let raw: String = (0..self.int(0, 20))
                    .map(|_| char::from(self.int(32, 126) as u8))
                    .collect();
                self.line(indent, &raw);
            }
            _ => self.line(indent, "x = R(1); x.other = x"),
        }
        self.depth -= 1;
    }
}
