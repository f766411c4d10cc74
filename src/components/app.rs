//! The root component: owns the replay reducer and the hooks (worker, playback, keys, saved
//! code), derives the per-step data once, and lays out the panes.

use std::rc::Rc;

use refscope_trace::{ObjId, Outcome};
use yew::prelude::*;

use super::controls::Controls;
use super::diagram::Diagram;
use super::editor::{Editor, EditorError};
use super::inspector::Inspector;
use super::lesson_panel::{LessonPanel, LessonTrace};
use super::memory_chart::MemoryChart;
use super::narration::Narration;
use super::output::Output;
use super::status::Status;
use super::timeline::Timeline;
use crate::hooks::{
    use_engine, use_lessons, use_playback, use_progress, use_route, use_saved_code, use_shortcuts,
    Shortcut,
};
use crate::model::diff::StepDiff;
use crate::model::narration::narrate;
use crate::replay::{Action, Gate, ReplayState, RunStatus, VmStatus};
use crate::shared::Shared;

/// The scratch pad's starting code: a two-object cycle, the program the playground is
/// built around (refcounting frees most things; the collector frees the cycle).
pub const SCRATCH_CODE: &str = r#"import gc

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

a = Node("a")
b = Node("b")
a.other = b
b.other = a      # a cycle: each keeps the other alive
items = [a, b]
del items        # the list is freed at once: refcount 0
del a, b         # the Nodes live on as cycle garbage
gc.collect()     # the cyclic garbage collector frees them
print("done")
"#;

/// Props of [`App`] (only for tests, which start it from a trace).
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// A reducer state to start from instead of the empty one.
    #[prop_or_default]
    pub initial: Option<Shared<ReplayState>>,
}

/// The editor lines for a step: its own line and the next step's (0: none).
fn step_lines(state: &ReplayState) -> (u32, u32) {
    let Some(trace) = &state.trace else {
        return (0, 0);
    };
    let line = |i: usize| trace.steps.get(i).map_or(0, |s| s.line);
    (line(state.step), line(state.step + 1))
}

/// The playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || {
        initial
            .map(|s| (*s).clone())
            .unwrap_or_else(ReplayState::starting)
    });
    let dispatcher = state.dispatcher();
    let engine = use_engine(dispatcher.clone());
    use_playback(state.playing, state.speed, dispatcher.clone());
    let route = use_route();
    let lessons = use_lessons();
    let progress = use_progress();
    let lesson = route.as_deref().and_then(|id| lessons.find(id).cloned());
    let original: Rc<str> = lesson
        .as_ref()
        .map_or_else(|| SCRATCH_CODE.into(), |l| l.code.as_str().into());
    let code = use_saved_code(lesson.as_ref().map(|l| l.id.clone()), original);
    let try_load = use_state(|| None::<(u32, AttrValue)>);

    // Stable callbacks (memoised on the dispatcher, which never changes), so the 200 boxes
    // of a big heap are not all re-rendered just because a fresh closure was passed down.
    let on_action = use_callback(dispatcher.clone(), |a: Action, d| d.dispatch(a));
    let on_goto = use_callback(dispatcher.clone(), |n: usize, d| {
        d.dispatch(Action::Goto(n))
    });
    let on_select = use_callback(dispatcher, |id: Option<ObjId>, d| {
        d.dispatch(Action::Select(id))
    });
    let on_run = {
        let (engine, code, can_run) = (engine.clone(), code.clone(), state.can_run());
        Callback::from(move |()| {
            if can_run {
                engine.run(code.current());
            }
        })
    };
    let on_stop = {
        let engine = engine.clone();
        Callback::from(move |()| engine.stop())
    };
    let on_proceed = on_action.reform(|()| Action::Proceed);
    let on_try = {
        let try_load = try_load.clone();
        Callback::from(move |doc: String| {
            let n = try_load.as_ref().map_or(1, |(n, _)| n + 1);
            try_load.set(Some((n, doc.into())));
        })
    };

    // Opening a lesson clears the screen and records its code as soon as Python is ready,
    // so its notes and questions are there without a click.
    let lesson_id = lesson.as_ref().map(|l| l.id.clone());
    {
        let on_action = on_action.clone();
        use_effect_with(lesson_id.clone(), move |_| on_action.emit(Action::Clear));
    }
    {
        let (engine, code) = (engine, code.clone());
        let ready = state.vm == VmStatus::Ready && state.run == RunStatus::Idle;
        use_effect_with((lesson_id.clone(), ready), move |(id, ready)| {
            if id.is_some() && *ready {
                engine.run(code.current());
            }
        });
    }
    // The lesson against the trace on screen: resolved once per (lesson, trace).
    let resolved = use_memo(
        (lesson.clone(), state.trace.clone()),
        |(lesson, trace)| match (lesson, trace) {
            (Some(_), None) | (None, _) => LessonTrace::Waiting,
            (Some(l), Some(t)) if t.source != l.code => LessonTrace::Edited,
            (Some(l), Some(t)) => match refscope_lessons::resolve(l, t) {
                Ok(r) => LessonTrace::Resolved(Rc::new(r)),
                Err(e) => LessonTrace::Broken(e.to_string()),
            },
        },
    );
    {
        let (on_action, progress, lesson_id) =
            (on_action.clone(), progress.clone(), lesson_id.clone());
        use_effect_with(resolved.clone(), move |resolved| {
            if let (LessonTrace::Resolved(r), Some(id)) = (&**resolved, lesson_id) {
                let answered = progress.of(&id).answered;
                let gates = r
                    .questions
                    .iter()
                    .filter(|q| !answered.contains_key(&q.index))
                    .map(|q| Gate {
                        step: q.step,
                        question: q.index,
                    })
                    .collect();
                on_action.emit(Action::SetGates(gates));
            }
        });
    }
    let at_end =
        state.step_count() > 0 && state.step == state.last_step() && state.asking.is_none();
    {
        let (progress, lesson_id) = (progress.clone(), lesson_id);
        let done = at_end && matches!(*resolved, LessonTrace::Resolved(_));
        use_effect_with((done, lesson_id), move |(done, id)| {
            if let (true, Some(id)) = (done, id) {
                progress.completed(id);
            }
        });
    }
    {
        let (on_action, on_run) = (on_action.clone(), on_run.clone());
        use_shortcuts(Callback::from(move |s: Shortcut| match s {
            Shortcut::Run => on_run.emit(()),
            Shortcut::Back => on_action.emit(Action::Back),
            Shortcut::Forward => on_action.emit(Action::Forward),
            Shortcut::First => on_action.emit(Action::First),
            Shortcut::Last => on_action.emit(Action::Last),
            Shortcut::TogglePlay => on_action.emit(Action::TogglePlay),
        }));
    }

    // Per-step data, computed once per (trace, step); per-trace data lives in the state.
    let has_steps = state.step_count() > 0;
    let diff = use_memo(
        (state.trace.clone(), state.step),
        |(trace, step)| match trace {
            Some(t) if *step < t.steps.len() => Rc::new(StepDiff::at(t, *step)),
            _ => Rc::new(StepDiff::default()),
        },
    );
    let narration = use_memo(
        (state.trace.clone(), state.step, diff.clone()),
        |(trace, step, diff)| {
            trace
                .as_ref()
                .filter(|t| *step < t.steps.len())
                .map(|t| Rc::new(narrate(t, *step, diff)))
        },
    );

    let (current_line, next_line) = step_lines(&state);
    let error = state.trace.as_ref().and_then(|t| match &t.outcome {
        Outcome::SyntaxError {
            line,
            column,
            message,
            exc_type,
        } => Some(EditorError {
            line: *line,
            column: *column,
            message: format!("{exc_type}: {message}"),
        }),
        _ => None,
    });
    let placeholder = match (&state.trace, &state.run) {
        (_, RunStatus::Running) => "Recording your program…",
        (Some(_), _) => "Nothing ran: see the output below the code.",
        (None, _) => "Press Run (Ctrl+Enter) to record your program, then step through it.",
    };
    let can_stop = state.run == RunStatus::Running || matches!(state.vm, VmStatus::Loading { .. });
    let selected: Option<ObjId> = state.selected;

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "refscope" }<span class="tagline">{ "see how CPython manages memory" }</span></h1>
                <Status vm={state.vm.clone()} run={state.run.clone()} notice={state.notice.clone().map(AttrValue::from)} />
            </header>
            <Controls step={state.step} step_count={state.step_count()} playing={state.playing}
                      speed={state.speed} can_run={state.can_run()} {can_stop}
                      on_action={on_action.clone()} on_run={on_run.clone()} {on_stop} />
            <main class="workspace">
                <div class="pane code-pane">
                    <Editor key={code.key().to_owned()} code={code.clone()} on_run={on_run.clone()}
                            {current_line} {next_line} {error} load={(*try_load).clone()} />
                    <Output trace={state.trace.clone()} step={state.step} />
                </div>
                <div class="pane replay-pane">
                    <Narration narration={(*narration).clone()} placeholder={placeholder} />
                    if let (Some(trace), Some(analysis), true) = (&state.trace, &state.analysis, has_steps) {
                        <Diagram trace={trace.clone()} analysis={analysis.clone()} step={state.step}
                                 diff={(*diff).clone()} {selected} on_select={on_select.clone()} />
                        <div class="below">
                            <Timeline analysis={analysis.clone()} step={state.step} on_goto={on_goto.clone()} />
                            <MemoryChart analysis={analysis.clone()} step={state.step} on_goto={on_goto.clone()} />
                        </div>
                    } else {
                        <section id="diagram" class="panel diagram empty" aria-label="Memory diagram">
                            <p class="placeholder">{ placeholder }</p>
                        </section>
                    }
                </div>
                <aside class="pane side-pane">
                    <LessonPanel lessons={lessons.clone()} lesson={lesson.clone()}
                                 resolved={(*resolved).clone()} step={state.step} {at_end}
                                 asking={state.asking} progress={progress.clone()}
                                 {on_proceed} {on_try} />
                    if let (Some(trace), Some(id)) = (&state.trace, selected) {
                        <Inspector trace={trace.clone()} step={state.step} selected={id}
                                   on_close={on_select.reform(|()| None)} />
                    }
                </aside>
            </main>
        </div>
    }
}
