//! Resolving a lesson against the trace of its code: anchors become step indices and
//! answers are computed from what the run actually did.
//!
//! This is where a lesson is proven consistent with its program: an anchor that names no
//! step, a name that is not bound, or a correct answer missing from the author's choices
//! is an error at the question's (or heading's) line.

use refscope_trace::{Event, FinallyReason, FreeReason, ObjId, Refcount, Size, Trace, Value};

use crate::lesson::{AnswerSpec, Lesson, Question, QuestionKind};
use crate::LessonError;

/// A lesson's stops and questions placed on the steps of one trace.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLesson {
    /// Stops by step (ties keep file order).
    pub stops: Vec<ResolvedStop>,
    /// Questions by step (ties keep file order).
    pub questions: Vec<ResolvedQuestion>,
}

/// A stop placed on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedStop {
    /// 0-based step index.
    pub step: usize,
    /// Index into [`Lesson::stops`].
    pub index: usize,
}

/// A question with its step and its computed answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedQuestion {
    /// Index into [`Lesson::questions`].
    pub index: usize,
    /// 0-based step the question is shown at (its anchor): the learner sees the line it
    /// asks about highlighted, about to run, and is asked on trying to step on.
    pub shown: usize,
    /// 0-based step where the answer shows (the reveal): after the shown line finished.
    pub step: usize,
    /// The question text.
    pub ask: String,
    /// The question as inline HTML.
    pub ask_html: String,
    /// Typed number or multiple choice.
    pub kind: QuestionKind,
    /// The choices to offer (empty for numbers).
    pub choices: Vec<String>,
    /// The correct answer, computed from the trace.
    pub correct: Answer,
    /// The explanation, as HTML.
    pub explain_html: String,
}

/// A correct answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The number to type.
    Number(i64),
    /// The index of the correct choice.
    Choice(usize),
}

impl Answer {
    /// Whether the learner's input is right: a whole number (surrounding spaces allowed)
    /// for numbers, the choice's index (as text) for choices.
    pub fn matches(&self, given: &str) -> bool {
        match self {
            Answer::Number(n) => given.trim().parse::<i64>().ok() == Some(*n),
            Answer::Choice(i) => given.trim().parse::<usize>().ok() == Some(*i),
        }
    }
}

/// Places every stop and question of `lesson` on a step of `trace` and computes the answers.
pub fn resolve(lesson: &Lesson, trace: &Trace) -> Result<ResolvedLesson, LessonError> {
    let err = |line: u32, message: String| LessonError::new(&lesson.file, line, message);
    let mut stops = lesson
        .stops
        .iter()
        .enumerate()
        .map(|(index, stop)| {
            let step = stop.anchor.resolve(trace).ok_or_else(|| {
                err(
                    stop.line,
                    format!("heading `{}` matches no step of the run", stop.anchor),
                )
            })?;
            Ok(ResolvedStop { step, index })
        })
        .collect::<Result<Vec<_>, LessonError>>()?;
    stops.sort_by_key(|s| (s.step, s.index));

    let mut questions = lesson
        .questions
        .iter()
        .enumerate()
        .map(|(index, q)| {
            // The anchor is the step the question is shown at (its line about to run);
            // it is asked when the learner steps on, and answered at the next step,
            // where the diagram shows what that line did.
            let shown = q.anchor.resolve(trace).ok_or_else(|| {
                err(
                    q.line,
                    format!("question anchor `{}` matches no step of the run", q.anchor),
                )
            })?;
            let step = reveal_step(trace, shown);
            if step >= trace.steps.len() {
                return Err(err(
                    q.line,
                    format!(
                        "question at `{}` (step {}): it is the last step, so nothing follows \
                         to reveal the answer",
                        q.anchor,
                        shown + 1
                    ),
                ));
            }
            let correct = answer(q, trace, shown, step).map_err(|m| {
                err(
                    q.line,
                    format!("question at `{}` (step {}): {m}", q.anchor, step + 1),
                )
            })?;
            Ok(ResolvedQuestion {
                index,
                shown,
                step,
                ask: q.ask.clone(),
                ask_html: q.ask_html.clone(),
                kind: q.answer.kind(),
                choices: q.choices.clone(),
                correct,
                explain_html: q.explain_html.clone(),
            })
        })
        .collect::<Result<Vec<_>, LessonError>>()?;
    questions.sort_by_key(|q| (q.step, q.index));
    Ok(ResolvedLesson { stops, questions })
}

/// The value bound to `name` at `step`: in the innermost frame, else at module level.
pub fn bound<'t>(trace: &'t Trace, step: usize, name: &str) -> Option<&'t Value> {
    let frames = trace.stack(step);
    let lookup = |f: &refscope_trace::FrameAt<'t>| {
        f.locals.iter().find(|l| l.name == name).map(|l| &l.value)
    };
    frames
        .last()
        .and_then(lookup)
        .or_else(|| frames.first().and_then(lookup))
}

/// The heap object bound to `name` at `step`, or why there is none.
fn object_id(trace: &Trace, step: usize, name: &str) -> Result<ObjId, String> {
    match bound(trace, step, name) {
        None => Err(format!("`{name}` is not bound at this step")),
        Some(Value::Inline { repr, .. }) => Err(format!(
            "`{name}` is `{repr}`, an immortal shared value with no refcount or lifetime; \
             ask about another object"
        )),
        Some(Value::Ref { id }) => Ok(*id),
    }
}

/// The first event at or after `step` that `pick` accepts.
fn next_event<T>(trace: &Trace, step: usize, pick: impl Fn(&Event) -> Option<T>) -> Option<T> {
    trace
        .events()
        .filter(|(i, _)| *i >= step)
        .find_map(|(_, e)| pick(e))
}

/// The step where a question shown at `shown` is revealed: when `shown` is a line about
/// to run, the first step after that line finished (as for `after line N`), else the
/// next step.
fn reveal_step(trace: &Trace, shown: usize) -> usize {
    match trace.steps[shown].event {
        refscope_trace::StepEvent::Line => {
            crate::anchor::after_line(trace, shown).unwrap_or(trace.steps.len())
        }
        _ => shown + 1,
    }
}

/// Computes the correct answer of `q` asked before `step`. A name is the object it is
/// bound to on screen when the question is shown (the step before), else at `step`.
fn answer(q: &Question, trace: &Trace, shown: usize, step: usize) -> Result<Answer, String> {
    let object_id = |trace: &Trace, step: usize, name: &str| match object_id(trace, shown, name) {
        Err(e) if e.contains("is not bound") => object_id(trace, step, name),
        found => found,
    };
    let text: Result<String, String> = match &q.answer {
        AnswerSpec::Refcount { name } => {
            let id = object_id(trace, step, name)?;
            return match trace.object_at(step, id).map(|o| o.refcount) {
                Some(Refcount::Counted { count }) => Ok(Answer::Number(count.into())),
                Some(Refcount::Immortal) => Err(format!(
                    "`{name}` is immortal (its refcount never changes); ask about another object"
                )),
                Some(Refcount::Approximate { .. }) => Err(format!(
                    "`{name}`'s refcount is approximate (marked ≈); ask about another object"
                )),
                None => Err(format!("`{name}`'s object is not in the recorded heap")),
            };
        }
        AnswerSpec::Size { name } => {
            let id = object_id(trace, step, name)?;
            return match trace.object_at(step, id).map(|o| o.size) {
                Some(Size::Exact { bytes }) => i64::try_from(bytes)
                    .map(Answer::Number)
                    .map_err(|_| "size too large".to_owned()),
                Some(Size::Approximate { .. } | Size::NotModelled) => Err(format!(
                    "the size of `{name}` is not exactly known to the engine; ask about \
                     another object"
                )),
                None => Err(format!("`{name}`'s object is not in the recorded heap")),
            };
        }
        // The next line printed after the step the question is shown at: what its line
        // prints comes first.
        AnswerSpec::NextOutput => {
            let start = trace.steps[shown].stdout_len as usize;
            let rest = trace.stdout.get(start..).unwrap_or("");
            match rest.split_inclusive('\n').next() {
                Some(line) => Ok(line.trim_end_matches(['\n', '\r']).to_owned()),
                None => Err("nothing is printed at or after this step".to_owned()),
            }
        }
        AnswerSpec::FirstFreed => {
            let ids = q
                .choices
                .iter()
                .map(|name| object_id(trace, step, name))
                .collect::<Result<Vec<_>, _>>()?;
            let first = next_event(trace, shown + 1, |e| match e {
                Event::Freed { object, .. } => ids.iter().position(|id| id == object),
                _ => None,
            })
            .ok_or("none of the choices' objects is freed after this step")?;
            return Ok(Answer::Choice(first));
        }
        AnswerSpec::ExitGetsException => next_event(trace, shown + 1, |e| match e {
            Event::Context(c) if c.phase == "exit" => {
                Some(if c.exc_type.is_some() { "yes" } else { "no" }.to_owned())
            }
            _ => None,
        })
        .ok_or_else(|| "no `__exit__` runs at or after this step".to_owned()),
        AnswerSpec::FinallyReason => next_event(trace, shown + 1, |e| match e {
            Event::FinallyEntered { reason, .. } => Some(
                match reason {
                    FinallyReason::Normal => "normal",
                    FinallyReason::Return => "return",
                    FinallyReason::Break => "break",
                    FinallyReason::Continue => "continue",
                    FinallyReason::Exception { .. } => "exception",
                }
                .to_owned(),
            ),
            _ => None,
        })
        .ok_or_else(|| "no `finally` block runs at or after this step".to_owned()),
        AnswerSpec::FreedBy => next_event(trace, shown + 1, |e| match e {
            Event::Freed { reason, .. } => Some(
                match reason {
                    FreeReason::Refcount => "refcount",
                    FreeReason::GcCollected => "gc",
                }
                .to_owned(),
            ),
            _ => None,
        })
        .ok_or_else(|| "no object is freed at or after this step".to_owned()),
        AnswerSpec::Alive { name, until } => {
            let id = object_id(trace, step, name)?;
            let at = until
                .resolve(trace)
                .ok_or_else(|| format!("`until` anchor `{until}` matches no step of the run"))?;
            if at < step {
                return Err(format!(
                    "`until` anchor `{until}` (step {}) comes before the question",
                    at + 1
                ));
            }
            Ok(if trace.object_at(at, id).is_some() {
                "yes"
            } else {
                "no"
            }
            .to_owned())
        }
    };
    let text = text?;
    q.choices
        .iter()
        .position(|c| *c == text)
        .map(Answer::Choice)
        .ok_or_else(|| {
            format!(
                "the correct answer `{text}` is not among the choices {:?}",
                q.choices
            )
        })
}
