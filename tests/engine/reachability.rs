//! What the diagram draws as garbage: only what no reference from outside the drawn graph
//! keeps alive, at every step, whatever RustPython's own collector does meanwhile.

use refscope_engine::{record, Options};
use refscope_trace::{Event, GcTrigger, ObjectKind};

/// A list held only by `builtins` (a holder the diagram does not draw) is alive and
/// reachable at every step after `del x`, also at the step where an automatic collection
/// of RustPython's is noticed (the loop leaves 1,500 cycles for it). The list used to be
/// drawn as garbage for that one step, and in the browser, where one worker records run
/// after run and the collector's counters carry over, the step moved. The cycles also
/// pass the heap's cap: the list, walked as held from outside, used to be reported freed
/// when the cap fell on it.
#[test]
fn an_object_held_from_outside_the_graph_is_never_garbage_when_a_collection_is_noticed() {
    let source = "import builtins\n\nx = [1, 2]\nbuiltins.kept = x\ndel x\n\
                  for i in range(1500):\n    a = [i]\n    a.append(a)\na = None\ny = 1\n";
    // A small heap cap, so that the cycles passing it make the diagram leave objects out.
    let options = Options {
        max_heap_objects: 200,
        ..Options::default()
    };
    let trace = record(source, &options);
    let after_del = (0..trace.steps.len())
        .find(|&i| trace.steps[i].line == 6)
        .expect("line 6 runs");
    let mut seen = 0;
    for i in after_del..trace.steps.len() {
        // Past the heap's cap (the cycles) the diagram leaves objects out.
        if trace.steps[i].heap_truncated {
            continue;
        }
        let kept = trace
            .heap(i)
            .filter(|o| o.kind == ObjectKind::List && o.summary == "[1, 2]")
            .collect::<Vec<_>>();
        assert_eq!(kept.len(), 1, "step {i}: the kept list is alive and drawn");
        assert!(
            kept[0].reachable,
            "step {i} (line {}): drawn as garbage",
            trace.steps[i].line
        );
        seen += 1;
    }
    let id = trace
        .heap(after_del)
        .find(|o| o.summary == "[1, 2]")
        .map(|o| o.id);
    let freed = (trace.steps.iter().flat_map(|s| &s.events))
        .any(|e| matches!(e, Event::Freed { object, .. } if Some(*object) == id));
    assert!(!freed, "the kept list was reported freed");
    let collected = (trace.steps.iter().flat_map(|s| &s.events)).any(|e| {
        matches!(
            e,
            Event::GcCollection {
                trigger: GcTrigger::Automatic,
                ..
            }
        )
    });
    assert!(collected, "RustPython collected the cycles automatically");
    assert!(seen > 100, "steps compared: {seen}");
}
