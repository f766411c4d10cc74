//! The `refscope` command line: `refscope trace FILE.py [--max-steps N] [--json]`, and
//! `refscope profile FILE.py [--function NAME] [--max-steps N]`, memory_profiler's
//! line-by-line table over the recorded run.
//!
//! Exit code 0 whenever a trace was produced (an uncaught exception in the learner's code
//! is a trace too); 2 for unusable arguments or an unreadable file.

use std::process::ExitCode;

use refscope_engine::capalloc::CappedAlloc;
use refscope_engine::{record, Options, MAX_STEPS_CEILING};
use refscope_trace::{Outcome, Refcount, Trace, Value};

// 2 GiB of live heap: enough for any lesson, and `[0] * 10**9` becomes a MemoryError.
#[global_allocator]
static ALLOC: CappedAlloc = CappedAlloc::new(2 << 30);

const USAGE: &str = "usage: refscope trace FILE.py [--max-steps N] [--json]\n       \
                     refscope profile FILE.py [--function NAME] [--max-steps N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("refscope: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut it = args.iter();
    let profile = match it.next().map(String::as_str) {
        Some("trace") => false,
        Some("profile") => true,
        Some(other) => return Err(format!("unknown command '{other}'")),
        None => return Err("missing command".into()),
    };
    let mut file = None;
    let mut json = false;
    let mut function = None;
    let mut options = Options::default();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" if !profile => json = true,
            "--function" if profile => {
                function = Some(it.next().ok_or("--function needs a name")?.clone());
            }
            "--max-steps" => {
                let n = it.next().ok_or("--max-steps needs a number")?;
                let n: u32 = n
                    .parse()
                    .map_err(|_| format!("--max-steps: '{n}' is not a whole number"))?;
                if n == 0 || n > MAX_STEPS_CEILING {
                    return Err(format!(
                        "--max-steps must be between 1 and {MAX_STEPS_CEILING}"
                    ));
                }
                options.max_steps = n;
            }
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            s if file.is_none() => file = Some(s.to_owned()),
            s => return Err(format!("unexpected argument '{s}'")),
        }
    }
    let file = file.ok_or("missing FILE.py")?;
    let source =
        std::fs::read_to_string(&file).map_err(|e| format!("cannot read '{file}': {e}"))?;
    let trace = record(&source, &options);
    if profile {
        let table = refscope_trace::profile::line_profile(&trace, function.as_deref())?;
        print!("Filename: {file}\n\n{table}\n{PROFILE_NOTE}\n");
        if let Some(end) = ending(&trace) {
            println!("{end}");
        }
        return Ok(());
    }
    if json {
        let out = serde_json::to_string(&trace).map_err(|e| e.to_string())?;
        println!("{out}");
    } else {
        print!("{}", listing(&trace));
    }
    Ok(())
}

/// What the profile's figures are, and what memory_profiler's would include besides.
const PROFILE_NOTE: &str = "Mem usage: bytes of your program's objects alive after the \
line last ran, as CPython 3.13's sys.getsizeof gives them (classes and modules left out); \
Increment: what the line added over all its runs. memory_profiler measures the whole process instead (the interpreter, \
its modules, allocator overhead): its figures are megabytes where these are bytes.";

/// How the run ended, when it did not simply finish.
fn ending(trace: &Trace) -> Option<String> {
    match &trace.outcome {
        Outcome::Completed => None,
        Outcome::UncaughtException {
            exc_type, message, ..
        } => Some(format!("The run stopped early: {exc_type}: {message}")),
        other => Some(format!("The run did not finish: {other:?}")),
    }
}

/// A readable step listing.
fn listing(trace: &Trace) -> String {
    let mut out = String::new();
    let mut printed = 0;
    for (i, step) in trace.steps.iter().enumerate() {
        let stack = trace.stack(i);
        let indent = "  ".repeat(stack.len().saturating_sub(1));
        out.push_str(&format!(
            "{:>5} {indent}{:<9} {}:{}\n",
            i + 1,
            format!("{:?}", step.event).to_lowercase(),
            trace.function_at(i),
            step.line
        ));
        if let Some(frame) = stack.last() {
            for l in &frame.locals {
                out.push_str(&format!(
                    "      {indent}  {} = {}\n",
                    l.name,
                    show(trace, i, &l.value)
                ));
            }
        }
        for e in &step.events {
            out.push_str(&format!(
                "      {indent}  ! {}\n",
                serde_json::to_string(e).unwrap_or_default()
            ));
        }
        let so_far = trace.stdout_at(i);
        if so_far.len() > printed {
            for line in so_far[printed..].lines() {
                out.push_str(&format!("      {indent}  > {line}\n"));
            }
            printed = so_far.len();
        }
    }
    out.push_str(&format!("outcome: {}\n", outcome_text(&trace.outcome)));
    out
}

fn show(trace: &Trace, step: usize, v: &Value) -> String {
    match v {
        Value::Inline { repr, .. } => repr.clone(),
        Value::Ref { id } => match trace.object_at(step, *id) {
            Some(o) => {
                let rc = match o.refcount {
                    Refcount::Counted { count } => format!("refs={count}"),
                    Refcount::Immortal => "immortal".into(),
                    Refcount::Approximate { count } => format!("refs~{count}"),
                };
                format!("#{id} {} {} ({rc})", o.type_name, o.summary)
            }
            None => format!("#{id}"),
        },
    }
}

fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Completed => "completed".into(),
        Outcome::UncaughtException {
            exc_type, message, ..
        } => format!("uncaught {exc_type}: {message}"),
        Outcome::SyntaxError {
            line,
            column,
            message,
            exc_type,
        } => format!("{exc_type} at line {line}, column {column}: {message}"),
        Outcome::StepLimit { max_steps } => format!("step limit of {max_steps} reached"),
        Outcome::Crash { message } => format!("crash: {message}"),
    }
}
