//! Cutting a differing program down to the smallest one that still differs the same way:
//! statements (with their bodies) are removed while CPython still runs the program to
//! the same end and the engine still differs from it in the same kind of way.
//!
//! Works on any program's text, not only generated ones: a block is a statement with
//! its indented body (a decorator with what it decorates, a `try` with its clauses).

use std::collections::BTreeMap;

use crate::cpython;
use crate::run::judge;
use crate::verdict::{Kind, Verdict};

/// The line ranges of the statements at every depth, outermost and longest first.
fn blocks(lines: &[String]) -> Vec<(usize, usize)> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let clause = |l: &str| {
        let t = l.trim_start();
        ["else:", "elif ", "except", "finally:"]
            .iter()
            .any(|c| t.starts_with(c))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blank(&lines[i]) || clause(&lines[i]) {
            i += 1;
            continue;
        }
        let k = indent(&lines[i]);
        let mut j = i + 1;
        // A decorator belongs to what it decorates.
        while lines[i..j]
            .last()
            .is_some_and(|l| l.trim_start().starts_with('@'))
            && j < lines.len()
        {
            j += 1;
        }
        while j < lines.len()
            && (blank(&lines[j])
                || indent(&lines[j]) > k
                || (indent(&lines[j]) == k && clause(&lines[j])))
        {
            j += 1;
        }
        out.push((i, j));
        i += 1;
    }
    out.sort_by_key(|&(s, e)| (indent(&lines[s]), std::cmp::Reverse(e - s), s));
    out
}

/// `lines` without `start..end`, with `pass` where that leaves a body empty.
fn without(lines: &[String], (start, end): (usize, usize)) -> Vec<String> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let k = indent(&lines[start]);
    let opens = lines[..start]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end().ends_with(':') && indent(l) < k);
    let closes = lines[end..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_none_or(|l| indent(l) < k);
    let mut out: Vec<String> = lines[..start].to_vec();
    if opens && closes {
        out.push(format!("{}pass", " ".repeat(k)));
    }
    out.extend_from_slice(&lines[end..]);
    out
}

/// The kind a shrink keeps: the first the original shows.
pub fn target(v: &Verdict) -> Option<Kind> {
    v.kinds().first().copied()
}

/// Shrinks `source`, whose verdict shows `kind`, trying at most `budget` candidates.
/// `uncaught`: the type of the exception CPython ended the original with ("none").
pub fn shrink(source: &str, kind: Kind, uncaught: &str, budget: usize) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let mut tried = 0;
    loop {
        let mut changed = false;
        let mut k = 0;
        while k < blocks(&lines).len() && tried < budget {
            let candidate = without(&lines, blocks(&lines)[k]);
            tried += 1;
            if still_differs(&candidate.join("\n"), kind, uncaught) {
                lines = candidate;
                changed = true;
            } else {
                k += 1;
            }
        }
        if !changed || tried >= budget {
            break;
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn still_differs(source: &str, kind: Kind, uncaught: &str) -> bool {
    let programs = [("candidate".to_owned(), format!("{source}\n"))];
    let Ok((recs, _)) = cpython::record(&programs, 1) else {
        return false;
    };
    let Some(rec) = recs.get("candidate") else {
        return false;
    };
    let ends = rec["uncaught"]["type"].as_str().unwrap_or("none");
    if ends != uncaught {
        return false;
    }
    let recs: BTreeMap<String, serde_json::Value> = [("candidate".to_owned(), rec.clone())].into();
    let judged = judge(&programs, &recs, 1);
    (judged.first())
        .and_then(|j| j.verdict.as_ref())
        .is_some_and(|v| v.kinds().contains(&kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_block_is_a_statement_with_its_body_and_clauses() {
        let l = lines("import gc\n@deco\ndef f():\n    x = 1\n    return x\ntry:\n    f()\nexcept E:\n    pass\nprint(1)");
        let b = blocks(&l);
        assert!(b.contains(&(1, 5)), "{b:?}");
        assert!(b.contains(&(5, 9)), "{b:?}");
        assert!(b.contains(&(3, 4)), "{b:?}");
        assert_eq!(b[0], (1, 5), "outermost and longest first: {b:?}");
    }

    #[test]
    fn removing_a_whole_body_leaves_pass() {
        let l = lines("def f():\n    x = 1\nprint(2)");
        assert_eq!(without(&l, (1, 2)), lines("def f():\n    pass\nprint(2)"));
        assert_eq!(without(&l, (0, 2)), lines("print(2)"));
    }
}
