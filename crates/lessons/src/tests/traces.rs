//! Hand-made traces for the tests.

use refscope_trace::{
    ContextEvent, Event, FinallyReason, Frame, FreeReason, HeapEncoder, Local, ObjectKind,
    ObjectState, Outcome, Refcount, Size, StackEntry, Step, StepEvent, Trace, Value,
    FORMAT_VERSION,
};

/// The program behind [`aliases`], one statement per line.
pub const ALIASES_CODE: &str = "\
items = [1, 2, 3]
alias = items
def f(x):
    return x
f(alias)
del items
print(alias)
with m:
    n = None
";

fn list(count: u32) -> ObjectState {
    ObjectState {
        id: 1,
        type_name: "list".into(),
        kind: ObjectKind::List,
        summary: "[1, 2, 3]".into(),
        refcount: Refcount::Counted { count },
        size: Size::Exact { bytes: 88 },
        refs: Box::default(),
        reachable: true,
        file: None,
        generator: None,
    }
}

fn function() -> ObjectState {
    ObjectState {
        id: 2,
        type_name: "function".into(),
        kind: ObjectKind::Function,
        summary: "f".into(),
        refcount: Refcount::Counted { count: 2 },
        size: Size::NotModelled,
        refs: Box::default(),
        reachable: true,
        file: None,
        generator: None,
    }
}

fn r(id: u32) -> Value {
    Value::Ref { id }
}

/// A hand-made trace of [`ALIASES_CODE`]: the list is object 1 (refcount follows the
/// names), `f` is object 2; `m`'s `__exit__` gets a ValueError and a `finally` runs for a
/// `return` (invented events, to have one of each).
pub fn aliases() -> Trace {
    let mut t = Trace {
        format_version: FORMAT_VERSION,
        source: ALIASES_CODE.into(),
        outcome: Outcome::Completed,
        stdout: "[1, 2, 3]\n".into(),
        stdout_truncated: false,
        objects: Vec::new(),
        locals: Vec::new(),
        frames: Vec::new(),
        steps: Vec::new(),
        differences: Vec::new(),
        exit_start: None,
    };
    let mut encoder = HeapEncoder::default();
    // (event, line, function, module locals, f's locals (None: not in f), heap, stdout, events)
    type Spec = (
        StepEvent,
        u32,
        Vec<(&'static str, Value)>,
        Option<Vec<(&'static str, Value)>>,
        Vec<ObjectState>,
        u32,
        Vec<Event>,
    );
    use StepEvent::{Call, Line, Return};
    let none = Value::Inline {
        repr: "None".into(),
        type_name: "NoneType".into(),
    };
    let exit = Event::Context(ContextEvent {
        phase: "exit".into(),
        manager_type: "M".into(),
        manager: None,
        exc_type: Some("ValueError".into()),
        suppressed: false,
        line: 9,
    });
    let freed = Event::Freed {
        object: 1,
        type_name: "list".into(),
        summary: "[1, 2, 3]".into(),
        reason: FreeReason::Refcount,
        del_ran: false,
        line: 9,
    };
    let finally = Event::FinallyEntered {
        line: 4,
        reason: FinallyReason::Return,
    };
    let m = |v: &[(&'static str, Value)]| v.to_vec();
    let specs: Vec<Spec> = vec![
        (Call, 0, m(&[]), None, vec![], 0, vec![]),
        (Line, 1, m(&[]), None, vec![], 0, vec![]),
        (
            Line,
            2,
            m(&[("items", r(1))]),
            None,
            vec![list(1)],
            0,
            vec![],
        ),
        (
            Line,
            3,
            m(&[("items", r(1)), ("alias", r(1))]),
            None,
            vec![list(2)],
            0,
            vec![],
        ),
        (
            Line,
            5,
            m(&[("items", r(1)), ("alias", r(1)), ("f", r(2))]),
            None,
            vec![list(2), function()],
            0,
            vec![],
        ),
        (
            Call,
            3,
            m(&[("items", r(1)), ("alias", r(1)), ("f", r(2))]),
            Some(m(&[("x", r(1))])),
            vec![list(3), function()],
            0,
            vec![],
        ),
        (
            Line,
            4,
            m(&[("items", r(1)), ("alias", r(1)), ("f", r(2))]),
            Some(m(&[("x", r(1))])),
            vec![list(3), function()],
            0,
            vec![finally],
        ),
        (
            Return,
            4,
            m(&[("items", r(1)), ("alias", r(1)), ("f", r(2))]),
            Some(m(&[("x", r(1))])),
            vec![list(3), function()],
            0,
            vec![],
        ),
        (
            Line,
            6,
            m(&[("items", r(1)), ("alias", r(1)), ("f", r(2))]),
            None,
            vec![list(2), function()],
            0,
            vec![],
        ),
        (
            Line,
            7,
            m(&[("alias", r(1)), ("f", r(2))]),
            None,
            vec![list(1), function()],
            0,
            vec![],
        ),
        (
            Line,
            8,
            m(&[("alias", r(1)), ("f", r(2))]),
            None,
            vec![list(1), function()],
            10,
            vec![],
        ),
        (
            Line,
            9,
            m(&[("alias", r(1)), ("f", r(2))]),
            None,
            vec![list(1), function()],
            10,
            vec![],
        ),
        (
            Line,
            8,
            m(&[("f", r(2)), ("n", none)]),
            None,
            vec![function()],
            10,
            vec![exit, freed],
        ),
        (
            Return,
            8,
            m(&[("f", r(2))]),
            None,
            vec![function()],
            10,
            vec![],
        ),
    ];
    for (event, line, module, local, heap, stdout_len, events) in specs {
        let mut locals = |v: Vec<(&str, Value)>| {
            v.into_iter()
                .map(|(name, value)| {
                    t.locals.push(Local {
                        name: name.into(),
                        value,
                    });
                    t.locals.len() as u32 - 1
                })
                .collect()
        };
        let mut frames = vec![(
            Frame {
                id: 0,
                function: "<module>".into(),
                locals: locals(module),
            },
            line,
        )];
        if let Some(local) = local {
            frames[0].1 = 5;
            frames.push((
                Frame {
                    id: 1,
                    function: "f".into(),
                    locals: locals(local),
                },
                line,
            ));
        }
        let stack = frames
            .into_iter()
            .map(|(frame, line)| {
                t.frames.push(frame);
                StackEntry {
                    frame: t.frames.len() as u32 - 1,
                    line,
                }
            })
            .collect();
        let mut listing = Vec::new();
        for o in heap {
            listing.push((o.id, t.objects.len() as u32));
            t.objects.push(o);
        }
        t.steps.push(Step {
            event,
            line,
            stack,
            heap: encoder.push(listing),
            stdout_len,
            return_value: None,
            heap_truncated: false,
            events: events.into(),
        });
    }
    t
}

/// The engine's trace of a gc'd two-node cycle (`tests/fixtures/traces/cycle.json`):
/// a list freed by refcount at step 22 (0-based), `__del__` at steps 25 and 28, a
/// `gc.collect()` freeing `a` then `b` at step 31.
pub fn cycle() -> Trace {
    serde_json::from_str(include_str!("../../../../tests/fixtures/traces/cycle.json"))
        .expect("cycle.json is a trace")
}
