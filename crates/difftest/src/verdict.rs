//! One program's verdict: everything the comparison found between the engine's trace
//! and CPython's recording, by kind.

use refscope_trace::{Outcome, Trace};
use serde_json::Value as Json;

use crate::compare::{self, RefcountMiss, SizeMiss};

/// The kinds of difference, in the order a report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// What the program printed (its printed numbers among it).
    Stdout,
    /// The uncaught exception's type or message.
    Uncaught,
    /// The functions called, in order.
    Calls,
    /// The step sequence (so refcounts compare only up to where it diverges).
    Steps,
    Refcounts,
    /// The size on a box.
    Sizes,
    Lifetimes,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Stdout => "stdout",
            Kind::Uncaught => "uncaught exception",
            Kind::Calls => "call order",
            Kind::Steps => "step sequence",
            Kind::Refcounts => "refcounts",
            Kind::Sizes => "box sizes",
            Kind::Lifetimes => "lifetimes",
        }
    }
}

/// The comparison of one program.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// (CPython, engine) output, when they differ.
    pub stdout: Option<(String, String)>,
    pub uncaught: Option<(String, String)>,
    pub calls: Option<(Vec<String>, Vec<String>)>,
    /// The first step where the sequences differ, with both sides' (event, function,
    /// line) there and their lengths.
    pub steps: Option<(usize, String, String)>,
    pub points: usize,
    pub refcounts: Vec<RefcountMiss>,
    pub sizes_compared: usize,
    pub sizes: Vec<SizeMiss>,
    pub lifetimes_compared: usize,
    pub lifetimes: Vec<String>,
}

impl Verdict {
    /// Compares a trace with its recording.
    pub fn new(trace: &Trace, rec: &Json) -> Verdict {
        let mut v = Verdict::default();
        // The recorder stops at the program's end: what the exit prints is checked
        // against tests/exit's recordings instead.
        let want = rec["stdout"].as_str().unwrap_or_default();
        if want != trace.run_stdout() {
            v.stdout = Some((want.to_owned(), trace.run_stdout().to_owned()));
        }
        let (want, got) = (uncaught_of_recording(rec), uncaught_of_trace(trace));
        // A message the recorder left out (the program's own `__str__` would have run)
        // compares by type alone.
        let same = match &want {
            (t, None) => *t == got.0,
            _ => want == got,
        };
        if !same {
            let show = |(t, m): &(String, Option<String>)| match m {
                Some(m) => format!("{t}: {m}"),
                None => t.clone(),
            };
            v.uncaught = Some((show(&want), show(&got)));
        }
        let (want, got) = (compare::cpython_calls(rec), compare::engine_calls(trace));
        if want != got {
            v.calls = Some((want, got));
        }
        let (want, got) = (compare::cpython_events(rec), compare::engine_events(trace));
        if let Some(at) = compare::first_divergence(&want, &got) {
            let show = |e: &[(String, String, u64)]| {
                e.get(at)
                    .map_or(format!("end after {} steps", e.len()), |(ev, f, l)| {
                        format!("{ev} {f} line {l} (of {} steps)", e.len())
                    })
            };
            v.steps = Some((at, show(&want), show(&got)));
        }
        let points = compare::compare_points(trace, rec);
        v.points = points.compared;
        v.refcounts = points.refcounts;
        v.sizes_compared = points.sizes_compared;
        v.sizes = points.sizes;
        if v.steps.is_none() {
            let (problems, matched) = compare::compare_lifetimes(trace, rec);
            v.lifetimes_compared = matched;
            v.lifetimes = problems.into_iter().map(|m| m.message).collect();
        }
        v
    }

    /// The kinds of difference found.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut out = Vec::new();
        if self.stdout.is_some() {
            out.push(Kind::Stdout);
        }
        if self.uncaught.is_some() {
            out.push(Kind::Uncaught);
        }
        if self.calls.is_some() {
            out.push(Kind::Calls);
        }
        if self.steps.is_some() {
            out.push(Kind::Steps);
        }
        if !self.refcounts.is_empty() {
            out.push(Kind::Refcounts);
        }
        if !self.sizes.is_empty() {
            out.push(Kind::Sizes);
        }
        if !self.lifetimes.is_empty() {
            out.push(Kind::Lifetimes);
        }
        out
    }

    /// Whether the output, the uncaught exception and the calls agree: what the issue
    /// calls "stdout, call order and printed numbers".
    pub fn output_agrees(&self) -> bool {
        self.stdout.is_none() && self.uncaught.is_none() && self.calls.is_none()
    }

    /// Whether nothing differs.
    pub fn agrees(&self) -> bool {
        self.kinds().is_empty()
    }

    /// The differences in words, CPython's value beside refscope's.
    pub fn report(&self) -> String {
        let mut out = String::new();
        if let Some((want, got)) = &self.stdout {
            out.push_str("## stdout (line by line: cpython | refscope)\n");
            let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
            for i in 0..w.len().max(g.len()) {
                let (a, b) = (w.get(i).copied(), g.get(i).copied());
                let mark = if a == b { "  " } else { "!=" };
                out.push_str(&format!(
                    "{mark} {:<40} | {}\n",
                    a.unwrap_or("<none>"),
                    b.unwrap_or("<none>")
                ));
            }
        }
        if let Some((want, got)) = &self.uncaught {
            out.push_str(&format!("## uncaught\ncpython: {want}\nrefscope: {got}\n"));
        }
        if let Some((want, got)) = &self.calls {
            out.push_str(&format!(
                "## calls\ncpython:  {}\nrefscope: {}\n",
                want.join(" "),
                got.join(" ")
            ));
        }
        if let Some((at, want, got)) = &self.steps {
            out.push_str(&format!(
                "## steps differ at step {at}\ncpython:  {want}\nrefscope: {got}\n"
            ));
        }
        if !self.refcounts.is_empty() {
            out.push_str(&format!(
                "## refcounts: {} of {} points differ\n",
                self.refcounts.len(),
                self.points
            ));
            for m in &self.refcounts {
                out.push_str(&format!("{m}\n"));
            }
        }
        if !self.sizes.is_empty() {
            out.push_str(&format!(
                "## box sizes: {} of {} differ\n",
                self.sizes.len(),
                self.sizes_compared
            ));
            for m in &self.sizes {
                out.push_str(&format!("{m}\n"));
            }
        }
        if !self.lifetimes.is_empty() {
            out.push_str("## lifetimes\n");
            for m in &self.lifetimes {
                out.push_str(&format!("{m}\n"));
            }
        }
        out
    }
}

/// The recording's uncaught exception: type and message ("none" if there was none).
fn uncaught_of_recording(rec: &Json) -> (String, Option<String>) {
    match rec["uncaught"].as_object() {
        None => ("none".into(), Some(String::new())),
        Some(u) => (
            u.get("type")
                .and_then(Json::as_str)
                .unwrap_or("?")
                .to_owned(),
            u.get("message").and_then(Json::as_str).map(str::to_owned),
        ),
    }
}

fn uncaught_of_trace(trace: &Trace) -> (String, Option<String>) {
    let (t, m) = match &trace.outcome {
        Outcome::Completed => ("none".into(), String::new()),
        Outcome::UncaughtException {
            exc_type, message, ..
        } => (exc_type.clone(), message.clone()),
        Outcome::SyntaxError {
            exc_type, message, ..
        } => (exc_type.clone(), message.clone()),
        Outcome::StepLimit { max_steps } => ("step limit".into(), max_steps.to_string()),
        Outcome::Crash { message } => ("crash".into(), message.clone()),
    };
    (t, Some(m))
}
