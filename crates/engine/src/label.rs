//! Post-run labelling: what is filled in or noted once the whole run is recorded, from
//! the recorded data alone (no VM): context managers paired with their exits, and the
//! differences from CPython the learner must be told about.

use refscope_trace::{ContextEvent, Event, StepEvent};

use crate::trace_data::TraceData;

/// A manager made in the `with` line itself (`with open(...)`) is not in the heap yet
/// when `__enter__` runs; its `exit` knows it. Enters and exits nest, so pair them and
/// give the enter its exit's manager.
pub(crate) fn pair_context_managers(data: &mut TraceData) {
    let mut open: Vec<((usize, usize), &ContextEvent)> = Vec::new();
    let mut fill: Vec<((usize, usize), refscope_trace::ObjId)> = Vec::new();
    for (i, step) in data.steps.iter().enumerate() {
        for (j, e) in step.events.iter().enumerate() {
            let Event::Context(c) = e else { continue };
            if c.phase == "enter" {
                open.push(((i, j), c));
            } else if let Some((at, enter)) = open.pop() {
                // Same manager type and `with` line, or the nesting is off (an enter
                // that raised has no exit) and nothing is filled in.
                let same = enter.manager_type == c.manager_type && enter.line == c.line;
                if let (true, Some(id)) = (same, c.manager) {
                    fill.push((at, id));
                }
            }
        }
    }
    for ((i, j), id) in fill {
        if let Event::Context(c) = &mut data.steps[i].events[j] {
            c.manager.get_or_insert(id);
        }
    }
}

/// Labels, once per trace, what RustPython cannot do as CPython would: some refcounts,
/// and in the browser the recursion limit and 32-bit sizes.
pub(crate) fn label_differences(data: &mut TraceData, recursion_limit: usize) {
    if cfg!(target_arch = "wasm32")
        && data
            .steps
            .iter()
            .flat_map(|s| &s.events)
            .any(|e| matches!(e, Event::Exception(x) if x.exc_type == "RecursionError"))
    {
        data.differences.push(format!(
            "In the browser, Python stops deep recursion at {} calls, because the \
             browser gives it a smaller stack; CPython stops at 1000 (and natively, \
             refscope does too).",
            recursion_limit
        ));
    }
    if cfg!(target_arch = "wasm32")
        && data.steps.iter().flat_map(|s| &s.events).any(|e| {
            matches!(e, Event::Exception(x)
                if x.exc_type == "OverflowError" && x.message.contains("index-sized"))
        })
    {
        data.differences.push(
            "The browser's Python is 32-bit, so a size this large does not fit in an \
             index and you get OverflowError; 64-bit CPython tries to allocate it and \
             raises MemoryError."
                .to_owned(),
        );
    }
    let approximate = data.objects.items.iter().any(|o| {
        o.type_name == "str" && matches!(o.refcount, refscope_trace::Refcount::Approximate { .. })
    });
    if approximate {
        data.differences.push(
            "Counts marked ≈ are strings written in your code. CPython 3.13 counts \
             such a string unless some loaded module uses the same word as a name, \
             which makes it immortal; your program imports a module refscope has no \
             record of, so it cannot be sure."
                .to_owned(),
        );
    }
    // `__init__`, `__enter__`, `__exit__` and `__del__` are modelled exactly (`vm_held`);
    // these only approximately.
    const SPECIAL: [&str; 3] = ["__str__", "__repr__", "__format__"];
    let methods: std::collections::BTreeSet<&str> = data
        .steps
        .iter()
        .filter(|s| s.event == StepEvent::Call)
        .filter_map(|s| {
            let frame = &data.frames.items[s.stack.last()?.frame as usize];
            SPECIAL.iter().find(|m| **m == frame.function).copied()
        })
        .collect();
    if !methods.is_empty() {
        let mut names: Vec<&str> = SPECIAL
            .iter()
            .copied()
            .filter(|m| methods.contains(m))
            .collect();
        let last = names.pop().expect("not empty");
        let names = if names.is_empty() {
            last.to_owned()
        } else {
            format!("{} or {last}", names.join(", "))
        };
        data.differences.push(format!(
            "While {names} runs, the interpreter holds extra references to `self`, and \
             how many depends on how it was called: print(), an f-string, repr() or a \
             list's repr each differ between RustPython and CPython. The count of `self` \
             there is CPython's usual one, marked ≈, and may be off by one or two."
        ));
    }
}
