//! Phase five of a snapshot, the lifecycle: what was tracked and is no longer walked has
//! died since the last step, by refcount or by the collector that found it as garbage.

use refscope_trace::{Event, FreeReason};
use rustc_hash::FxHashMap;

use super::{Heap, Tracked};

impl Heap {
    /// Reports the deaths since the last step and a finished collection, then remembers
    /// `new_tracked` (and the `carried` objects a truncated walk did not reach).
    pub(super) fn settle(
        &mut self,
        mut new_tracked: FxHashMap<usize, Tracked>,
        carried: Vec<(usize, Tracked)>,
    ) {
        // Whatever is left in `tracked` died since the last step. Report in id order:
        // the map is keyed by address, which differs from run to run.
        let mut dead: Vec<Tracked> = std::mem::take(&mut self.tracked).into_values().collect();
        dead.sort_by_key(|t| t.id);
        for t in dead {
            let by_gc = self.gc.as_mut().filter(|g| g.found.contains(&t.id));
            let (reason, line) = match by_gc {
                Some(g) => {
                    g.freed.push(t.id);
                    (FreeReason::GcCollected, g.pending.line)
                }
                None => (FreeReason::Refcount, 0),
            };
            self.events.push(Event::Freed {
                object: t.id,
                type_name: t.type_name,
                summary: t.summary,
                reason,
                del_ran: t.del_ran,
                line,
            });
        }
        if self.gc.as_ref().is_some_and(|g| g.finished) {
            let mut g = self.gc.take().expect("checked above");
            g.found.sort_unstable();
            g.freed.sort_unstable();
            self.events.insert(
                0,
                Event::GcCollection {
                    trigger: g.pending.trigger,
                    generation: g.pending.generation,
                    found: g.found,
                    freed: g.freed,
                    line: g.pending.line,
                },
            );
        }
        new_tracked.extend(carried);
        self.tracked = new_tracked;
    }
}
