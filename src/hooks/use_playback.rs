//! Playback: while playing, an `Interval` dispatches `Tick` at the chosen speed. The effect
//! is keyed on (playing, speed), so pausing or changing speed drops the old timer.

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::replay::{Action, ReplayState, Speed};

/// Ticks the reducer while `playing`.
#[hook]
pub fn use_playback(playing: bool, speed: Speed, dispatch: UseReducerDispatcher<ReplayState>) {
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let interval = playing
            .then(|| Interval::new(speed.interval_ms(), move || dispatch.dispatch(Action::Tick)));
        move || drop(interval)
    });
}
