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
use super::line_profile::LineProfile;
use super::memory_chart::MemoryChart;
use super::memory_text::MemoryText;
use super::narration::Narration;
use super::output::Output;
use super::share_link::ShareLink;
use super::shortcut_help::ShortcutHelp;
use super::status::Status;
use super::timeline::Timeline;
use super::types_growth::TypesGrowth;
use super::view_switch::ViewSwitch;
use crate::hooks::use_route::embed_options;
use crate::hooks::use_saved_code::{link_storage_key, storage_key, try_storage_key};
use crate::hooks::{
    use_engine, use_lessons, use_playback, use_progress, use_route, use_saved_code, use_shortcuts,
    use_view, Route, Shortcut,
};
use crate::model::diff::StepDiff;
use crate::model::embed::EditorMode;
use crate::model::narration::narrate;
use crate::model::permalink::{self, Permalink};
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
    let embed = *use_memo((), |()| embed_options());
    let lessons = use_lessons();
    let progress = use_progress();
    let lesson = route.lesson().and_then(|id| lessons.find(id).cloned());
    let link = match &route {
        Route::Link(link) => Some(link.clone()),
        _ => None,
    };
    let (view, on_view) = use_view(link.as_ref().map(|l| l.view));
    // The lesson's "Try this" code on screen, if one was opened (cleared with the route).
    let trying = use_state(|| None::<AttrValue>);
    {
        let trying = trying.clone();
        use_effect_with(route.clone(), move |_| trying.set(None));
    }
    // A link's code and a try's have their own storage slots: they never replace the
    // learner's own code, here or in any lesson. Also what the editor's reset link says it
    // restores.
    let (key, original, reset_to): (String, Rc<str>, &'static str) = match (
        link.as_ref().and_then(|l| l.code.as_ref()),
        &lesson,
        &*trying,
    ) {
        (Some(code), _, _) => (
            link_storage_key(code),
            code.as_str().into(),
            "the link's code",
        ),
        (None, Some(l), Some(code)) => (
            try_storage_key(&l.id, code),
            code.as_str().into(),
            "this try's code",
        ),
        (None, Some(l), None) => (
            storage_key(Some(&l.id)),
            l.code.as_str().into(),
            "the lesson's code",
        ),
        (None, None, _) => (storage_key(None), SCRATCH_CODE.into(), "the starting code"),
    };
    let code = use_saved_code(key, original);

    // Stable callbacks (memoised on the dispatcher, which never changes), so the 200 boxes
    // of a big heap are not all re-rendered just because a fresh closure was passed down.
    let on_action = use_callback(dispatcher.clone(), |a: Action, d| d.dispatch(a));
    let on_goto = use_callback(dispatcher.clone(), |n: usize, d| {
        d.dispatch(Action::Goto(n))
    });
    let on_select = use_callback(dispatcher, |id: Option<ObjId>, d| {
        d.dispatch(Action::Select(id))
    });
    // A lesson's code is on screen once the lessons have loaded (the route is known
    // first): until then the editor holds the scratch pad's, and Run waits.
    let code_ready = route.lesson().is_none() || lesson.is_some();
    let on_run = {
        let (engine, code, can_run) = (engine.clone(), code.clone(), state.can_run() && code_ready);
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
    // Opening a try (or leaving it, `None`) switches the code to its own slot; the effect
    // below records it at once, so its trace replaces the lesson's.
    let on_try = {
        let (trying, on_action) = (trying.clone(), on_action.clone());
        Callback::from(move |doc: Option<String>| {
            trying.set(doc.map(AttrValue::from));
            on_action.emit(Action::RecordNow);
        })
    };

    // Opening a page (a lesson, a link, an embed, the scratch pad) is the reducer's to
    // carry out (`Opening`): App reports the route, and records the code when asked.
    let lesson_id = lesson.as_ref().map(|l| l.id.clone());
    {
        let on_action = on_action.clone();
        use_effect_with(route.clone(), move |route| {
            on_action.emit(Action::Open(route.opening(embed)));
        });
    }
    {
        let (engine, code) = (engine, code.clone());
        use_effect_with(state.wants_recording() && code_ready, move |record| {
            if *record {
                engine.run(code.current());
            }
        });
    }
    let make_link = {
        let (code, lesson, step, loaded) = (
            code.clone(),
            lesson.clone(),
            state.step,
            state.step_count() > 0,
        );
        Callback::from(move |()| {
            let current = code.current();
            let unedited = lesson.as_ref().is_some_and(|l| l.code == current);
            permalink::encode(&Permalink {
                lesson: lesson.as_ref().map(|l| l.id.clone()),
                // A lesson's own code is in the lesson: the link stays short.
                code: (!unedited).then_some(current),
                step: loaded.then_some(step),
                view,
            })
        })
    };
    let link_notice = match &route {
        _ if embed.is_some() => None,
        Route::BadLink(e) => Some(format!("{e} The scratch pad is open instead.")),
        Route::Link(_) => Some(
            "Opened from a link. Your own code is kept: this link's code has a place of its own."
                .to_owned(),
        ),
        _ => None,
    };
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
                        shown: q.shown,
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
        let (progress, lesson_id) = (progress.clone(), lesson_id.clone());
        let done = at_end && matches!(*resolved, LessonTrace::Resolved(_));
        use_effect_with((done, lesson_id), move |(done, id)| {
            if let (true, Some(id)) = (done, id) {
                progress.completed(id);
            }
        });
    }
    let help_open = use_state(|| false);
    let open_help = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(true))
    };
    let close_help = {
        let help_open = help_open.clone();
        Callback::from(move |()| help_open.set(false))
    };
    {
        let (on_action, on_run, open_help) = (on_action.clone(), on_run.clone(), open_help.clone());
        use_shortcuts(Callback::from(move |s: Shortcut| match s {
            Shortcut::Help => open_help.emit(()),
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

    let editor_mode = embed.map(|e| e.editor).unwrap_or_default();
    // Embedded, the brand opens the same thing in the full playground, in a new tab.
    let full_href = match &route {
        Route::Link(l) => format!("./{}", permalink::encode(l)),
        _ => format!("./{}", crate::hooks::hash_for(lesson_id.as_deref())),
    };

    html! {
        <div class={classes!("app", embed.map(|_| "embed"),
                             (editor_mode == EditorMode::Hidden).then_some("no-code"))}>
            <header class="topbar">
                if embed.is_some() {
                    <a class="brand open-full" href={full_href} target="_blank" rel="noopener">
                        { "refscope" }<span class="tagline">{ "open in the playground ↗" }</span>
                    </a>
                } else {
                    <h1 class="brand">{ "refscope" }<span class="tagline">{ "see how CPython manages memory" }</span></h1>
                }
                <Status vm={state.vm.clone()} run={state.run.clone()} notice={state.notice.clone().map(AttrValue::from)} />
                if embed.is_none() {
                <div class="topbar-tools">
                    <ShareLink link={make_link} />
                    <ViewSwitch {view} on_change={on_view} />
                    <button id="open-help" onclick={open_help.reform(|_: MouseEvent| ())}
                            title="Keyboard shortcuts (?)" aria-keyshortcuts="?">{ "⌨ Keys" }</button>
                </div>
                }
            </header>
            if let Some(notice) = link_notice {
                <p id="link-notice" class="link-notice" role="status">
                    { notice }{ " " }<a href={crate::hooks::hash_for(lesson_id.as_deref())}>{ "Leave the link" }</a>
                </p>
            }
            <Controls step={state.step} step_count={state.step_count()} playing={state.playing}
                      speed={state.speed} can_run={state.can_run() && code_ready} {can_stop}
                      on_action={on_action.clone()} on_run={on_run.clone()} {on_stop}
                      show_run={editor_mode != EditorMode::Hidden}
                      question_waiting={state.asking.is_some()} />
            <main class="workspace">
                // An embed that hides the code shows the output under the replay instead:
                // a column holding only the output would be half the width, mostly empty.
                if editor_mode != EditorMode::Hidden {
                <div class="pane code-pane">
                    <Editor key={code.key().to_owned()} code={code.clone()} on_run={on_run.clone()}
                            {current_line} {next_line} {error}
                            read_only={editor_mode == EditorMode::ReadOnly}
                            original={reset_to} />
                    <Output trace={state.trace.clone()} step={state.step} />
                </div>
                }
                <div class="pane replay-pane">
                    <Narration narration={(*narration).clone()} placeholder={placeholder} />
                    if let (Some(trace), Some(analysis), true) = (&state.trace, &state.analysis, has_steps) {
                        <Diagram trace={trace.clone()} analysis={analysis.clone()} step={state.step}
                                 diff={(*diff).clone()} {selected} on_select={on_select.clone()} />
                        <MemoryText trace={trace.clone()} step={state.step} />
                        <LineProfile trace={trace.clone()} line={current_line} on_goto={on_goto.clone()} />
                        <TypesGrowth trace={trace.clone()} step={state.step} on_select={on_select.clone()} />
                        <div class="below">
                            <Timeline analysis={analysis.clone()} step={state.step} on_goto={on_goto.clone()}
                                so_far={matches!(*resolved, LessonTrace::Resolved(_))} />
                            <MemoryChart analysis={analysis.clone()} step={state.step} on_goto={on_goto.clone()} />
                        </div>
                    } else {
                        <section id="diagram" class="panel diagram empty" aria-label="Memory diagram">
                            <p class="placeholder">{ placeholder }</p>
                        </section>
                    }
                    if editor_mode == EditorMode::Hidden {
                        <Output trace={state.trace.clone()} step={state.step} />
                    }
                    // An embed has no side pane; "Why is this alive?" (its holders, the
                    // back-references graph, the deep size) opens under the replay instead.
                    if let (Some(trace), Some(id), true) = (&state.trace, selected, embed.is_some()) {
                        <Inspector trace={trace.clone()} step={state.step} selected={id}
                                   on_close={on_select.reform(|()| None)} />
                    }
                </div>
                if embed.is_none() {
                <aside class="pane side-pane">
                    // First when an object is selected: the answer the learner asked for.
                    if let (Some(trace), Some(id)) = (&state.trace, selected) {
                        <Inspector trace={trace.clone()} step={state.step} selected={id}
                                   on_close={on_select.reform(|()| None)} />
                    }
                    <LessonPanel lessons={lessons.clone()} lesson={lesson.clone()}
                                 resolved={(*resolved).clone()} step={state.step} {at_end}
                                 asking={state.asking} held_back={state.held_back} progress={progress.clone()}
                                 {on_proceed} {on_try} trying={trying.is_some()} />
                </aside>
                }
            </main>
            if *help_open {
                <ShortcutHelp on_close={close_help} />
            }
        </div>
    }
}
