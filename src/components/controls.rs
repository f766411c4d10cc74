//! The toolbar: Run and Stop, step navigation, the step slider and label, play/pause and
//! speed. Keyboard shortcuts for the same actions are handled app-wide (`use_shortcuts`).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::replay::{Action, Speed};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// 0-based step on screen.
    pub step: usize,
    /// Number of steps (0 without a trace).
    pub step_count: usize,
    /// Playback running.
    pub playing: bool,
    /// Playback speed.
    pub speed: Speed,
    /// The Run button is enabled.
    pub can_run: bool,
    /// The Stop button is enabled (a run or a VM load is under way).
    pub can_stop: bool,
    /// Run and Stop are shown (not in an embed whose code is hidden: it runs by itself).
    #[prop_or(true)]
    pub show_run: bool,
    /// A question blocks stepping: a button beside the step buttons leads to it.
    #[prop_or_default]
    pub question_waiting: bool,
    /// Reducer actions.
    pub on_action: Callback<Action>,
    /// Run the code.
    pub on_run: Callback<()>,
    /// Stop the run.
    pub on_stop: Callback<()>,
}

/// A small inline icon (SVG, so it renders without any particular font).
fn icon(path: &'static str) -> Html {
    html! {
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d={path} /></svg>
    }
}

const FIRST: &str = "M3 3h2v10H3z M13 3v10L6 8z";
const BACK: &str = "M12 3v10L5 8z";
const FORWARD: &str = "M4 3v10l7-5z";
const LAST: &str = "M3 3v10l7-5z M11 3h2v10h-2z";
const PLAY: &str = "M4 3v10l9-5z";
const PAUSE: &str = "M4 3h3v10H4z M9 3h3v10H9z";

/// "step N of M", N 1-based.
pub fn step_label(step: usize, count: usize) -> String {
    if count == 0 {
        "step 0 of 0".to_owned()
    } else {
        format!("step {} of {count}", step + 1)
    }
}

/// The toolbar.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let act = |a: Action| {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
    };
    let on_slider = {
        let cb = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().parse::<usize>() {
                cb.emit(Action::Goto(n));
            }
        })
    };
    let on_speed = {
        let cb = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(speed) = Speed::from_key(&select.value()) {
                cb.emit(Action::SetSpeed(speed));
            }
        })
    };
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_stop = props.on_stop.reform(|_: MouseEvent| ());
    let empty = props.step_count == 0;
    let at_start = empty || props.step == 0;
    let at_end = empty || props.step + 1 >= props.step_count;
    let last = props.step_count.saturating_sub(1);
    use_effect_with(props.step_count, |count| {
        if *count > 0 && FOCUS_WHEN_RECORDED.with(|f| f.replace(false)) {
            focus_now();
        }
    });
    let show_question = Callback::from(|_: MouseEvent| {
        let card = gloo::utils::document().get_element_by_id("question");
        if let Some(card) = card {
            card.scroll_into_view();
            let first = card.query_selector("button, input").ok().flatten();
            if let Some(el) =
                first.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        }
    });
    html! {
        <div class="controls" id="step-controls" role="toolbar" aria-label="Run and step controls"
             tabindex="-1">
            if props.show_run {
            <div class="group run-group">
                <button id="run" class="primary" onclick={on_run} disabled={!props.can_run}
                        title="Run (Ctrl+Enter or ⌘+Enter)" aria-keyshortcuts="Control+Enter Meta+Enter">
                    { "▶ Run" }<span class="hint">{ "Ctrl+Enter" }</span>
                </button>
                <button id="stop" onclick={on_stop} disabled={!props.can_stop} title="Stop the run">
                    { "■ Stop" }
                </button>
            </div>
            }
            <div class="group step-group">
                <button id="first" onclick={act(Action::First)} disabled={at_start} aria-label="First step" title="First step (Home)">{ icon(FIRST) }</button>
                <button id="back" onclick={act(Action::Back)} disabled={at_start} aria-label="Step back" title="Step back (←)">{ icon(BACK) }</button>
                <button id="forward" onclick={act(Action::Forward)} disabled={at_end} aria-label="Step forward" title="Step forward (→)">{ icon(FORWARD) }</button>
                <button id="last" onclick={act(Action::Last)} disabled={at_end} aria-label="Last step" title="Last step (End)">{ icon(LAST) }</button>
                <input id="step-slider" type="range" min="0" max={last.to_string()}
                       value={props.step.to_string()} oninput={on_slider} disabled={empty}
                       aria-label="Step" aria-valuetext={step_label(props.step, props.step_count)} />
                <span id="step-label" class="step-label">{ step_label(props.step, props.step_count) }</span>
                // Next to the step buttons, where a phone's sticky bar keeps it in reach: the
                // question card itself may be a long scroll away.
                if props.question_waiting {
                    <button id="question-waiting" class="question-waiting" onclick={show_question}
                            title="Stepping waits for your prediction">{ "? Predict first" }</button>
                }
            </div>
            <div class="group play-group">
                <button id="play" onclick={act(Action::TogglePlay)} disabled={props.step_count < 2}
                        aria-pressed={props.playing.to_string()} title="Play or pause (Space)">
                    if props.playing { { icon(PAUSE) }{ "Pause" } } else { { icon(PLAY) }{ "Play" } }
                </button>
                <label class="speed">
                    <span>{ "Speed" }</span>
                    <select id="speed" onchange={on_speed} aria-label="Speed">
                        { for Speed::ALL.iter().map(|s| html! {
                            <option value={s.key()} selected={*s == props.speed}>{ s.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
        </div>
    }
}

/// After Ctrl+Enter in the editor, the keyboard moves to the step controls, so ← and →
/// step through the run just recorded. The editor keeps its arrows for the cursor while
/// the learner types (clicking the code goes back to it): passing them on would move
/// the run when the learner meant to move the cursor.
pub fn focus_step_controls() {
    FOCUS_WHEN_RECORDED.with(|f| f.set(true));
    focus_now();
}

thread_local! {
    /// Set by a run from the editor until its trace is on screen: the editor may take the
    /// focus back while it switches to the replay view, so the controls take it again
    /// once the steps are there.
    static FOCUS_WHEN_RECORDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn focus_now() {
    let el = gloo::utils::document().get_element_by_id("step-controls");
    if let Some(el) =
        el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}
