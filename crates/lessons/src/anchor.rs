//! Anchors: the little phrases ("after line 2", "call append #3", "the first gc") that
//! tie a stop or a question to one step of the recorded trace.
//!
//! Lesson authors count lines of the lesson's code, not steps, so a lesson keeps working
//! when the engine records a few more or fewer steps. Resolution is deterministic and
//! uses only the trace; the grammar is documented in `lessons/README.md`.

use std::fmt;

use refscope_trace::{Event, FreeReason, StepEvent, Trace};

/// A parsed anchor. `nth` fields are 1-based occurrence counts (`#K`, default 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// `start`: the first step.
    Start,
    /// `end`: the last step.
    End,
    /// `line N [#K]`: the K-th `line` step at line N (line N is about to run).
    Line { line: u32, nth: u32 },
    /// `after line N [#K]`: the step where the K-th run of line N has finished.
    AfterLine { line: u32, nth: u32 },
    /// `call NAME [#K]`: the K-th `call` step of function NAME.
    Call { function: String, nth: u32 },
    /// `return NAME [#K]`: the K-th `return` step of function NAME.
    Return { function: String, nth: u32 },
    /// `the first gc`, `the second free`, `event del #3`: the step the K-th event of a
    /// kind is attached to.
    Event { kind: EventKind, nth: u32 },
}

/// The event kinds an anchor can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Any object freed.
    Free,
    /// Freed because its refcount reached zero.
    RefcountFree,
    /// Freed by the cyclic garbage collector.
    GcFree,
    /// A garbage collection.
    Gc,
    /// A `__del__` call.
    Del,
    /// A context manager's `__enter__`.
    Enter,
    /// A context manager's `__exit__`.
    Exit,
    /// A `finally` block entered.
    Finally,
    /// An `except` handler entered.
    Except,
    /// An exception raised, propagated or caught.
    Exception,
    /// A weakref callback called.
    WeakrefCallback,
    /// A `weakref.finalize` finalizer run.
    Finalizer,
    /// A generator started, suspended, resumed or closed.
    Generator,
    /// A file opened, written, flushed or closed.
    File,
}

/// Every event kind with its words, longest first so "refcount free" wins over "free".
const EVENT_WORDS: &[(&str, EventKind)] = &[
    ("weakref callback", EventKind::WeakrefCallback),
    ("refcount free", EventKind::RefcountFree),
    ("gc free", EventKind::GcFree),
    ("free", EventKind::Free),
    ("gc", EventKind::Gc),
    ("del", EventKind::Del),
    ("enter", EventKind::Enter),
    ("exit", EventKind::Exit),
    ("finally", EventKind::Finally),
    ("except", EventKind::Except),
    ("exception", EventKind::Exception),
    ("finalizer", EventKind::Finalizer),
    ("generator", EventKind::Generator),
    ("file", EventKind::File),
];

const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "fifth"];

impl EventKind {
    /// The words used for this kind in anchors.
    pub fn words(self) -> &'static str {
        EVENT_WORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(w, _)| w)
    }

    fn from_words(words: &str) -> Option<EventKind> {
        EVENT_WORDS
            .iter()
            .find(|(w, _)| *w == words)
            .map(|(_, k)| *k)
    }

    /// Whether `event` is of this kind.
    pub fn matches(self, event: &Event) -> bool {
        match (self, event) {
            (EventKind::Free, Event::Freed { .. }) => true,
            (EventKind::RefcountFree, Event::Freed { reason, .. }) => {
                *reason == FreeReason::Refcount
            }
            (EventKind::GcFree, Event::Freed { reason, .. }) => *reason == FreeReason::GcCollected,
            (EventKind::Gc, Event::GcCollection { .. })
            | (EventKind::Del, Event::DelCalled { .. })
            | (EventKind::Finally, Event::FinallyEntered { .. })
            | (EventKind::Except, Event::ExceptEntered { .. })
            | (EventKind::Exception, Event::Exception(_))
            | (EventKind::WeakrefCallback, Event::WeakrefCallback { .. })
            | (EventKind::Finalizer, Event::Finalizer { .. })
            | (EventKind::Generator, Event::Generator(_))
            | (EventKind::File, Event::File(_)) => true,
            (EventKind::Enter, Event::Context(c)) => c.phase == "enter",
            (EventKind::Exit, Event::Context(c)) => c.phase == "exit",
            _ => false,
        }
    }
}

impl Anchor {
    /// Parses an anchor as written in a heading or an `at`/`until` key.
    ///
    /// Keywords are case-insensitive; function names are not. A leading "at "/"when " and
    /// a trailing "first runs"/"runs" are ignored, so "When line 7 first runs" is `line 7`.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut w: &[&str] = &words;
        if let Some((first, rest)) = w.split_first() {
            if is(first, "at") || is(first, "when") {
                w = rest;
            }
        }
        if w.len() >= 2 && is(w[w.len() - 2], "first") && is(w[w.len() - 1], "runs") {
            w = &w[..w.len() - 2];
        } else if w.len() >= 2 && is(w[w.len() - 1], "runs") {
            w = &w[..w.len() - 1];
        }
        parse_words(w).ok_or_else(|| {
            format!(
                "`{}` is not an anchor; use e.g. `start`, `end`, `line 4`, `after line 4 #2`, \
                 `call f`, `return f #2`, `the first gc` or `event free #3`",
                text.trim()
            )
        })
    }

    /// The 0-based index of the step this anchor names in `trace`, if there is one.
    pub fn resolve(&self, trace: &Trace) -> Option<usize> {
        let steps = &trace.steps;
        match self {
            Anchor::Start => (!steps.is_empty()).then_some(0),
            Anchor::End => steps.len().checked_sub(1),
            Anchor::Line { line, nth } => nth_line_arrival(trace, *line, *nth),
            Anchor::AfterLine { line, nth } => {
                after_line(trace, nth_line_arrival(trace, *line, *nth)?)
            }
            Anchor::Call { function, nth } => nth_index(
                steps.iter().enumerate().filter_map(|(i, s)| {
                    (s.event == StepEvent::Call && trace.function_at(i) == function).then_some(i)
                }),
                *nth,
            ),
            Anchor::Return { function, nth } => nth_index(
                steps.iter().enumerate().filter_map(|(i, s)| {
                    (s.event == StepEvent::Return && trace.function_at(i) == function).then_some(i)
                }),
                *nth,
            ),
            Anchor::Event { kind, nth } => nth_index(
                trace
                    .events()
                    .filter_map(|(i, e)| kind.matches(e).then_some(i)),
                *nth,
            ),
        }
    }
}

/// The first step after the line about to run at step `at` finished: what the line
/// itself calls (deeper frames) is skipped, and so are repeated arrivals at it (CPython
/// reports one per iteration of an inlined comprehension).
pub fn after_line(trace: &Trace, at: usize) -> Option<usize> {
    let steps = &trace.steps;
    let (depth, line) = (steps[at].stack.len(), steps[at].line);
    (at + 1..steps.len()).find(|&i| {
        let s = &steps[i];
        s.stack.len() <= depth && (s.event != StepEvent::Line || s.line != line)
    })
}

fn nth_line_arrival(trace: &Trace, line: u32, nth: u32) -> Option<usize> {
    nth_index(
        trace
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| (s.event == StepEvent::Line && s.line == line).then_some(i)),
        nth,
    )
}

fn nth_index(mut it: impl Iterator<Item = usize>, nth: u32) -> Option<usize> {
    it.nth(nth.checked_sub(1)? as usize)
}

fn is(word: &str, keyword: &str) -> bool {
    word.eq_ignore_ascii_case(keyword)
}

/// Parses `#K` (K >= 1).
fn occurrence(word: &str) -> Option<u32> {
    word.strip_prefix('#')?.parse().ok().filter(|&k| k >= 1)
}

/// `rest` is empty (nth 1) or a single `#K`.
fn optional_occurrence(rest: &[&str]) -> Option<u32> {
    match rest {
        [] => Some(1),
        [k] => occurrence(k),
        _ => None,
    }
}

fn parse_words(w: &[&str]) -> Option<Anchor> {
    let line_number = |s: &str| s.parse::<u32>().ok().filter(|&n| n >= 1);
    match w {
        [one] if is(one, "start") => Some(Anchor::Start),
        [one] if is(one, "end") => Some(Anchor::End),
        [kw, n, rest @ ..] if is(kw, "line") => Some(Anchor::Line {
            line: line_number(n)?,
            nth: optional_occurrence(rest)?,
        }),
        [after, kw, n, rest @ ..] if is(after, "after") && is(kw, "line") => {
            Some(Anchor::AfterLine {
                line: line_number(n)?,
                nth: optional_occurrence(rest)?,
            })
        }
        [kw, name, rest @ ..] if is(kw, "call") => Some(Anchor::Call {
            function: (*name).to_owned(),
            nth: optional_occurrence(rest)?,
        }),
        [kw, name, rest @ ..] if is(kw, "return") => Some(Anchor::Return {
            function: (*name).to_owned(),
            nth: optional_occurrence(rest)?,
        }),
        // `event KIND... #K`
        [kw, kind @ .., k] if is(kw, "event") && !kind.is_empty() => Some(Anchor::Event {
            kind: EventKind::from_words(&lower_join(kind))?,
            nth: occurrence(k)?,
        }),
        // `[the] ORDINAL KIND...`
        _ => {
            let w = match w.split_first() {
                Some((the, rest)) if is(the, "the") => rest,
                _ => w,
            };
            let (ordinal, kind) = w.split_first()?;
            let nth = ORDINALS
                .iter()
                .position(|o| is(ordinal, o))
                .map(|p| p as u32 + 1)?;
            Some(Anchor::Event {
                kind: EventKind::from_words(&lower_join(kind))?,
                nth,
            })
        }
    }
}

fn lower_join(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical spelling, which [`Anchor::parse`] reads back to the same anchor.
impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nth = |n: u32| {
            if n == 1 {
                String::new()
            } else {
                format!(" #{n}")
            }
        };
        match self {
            Anchor::Start => write!(f, "start"),
            Anchor::End => write!(f, "end"),
            Anchor::Line { line, nth: k } => write!(f, "line {line}{}", nth(*k)),
            Anchor::AfterLine { line, nth: k } => write!(f, "after line {line}{}", nth(*k)),
            Anchor::Call { function, nth: k } => write!(f, "call {function}{}", nth(*k)),
            Anchor::Return { function, nth: k } => write!(f, "return {function}{}", nth(*k)),
            Anchor::Event { kind, nth: k } => {
                match k.checked_sub(1).and_then(|i| ORDINALS.get(i as usize)) {
                    Some(ordinal) => write!(f, "the {ordinal} {}", kind.words()),
                    None => write!(f, "event {} #{k}", kind.words()),
                }
            }
        }
    }
}
