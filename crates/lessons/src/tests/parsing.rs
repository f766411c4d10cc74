//! Parsing lesson files, and the file:line of every kind of mistake.

use crate::{parse, Anchor, AnswerSpec, ExpectOutcome, QuestionKind};

/// A complete lesson; line numbers matter to the tests below.
pub const LESSON: &str = r#"+++
id = "aliases"
title = "Two names, one list"
summary = "Aliasing and refcounts."
requires = ["names"]
code = '''
items = [1, 2, 3]
alias = items
'''

[[question]]
at = "after line 2"
ask = "What is the refcount of the list now?"
answer = { refcount = "alias" }
explain = "`items` and `alias`."

[[question]]
at = "line 7"
ask = "What does the next `print` show? <i>sure?</i>"
answer = { next_output = true }
choices = ["[1, 2, 3]", "NameError"]
explain = "The list."

[[question]]
at = "line 7"
ask = "Is it still alive?"
answer = { alive = "alias" }
until = "end"
explain = "Yes."

[[try]]
title = "Another alias"
code = "x = []\n"
text = "Add **one** more."
+++

Intro with <b>html</b>.

## at start
First stop.

## after line 2
```python
## not a heading
```
"#;

#[test]
fn parses_a_complete_lesson() {
    let l = parse("lessons/01-aliases.md", LESSON).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.id, "aliases");
    assert_eq!(l.title, "Two names, one list");
    assert_eq!(l.summary, "Aliasing and refcounts.");
    assert_eq!(l.requires, ["names"]);
    assert_eq!(l.code, "items = [1, 2, 3]\nalias = items\n");
    assert_eq!(l.expect_outcome, ExpectOutcome::Completed);
    assert_eq!(l.file, "lessons/01-aliases.md");
    assert_eq!(l.intro_html, "<p>Intro with &lt;b&gt;html&lt;/b&gt;.</p>\n");

    assert_eq!(l.stops.len(), 2);
    assert_eq!(l.stops[0].anchor, Anchor::Start);
    assert_eq!(l.stops[0].heading, "at start");
    assert_eq!(l.stops[0].line, 39);
    assert_eq!(l.stops[0].html, "<p>First stop.</p>\n");
    assert_eq!(l.stops[1].anchor, Anchor::AfterLine { line: 2, nth: 1 });
    assert_eq!(l.stops[1].line, 42);
    assert!(l.stops[1].html.contains("## not a heading"));

    let q = &l.questions;
    assert_eq!(q.len(), 3);
    assert_eq!(q[0].line, 11);
    assert_eq!(
        q[0].answer,
        AnswerSpec::Refcount {
            name: "alias".into()
        }
    );
    assert_eq!(q[0].answer.kind(), QuestionKind::Number);
    assert!(q[0].choices.is_empty());
    assert_eq!(
        q[0].explain_html,
        "<p><code>items</code> and <code>alias</code>.</p>\n"
    );
    assert_eq!(q[1].line, 17);
    assert_eq!(q[1].anchor, Anchor::Line { line: 7, nth: 1 });
    assert_eq!(q[1].answer, AnswerSpec::NextOutput);
    // Inline Markdown, no paragraph, raw HTML shown as text.
    assert_eq!(
        q[1].ask_html,
        "What does the next <code>print</code> show? &lt;i&gt;sure?&lt;/i&gt;"
    );
    assert_eq!(q[1].choices, ["[1, 2, 3]", "NameError"]);
    assert_eq!(q[2].line, 24);
    assert_eq!(
        q[2].answer,
        AnswerSpec::Alive {
            name: "alias".into(),
            until: Anchor::End
        }
    );
    // The crate supplies yes/no.
    assert_eq!(q[2].choices, ["yes", "no"]);

    assert_eq!(l.try_this.len(), 1);
    assert_eq!(l.try_this[0].title, "Another alias");
    assert_eq!(l.try_this[0].code.as_deref(), Some("x = []\n"));
    assert_eq!(
        l.try_this[0].html,
        "<p>Add <strong>one</strong> more.</p>\n"
    );
}

#[test]
fn defaults_and_expect_outcome() {
    let text = "+++\nid = \"x\"\ntitle = \"t\"\nsummary = \"s\"\ncode = \"raise ValueError\"\n\
                expect_outcome = \"uncaught_exception\"\n\n[[question]]\nat = \"start\"\n\
                ask = \"?\"\nanswer = { freed_by = true }\nexplain = \"e\"\n\n[[question]]\n\
                at = \"start\"\nask = \"?\"\nanswer = { finally_reason = true }\nexplain = \"e\"\n+++\n";
    let l = parse("x.md", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.expect_outcome, ExpectOutcome::UncaughtException);
    assert!(l.requires.is_empty() && l.stops.is_empty() && l.try_this.is_empty());
    assert_eq!(l.intro_html, "");
    assert_eq!(l.questions[0].choices, ["refcount", "gc"]);
    assert_eq!(
        l.questions[1].choices,
        ["normal", "return", "break", "continue", "exception"]
    );
}

/// Replaces the first `from` in [`LESSON`] and returns the error message.
fn error_after(from: &str, to: &str) -> String {
    assert!(LESSON.contains(from), "{from}");
    let text = LESSON.replacen(from, to, 1);
    parse("lessons/01-aliases.md", &text)
        .expect_err(to)
        .to_string()
}

#[test]
fn errors_name_the_file_and_line() {
    let cases = [
        // Front matter problems: toml's span as a line.
        (
            "title = \"Two names, one list\"",
            "title = 3",
            "lessons/01-aliases.md:3: front matter: invalid type",
        ),
        (
            "summary = \"Aliasing",
            "summary = Aliasing",
            "lessons/01-aliases.md:4: front matter:",
        ),
        (
            "explain = \"The list.\"",
            "explian = \"The list.\"",
            "lessons/01-aliases.md:22: front matter: unknown field `explian`",
        ),
        (
            "ask = \"Is it still alive?\"\n",
            "",
            "lessons/01-aliases.md:24: front matter: missing field `ask`",
        ),
        (
            "id = \"aliases\"",
            "id = \"Aliases!\"",
            "lessons/01-aliases.md:2: id `Aliases!`",
        ),
        (
            "code = '''\nitems",
            "expect_outcome = \"done\"\ncode = '''\nitems",
            "lessons/01-aliases.md:6: expect_outcome `done`",
        ),
        // Anchors: the `at`/`until` line, or the heading's line.
        (
            "at = \"line 7\"",
            "at = \"line seven\"",
            "lessons/01-aliases.md:18: `line seven` is not an anchor",
        ),
        (
            "until = \"end\"",
            "until = \"the end\"",
            "lessons/01-aliases.md:28: `the end` is not an anchor",
        ),
        (
            "## after line 2",
            "## after the list",
            "lessons/01-aliases.md:42: `after the list` is not an anchor",
        ),
        // Answers and choices.
        (
            "until = \"end\"\n",
            "",
            "lessons/01-aliases.md:27: `alive` needs `until",
        ),
        (
            "answer = { refcount = \"alias\" }",
            "answer = { refcount = \"alias\" }\nchoices = [\"1\", \"2\"]",
            "lessons/01-aliases.md:15: `refcount` questions are answered by typing a number",
        ),
        (
            "choices = [\"[1, 2, 3]\", \"NameError\"]\n",
            "",
            "lessons/01-aliases.md:17: `next_output` questions need `choices`",
        ),
        (
            "choices = [\"[1, 2, 3]\", \"NameError\"]",
            "choices = [\"a\", \"a\"]",
            "lessons/01-aliases.md:21: choice `a` is empty or repeated",
        ),
        (
            "answer = { alive = \"alias\" }",
            "answer = { alive = \"alias\" }\nchoices = [\"yes\", \"maybe\"]",
            "lessons/01-aliases.md:28: `alive` choices must be among",
        ),
        (
            "answer = { next_output = true }",
            "answer = { next_output = false }",
            "lessons/01-aliases.md:20: answer flags must be `true`",
        ),
        (
            "answer = { next_output = true }",
            "answer = { colour = true }",
            "lessons/01-aliases.md:20: front matter: unknown variant `colour`",
        ),
        (
            "explain = \"The list.\"",
            "explain = \" \"",
            "lessons/01-aliases.md:17: `explain` is empty",
        ),
        // The frame of the file.
        (
            "+++\nid",
            "id",
            "lessons/01-aliases.md:1: a lesson starts with a `+++` line",
        ),
        (
            "+++\n\nIntro",
            "\nIntro",
            "lessons/01-aliases.md:1: the front matter is not closed",
        ),
    ];
    for (from, to, want) in cases {
        let got = error_after(from, to);
        assert!(
            got.starts_with(want),
            "replacing {from:?}:\n got  {got}\n want {want}..."
        );
    }
}
