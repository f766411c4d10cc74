//! The interpreter's exit in words: what each stage after the program's last line does
//! (CPython 3.13's `Py_FinalizeEx`, as `tests/exit/SPEC.md` records it), for the
//! narration, the timeline and the banner over the exit's steps.

use refscope_trace::{Event, ExitStage, Trace};

/// The banner over every step of the exit.
pub const BANNER: &str = "Interpreter exit: the program has ended and Python is shutting down";

/// The stage that began at `step`, if an exit stage did.
pub fn stage_at(trace: &Trace, step: usize) -> Option<ExitStage> {
    trace.steps.get(step)?.events.iter().find_map(|e| match e {
        Event::Exit { stage, .. } => Some(*stage),
        _ => None,
    })
}

/// What the stage does, said when it begins.
pub fn stage_sentence(stage: ExitStage) -> &'static str {
    match stage {
        ExitStage::Begin => {
            "The program has ended, but Python has not: before the process exits it \
             runs the atexit handlers, collects garbage and releases the module's names, \
             and that can run your code again (__del__, finally blocks, callbacks)."
        }
        ExitStage::Atexit => {
            "Python runs the functions registered with atexit, the last registered first."
        }
        ExitStage::Collection => {
            "gc is enabled, so Python runs one full collection while the module's names \
             still exist: cycle garbage is finalized and freed now."
        }
        ExitStage::Globals => {
            "Python releases the module's names. What only they kept alive is finalized \
             (__del__, a generator's finally, a file's close) in the collector's order, \
             then freed."
        }
        ExitStage::End => "The interpreter has finished exiting.",
    }
}

/// The short label on the timeline.
pub fn stage_label(stage: ExitStage) -> &'static str {
    match stage {
        ExitStage::Begin => "exit begins",
        ExitStage::Atexit => "atexit handlers",
        ExitStage::Collection => "exit collection",
        ExitStage::Globals => "names released",
        ExitStage::End => "exited",
    }
}

/// The headline of the step after an exit stage's step: what that stage did.
pub fn after_sentence(stage: ExitStage) -> String {
    match stage {
        ExitStage::Begin => "The program's last line has run.",
        ExitStage::Atexit => "Interpreter exit: the atexit handlers run.",
        ExitStage::Collection => "Interpreter exit: the exit collection runs.",
        ExitStage::Globals => "Interpreter exit: the module's names are being released.",
        ExitStage::End => "The interpreter has exited.",
    }
    .to_owned()
}

/// The "Next" line at an exit stage's step.
pub fn next_sentence(stage: ExitStage) -> Option<String> {
    let text = match stage {
        ExitStage::Begin => "Next: the interpreter's exit.",
        ExitStage::Atexit => "Next: the first atexit handler.",
        ExitStage::Collection => "Next: the collector finalizes the garbage it found.",
        ExitStage::Globals => "Next: the module's names go, one by one.",
        ExitStage::End => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    //! Against `tests/fixtures/traces/exit.json`: an atexit handler, a garbage cycle of
    //! two objects with `__del__`, and a third kept by a name. CPython 3.13 prints
    //! `last line`, `atexit handler`, `__del__ a`, `__del__ b`, `__del__ kept by a name`
    //! (checked by hand with pyenv's 3.13.0).

    use super::*;
    use crate::model::diff::StepDiff;
    use crate::model::fixtures::load;
    use crate::model::narration::narrate;

    fn stages(trace: &Trace) -> Vec<(usize, ExitStage)> {
        (0..trace.steps.len())
            .filter_map(|i| stage_at(trace, i).map(|s| (i, s)))
            .collect()
    }

    #[test]
    fn the_exit_is_told_stage_by_stage_under_its_banner() {
        let t = load("exit");
        let got: Vec<ExitStage> = stages(&t).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            got,
            [
                ExitStage::Begin,
                ExitStage::Atexit,
                ExitStage::Collection,
                ExitStage::Globals,
                ExitStage::End
            ]
        );
        let start = t.exit_start.expect("the exit has steps") as usize;
        assert_eq!(
            stages(&t)[0].0,
            start,
            "the exit starts with its Begin stage"
        );
        // Before the exit: no banner, the output of the run only.
        let before = narrate(&t, start - 1, &StepDiff::at(&t, start - 1));
        assert_eq!(before.banner, None);
        assert_eq!(t.stdout_at(start), "last line\n");
        // Every exit step carries the banner; each stage says what it does.
        for (i, stage) in stages(&t) {
            let n = narrate(&t, i, &StepDiff::at(&t, i));
            assert_eq!(n.banner.as_deref(), Some(BANNER), "step {i}");
            assert!(
                n.details.iter().any(|d| d == stage_sentence(stage)),
                "{n:?}"
            );
        }
        assert_eq!(
            t.stdout,
            "last line\natexit handler\n__del__ a\n__del__ b\n__del__ kept by a name\n"
        );
        // The collection stage's output comes before the names are released.
        let (globals, _) = stages(&t)[3];
        assert_eq!(
            t.stdout_at(globals),
            "last line\natexit handler\n__del__ a\n__del__ b\n"
        );
    }

    #[test]
    fn the_exit_collection_is_named_on_the_timeline() {
        let t = load("exit");
        let labels: Vec<String> = t
            .events()
            .map(|(_, e)| crate::model::timeline::label(e).1)
            .filter(|l| l.starts_with("exit") || l.contains("atexit") || l == "exited")
            .collect();
        assert!(labels.contains(&"exit begins".to_owned()), "{labels:?}");
        assert!(labels.contains(&"atexit handlers".to_owned()), "{labels:?}");
        assert!(labels.iter().any(|l| l == "exit gc freed 2"), "{labels:?}");
    }
}
