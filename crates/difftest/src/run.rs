//! A batch of programs through the engine, judged against their recordings, and the
//! figures the run adds up to.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use refscope_engine::{record, Options};
use serde_json::Value as Json;

use crate::verdict::{Kind, Verdict};

/// One program's result: its verdict, or `None` when CPython left no recording.
pub struct Judged {
    pub name: String,
    pub source: String,
    pub verdict: Option<Verdict>,
}

/// Records each program in the engine (`jobs` at a time) and compares it with its
/// recording.
pub fn judge(
    programs: &[(String, String)],
    recordings: &BTreeMap<String, Json>,
    jobs: usize,
) -> Vec<Judged> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, Judged)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("no panics hold it");
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some((name, source)) = programs.get(i) else {
                    break;
                };
                let verdict = recordings.get(name).map(|rec| {
                    let trace = record(source, &Options::default());
                    Verdict::new(&trace, rec)
                });
                let judged = Judged {
                    name: name.clone(),
                    source: source.clone(),
                    verdict,
                };
                results.lock().expect("no panics hold it").push((i, judged));
            });
        }
    });
    let mut out = results.into_inner().expect("no panics hold it");
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, j)| j).collect()
}

/// What a run adds up to.
#[derive(Default, Debug, Clone)]
pub struct Tally {
    pub programs: usize,
    /// Programs CPython could not record (none, for generated programs).
    pub unrecorded: usize,
    pub output_agree: usize,
    pub steps_agree: usize,
    pub refcounts_agree: usize,
    pub all_agree: usize,
    pub points: usize,
    pub point_misses: usize,
    /// Misses the engine drew "≈".
    pub marked_misses: usize,
    pub sizes: usize,
    pub size_misses: usize,
    /// Size misses the engine drew "≈" or "n/a".
    pub size_marked: usize,
    pub lifetimes: usize,
    pub lifetime_misses: usize,
    /// Programs with each kind of difference.
    pub by_kind: BTreeMap<Kind, usize>,
}

impl Tally {
    pub fn new(judged: &[Judged]) -> Tally {
        let mut t = Tally {
            programs: judged.len(),
            ..Tally::default()
        };
        for j in judged {
            let Some(v) = &j.verdict else {
                t.unrecorded += 1;
                continue;
            };
            t.output_agree += usize::from(v.output_agrees());
            t.steps_agree += usize::from(v.steps.is_none());
            t.refcounts_agree += usize::from(v.refcounts.is_empty());
            t.all_agree += usize::from(v.agrees());
            t.points += v.points;
            t.point_misses += v.refcounts.len();
            t.marked_misses += v.refcounts.iter().filter(|m| m.marked).count();
            t.sizes += v.sizes_compared;
            t.size_misses += v.sizes.len();
            let marked = |m: &&crate::compare::SizeMiss| {
                !matches!(m.engine, refscope_trace::Size::Exact { .. })
            };
            t.size_marked += v.sizes.iter().filter(marked).count();
            t.lifetimes += v.lifetimes_compared;
            t.lifetime_misses += v.lifetimes.len();
            for k in v.kinds() {
                *t.by_kind.entry(k).or_default() += 1;
            }
        }
        t
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.programs - self.unrecorded;
        writeln!(
            f,
            "  stdout, uncaught exception and call order agree: {}/{n} programs ({:.1}%)",
            self.output_agree,
            percent(self.output_agree, n)
        )?;
        writeln!(
            f,
            "  step sequences agree:                            {}/{n} programs ({:.1}%)",
            self.steps_agree,
            percent(self.steps_agree, n)
        )?;
        writeln!(
            f,
            "  refcounts: {} points, {} differ ({:.2}% agree; {} of the misses drawn ≈); \
             {}/{n} programs agree at every point",
            self.points,
            self.point_misses,
            percent(self.points - self.point_misses, self.points),
            self.marked_misses,
            self.refcounts_agree
        )?;
        writeln!(
            f,
            "  box sizes: {} points, {} differ ({:.2}% agree; {} of the misses drawn ≈ or n/a)",
            self.sizes,
            self.size_misses,
            percent(self.sizes - self.size_misses, self.sizes),
            self.size_marked
        )?;
        writeln!(
            f,
            "  lifetimes: {} objects followed, {} differ",
            self.lifetimes, self.lifetime_misses
        )?;
        writeln!(
            f,
            "  everything agrees: {}/{n} programs ({:.1}%)",
            self.all_agree,
            percent(self.all_agree, n)
        )?;
        let kinds: Vec<String> = (self.by_kind.iter())
            .map(|(k, c)| format!("{} {c}", k.name()))
            .collect();
        if !kinds.is_empty() {
            writeln!(f, "  programs differing by kind: {}", kinds.join(", "))?;
        }
        if self.unrecorded > 0 {
            writeln!(f, "  {} programs CPython could not record", self.unrecorded)?;
        }
        Ok(())
    }
}
