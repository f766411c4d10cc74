//! The side panel: the course list (with progress) beside the scratch pad, or the open
//! lesson's prose stop for the current step, its predict question, "Try this" edits and
//! the link to the next lesson.
//!
//! Prose HTML comes from `refscope-lessons`, which renders Markdown with raw HTML escaped,
//! so inserting it cannot run markup an author (or a tampered file) smuggled in.

use std::rc::Rc;

use refscope_lessons::{Lesson, ResolvedLesson};
use yew::prelude::*;

use super::question_card::QuestionCard;
use crate::hooks::{hash_for, Lessons, ProgressHandle};
use crate::replay::Gate;

/// How the open lesson relates to the trace on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonTrace {
    /// No trace yet (recording, or waiting for Python).
    Waiting,
    /// The trace is of the lesson's own code: stops and questions follow it.
    Resolved(Rc<ResolvedLesson>),
    /// The learner changed the code: the lesson's notes are paused.
    Edited,
    /// The lesson's anchors do not fit the trace (a broken lesson): the message says why.
    Broken(String),
}

/// Props of [`LessonPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The course.
    pub lessons: Rc<Lessons>,
    /// The open lesson (`None`: scratch pad).
    pub lesson: Option<Rc<Lesson>>,
    /// The open lesson against the trace.
    pub resolved: LessonTrace,
    /// The step on screen.
    pub step: usize,
    /// Whether the last step is on screen.
    pub at_end: bool,
    /// The question being asked.
    pub asking: Option<Gate>,
    /// The learner tried to step past the question: its card says why nothing moved.
    #[prop_or_default]
    pub held_back: bool,
    /// Saved progress.
    pub progress: ProgressHandle,
    /// Reveal the asked question's step.
    pub on_proceed: Callback<()>,
    /// Open a "Try this" code (in its own storage slot, recorded at once), or go back to
    /// the lesson's code (`None`).
    pub on_try: Callback<Option<String>>,
    /// A try's code is on screen instead of the lesson's.
    #[prop_or_default]
    pub trying: bool,
}

/// The side panel.
#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    match &props.lesson {
        None => scratch_pad(props),
        Some(lesson) => lesson_view(props, lesson),
    }
}

fn scratch_pad(props: &LessonPanelProps) -> Html {
    html! {
        <>
        <section class="panel lesson-panel" aria-labelledby="lesson-title">
            <h2 id="lesson-title">{ "Scratch pad" }</h2>
            <p>
                { "Write any Python, press " }<kbd>{ "Run" }</kbd>
                { ", then step through the run. Every box is a real object; \
                   its badge is the number of references CPython counts for it." }
            </p>
            <p class="keys">
                <kbd>{ "←" }</kbd><kbd>{ "→" }</kbd>{ " step · " }
                <kbd>{ "Home" }</kbd><kbd>{ "End" }</kbd>{ " first/last · " }
                <kbd>{ "Space" }</kbd>{ " play · " }
                <kbd>{ "Ctrl" }</kbd>{ "+" }<kbd>{ "Enter" }</kbd>{ " run" }
            </p>
        </section>
        { course_list(props) }
        </>
    }
}

fn course_list(props: &LessonPanelProps) -> Html {
    let lessons = &props.lessons;
    html! {
        <nav class="panel course" aria-labelledby="course-title" id="lesson-list">
            <h2 id="course-title">{ "Lessons" }</h2>
            if lessons.loading {
                <p class="muted">{ "Loading lessons…" }</p>
            }
            <ol class="lesson-list">
                { for lessons.lessons.iter().map(|l| {
                    let p = props.progress.of(&l.id);
                    let answered = p.answered.len();
                    let total = l.questions.len();
                    let status = if p.completed {
                        format!("✓ completed · {answered} of {total} questions")
                    } else if answered > 0 {
                        format!("{answered} of {total} questions answered")
                    } else {
                        "not started".to_owned()
                    };
                    html! {
                        <li class={classes!("lesson-item", p.completed.then_some("done"))} data-id={l.id.clone()}>
                            <a href={hash_for(Some(&l.id))}>{ &l.title }</a>
                            <span class="summary">{ &l.summary }</span>
                            <span class="progress-note">{ status }</span>
                        </li>
                    }
                }) }
            </ol>
            if !lessons.errors.is_empty() {
                <div class="lesson-errors" role="alert">
                    <p>{ "Some lessons could not be loaded:" }</p>
                    <ul>{ for lessons.errors.iter().map(|e| html! { <li><code>{ e }</code></li> }) }</ul>
                </div>
            }
        </nav>
    }
}

fn lesson_view(props: &LessonPanelProps, lesson: &Rc<Lesson>) -> Html {
    let prose = match &props.resolved {
        LessonTrace::Resolved(r) => {
            let stop = r
                .stops
                .iter()
                .rev()
                .find(|s| s.step <= props.step)
                .and_then(|s| lesson.stops.get(s.index));
            let html = stop.map_or(lesson.intro_html.clone(), |s| s.html.clone());
            html! { <div class="prose" id="lesson-prose" aria-live="polite">{ Html::from_html_unchecked(AttrValue::from(html)) }</div> }
        }
        LessonTrace::Waiting => html! {
            <div class="prose" id="lesson-prose">{ Html::from_html_unchecked(AttrValue::from(lesson.intro_html.clone())) }</div>
        },
        LessonTrace::Edited if props.trying => {
            let back = props.on_try.reform(|_: MouseEvent| None);
            html! {
                <div class="notice" id="lesson-prose" role="status">
                    <p>{ "You are running a “Try this” version, kept apart from the lesson's own code. \
                          The lesson's notes and questions are paused while it is on screen." }</p>
                    <button class="link" id="try-back" onclick={back}>{ "Back to the lesson's code" }</button>
                </div>
            }
        }
        LessonTrace::Edited => html! {
            <p class="notice" id="lesson-prose">{ "You changed the code, so this lesson's notes and questions are paused. \
                Use “Reset to the lesson's code” to follow along again." }</p>
        },
        LessonTrace::Broken(message) => html! {
            <p class="notice error" id="lesson-prose" role="alert">{ format!("This lesson does not fit its own trace: {message}") }</p>
        },
    };
    let question = match (&props.resolved, props.asking) {
        (LessonTrace::Resolved(r), Some(gate)) => r.questions.iter().find(|q| q.index == gate.question).map(|q| {
            let (progress, id, index) = (props.progress.clone(), lesson.id.clone(), q.index);
            let on_answer = Callback::from(move |right: bool| progress.answered(&id, index, right));
            html! { <QuestionCard key={q.index} question={q.clone()} {on_answer} on_proceed={props.on_proceed.clone()} held_back={props.held_back} /> }
        }),
        _ => None,
    };
    let next = props.lessons.next_after(&lesson.id);
    let p = props.progress.of(&lesson.id);
    html! {
        <section class="panel lesson-panel" aria-labelledby="lesson-title">
            <a class="back-link" href={hash_for(None)}>{ "← All lessons" }</a>
            <h2 id="lesson-title">{ &lesson.title }</h2>
            <p class="summary">{ &lesson.summary }</p>
            { prose }
            { for question }
            if props.at_end && matches!(props.resolved, LessonTrace::Resolved(_)) {
                <div class="lesson-end" id="lesson-end">
                    <p>{ format!("✓ Lesson complete · {} of {} questions answered", p.answered.len(), lesson.questions.len()) }</p>
                    if let Some(next) = next {
                        <a class="primary-link" id="next-lesson" href={hash_for(Some(&next.id))}>{ format!("Next lesson: {} ▶", next.title) }</a>
                    } else {
                        <a class="primary-link" href={hash_for(None)}>{ "Back to all lessons" }</a>
                    }
                </div>
            }
            if !lesson.try_this.is_empty() {
                <details class="try-this">
                    <summary>{ "Try this" }</summary>
                    { for lesson.try_this.iter().map(|t| {
                        let load = t.code.clone().map(|code| props.on_try.reform(move |_: MouseEvent| Some(code.clone())));
                        html! {
                            <div class="try">
                                <h3>{ &t.title }</h3>
                                { Html::from_html_unchecked(AttrValue::from(t.html.clone())) }
                                if let Some(onclick) = load {
                                    <button class="link try-run" {onclick}>{ "Run this version" }</button>
                                }
                            </div>
                        }
                    }) }
                </details>
            }
        </section>
    }
}
