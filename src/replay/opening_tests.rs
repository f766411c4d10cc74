//! The opening flow as reducer transitions (issue 20): what `App` once sequenced with
//! effects, driven here without a browser.

use std::rc::Rc;

use yew::Reducible;

use super::{Action, Opening, ReplayState, RunStatus, Speed, VmStatus};
use crate::model::fixtures;

fn apply(s: Rc<ReplayState>, actions: Vec<Action>) -> Rc<ReplayState> {
    actions.into_iter().fold(s, |s, a| s.reduce(a))
}

#[test]
fn a_link_records_when_python_is_ready_then_shows_its_step_at_its_speed_and_plays() {
    let opening = Opening {
        record: true,
        step: Some(3),
        speed: Some(Speed::Fast),
        autoplay: true,
    };
    let s = apply(
        Rc::new(ReplayState::starting()),
        vec![Action::Open(opening)],
    );
    assert!(!s.wants_recording(), "Python is still loading");
    let s = s.reduce(Action::VmReady);
    assert!(s.wants_recording(), "ready: record now");
    let s = s.reduce(Action::RunStarted);
    assert!(!s.wants_recording(), "recording: not twice");
    let s = s.reduce(Action::loaded(fixtures::load("cycle")));
    assert_eq!((s.step, s.speed, s.playing), (3, Speed::Fast, true));
    assert_eq!(s.opening, Opening::default(), "done with the opening");
    // The learner runs again: a fresh trace starts at its first step, not playing.
    let s = apply(
        s,
        vec![Action::RunStarted, Action::loaded(fixtures::load("cycle"))],
    );
    assert_eq!((s.step, s.playing), (0, false));
}

#[test]
fn the_scratch_pad_waits_for_run_and_a_try_records_at_once_keeping_the_screen() {
    let s = apply(
        Rc::new(ReplayState::starting()),
        vec![Action::VmReady, Action::Open(Opening::default())],
    );
    assert!(!s.wants_recording(), "the scratch pad waits for Run");
    let s = apply(
        s,
        vec![Action::RunStarted, Action::loaded(fixtures::load("cycle"))],
    );
    let s = s.reduce(Action::RecordNow);
    assert!(s.wants_recording(), "a try records at once");
    assert!(
        s.trace.is_some(),
        "and the old trace stays until the new one arrives"
    );
    assert_eq!(s.run, RunStatus::Done);
}

#[test]
fn opening_clears_the_screen_and_a_failed_vm_records_once_it_is_back() {
    let s = apply(
        Rc::new(ReplayState::starting()),
        vec![Action::VmReady, Action::loaded(fixtures::load("cycle"))],
    );
    let s = s.reduce(Action::Open(Opening {
        record: true,
        ..Opening::default()
    }));
    assert!(s.trace.is_none(), "the previous page's trace is gone");
    let s = s.reduce(Action::VmFailed("no network".into()));
    assert!(!s.wants_recording());
    assert!(matches!(s.vm, VmStatus::Failed(_)));
    let s = s.reduce(Action::VmReady);
    assert!(
        s.wants_recording(),
        "Python is back: the page's code is recorded"
    );
}
