//! Every anchor form: parsing, spelling back, and resolving to a step.

use super::traces::{aliases, cycle};
use crate::{Anchor, EventKind};

fn at(text: &str) -> Anchor {
    Anchor::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn parses_every_form() {
    use Anchor::*;
    let cases = [
        ("start", Start),
        ("at start", Start),
        ("End", End),
        ("line 4", Line { line: 4, nth: 1 }),
        ("when line 7 first runs", Line { line: 7, nth: 1 }),
        ("line 7 #3", Line { line: 7, nth: 3 }),
        ("after line 2", AfterLine { line: 2, nth: 1 }),
        ("After line 2 #2", AfterLine { line: 2, nth: 2 }),
        (
            "call append",
            Call {
                function: "append".into(),
                nth: 1,
            },
        ),
        (
            "call __del__ #2",
            Call {
                function: "__del__".into(),
                nth: 2,
            },
        ),
        (
            "return f #3",
            Return {
                function: "f".into(),
                nth: 3,
            },
        ),
        (
            "the first gc",
            Event {
                kind: EventKind::Gc,
                nth: 1,
            },
        ),
        (
            "at the first gc",
            Event {
                kind: EventKind::Gc,
                nth: 1,
            },
        ),
        (
            "the second refcount free",
            Event {
                kind: EventKind::RefcountFree,
                nth: 2,
            },
        ),
        (
            "the fifth weakref callback",
            Event {
                kind: EventKind::WeakrefCallback,
                nth: 5,
            },
        ),
        (
            "first gc free",
            Event {
                kind: EventKind::GcFree,
                nth: 1,
            },
        ),
        (
            "event free #7",
            Event {
                kind: EventKind::Free,
                nth: 7,
            },
        ),
        (
            "event weakref callback #2",
            Event {
                kind: EventKind::WeakrefCallback,
                nth: 2,
            },
        ),
    ];
    for (text, want) in cases {
        assert_eq!(at(text), want, "{text}");
    }
    for kind in [
        "free",
        "refcount free",
        "gc free",
        "gc",
        "del",
        "enter",
        "exit",
        "finally",
        "except",
        "exception",
        "weakref callback",
        "finalizer",
        "generator",
        "file",
    ] {
        let a = at(&format!("the third {kind}"));
        assert!(matches!(a, Anchor::Event { nth: 3, .. }), "{kind}");
        assert_eq!(a.to_string(), format!("the third {kind}"));
    }
}

#[test]
fn display_reads_back() {
    for text in [
        "start",
        "end",
        "line 3",
        "line 3 #2",
        "after line 9 #4",
        "call f",
        "return g #2",
        "the first gc",
        "event del #6",
    ] {
        assert_eq!(at(text).to_string(), text);
        assert_eq!(at(&at(text).to_string()), at(text));
    }
}

#[test]
fn rejects_non_anchors() {
    for text in [
        "",
        "line",
        "line x",
        "line 0",
        "line 3 #0",
        "line 3 2",
        "after 3",
        "call",
        "the first",
        "the sixth gc",
        "the first collection",
        "event gc",
        "Line four",
        "#2",
    ] {
        let err = Anchor::parse(text).expect_err(text);
        assert!(err.contains("is not an anchor"), "{text}: {err}");
    }
}

#[test]
fn resolves_lines_calls_and_returns() {
    let t = aliases();
    let cases = [
        ("start", Some(0)),
        ("end", Some(13)),
        ("line 2", Some(2)),
        ("line 8", Some(10)),
        ("line 8 #2", Some(12)),
        ("line 8 #3", None),
        ("line 99", None),
        ("after line 2", Some(3)),
        // Line 5 calls f: the steps inside f are skipped.
        ("after line 5", Some(8)),
        // The last line of f: its return step.
        ("after line 4", Some(7)),
        ("after line 8", Some(11)),
        ("after line 8 #2", Some(13)),
        ("call f", Some(5)),
        ("call f #2", None),
        ("call g", None),
        ("return f", Some(7)),
        ("return <module>", Some(13)),
    ];
    for (text, want) in cases {
        assert_eq!(at(text).resolve(&t), want, "{text}");
    }
}

#[test]
fn resolves_events() {
    let t = aliases();
    assert_eq!(at("the first finally").resolve(&t), Some(6));
    assert_eq!(at("the first exit").resolve(&t), Some(12));
    assert_eq!(at("the first enter").resolve(&t), None);
    assert_eq!(at("the first refcount free").resolve(&t), Some(12));
    let c = cycle();
    let cases = [
        ("the first free", Some(22)),
        ("the first refcount free", Some(22)),
        ("the first gc free", Some(31)),
        ("the second gc free", Some(31)),
        ("the third gc free", None),
        ("event free #3", Some(31)),
        ("the first del", Some(25)),
        ("the second del", Some(28)),
        ("the first gc", Some(31)),
        ("the second gc", None),
        ("the first exception", None),
    ];
    for (text, want) in cases {
        assert_eq!(at(text).resolve(&c), want, "{text}");
    }
}
