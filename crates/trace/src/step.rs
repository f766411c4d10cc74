//! How a step stores its stack and heap compactly, and how readers get them back whole.
//!
//! A 100,000-step trace of a loop over 50 objects would hold five million heap entries
//! and a copy of every frame's locals per step if each step were a full snapshot. Instead:
//! - a step's stack is a list of [`StackEntry`]s, each an index into [`Trace::frames`]
//!   (interned frame states) plus the frame's current line;
//! - a step's heap is a [`HeapChange`]: a full listing on keyframes (step 0 and every
//!   [`HEAP_KEYFRAME_EVERY`]th step), otherwise only the object states that are new or
//!   changed and the ids that are gone since the previous step.
//!
//! Writers build changes with [`HeapEncoder`]. Readers use [`Trace::heap_indices`] (one
//! step, rebuilt from the nearest keyframe) or [`Trace::heaps`] (every step in order, each
//! from the previous one); both are a [`HeapWalk`]. Both tolerate a damaged trace: indices
//! out of range are skipped, never a panic.

use serde::{Deserialize, Serialize};

use crate::{Local, ObjId, Trace};

/// A full heap listing is stored at least this often, so reading any one step's heap
/// applies at most this many changes. Readers must not assume the interval: they look
/// for the nearest step whose [`HeapChange::full`] is set.
pub const HEAP_KEYFRAME_EVERY: usize = 64;

/// One frame of a step's call stack; in JSON a pair `[frame, line]`, as there is one per
/// frame per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u32, u32)", into = "(u32, u32)")]
pub struct StackEntry {
    /// Index into [`Trace::frames`].
    pub frame: u32,
    /// The frame's current 1-based line.
    pub line: u32,
}

impl From<(u32, u32)> for StackEntry {
    fn from((frame, line): (u32, u32)) -> Self {
        StackEntry { frame, line }
    }
}

impl From<StackEntry> for (u32, u32) {
    fn from(e: StackEntry) -> Self {
        (e.frame, e.line)
    }
}

/// A frame of a step's stack as readers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameAt<'a> {
    /// Sequential frame id, stable for the frame's lifetime.
    pub id: u32,
    /// Function name, `<module>` for the top level.
    pub function: &'a str,
    /// The frame's current line.
    pub line: u32,
    /// Local names in order of first binding.
    pub locals: Vec<&'a Local>,
}

/// A step's heap, as a change from the previous step's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeapChange {
    /// On keyframes: indices into [`Trace::objects`] of every object alive, in id order.
    /// `changed` and `gone` are then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<Box<[u32]>>,
    /// Indices into [`Trace::objects`] of the states that are new at this step: objects
    /// that appeared, and objects whose state changed (the old state of the same id is
    /// replaced). In id order.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub changed: Box<[u32]>,
    /// Ids of the objects no longer on the heap at this step. In id order.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub gone: Box<[ObjId]>,
}

/// Turns each step's full heap listing into a [`HeapChange`] (writers use this).
#[derive(Debug, Default)]
pub struct HeapEncoder {
    /// The previous step's heap: (id, state index), in id order.
    prev: Vec<(ObjId, u32)>,
    steps: usize,
}

impl HeapEncoder {
    /// Encodes the next step's heap. `heap` lists (id, state index) pairs in id order.
    pub fn push(&mut self, heap: Vec<(ObjId, u32)>) -> HeapChange {
        debug_assert!(
            heap.windows(2).all(|w| w[0].0 < w[1].0),
            "heap not in id order"
        );
        let keyframe = self.steps.is_multiple_of(HEAP_KEYFRAME_EVERY);
        self.steps += 1;
        let change = if keyframe {
            HeapChange {
                full: Some(heap.iter().map(|&(_, i)| i).collect()),
                ..HeapChange::default()
            }
        } else {
            let (changed, gone) = diff(&self.prev, &heap);
            HeapChange {
                full: None,
                changed: changed.into(),
                gone: gone.into(),
            }
        };
        self.prev = heap;
        change
    }
}

/// The change from `old` to `new`, both (id, state index) in id order: the new or changed
/// states, and the ids gone.
fn diff(old: &[(ObjId, u32)], new: &[(ObjId, u32)]) -> (Vec<u32>, Vec<ObjId>) {
    let mut change = (Vec::new(), Vec::new());
    let (mut a, mut b) = (0, 0);
    while a < old.len() || b < new.len() {
        match (old.get(a), new.get(b)) {
            (Some(&(oid, oi)), Some(&(nid, ni))) if oid == nid => {
                if oi != ni {
                    change.0.push(ni);
                }
                a += 1;
                b += 1;
            }
            (Some(&(oid, _)), Some(&(nid, _))) if oid < nid => {
                change.1.push(oid);
                a += 1;
            }
            (Some(&(oid, _)), None) => {
                change.1.push(oid);
                a += 1;
            }
            (_, Some(&(_, ni))) => {
                change.0.push(ni);
                b += 1;
            }
            (None, None) => unreachable!("the loop condition"),
        }
    }
    change
}

/// Every step's heap in order, each rebuilt from the previous one: what a reader that
/// visits all steps uses (a chart, a layout), at the cost of one change per step.
pub struct HeapWalk<'a> {
    trace: &'a Trace,
    cursor: HeapCursor,
}

/// A [`HeapWalk`] that does not hold the trace: each step is asked for with it. What a
/// reader keeps between tasks (the page analyses a long trace a slice at a time).
#[derive(Debug, Default)]
pub struct HeapCursor {
    next: usize,
    /// The current heap: (id, state index) in id order.
    current: Vec<(ObjId, u32)>,
    indices: Vec<u32>,
    changed: Vec<u32>,
    gone: Vec<ObjId>,
    replaced: Vec<u32>,
}

/// One step of a [`HeapWalk`] or [`HeapCursor`].
pub struct HeapStep<'w> {
    /// The step's index.
    pub step: usize,
    /// Indices into [`Trace::objects`] of every object alive, in id order.
    pub heap: &'w [u32],
    /// The states that are new at this step (objects that appeared or changed).
    pub changed: &'w [u32],
    /// The states of the previous step that this one no longer has (changed or gone).
    pub replaced: &'w [u32],
    /// Ids of the objects gone since the previous step.
    pub gone: &'w [ObjId],
}

impl HeapWalk<'_> {
    /// Moves to the next step, or `None` after the last one.
    pub fn next_step(&mut self) -> Option<HeapStep<'_>> {
        self.cursor.next_step(self.trace)
    }
}

impl HeapCursor {
    /// The index of the step [`HeapCursor::next_step`] reads next.
    pub fn position(&self) -> usize {
        self.next
    }

    /// Moves to the next step of `trace` (the trace it started on), or `None` after the
    /// last one.
    pub fn next_step(&mut self, trace: &Trace) -> Option<HeapStep<'_>> {
        let step = trace.steps.get(self.next)?;
        let objects = &trace.objects;
        let id_of = |i: u32| objects.get(i as usize).map(|o| o.id);
        // A keyframe is read as the change from the previous step's heap, so callers see
        // every step as a change whatever the encoding.
        (self.changed, self.gone) = match &step.heap.full {
            Some(full) => {
                let mut listing: Vec<(ObjId, u32)> = full
                    .iter()
                    .filter_map(|&i| id_of(i).map(|id| (id, i)))
                    .collect();
                listing.sort_unstable_by_key(|&(id, _)| id);
                listing.dedup_by_key(|&mut (id, _)| id);
                diff(&self.current, &listing)
            }
            None => (step.heap.changed.to_vec(), step.heap.gone.to_vec()),
        };
        self.replaced.clear();
        for id in &self.gone {
            if let Ok(at) = self.current.binary_search_by_key(id, |&(id, _)| id) {
                self.replaced.push(self.current.remove(at).1);
            }
        }
        self.changed.retain(|&i| id_of(i).is_some());
        for &i in &self.changed {
            let id = objects[i as usize].id;
            match self.current.binary_search_by_key(&id, |&(id, _)| id) {
                Ok(at) => self
                    .replaced
                    .push(std::mem::replace(&mut self.current[at].1, i)),
                Err(at) => self.current.insert(at, (id, i)),
            }
        }
        self.indices.clear();
        self.indices.extend(self.current.iter().map(|&(_, i)| i));
        self.next += 1;
        Some(HeapStep {
            step: self.next - 1,
            heap: &self.indices,
            changed: &self.changed,
            replaced: &self.replaced,
            gone: &self.gone,
        })
    }
}

impl Trace {
    /// Indices into [`Trace::objects`] of every object alive at `step`, in id order
    /// (empty past the last step).
    pub fn heap_indices(&self, step: usize) -> Vec<u32> {
        let Some(steps) = self.steps.get(..=step) else {
            return Vec::new();
        };
        // A walk from the nearest keyframe: it starts from an empty heap, which the
        // keyframe's full listing replaces.
        let start = steps
            .iter()
            .rposition(|s| s.heap.full.is_some())
            .unwrap_or(0);
        let mut walk = self.heaps_from(start);
        let mut heap = Vec::new();
        while let Some(h) = walk.next_step() {
            if h.step == step {
                heap = h.heap.to_vec();
                break;
            }
        }
        heap
    }

    /// Walks every step's heap in order (see [`HeapWalk::next_step`]).
    pub fn heaps(&self) -> HeapWalk<'_> {
        self.heaps_from(0)
    }

    /// A walk starting at step `start`, which must be 0 or a keyframe.
    fn heaps_from(&self, start: usize) -> HeapWalk<'_> {
        HeapWalk {
            trace: self,
            cursor: HeapCursor {
                next: start,
                ..HeapCursor::default()
            },
        }
    }

    /// The number of objects alive at `step`.
    pub fn heap_len(&self, step: usize) -> usize {
        self.heap_indices(step).len()
    }

    /// The current function at `step`: the innermost frame's (`<module>` at top level, and
    /// for a step without frames).
    pub fn function_at(&self, step: usize) -> &str {
        self.steps
            .get(step)
            .and_then(|s| s.stack.last())
            .and_then(|e| self.frames.get(e.frame as usize))
            .map_or("<module>", |f| f.function.as_str())
    }

    /// The call stack at `step`, outermost first; the last frame is the current one
    /// (empty past the last step).
    pub fn stack(&self, step: usize) -> Vec<FrameAt<'_>> {
        let Some(s) = self.steps.get(step) else {
            return Vec::new();
        };
        s.stack
            .iter()
            .filter_map(|e| {
                let f = self.frames.get(e.frame as usize)?;
                Some(FrameAt {
                    id: f.id,
                    function: &f.function,
                    line: e.line,
                    locals: f
                        .locals
                        .iter()
                        .filter_map(|&i| self.locals.get(i as usize))
                        .collect(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ObjectKind, ObjectState, Outcome, Refcount, Size, Step, StepEvent};

    fn state(id: ObjId, summary: &str) -> ObjectState {
        ObjectState {
            id,
            type_name: "list".into(),
            kind: ObjectKind::List,
            summary: summary.into(),
            refcount: Refcount::Counted { count: 1 },
            size: Size::NotModelled,
            refs: Box::default(),
            reachable: true,
            file: None,
            generator: None,
        }
    }

    /// A trace whose step `n` holds the objects in `heaps[n]` (ids), each object's state
    /// changing when its summary does, encoded with `HeapEncoder`.
    fn trace_of(heaps: &[Vec<(ObjId, &str)>]) -> (Trace, Vec<Vec<u32>>) {
        let mut trace = Trace::crash("", "x");
        trace.outcome = Outcome::Completed;
        let mut encoder = HeapEncoder::default();
        let mut expected = Vec::new();
        for heap in heaps {
            let listing: Vec<(ObjId, u32)> = heap
                .iter()
                .map(|&(id, summary)| {
                    let s = state(id, summary);
                    let i = match trace.objects.iter().position(|o| *o == s) {
                        Some(i) => i,
                        None => {
                            trace.objects.push(s);
                            trace.objects.len() - 1
                        }
                    } as u32;
                    (id, i)
                })
                .collect();
            expected.push(listing.iter().map(|&(_, i)| i).collect());
            trace.steps.push(Step {
                event: StepEvent::Line,
                line: 1,
                stack: Box::default(),
                heap: encoder.push(listing),
                stdout_len: 0,
                return_value: None,
                heap_truncated: false,
                events: Box::default(),
            });
        }
        (trace, expected)
    }

    #[test]
    fn every_step_reads_back_as_written() {
        // Objects appear, change, vanish and come back over three keyframe intervals.
        let heaps: Vec<Vec<(ObjId, &str)>> = (0..3 * HEAP_KEYFRAME_EVERY + 5)
            .map(|n| {
                let mut h = vec![(1, "a")];
                if n % 3 != 0 {
                    h.push((2, if n % 2 == 0 { "[]" } else { "[1]" }));
                }
                if n > 10 {
                    h.push((3 + (n / 7) as ObjId, "x"));
                }
                h
            })
            .collect();
        let (trace, expected) = trace_of(&heaps);
        for (step, want) in expected.iter().enumerate() {
            assert_eq!(&trace.heap_indices(step), want, "step {step}");
        }
        let mut walk = trace.heaps();
        let mut previous: Vec<u32> = Vec::new();
        while let Some(h) = walk.next_step() {
            assert_eq!(h.heap, expected[h.step].as_slice(), "walk, step {}", h.step);
            // The reported change turns the previous heap into this one.
            let mut rebuilt: Vec<u32> = previous
                .iter()
                .copied()
                .filter(|i| !h.replaced.contains(i))
                .chain(h.changed.iter().copied())
                .collect();
            rebuilt.sort_unstable_by_key(|&i| trace.objects[i as usize].id);
            assert_eq!(rebuilt, h.heap, "change at step {}", h.step);
            previous = h.heap.to_vec();
        }
        // Only keyframes carry full listings; the other steps carry small changes.
        let full = trace.steps.iter().filter(|s| s.heap.full.is_some()).count();
        assert_eq!(full, 4);
        assert!(trace.steps[5].heap.changed.len() <= 2);
    }

    #[test]
    fn damaged_changes_are_skipped_not_fatal() {
        let (mut trace, _) = trace_of(&[vec![(1, "a")], vec![(1, "a"), (2, "b")]]);
        let heap = &mut trace.steps[1].heap;
        heap.changed = [&heap.changed[..], &[999]].concat().into();
        heap.gone = vec![77].into();
        assert_eq!(trace.heap_indices(1).len(), 2);
        assert!(trace.heap_indices(5).is_empty());
        assert!(trace.stack(5).is_empty());
    }
}
