//! The parsed lesson: what an instructor wrote, checked for form but not yet run.
//!
//! Nothing here depends on a trace. Steps and correct answers only exist once a lesson is
//! resolved against the trace of its code ([`crate::resolve`]), because answers are
//! computed from the run, never typed by the author.

use refscope_trace::Outcome;

use crate::Anchor;

/// One lesson file.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Unique id, `[a-z0-9-]+`; what `requires` refers to.
    pub id: String,
    /// Shown as the lesson's title.
    pub title: String,
    /// One line for the lesson list.
    pub summary: String,
    /// Ids of lessons to do first (checked against the other files by the tests).
    pub requires: Vec<String>,
    /// The Python program the lesson steps through.
    pub code: String,
    /// How the program is meant to end (most lessons complete normally).
    pub expect_outcome: ExpectOutcome,
    /// The prose before the first stop, as HTML; shown at step 1.
    pub intro_html: String,
    /// The prose sections, in file order.
    pub stops: Vec<Stop>,
    /// The prediction questions, in file order.
    pub questions: Vec<Question>,
    /// "Try this" variations, in file order.
    pub try_this: Vec<TryThis>,
    /// Claims of the prose tied to snippets, in file order (checked by the repository's
    /// tests against CPython recordings; the app does not show them).
    pub claims: Vec<Claim>,
    /// The file name given to [`crate::parse`], for messages.
    pub file: String,
}

/// A `##` section of prose, shown from the step its heading names.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// The heading, parsed.
    pub anchor: Anchor,
    /// The heading as written (inline code marks removed).
    pub heading: String,
    /// The section's prose as HTML (raw HTML in the Markdown is escaped).
    pub html: String,
    /// The heading's 1-based line in the file.
    pub line: u32,
}

/// A prediction question from a `[[question]]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The step it is asked before.
    pub anchor: Anchor,
    /// The question text (plain text).
    pub ask: String,
    /// The question as inline HTML (Markdown rendered, raw HTML escaped).
    pub ask_html: String,
    /// What is computed from the trace as the correct answer.
    pub answer: AnswerSpec,
    /// The offered choices: the author's, or the fixed ones for yes/no-like kinds. Empty
    /// for numeric answers.
    pub choices: Vec<String>,
    /// The explanation shown after answering, as HTML.
    pub explain_html: String,
    /// The 1-based line of the `[[question]]` header in the file.
    pub line: u32,
}

/// A "Try this" suggestion: an optional replacement program and what to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct TryThis {
    /// Short title.
    pub title: String,
    /// Code loaded into the editor, when the suggestion comes with its own program.
    pub code: Option<String>,
    /// What to change and what to look for, as HTML.
    pub html: String,
}

/// A `[[claim]]`: words of the lesson (`says`, quoted from its prose, a question or a
/// try) and the snippet whose output in the reference CPython backs them.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub says: String,
    /// The snippet (claims about the reference version).
    pub code: Option<String>,
    /// The claim is about the lesson's own program (its recorded output) instead.
    pub program: bool,
    /// Lines the snippet (or program) prints on the reference version.
    pub prints: Option<String>,
    /// The CPython version the claim is about (`"3.13"` unless given).
    pub version: String,
    /// Where a claim about another version is documented.
    pub reference: Option<String>,
    /// The 1-based line of the `[[claim]]` header in the file.
    pub line: u32,
}

/// How the lesson's program ends when recorded (the `expect_outcome` key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectOutcome {
    /// `"completed"` (the default): the module runs to its end.
    Completed,
    /// `"uncaught_exception"`: the lesson is about an exception that escapes.
    UncaughtException,
}

impl ExpectOutcome {
    /// Whether a recorded outcome is the expected one.
    pub fn matches(self, outcome: &Outcome) -> bool {
        matches!(
            (self, outcome),
            (ExpectOutcome::Completed, Outcome::Completed)
                | (
                    ExpectOutcome::UncaughtException,
                    Outcome::UncaughtException { .. }
                )
        )
    }
}

/// What a question's answer is computed from (the `answer` key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerSpec {
    /// `{ refcount = "NAME" }`: the refcount of the object bound to NAME.
    Refcount { name: String },
    /// `{ size = "NAME" }`: `sys.getsizeof` of the object bound to NAME.
    Size { name: String },
    /// `{ next_output = true }`: the next line printed.
    NextOutput,
    /// `{ first_freed = true }`: which of the named objects (the choices) dies first.
    FirstFreed,
    /// `{ exit_gets_exception = true }`: whether the next `__exit__` receives an exception.
    ExitGetsException,
    /// `{ finally_reason = true }`: why the next `finally` block runs.
    FinallyReason,
    /// `{ freed_by = true }`: whether the next free is by refcount or by the gc.
    FreedBy,
    /// `{ alive = "NAME" }` with `until = "<anchor>"`: whether NAME's object is still alive
    /// at the `until` step.
    Alive { name: String, until: Anchor },
}

/// How the learner answers a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Typing a whole number.
    Number,
    /// Picking one of the choices.
    Choice,
}

impl AnswerSpec {
    /// Numbers are typed; everything else is picked from choices.
    pub fn kind(&self) -> QuestionKind {
        match self {
            AnswerSpec::Refcount { .. } | AnswerSpec::Size { .. } => QuestionKind::Number,
            _ => QuestionKind::Choice,
        }
    }

    /// The key as written in the file, for messages.
    pub fn key(&self) -> &'static str {
        match self {
            AnswerSpec::Refcount { .. } => "refcount",
            AnswerSpec::Size { .. } => "size",
            AnswerSpec::NextOutput => "next_output",
            AnswerSpec::FirstFreed => "first_freed",
            AnswerSpec::ExitGetsException => "exit_gets_exception",
            AnswerSpec::FinallyReason => "finally_reason",
            AnswerSpec::FreedBy => "freed_by",
            AnswerSpec::Alive { .. } => "alive",
        }
    }

    /// The choices the crate supplies when the author gives none; `None` when the author
    /// must list them (or, for numbers, must not).
    pub(crate) fn default_choices(&self) -> Option<&'static [&'static str]> {
        match self {
            AnswerSpec::ExitGetsException | AnswerSpec::Alive { .. } => Some(&["yes", "no"]),
            AnswerSpec::FreedBy => Some(&["refcount", "gc"]),
            AnswerSpec::FinallyReason => {
                Some(&["normal", "return", "break", "continue", "exception"])
            }
            _ => None,
        }
    }
}
