//! CPython's own answer to the questions whose answer is a lifetime or a protocol fact
//! (`alive`, `freed_by`, `finally_reason`, `exit_gets_exception`), read from the
//! recording alone: its followed deaths, the exception being handled at each line, and
//! the exception type each user-defined `__exit__` received. The engine's trace is only
//! used to place the question (steps and recording events align 1:1 by then).

use refscope_lessons::AnswerSpec;
use refscope_trace::Trace;
use serde_json::Value as Json;

fn events(rec: &Json) -> &[Json] {
    rec["events"].as_array().map_or(&[], Vec::as_slice)
}

/// "yes" if the object bound to `name` at `step` is still alive at step `until`.
pub fn cpython_alive(rec: &Json, step: usize, name: &str, until: usize) -> Result<String, String> {
    let info = &events(rec)[step]["names"][name];
    let Some(key) = info["object"].as_u64() else {
        return Err(format!(
            "cannot check `alive` against CPython: the recording does not follow `{name}` at \
             this step (not bound in the innermost frame, or not weak-referenceable)"
        ));
    };
    let died_before = rec["deaths"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["object"].as_u64() == Some(key))
        .filter_map(|d| d["event"].as_u64())
        .any(|e| e as usize <= until);
    Ok(if died_before { "no" } else { "yes" }.to_owned())
}

/// CPython's answer to a `freed_by`, `finally_reason` or `exit_gets_exception` question
/// asked before `step`.
pub fn cpython_answer(
    spec: &AnswerSpec,
    step: usize,
    trace: &Trace,
    rec: &Json,
    code: &str,
) -> Result<String, String> {
    match spec {
        AnswerSpec::FreedBy => rec["deaths"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["event"].as_u64().is_some_and(|e| e as usize >= step))
            .map(|d| {
                if d["gc"].as_bool() == Some(true) {
                    "gc"
                } else {
                    "refcount"
                }
                .to_owned()
            })
            .ok_or_else(|| "CPython's run frees no followed object after this step".to_owned()),
        AnswerSpec::ExitGetsException => {
            // The n-th `__exit__` call event at or after the step is the n-th `__exit__`
            // in `calls` (both are in call order).
            let evs = events(rec);
            let is_exit = |e: &Json| e["event"] == "call" && e["function"] == "__exit__";
            let Some(at) = (step..evs.len()).find(|&i| is_exit(&evs[i])) else {
                return Err(
                    "cannot check against CPython: no user-defined `__exit__` runs after this \
                     step (built-in managers are not traced)"
                        .to_owned(),
                );
            };
            let nth = evs[..at].iter().filter(|e| is_exit(e)).count();
            let call = rec["calls"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c[0] == "__exit__")
                .nth(nth)
                .ok_or("the recording's calls lack an `__exit__`")?;
            Ok(if call[3].is_string() { "yes" } else { "no" }.to_owned())
        }
        AnswerSpec::FinallyReason => {
            // Where the engine saw the block entered; CPython's own evidence there: an
            // exception being handled, else the statement its frame ran just before.
            let at = trace
                .events()
                .find_map(|(i, e)| match e {
                    refscope_trace::Event::FinallyEntered { .. } if i >= step => Some(i),
                    _ => None,
                })
                .ok_or("the engine enters no `finally` after this step")?;
            let evs = events(rec);
            if evs[at]["handling"].is_string() {
                return Ok("exception".to_owned());
            }
            let (function, depth) = (&evs[at]["function"], &evs[at]["depth"]);
            let before = evs[..at]
                .iter()
                .rev()
                .find(|e| {
                    e["event"] == "line" && e["function"] == *function && e["depth"] == *depth
                })
                .and_then(|e| e["line"].as_u64())
                .ok_or("CPython ran no line in this frame before the `finally`")?;
            let text = code
                .lines()
                .nth(before as usize - 1)
                .unwrap_or("")
                .trim_start();
            let keyword = text
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            Ok(match keyword {
                "return" | "break" | "continue" => keyword,
                _ => "normal",
            }
            .to_owned())
        }
        _ => Err("not a lifetime or protocol question".to_owned()),
    }
}
