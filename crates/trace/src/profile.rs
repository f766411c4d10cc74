//! The line-by-line memory report, memory_profiler's `@profile` table computed from a
//! recorded run: for each line of the program (or of one function), the modelled bytes of
//! the learner's live objects after it last ran, the bytes it added over all its runs, and
//! how many times it ran. Shared by `refscope profile` and the page's "Line by line" view.
//!
//! A line's effect is measured in its own frame: from the step where it is about to run
//! to the next step back in that frame (or the frame's end), so a call's allocations count
//! for the line that made the call, as memory_profiler counts them.

use std::fmt;

use crate::{Refcount, StepEvent, Trace};

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRow {
    /// The 1-based source line.
    pub line: u32,
    /// The line's source text, as written.
    pub text: String,
    /// Bytes of the live objects after the line last ran; `None` if it never ran.
    pub mem: Option<u64>,
    /// Bytes the line added, summed over its runs (negative: it freed more).
    pub increment: i64,
    /// How many times the line ran.
    pub occurrences: u32,
    /// The step that shows the effect of the line's last run that added memory (the
    /// first step after it ran), for a link to it.
    pub last_growth: Option<usize>,
}

/// The report for the whole program or one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// `None` for the whole program (the module's own lines).
    pub function: Option<String>,
    /// Every source line of the program or the function, in order.
    pub rows: Vec<ProfileRow>,
}

/// Bytes of the live objects at each step (sizes the model cannot give count as 0).
/// Immortal objects do not count: CPython made them before the program ran and never
/// frees them (a name's string is one), so no line allocated them.
pub fn bytes_per_step(trace: &Trace) -> Vec<u64> {
    let sizes: Vec<u64> = trace
        .objects
        .iter()
        .map(|o| match o.refcount {
            Refcount::Immortal => 0,
            _ => o.size.bytes().unwrap_or(0),
        })
        .collect();
    let mut out = Vec::with_capacity(trace.steps.len());
    let mut walk = trace.heaps();
    while let Some(h) = walk.next_step() {
        out.push(h.heap.iter().map(|&i| sizes[i as usize]).sum());
    }
    out
}

/// The functions that ran a line, in order of first run: the choices besides the whole
/// program.
pub fn profiled_functions(trace: &Trace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, step) in trace.steps.iter().enumerate() {
        let f = trace.function_at(i);
        if step.event == StepEvent::Line
            && f != "<module>"
            && !out.iter().any(|o| o == f)
            && line_range(&trace.source, Some(f)).is_some()
        {
            out.push(f.to_owned());
        }
    }
    out
}

/// The source lines of `function`'s body (its `def` line and the indented block after
/// it), or of the whole program for `None`; `None` when there is no such `def`.
fn line_range(source: &str, function: Option<&str>) -> Option<(u32, u32)> {
    let lines: Vec<&str> = source.lines().collect();
    let Some(name) = function else {
        return Some((1, lines.len() as u32));
    };
    let head = format!("def {name}(");
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&head))?;
    let indent = lines[start].len() - lines[start].trim_start().len();
    let mut end = start;
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        if l.trim().is_empty() {
            continue;
        }
        if l.len() - l.trim_start().len() <= indent {
            break;
        }
        end = i;
    }
    Some((start as u32 + 1, end as u32 + 1))
}

/// The table for the module's lines (`None`) or for `function`'s. An error names a
/// function that never ran or is not in the program.
pub fn line_profile(trace: &Trace, function: Option<&str>) -> Result<Profile, String> {
    let target = function.unwrap_or("<module>");
    let (first, last) = line_range(&trace.source, function)
        .ok_or_else(|| format!("there is no `def {target}(...)` in the program"))?;
    let bytes = bytes_per_step(trace);
    let mut rows: Vec<ProfileRow> = trace
        .source
        .lines()
        .enumerate()
        .map(|(i, text)| (i as u32 + 1, text))
        .filter(|(n, _)| (first..=last).contains(n))
        .map(|(line, text)| ProfileRow {
            line,
            text: text.to_owned(),
            mem: None,
            increment: 0,
            occurrences: 0,
            last_growth: None,
        })
        .collect();
    let mut ran = false;
    for (i, step) in trace.steps.iter().enumerate() {
        if step.event != StepEvent::Line || trace.function_at(i) != target {
            continue;
        }
        // The next step back in this frame, or where it ended (read from the steps' own
        // stacks: building each step's stack would cost a walk per step).
        let top = |j: usize| {
            let stack = &trace.steps[j].stack;
            let id = stack.last().map(|e| trace.frames[e.frame as usize].id);
            (stack.len(), id)
        };
        let (depth, frame) = top(i);
        let after = (i + 1..trace.steps.len())
            .find(|&j| {
                let (d, id) = top(j);
                d < depth || (d == depth && id == frame)
            })
            .unwrap_or(trace.steps.len() - 1);
        let Some(row) = rows.iter_mut().find(|r| r.line == step.line) else {
            continue;
        };
        ran = true;
        let added = bytes[after] as i64 - bytes[i] as i64;
        row.mem = Some(bytes[after]);
        row.increment += added;
        row.occurrences += 1;
        if added > 0 {
            row.last_growth = Some(after);
        }
    }
    if !ran {
        return Err(format!("{target}() never ran a line"));
    }
    Ok(Profile {
        function: function.map(str::to_owned),
        rows,
    })
}

impl fmt::Display for Profile {
    /// memory_profiler's layout, in bytes: the modelled sizes of the program's own objects
    /// (CPython 3.13's `sys.getsizeof`), not the process's memory.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Line #    Mem usage    Increment  Occurrences   Line Contents"
        )?;
        writeln!(f, "{}", "=".repeat(61))?;
        for r in &self.rows {
            match r.mem {
                Some(mem) => writeln!(
                    f,
                    "{:>6} {:>10} B {:>+10} B {:>12}   {}",
                    r.line, mem, r.increment, r.occurrences, r.text
                )?,
                None => writeln!(f, "{:>6} {:>38}   {}", r.line, "", r.text)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_its_def_line_and_indented_block() {
        let src = "x = 1\ndef f(a):\n    b = [a]\n\n    return b\ny = f(2)\n";
        assert_eq!(line_range(src, Some("f")), Some((2, 5)));
        assert_eq!(line_range(src, None), Some((1, 6)));
        assert_eq!(line_range(src, Some("g")), None);
    }

    #[test]
    fn the_table_is_laid_out_as_memory_profilers() {
        let p = Profile {
            function: None,
            rows: vec![
                ProfileRow {
                    line: 1,
                    text: "a = [1, 2]".into(),
                    mem: Some(72),
                    increment: 72,
                    occurrences: 1,
                    last_growth: Some(1),
                },
                ProfileRow {
                    line: 2,
                    text: "# note".into(),
                    mem: None,
                    increment: 0,
                    occurrences: 0,
                    last_growth: None,
                },
            ],
        };
        let want = "Line #    Mem usage    Increment  Occurrences   Line Contents\n\
                    =============================================================\n\
                    \x20    1         72 B        +72 B            1   a = [1, 2]\n\
                    \x20    2                                          # note\n";
        assert_eq!(p.to_string(), want);
    }
}
