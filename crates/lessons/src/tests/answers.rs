//! Every answer kind computed from a trace, and resolution errors with file:line.

use super::parsing::LESSON;
use super::traces::{aliases, cycle, ALIASES_CODE};
use crate::{parse, resolve, Answer, QuestionKind, ResolvedStop};

/// A lesson around [`ALIASES_CODE`] with one question per `(at, answer, extra)`.
fn lesson(questions: &[(&str, &str, &str)], body: &str) -> String {
    let mut text =
        format!("+++\nid = \"t\"\ntitle = \"t\"\nsummary = \"s\"\ncode = '''\n{ALIASES_CODE}'''\n");
    for (at, answer, extra) in questions {
        text.push_str(&format!(
            "\n[[question]]\nat = \"{at}\"\nask = \"?\"\nanswer = {{ {answer} }}\n{extra}\nexplain = \"why\"\n"
        ));
    }
    text.push_str("+++\n");
    text.push_str(body);
    text
}

/// The correct answers of single-question lessons, in the question's terms.
fn answers(
    trace: &refscope_trace::Trace,
    questions: &[(&str, &str, &str)],
) -> Vec<Result<String, String>> {
    questions
        .iter()
        .map(|q| {
            let l = parse("t.md", &lesson(&[*q], "")).unwrap_or_else(|e| panic!("{e}"));
            resolve(&l, trace)
                .map(|r| {
                    let q = &r.questions[0];
                    match q.correct {
                        Answer::Number(n) => n.to_string(),
                        Answer::Choice(i) => q.choices[i].clone(),
                    }
                })
                .map_err(|e| e.to_string())
        })
        .collect()
}

#[test]
fn computes_every_answer_kind() {
    let t = aliases();
    let yes_no = "choices = [\"no\", \"yes\"]";
    let cases: &[((&str, &str, &str), &str)] = &[
        (("after line 2", "refcount = \"alias\"", ""), "2"),
        (("call f", "refcount = \"x\"", ""), "3"),
        // `items` is not local to f: the module frame is the fallback.
        (("line 4", "refcount = \"items\"", ""), "3"),
        (("line 3", "size = \"items\"", ""), "88"),
        (
            (
                "line 7",
                "next_output = true",
                "choices = [\"[1, 2]\", \"[1, 2, 3]\"]",
            ),
            "[1, 2, 3]",
        ),
        (
            (
                "line 7",
                "first_freed = true",
                "choices = [\"f\", \"alias\"]",
            ),
            "alias",
        ),
        (("line 9", "exit_gets_exception = true", ""), "yes"),
        (("line 9", "exit_gets_exception = true", yes_no), "yes"),
        (("start", "finally_reason = true", ""), "return"),
        (("start", "freed_by = true", ""), "refcount"),
        (("line 7", "alive = \"alias\"", "until = \"line 8\""), "yes"),
        (
            ("line 7", "alive = \"alias\"", "until = \"line 8 #2\""),
            "no",
        ),
    ];
    let questions: Vec<_> = cases.iter().map(|(q, _)| *q).collect();
    for ((q, want), got) in cases.iter().zip(answers(&t, &questions)) {
        assert_eq!(got.as_deref(), Ok(*want), "{q:?}");
    }
}

#[test]
fn computes_answers_on_an_engine_trace() {
    let c = cycle();
    let cases: &[((&str, &str, &str), &str)] = &[
        (
            ("line 14", "first_freed = true", "choices = [\"b\", \"a\"]"),
            "a",
        ),
        (("line 17", "freed_by = true", ""), "gc"),
        (("line 14", "freed_by = true", ""), "refcount"),
        (
            ("line 16", "alive = \"a\"", "until = \"the first gc\""),
            "no",
        ),
        (("line 16", "alive = \"a\"", "until = \"line 18\""), "yes"),
        (
            (
                "line 16",
                "next_output = true",
                "choices = [\"done\", \"names gone; the cycle is garbage\"]",
            ),
            "names gone; the cycle is garbage",
        ),
        (
            (
                "the first del",
                "next_output = true",
                "choices = [\"freeing a\", \"freeing b\"]",
            ),
            // CPython 3.13 finalizes a garbage cycle in the order its members were made.
            "freeing a",
        ),
    ];
    let questions: Vec<_> = cases.iter().map(|(q, _)| *q).collect();
    for ((q, want), got) in cases.iter().zip(answers(&c, &questions)) {
        assert_eq!(got.as_deref(), Ok(*want), "{q:?}");
    }
}

#[test]
fn answers_that_cannot_be_computed_are_errors() {
    let t = aliases();
    let cases: &[((&str, &str, &str), &str)] = &[
        (
            ("start", "refcount = \"items\"", ""),
            "`items` is not bound at this step",
        ),
        (
            ("line 8 #2", "refcount = \"n\"", ""),
            "`n` is `None`, an immortal shared value",
        ),
        (
            ("line 5", "size = \"f\"", ""),
            "the size of `f` is not exactly known",
        ),
        (
            ("line 8", "next_output = true", "choices = [\"a\", \"b\"]"),
            "nothing is printed at or after this step",
        ),
        (
            (
                "line 7",
                "next_output = true",
                "choices = [\"[1, 2]\", \"[]\"]",
            ),
            "the correct answer `[1, 2, 3]` is not among the choices [\"[1, 2]\", \"[]\"]",
        ),
        (
            (
                "line 7",
                "first_freed = true",
                "choices = [\"f\", \"nope\"]",
            ),
            "`nope` is not bound",
        ),
        (
            ("line 5", "first_freed = true", "choices = [\"f\", \"f2\"]"),
            "`f2` is not bound",
        ),
        (
            ("end", "freed_by = true", ""),
            "it is the last step, so nothing follows",
        ),
        (
            ("the first exit", "exit_gets_exception = true", ""),
            "no `__exit__` runs",
        ),
        (
            ("line 7", "finally_reason = true", ""),
            "no `finally` block runs",
        ),
        (
            ("line 7", "alive = \"alias\"", "until = \"start\""),
            "`until` anchor `start` (step 1) comes before the question",
        ),
        (
            ("line 7", "alive = \"alias\"", "until = \"the first gc\""),
            "`until` anchor `the first gc` matches no step",
        ),
    ];
    let questions: Vec<_> = cases.iter().map(|(q, _)| *q).collect();
    for ((q, want), got) in cases.iter().zip(answers(&t, &questions)) {
        let got = got.expect_err(want);
        // The question header is on line 17 of the generated lesson.
        assert!(got.starts_with("t.md:17: question at `"), "{got}");
        assert!(got.contains(want), "{q:?}: {got}");
    }
}

#[test]
fn unmatched_anchors_name_the_heading_or_question_line() {
    let t = aliases();
    let text = lesson(&[("line 99", "freed_by = true", "")], "");
    let l = parse("t.md", &text).unwrap();
    assert_eq!(
        resolve(&l, &t).unwrap_err().to_string(),
        "t.md:17: question anchor `line 99` matches no step of the run"
    );
    let text = lesson(
        &[],
        "Intro.\n\n## at start\nHi.\n\n## the first gc\nNever.\n",
    );
    let l = parse("t.md", &text).unwrap();
    assert_eq!(
        resolve(&l, &t).unwrap_err().to_string(),
        "t.md:22: heading `the first gc` matches no step of the run"
    );
}

#[test]
fn stops_and_questions_are_sorted_by_step() {
    let t = aliases();
    let text = lesson(
        &[
            ("line 7", "freed_by = true", ""),
            ("call f", "refcount = \"x\"", ""),
        ],
        "## end\nc\n## line 2\nb\n## start\na\n",
    );
    let l = parse("t.md", &text).unwrap_or_else(|e| panic!("{e}"));
    let r = resolve(&l, &t).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.stops,
        [
            ResolvedStop { step: 0, index: 2 },
            ResolvedStop { step: 2, index: 1 },
            ResolvedStop { step: 13, index: 0 },
        ]
    );
    // Shown at the anchor's step, revealed at the next (neither line calls anything).
    let order: Vec<(usize, usize, usize)> = (r.questions.iter())
        .map(|q| (q.shown, q.step, q.index))
        .collect();
    assert_eq!(order, [(5, 6, 1), (9, 10, 0)]);
    assert_eq!(r.questions[0].kind, QuestionKind::Number);
    assert_eq!(r.questions[0].correct, Answer::Number(3));
    assert_eq!(r.questions[1].kind, QuestionKind::Choice);
    assert_eq!(r.questions[1].explain_html, "<p>why</p>\n");
}

#[test]
fn answer_matching() {
    assert!(Answer::Number(3).matches(" 3 "));
    assert!(Answer::Number(-1).matches("-1"));
    assert!(!Answer::Number(3).matches("3.0"));
    assert!(!Answer::Number(3).matches("three"));
    assert!(Answer::Choice(1).matches("1"));
    assert!(!Answer::Choice(1).matches("0"));
}

#[test]
fn the_documented_example_resolves() {
    // LESSON's questions ask about lines its two-line code does not have; against the
    // hand-made trace (whose line 7 prints the list) they resolve.
    let l = parse("x.md", LESSON).unwrap();
    let r = resolve(&l, &aliases()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.questions[0].correct, Answer::Number(2));
    assert_eq!(r.questions[1].correct, Answer::Choice(0));
    assert_eq!(r.questions[2].correct, Answer::Choice(1)); // alias is gone at the end
}
