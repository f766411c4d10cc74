//! The values programs are made of: words (identifier-like strings, which CPython 3.13
//! may intern, and others that it does not), numbers small and large, and literals.

use super::Gen;

/// Identifier-like words: interned by CPython's compiler when they are constants.
const WORDS: &[&str] = &[
    "apple", "beach", "cloud", "delta", "ember", "forest", "grape", "harbor", "island", "jungle",
    "kettle", "lemon", "meadow", "night", "orbit", "pepper", "quartz", "river", "stone", "tiger",
    "umbra", "violet", "willow", "yonder", "zephyr", "name", "value", "data", "items", "result",
    "key", "left", "right", "count", "total", "red", "blue",
];

/// Strings CPython does not intern: spaces, punctuation, non-ASCII.
const PHRASES: &[&str] = &[
    "hello world",
    "a-b-c",
    "two words",
    "x+y",
    "café",
    "naïve",
    "über",
    "señor",
    "日本",
    "Δelta",
    "snow ☃",
    "",
    "!",
    "end.",
];

impl Gen {
    /// An identifier-like word.
    pub(crate) fn word(&mut self) -> &'static str {
        self.pick(WORDS)
    }

    /// A string literal, quoted: mostly words, sometimes phrases.
    pub(crate) fn str_lit(&mut self) -> String {
        let text = match self.chance(0.7) {
            true => self.word(),
            false => self.pick(PHRASES),
        };
        format!("{text:?}").replace('"', "'")
    }

    /// An int literal: small ones (cached and immortal), medium and large ones.
    pub(crate) fn int_lit(&mut self) -> String {
        match self.int(0, 9) {
            0..=4 => self.int(-5, 256).to_string(),
            5..=7 => self.int(257, 5000).to_string(),
            8 => self
                .pick(&["10 ** 6", "1000000", "2 ** 40", "123456789"])
                .to_owned(),
            _ => self.pick(&["10 ** 20", "2 ** 64", "-99999"]).to_owned(),
        }
    }

    /// A literal of any plain kind: int, str, float, tuple, None, bool.
    pub(crate) fn literal(&mut self) -> String {
        match self.int(0, 9) {
            0..=3 => self.int_lit(),
            4..=6 => self.str_lit(),
            7 => self
                .pick(&["1.5", "0.25", "3.0", "-2.5", "1e10"])
                .to_owned(),
            8 => format!("({}, {})", self.int_lit(), self.str_lit()),
            _ => self.pick(&["None", "True", "False", "()"]).to_owned(),
        }
    }

    /// A list display of `n` literals.
    pub(crate) fn list_lit(&mut self, n: usize) -> String {
        let items: Vec<String> = (0..n).map(|_| self.literal()).collect();
        format!("[{}]", items.join(", "))
    }

    /// A name for a global, from a small pool so that names are sometimes rebound.
    pub(crate) fn var(&mut self, base: &[&'static str]) -> String {
        let b = self.pick(base);
        match self.chance(0.85) {
            true => format!("{b}{}", self.uid()),
            false => b.to_owned(),
        }
    }
}
