//! Generators: started, resumed, suspended at a `yield`, finished. Events name their
//! generator object once the heap walk has seen it (one made on this line was not in the
//! heap before).

use std::collections::BTreeSet;

use refscope_trace::{Event, GeneratorEvent};

use crate::heap::Heap;

#[derive(Default)]
pub(crate) struct Generators {
    /// Generators seen started, by the address of their frame.
    started: BTreeSet<usize>,
}

fn event(action: &str, function: &str, line: u32) -> Event {
    Event::Generator(GeneratorEvent {
        action: action.into(),
        function: function.to_owned(),
        object: None,
        line,
    })
}

impl Generators {
    /// A generator frame's `call` event: its first start (true) or a resume.
    pub(crate) fn on_call(
        &mut self,
        frame: usize,
        function: &str,
        line: u32,
        pending: &mut Vec<Event>,
    ) -> bool {
        let started = self.started.insert(frame);
        let action = if started { "started" } else { "resumed" };
        pending.push(event(action, function, line));
        started
    }

    /// A generator frame's `return` event: suspended at a `yield` that gave a value, or
    /// finished.
    pub(crate) fn on_return(
        &mut self,
        frame: usize,
        at_yield: bool,
        function: &str,
        line: u32,
        pending: &mut Vec<Event>,
    ) {
        let action = if at_yield {
            "suspended"
        } else {
            self.started.remove(&frame);
            "finished"
        };
        pending.push(event(action, function, line));
    }

    /// Names the generator of the frame at `frame` in this step's generator events.
    pub(crate) fn name_objects(heap: &Heap, frame: usize, pending: &mut [Event]) {
        let id = heap.generator_of(frame);
        for e in pending {
            if let Event::Generator(g) = e {
                g.object = g.object.or(id);
            }
        }
    }
}
