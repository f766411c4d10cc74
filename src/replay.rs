//! The replay state machine: one pure reducer for the whole screen.
//!
//! It holds the loaded trace (with its per-trace [`Analysis`], computed once here on load),
//! the current step, playback, the selected object, the run status and the Python VM's
//! loading status. Timers, storage and the worker live in hooks and effects that only
//! dispatch [`Action`]s, so every transition is unit-tested natively.

use std::rc::Rc;

use refscope_trace::{ObjId, Trace};
use yew::Reducible;

use crate::model::Analysis;
use crate::shared::Shared;

/// Playback speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    /// One step per 1.2 s.
    Slow,
    /// One step per 0.6 s.
    #[default]
    Normal,
    /// One step per 0.25 s.
    Fast,
    /// One step per 0.08 s.
    Fastest,
}

impl Speed {
    /// Every speed, slowest first.
    pub const ALL: [Speed; 4] = [Speed::Slow, Speed::Normal, Speed::Fast, Speed::Fastest];

    /// Milliseconds between two ticks.
    pub fn interval_ms(self) -> u32 {
        match self {
            Speed::Slow => 1200,
            Speed::Normal => 600,
            Speed::Fast => 250,
            Speed::Fastest => 80,
        }
    }

    /// The `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Speed::Slow => "slow",
            Speed::Normal => "normal",
            Speed::Fast => "fast",
            Speed::Fastest => "fastest",
        }
    }

    /// The label shown in the speed select.
    pub fn label(self) -> &'static str {
        match self {
            Speed::Slow => "0.5×",
            Speed::Normal => "1×",
            Speed::Fast => "2×",
            Speed::Fastest => "8×",
        }
    }

    /// Parses an `<option>` value.
    pub fn from_key(key: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Where the current run stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RunStatus {
    /// Nothing has run yet.
    #[default]
    Idle,
    /// A run was sent to the worker.
    Running,
    /// A trace was loaded.
    Done,
    /// The learner pressed Stop.
    Stopped,
    /// The run produced no trace; the message says why, in words.
    Failed(String),
}

/// The Python VM in the worker.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum VmStatus {
    /// Downloading or initialising; `total` is 0 when unknown. `full`: the rest of the
    /// standard library (the full engine), fetched because a program imports from it.
    Loading { loaded: f64, total: f64, full: bool },
    /// Ready to run.
    #[default]
    Ready,
    /// Could not be loaded.
    Failed(String),
}

impl VmStatus {
    /// The state right after a worker is (re)created.
    pub fn starting() -> VmStatus {
        VmStatus::Loading {
            loaded: 0.0,
            total: 0.0,
            full: false,
        }
    }
}

/// Everything the reducer can be told.
#[derive(Debug, Clone)]
pub enum Action {
    /// A trace arrived, with its analysis: show it from its first step.
    Loaded(Rc<Trace>, Rc<Analysis>),
    /// Go to the first step.
    First,
    /// Go one step back.
    Back,
    /// Go one step forward.
    Forward,
    /// Go to the last step.
    Last,
    /// Go to step `n` (clamped).
    Goto(usize),
    /// Start or pause playback.
    TogglePlay,
    /// A playback timer tick: advance one step, stopping at the end.
    Tick,
    /// Change the playback speed.
    SetSpeed(Speed),
    /// Select an object (for "Why is this alive?") or clear the selection.
    Select(Option<ObjId>),
    /// A run was sent to the worker.
    RunStarted,
    /// The run failed without a trace.
    RunFailed(String),
    /// The learner stopped the run; the worker is restarting.
    Stopped,
    /// The VM crashed; the worker is restarting.
    Crashed(String),
    /// VM download progress.
    VmProgress { loaded: f64, total: f64, full: bool },
    /// The VM is initialised.
    VmReady,
    /// The VM could not be loaded.
    VmFailed(String),
    /// A lesson's predict questions for the loaded trace: (step, question index) pairs.
    /// Stepping onto one of these steps is held back until the question is answered.
    SetGates(Vec<Gate>),
    /// The question being asked was answered or skipped: reveal its step.
    Proceed,
    /// Leave the lesson's trace: no trace, no gates (a lesson was switched).
    Clear,
    /// A page was opened (a lesson, a link, an embed, the scratch pad): clear the screen
    /// and carry out what it asks for.
    Open(Opening),
    /// Record the code on screen as soon as Python is ready (a try was opened or left),
    /// keeping what is shown until the new trace arrives.
    RecordNow,
}

/// A predict question guarding a line: stepping on from `shown` (the line about to run)
/// asks question `question` first; answering it moves on to `step`, where the line has run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The 0-based step the question is shown at.
    pub shown: usize,
    /// The 0-based step that reveals the answer.
    pub step: usize,
    /// The question's index in the resolved lesson.
    pub question: usize,
}

/// What opening a page asks of the replay, carried out by the reducer as the run goes: a
/// lesson, a link, an embed or a try is recorded as soon as Python is ready
/// ([`ReplayState::wants_recording`]), then a link's step is shown, an embed's speed set
/// and its playback started ([`Action::Loaded`]). `App` only reports the route
/// ([`Action::Open`]) and runs the code when asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opening {
    /// Record the code on screen as soon as Python is ready.
    pub record: bool,
    /// Once recorded, show this 0-based step (a link's).
    pub step: Option<usize>,
    /// Once recorded, play at this speed (an embed's).
    pub speed: Option<Speed>,
    /// Once recorded (and at the step), start playing.
    pub autoplay: bool,
}

/// The replay screen's state.
#[derive(Debug, Clone, Default)]
pub struct ReplayState {
    /// The trace on screen.
    pub trace: Option<Shared<Trace>>,
    /// Its analysis, computed once when it loaded.
    pub analysis: Option<Shared<Analysis>>,
    /// The 0-based step on screen.
    pub step: usize,
    /// Whether playback is running.
    pub playing: bool,
    /// Playback speed.
    pub speed: Speed,
    /// The selected object.
    pub selected: Option<ObjId>,
    /// The run's status.
    pub run: RunStatus,
    /// The VM's status.
    pub vm: VmStatus,
    /// A notice in words for the status area (stop, crash, load failure).
    pub notice: Option<String>,
    /// Predict questions not yet asked, sorted by step.
    pub gates: Vec<Gate>,
    /// The question being asked: stepping waits until it is answered or skipped.
    pub asking: Option<Gate>,
    /// The learner tried to step past the question being asked: its card says why
    /// nothing moved (cleared when the question is answered or skipped).
    pub held_back: bool,
    /// What the page just opened still asks for.
    pub opening: Opening,
}

impl ReplayState {
    /// The state at start-up: the worker is being created, so the VM is loading.
    pub fn starting() -> ReplayState {
        ReplayState {
            vm: VmStatus::starting(),
            ..ReplayState::default()
        }
    }

    /// Number of steps of the loaded trace (0 without one).
    pub fn step_count(&self) -> usize {
        self.trace.as_ref().map_or(0, |t| t.steps.len())
    }

    /// The last valid step index (0 when there are no steps).
    pub fn last_step(&self) -> usize {
        self.step_count().saturating_sub(1)
    }

    /// "step N of M" with N 1-based ("step 0 of 0" without steps).
    pub fn step_label(&self) -> String {
        let m = self.step_count();
        let n = if m == 0 { 0 } else { self.step + 1 };
        format!("step {n} of {m}")
    }

    /// True when Run is enabled: the VM is ready (or failed to load, and Run retries).
    pub fn can_run(&self) -> bool {
        !matches!(self.vm, VmStatus::Loading { .. }) && self.run != RunStatus::Running
    }

    /// True when the code on screen should be recorded now: the page asked for it and
    /// Python is ready and idle. `App` then runs it ([`Action::RunStarted`] clears this).
    pub fn wants_recording(&self) -> bool {
        self.opening.record && self.vm == VmStatus::Ready && self.run != RunStatus::Running
    }

    /// Carries out what the opening asked for once its code is recorded.
    fn finish_opening(&mut self) {
        let opening = std::mem::take(&mut self.opening);
        if let Some(step) = opening.step {
            self.goto(step);
        }
        if let Some(speed) = opening.speed {
            self.speed = speed;
        }
        if opening.autoplay && self.step_count() > 1 && self.step < self.last_step() {
            self.playing = true;
        }
    }

    /// Moves towards `step`, stopping just before the first unasked question on the way
    /// (a prediction must be made before its step is revealed).
    fn goto(&mut self, step: usize) {
        let target = step.min(self.last_step());
        if self.asking.is_some() && target > self.step {
            self.held_back = true;
            return;
        }
        if let Some(gate) = self
            .gates
            .iter()
            .find(|g| g.shown >= self.step && g.shown < target)
            .copied()
        {
            self.step = gate.shown;
            self.gates.retain(|g| *g != gate);
            self.asking = Some(gate);
            self.playing = false;
            return;
        }
        self.step = target;
    }
}

impl Action {
    /// [`Action::Loaded`] with the trace analysed at once (the page analyses a long trace
    /// in slices instead, see `use_engine`).
    pub fn loaded(trace: Trace) -> Action {
        let analysis = Rc::new(Analysis::new(&trace));
        Action::Loaded(Rc::new(trace), analysis)
    }
}

impl Reducible for ReplayState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Loaded(trace, analysis) => {
                s.analysis = Some(Shared(analysis));
                s.trace = Some(Shared(trace));
                s.step = 0;
                s.playing = false;
                s.selected = None;
                s.run = RunStatus::Done;
                s.notice = None;
                s.gates.clear();
                s.asking = None;
                s.held_back = false;
                s.finish_opening();
            }
            Action::First => {
                s.playing = false;
                s.goto(0);
            }
            Action::Back => {
                s.playing = false;
                s.goto(s.step.saturating_sub(1));
            }
            Action::Forward => {
                s.playing = false;
                s.goto(s.step + 1);
            }
            Action::Last => {
                s.playing = false;
                s.goto(s.last_step());
            }
            Action::Goto(n) => {
                s.playing = false;
                s.goto(n);
            }
            Action::TogglePlay => {
                if s.playing {
                    s.playing = false;
                } else if s.step_count() > 1 {
                    // Playing from the end starts over, as media players do.
                    if s.step >= s.last_step() {
                        s.step = 0;
                    }
                    s.playing = true;
                }
            }
            Action::Tick => {
                if !s.playing {
                    return self;
                }
                s.goto(s.step + 1);
                if s.step >= s.last_step() {
                    s.playing = false;
                }
            }
            Action::SetSpeed(speed) => s.speed = speed,
            Action::Select(id) => s.selected = id,
            Action::RunStarted => {
                s.opening.record = false;
                s.run = RunStatus::Running;
                s.playing = false;
                s.notice = None;
            }
            Action::RunFailed(message) => {
                s.run = RunStatus::Failed(message.clone());
                s.notice = Some(message);
            }
            Action::Stopped => {
                s.playing = false;
                if s.run == RunStatus::Running {
                    s.run = RunStatus::Stopped;
                    let shown = if s.trace.is_some() {
                        "; the previous trace is still shown"
                    } else {
                        ""
                    };
                    s.notice = Some(format!("Stopped. Python is restarting{shown}."));
                } else if s.run != RunStatus::Stopped {
                    s.notice = Some("Python is restarting.".to_owned());
                }
                // A second Stop (pressed again while Python restarts) keeps saying why.
                s.vm = VmStatus::starting();
            }
            Action::Crashed(message) => {
                s.playing = false;
                if s.run == RunStatus::Running {
                    s.run = RunStatus::Failed(message.clone());
                }
                s.notice = Some(format!(
                    "The Python VM crashed ({message}). It has been restarted; your code is safe."
                ));
                s.vm = VmStatus::starting();
            }
            Action::VmProgress {
                loaded,
                total,
                full,
            } => {
                s.vm = VmStatus::Loading {
                    loaded,
                    total,
                    full,
                }
            }
            Action::VmReady => s.vm = VmStatus::Ready,
            Action::SetGates(mut gates) => {
                gates.sort_by_key(|g| (g.shown, g.question));
                // A question whose line the learner has already reached is asked at once.
                s.asking = gates.first().copied().filter(|g| g.shown < s.step);
                s.gates = gates;
                if let Some(g) = s.asking {
                    s.gates.retain(|x| *x != g);
                }
            }
            Action::Proceed => {
                s.held_back = false;
                if let Some(gate) = s.asking.take() {
                    s.gates.retain(|g| *g != gate);
                    if gate.step > s.step {
                        s.goto(gate.step);
                    }
                }
            }
            Action::Open(opening) => {
                s = (*Rc::new(s).reduce(Action::Clear)).clone();
                s.opening = opening;
            }
            Action::RecordNow => s.opening.record = true,
            Action::Clear => {
                s.trace = None;
                s.analysis = None;
                s.step = 0;
                s.playing = false;
                s.selected = None;
                s.gates.clear();
                s.asking = None;
                if s.run != RunStatus::Running {
                    s.run = RunStatus::Idle;
                }
            }
            Action::VmFailed(message) => {
                s.notice = Some(format!(
                    "Python could not be loaded: {message}. Press Run to try again."
                ));
                if s.run == RunStatus::Running {
                    s.run = RunStatus::Failed(message.clone());
                }
                s.vm = VmStatus::Failed(message);
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod opening_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixtures;

    fn loaded(name: &str) -> Rc<ReplayState> {
        Rc::new(ReplayState::starting()).reduce(Action::loaded(fixtures::load(name)))
    }

    fn apply(state: Rc<ReplayState>, actions: &[Action]) -> Rc<ReplayState> {
        actions.iter().cloned().fold(state, |s, a| s.reduce(a))
    }

    fn gated(at: &[usize]) -> Rc<ReplayState> {
        let gates = at
            .iter()
            .enumerate()
            .map(|(question, &step)| Gate {
                shown: step.saturating_sub(1),
                step,
                question,
            })
            .collect();
        loaded("cycle").reduce(Action::SetGates(gates))
    }

    #[test]
    fn a_question_holds_stepping_just_before_its_step() {
        let s = apply(gated(&[3]), &[Action::Forward, Action::Forward]);
        assert_eq!(s.step, 2);
        assert_eq!(s.asking, None);
        let s = s.reduce(Action::Forward);
        assert_eq!(
            s.step, 2,
            "the step stays hidden until the prediction is made"
        );
        assert_eq!(s.asking.map(|g| g.question), Some(0));
        assert!(
            !s.held_back,
            "nothing to explain until the learner tries to step on"
        );
        let s = s.reduce(Action::Forward);
        assert_eq!(s.step, 2, "forward does nothing while asking");
        assert!(s.held_back, "the card says why the step did not move");
        let s = s.reduce(Action::Proceed);
        assert_eq!((s.step, s.asking, s.held_back), (3, None, false));
        let s = apply(s, &[Action::First, Action::Last]);
        assert_eq!(
            s.step,
            s.last_step(),
            "an answered question is not asked again"
        );
    }

    #[test]
    fn jumps_and_playback_stop_at_the_first_question_on_the_way() {
        let s = gated(&[5, 9]).reduce(Action::Last);
        assert_eq!((s.step, s.asking.map(|g| g.question)), (4, Some(0)));
        let s = s.reduce(Action::Proceed).reduce(Action::Goto(20));
        assert_eq!((s.step, s.asking.map(|g| g.question)), (8, Some(1)));
        let s = gated(&[2]).reduce(Action::TogglePlay);
        let s = apply(s, &[Action::Tick, Action::Tick, Action::Tick]);
        assert_eq!((s.step, s.playing), (1, false));
        assert!(s.asking.is_some());
    }

    #[test]
    fn answering_reveals_the_step_after_the_line_even_past_the_steps_it_calls() {
        let gate = Gate {
            shown: 2,
            step: 6,
            question: 0,
        };
        let s = loaded("cycle").reduce(Action::SetGates(vec![gate]));
        let s = apply(s, &[Action::Forward, Action::Forward, Action::Forward]);
        assert_eq!((s.step, s.asking), (2, Some(gate)));
        let s = s.reduce(Action::Proceed);
        assert_eq!((s.step, s.asking), (6, None));
    }

    #[test]
    fn a_question_whose_line_was_passed_is_asked_at_once_and_new_traces_clear_gates() {
        let at3 = loaded("cycle").reduce(Action::Goto(3));
        let gates = vec![
            Gate {
                shown: 1,
                step: 2,
                question: 0,
            },
            Gate {
                shown: 4,
                step: 5,
                question: 1,
            },
        ];
        let s = at3.reduce(Action::SetGates(gates));
        assert_eq!(s.asking.map(|g| g.question), Some(0));
        let s = s.reduce(Action::Proceed);
        assert_eq!((s.step, s.asking), (3, None));
        let s = s.reduce(Action::loaded(fixtures::load("cycle")));
        assert!(s.gates.is_empty() && s.asking.is_none());
        let s = s.reduce(Action::Clear);
        assert!(s.trace.is_none() && s.step_count() == 0);
    }

    #[test]
    fn loading_starts_at_the_first_step() {
        let s = loaded("cycle");
        assert_eq!(s.step, 0);
        assert_eq!(s.run, RunStatus::Done);
        assert_eq!(s.step_label(), format!("step 1 of {}", s.step_count()));
        assert!(s.analysis.is_some());
    }

    #[test]
    fn stepping_stops_at_both_ends() {
        let s = loaded("cycle");
        let s = apply(s, &[Action::Back]);
        assert_eq!(s.step, 0);
        let s = apply(s, &[Action::Forward, Action::Forward]);
        assert_eq!(s.step, 2);
        let s = apply(s, &[Action::Last, Action::Forward]);
        assert_eq!(s.step, s.last_step());
        let s = apply(s, &[Action::First]);
        assert_eq!(s.step, 0);
    }

    #[test]
    fn goto_clamps_to_the_last_step() {
        let s = apply(loaded("cycle"), &[Action::Goto(10_000)]);
        assert_eq!(s.step, s.last_step());
        let s = apply(s, &[Action::Goto(3)]);
        assert_eq!(s.step, 3);
    }

    #[test]
    fn play_advances_on_ticks_and_stops_at_the_last_step() {
        let s = apply(loaded("cycle"), &[Action::TogglePlay]);
        assert!(s.playing);
        let s = apply(s, &[Action::Tick, Action::Tick]);
        assert_eq!(s.step, 2);
        assert!(s.playing);
        let ticks = vec![Action::Tick; s.step_count() + 5];
        let s = apply(s, &ticks);
        assert_eq!(s.step, s.last_step());
        assert!(!s.playing, "playback stops at the end");
    }

    #[test]
    fn a_tick_while_paused_changes_nothing() {
        let s = loaded("cycle");
        let after = Rc::clone(&s).reduce(Action::Tick);
        assert!(Rc::ptr_eq(&s, &after));
    }

    #[test]
    fn play_at_the_end_starts_over_and_stepping_pauses() {
        let s = apply(loaded("cycle"), &[Action::Last, Action::TogglePlay]);
        assert!(s.playing);
        assert_eq!(s.step, 0);
        let s = apply(s, &[Action::Forward]);
        assert!(!s.playing);
    }

    #[test]
    fn play_does_nothing_without_steps() {
        let s = apply(loaded("syntax_error"), &[Action::TogglePlay]);
        assert!(!s.playing);
        assert_eq!(s.step_label(), "step 0 of 0");
        let s = apply(s, &[Action::Forward, Action::Last, Action::Goto(4)]);
        assert_eq!(s.step, 0);
    }

    #[test]
    fn loading_a_new_trace_resets_step_selection_and_playback() {
        let s = apply(
            loaded("context_managers"),
            &[
                Action::Goto(40),
                Action::Select(Some(3)),
                Action::TogglePlay,
            ],
        );
        assert_eq!(s.step, 40);
        let s = apply(s, &[Action::loaded(fixtures::load("cycle"))]);
        assert_eq!((s.step, s.playing, s.selected), (0, false, None));
    }

    #[test]
    fn run_lifecycle() {
        let s = Rc::new(ReplayState::starting());
        assert!(!s.can_run(), "not before the VM is ready");
        let s = apply(
            s,
            &[
                Action::VmProgress {
                    loaded: 1.0,
                    total: 2.0,
                    full: false,
                },
                Action::VmReady,
            ],
        );
        assert!(s.can_run());
        let s = apply(s, &[Action::RunStarted]);
        assert!(!s.can_run());
        assert_eq!(s.run, RunStatus::Running);
        let s = apply(s, &[Action::Stopped]);
        assert_eq!(s.run, RunStatus::Stopped);
        assert_eq!(s.vm, VmStatus::starting());
        assert!(s.notice.as_deref().unwrap().starts_with("Stopped"));
        // Pressing Stop again while Python restarts still says it was stopped.
        let s = apply(s, &[Action::Stopped]);
        assert!(s.notice.as_deref().unwrap().starts_with("Stopped"));
        let s = apply(
            s,
            &[
                Action::VmReady,
                Action::RunStarted,
                Action::Crashed("boom".into()),
            ],
        );
        assert!(matches!(s.run, RunStatus::Failed(_)));
        assert!(s.notice.as_deref().unwrap().contains("your code is safe"));
        let s = apply(
            s,
            &[
                Action::VmReady,
                Action::RunStarted,
                Action::RunFailed("bad".into()),
            ],
        );
        assert_eq!(s.run, RunStatus::Failed("bad".into()));
        let s = apply(s, &[Action::VmFailed("404".into())]);
        assert!(s.can_run(), "Run retries a failed load");
        assert!(s.notice.as_deref().unwrap().contains("404"));
    }

    #[test]
    fn speeds_round_trip_through_their_keys() {
        for speed in Speed::ALL {
            assert_eq!(Speed::from_key(speed.key()), Some(speed));
        }
        let s = apply(loaded("cycle"), &[Action::SetSpeed(Speed::Fast)]);
        assert_eq!(s.speed, Speed::Fast);
    }
}
