//! Stable heap layout: every object keeps one slot (a grid cell) for its whole life.
//!
//! Slots are handed out in order of first appearance across the trace; a slot is reused
//! only after its object has gone *and* its freed ghost has been shown (one step), so a box
//! never jumps while the learner steps. Row heights are fixed per trace (the tallest box a
//! row ever holds), which makes every box position, and so every arrow, a pure function of
//! (layout, step): no DOM measurement.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use refscope_trace::{HeapStep, ObjId, ObjectState, Trace};

/// Width of a heap object box.
pub const BOX_W: f64 = 176.0;
/// Horizontal gap between heap columns.
pub const COL_GAP: f64 = 48.0;
/// Vertical gap between heap rows (room for a cycle label).
pub const ROW_GAP: f64 = 34.0;
/// Height of a box's header: type, id, badge, summary and size.
pub const HEADER_H: f64 = 50.0;
/// Height of one reference row inside a box or a frame.
pub const ROW_H: f64 = 22.0;
/// Padding under the last row of a box.
pub const PAD_B: f64 = 8.0;
/// Reference rows drawn per box; the rest are summarised as "… n more".
pub const MAX_ROWS: usize = 8;
/// Top margin of the heap area (room for a cycle label over the first row).
pub const TOP: f64 = 30.0;
/// Left edge of the heap area (the frames column sits to its left).
pub const HEAP_X: f64 = 200.0;

/// The rows a box needs for `state`: its references (capped, plus a "more" row) and the
/// extra rows for file and generator details.
pub fn box_rows(state: &ObjectState) -> usize {
    let refs = state.refs.len().min(MAX_ROWS) + usize::from(state.refs.len() > MAX_ROWS);
    let extra = if state.file.is_some() { 2 } else { 0 } + usize::from(state.generator.is_some());
    refs + extra
}

/// The height of a box with `rows` rows.
pub fn box_height(rows: usize) -> f64 {
    HEADER_H + rows as f64 * ROW_H + PAD_B
}

/// Slots, lifetimes and row geometry for one trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// By object id (ids are sequential): its slot, if it ever lived.
    slot_of: Vec<Option<usize>>,
    /// By object id: its first and last step alive.
    lifetime: Vec<Option<(usize, usize)>>,
    /// Number of heap columns.
    pub columns: usize,
    /// Top y of each row.
    row_top: Vec<f64>,
    /// Height reserved for each row.
    row_height: Vec<f64>,
}

/// What a [`Layout`] is built from, gathered step by step by [`crate::model::AnalysisBuilder`]: each
/// object's first and last step and the tallest box it ever needs.
pub(crate) struct LayoutPass {
    rows_of_state: Vec<usize>,
    /// By object id, as in [`Layout`]; indexed rather than mapped, since a long run has
    /// tens of thousands of objects and each step touches some.
    lifetime: Vec<Option<(usize, usize)>>,
    tallest: Vec<usize>,
    last: usize,
}

impl LayoutPass {
    pub(crate) fn new(trace: &Trace) -> LayoutPass {
        LayoutPass {
            rows_of_state: trace.objects.iter().map(box_rows).collect(),
            lifetime: Vec::new(),
            tallest: Vec::new(),
            last: trace.steps.len().saturating_sub(1),
        }
    }

    /// Takes in one step. Only its change is looked at: an object's lifetime runs from
    /// the step it appears to the step before it is gone (or the last step).
    pub(crate) fn step(&mut self, trace: &Trace, h: &HeapStep) {
        for &index in h.changed {
            let at = trace.objects[index as usize].id as usize;
            if at >= self.lifetime.len() {
                self.lifetime.resize(at + 1, None);
                self.tallest.resize(at + 1, 0);
            }
            // Back after a gap (a truncated step left it out): alive until gone again.
            let last = self.last;
            let life = self.lifetime[at].get_or_insert((h.step, last));
            life.1 = last;
            let rows = &mut self.tallest[at];
            *rows = (*rows).max(self.rows_of_state[index as usize]);
        }
        for &id in h.gone {
            if let Some(Some(l)) = self.lifetime.get_mut(id as usize) {
                l.1 = h.step.saturating_sub(1);
            }
        }
    }

    /// Hands out the slots and sizes the rows.
    pub(crate) fn finish(self) -> Layout {
        let LayoutPass {
            lifetime, tallest, ..
        } = self;
        // Hand out slots in order of first appearance, each object taking the lowest free
        // slot; a slot is free again one step after its object's last step (that step
        // shows the ghost). Free slots and busy ones (by the step they free up) are kept
        // in heaps: a 100,000-step run has tens of thousands of objects, and scanning
        // every slot for each of them was most of the page's work when the trace loaded.
        let mut by_first: Vec<(usize, usize, usize)> = lifetime
            .iter()
            .enumerate()
            .filter_map(|(at, l)| l.map(|(first, last)| (first, at, last)))
            .collect();
        by_first.sort_unstable();
        let mut slot_of = vec![None; lifetime.len()];
        let mut slots = 0;
        let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
        let mut busy: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new(); // (held until, slot)
        for (first, at, last) in by_first {
            while let Some(&Reverse((until, slot))) = busy.peek() {
                if until >= first {
                    break;
                }
                busy.pop();
                free.push(Reverse(slot));
            }
            let slot = match free.pop() {
                Some(Reverse(slot)) => slot,
                None => {
                    slots += 1;
                    slots - 1
                }
            };
            busy.push(Reverse((last + 1, slot)));
            slot_of[at] = Some(slot);
        }

        let columns = if slots > 12 { 3 } else { 2 };
        let rows = slots.div_ceil(columns);
        let mut row_height = vec![box_height(0); rows];
        for (at, slot) in slot_of.iter().enumerate() {
            if let Some(slot) = slot {
                let r = slot / columns;
                row_height[r] = row_height[r].max(box_height(tallest[at]));
            }
        }
        let mut row_top = Vec::with_capacity(rows);
        let mut y = TOP;
        for h in &row_height {
            row_top.push(y);
            y += h + ROW_GAP;
        }
        Layout {
            slot_of,
            lifetime,
            columns,
            row_top,
            row_height,
        }
    }
}

impl Layout {
    /// The slot of object `id`, if it ever lived.
    pub fn slot(&self, id: ObjId) -> Option<usize> {
        self.slot_of.get(id as usize).copied().flatten()
    }

    /// First and last step at which `id` is alive.
    pub fn lifetime(&self, id: ObjId) -> Option<(usize, usize)> {
        self.lifetime.get(id as usize).copied().flatten()
    }

    /// Top-left corner of the box of `id`.
    pub fn position(&self, id: ObjId) -> Option<(f64, f64)> {
        let slot = self.slot(id)?;
        let (row, col) = (slot / self.columns, slot % self.columns);
        Some((HEAP_X + col as f64 * (BOX_W + COL_GAP), self.row_top[row]))
    }

    /// The height reserved for the row holding `id`.
    pub fn row_height(&self, id: ObjId) -> Option<f64> {
        self.slot(id).map(|s| self.row_height[s / self.columns])
    }

    /// Width of the heap area's right edge.
    pub fn right(&self) -> f64 {
        HEAP_X + self.columns as f64 * (BOX_W + COL_GAP)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::{fixtures, Analysis};

    #[test]
    fn objects_never_move_while_alive_and_never_share_a_slot() {
        for name in ["cycle", "context_managers", "files", "many_objects"] {
            let trace = fixtures::load(name);
            let layout = Analysis::new(&trace).layout;
            for step in 0..trace.steps.len() {
                let mut seen = std::collections::BTreeSet::new();
                for i in trace.heap_indices(step) {
                    let id = trace.objects[i as usize].id;
                    assert!(seen.insert(layout.slot(id).unwrap()), "{name}: shared slot");
                }
            }
        }
    }

    #[test]
    fn a_slot_is_reused_only_after_the_ghost_step() {
        let trace = fixtures::load("many_objects");
        let layout = Analysis::new(&trace).layout;
        let ids: Vec<ObjId> = trace.objects.iter().map(|o| o.id).collect();
        for &a in &ids {
            for &b in &ids {
                if a < b && layout.slot(a) == layout.slot(b) {
                    let (_, last_a) = layout.lifetime(a).unwrap();
                    let (first_b, _) = layout.lifetime(b).unwrap();
                    assert!(first_b > last_a + 1, "{a} and {b} overlap");
                }
            }
        }
    }

    #[test]
    fn each_object_takes_the_lowest_slot_free_when_it_appears() {
        // The plain statement of the rule, scanning every slot, against the heaps.
        for name in fixtures::VARIED {
            let trace = fixtures::load(name);
            let layout = Analysis::new(&trace).layout;
            let mut by_first: Vec<(usize, ObjId)> = trace
                .objects
                .iter()
                .map(|o| o.id)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|id| (layout.lifetime(id).expect("every object lives").0, id))
                .collect();
            by_first.sort_unstable();
            let mut busy_until: Vec<usize> = Vec::new();
            for (first, id) in by_first {
                let slot = busy_until
                    .iter()
                    .position(|&until| until < first)
                    .unwrap_or(busy_until.len());
                if slot == busy_until.len() {
                    busy_until.push(0);
                }
                busy_until[slot] = layout.lifetime(id).unwrap().1 + 1;
                assert_eq!(layout.slot(id), Some(slot), "{name}: object {id}");
            }
        }
    }

    #[test]
    fn first_appearance_gets_the_first_slot() {
        let trace = fixtures::load("cycle");
        let layout = Analysis::new(&trace).layout;
        let step = (0..trace.steps.len())
            .find(|&s| trace.heap_len(s) > 0)
            .unwrap();
        let first = trace.objects[trace.heap_indices(step)[0] as usize].id;
        assert_eq!(layout.slot(first), Some(0));
        assert_eq!(layout.position(first), Some((HEAP_X, TOP)));
    }
}
