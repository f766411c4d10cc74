//! The diagram of one step as plain geometry: frame boxes, object boxes (with their change
//! status), freed ghosts, arrows as SVG paths and garbage-cycle outlines.
//!
//! Everything is computed from the per-trace [`Layout`] and the step's data, never from
//! the DOM, so the diagram renders in one pass and is testable natively.

use std::collections::BTreeMap;

use refscope_trace::{FreeReason, ObjId, Trace, Value};

use super::diff::{ArrowFrom, ArrowKey, StepDiff};
use super::layout::{box_height, box_rows, Layout, BOX_W, HEADER_H, MAX_ROWS, ROW_H, TOP};
use super::reach::garbage_cycles;
use super::text::{edge_label, value_target, value_text};

/// Width of a frame box.
pub const FRAME_W: f64 = 164.0;
/// Height of a frame's header.
pub const FRAME_HEADER: f64 = 30.0;
/// Vertical gap between frames.
pub const FRAME_GAP: f64 = 14.0;
/// Padding around a cycle outline.
const CYCLE_PAD: f64 = 8.0;

/// How an object changed at this step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Unchanged.
    Same,
    /// Created since the previous step.
    New,
    /// Refcount went up.
    Up { from: u32, to: u32 },
    /// Refcount went down.
    Down { from: u32, to: u32 },
}

/// A name row in a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRow {
    /// The name.
    pub name: String,
    /// Its inline value, or "•" for a reference.
    pub value: String,
    /// The object it refers to.
    pub target: Option<ObjId>,
}

/// A frame box.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameBox {
    /// Frame id.
    pub id: u32,
    /// Function name.
    pub function: String,
    /// Current line of the frame.
    pub line: u32,
    /// True for the innermost frame.
    pub current: bool,
    /// Geometry.
    pub y: f64,
    /// Geometry.
    pub h: f64,
    /// Its locals.
    pub locals: Vec<LocalRow>,
}

/// A live object box.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjBox {
    /// Object id.
    pub id: ObjId,
    /// Index of its state in `Trace::objects`.
    pub state: u32,
    /// Geometry.
    pub x: f64,
    /// Geometry.
    pub y: f64,
    /// Geometry.
    pub h: f64,
    /// Its change at this step.
    pub change: Change,
    /// Cycle garbage (not reachable from any root).
    pub garbage: bool,
}

/// A freed object, shown for the step at which it was freed.
#[derive(Debug, Clone, PartialEq)]
pub struct Ghost {
    /// Object id.
    pub id: ObjId,
    /// Type name.
    pub type_name: String,
    /// Last summary.
    pub summary: String,
    /// Why it died.
    pub reason: FreeReason,
    /// Geometry.
    pub x: f64,
    /// Geometry.
    pub y: f64,
}

/// One arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Source and target.
    pub key: ArrowKey,
    /// SVG path data.
    pub path: String,
    /// A weak reference (drawn dashed).
    pub weak: bool,
    /// New at this step.
    pub added: bool,
}

/// An outlined garbage cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleGroup {
    /// Its members.
    pub members: Vec<ObjId>,
    /// Outline geometry.
    pub x: f64,
    /// Outline geometry.
    pub y: f64,
    /// Outline geometry.
    pub w: f64,
    /// Outline geometry.
    pub h: f64,
}

/// The whole diagram of one step.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Total size.
    pub width: f64,
    /// Total size.
    pub height: f64,
    /// Frames, outermost first.
    pub frames: Vec<FrameBox>,
    /// Live objects, in id order.
    pub objects: Vec<ObjBox>,
    /// Objects freed at this step.
    pub ghosts: Vec<Ghost>,
    /// Arrows.
    pub arrows: Vec<Arrow>,
    /// Garbage cycles.
    pub cycles: Vec<CycleGroup>,
}

/// A cubic Bézier from a source point to the box at (`tx`, `ty`): into its left edge when
/// the box is to the right, else into its right edge, curving outwards.
fn curve(sx: f64, sy: f64, tx: f64, ty: f64) -> String {
    // Whole pixels, formatted as integers: `{:.0}` on a float takes the exact
    // (bignum) formatting path, a visible share of a step's script while scrubbing.
    let px = |v: f64| v.round() as i64;
    let ty = ty + HEADER_H / 2.0 - 8.0;
    let (c1, c2, end) = if tx >= sx {
        let dx = ((tx - sx) / 2.0).max(30.0);
        (sx + dx, tx - dx, tx)
    } else {
        let ex = tx + BOX_W;
        let bulge = 40.0;
        (sx + bulge, ex + bulge, ex)
    };
    let (sx, sy, ty) = (px(sx), px(sy), px(ty));
    format!(
        "M{sx},{sy} C{},{sy} {},{ty} {},{ty}",
        px(c1),
        px(c2),
        px(end)
    )
}

impl Scene {
    /// Builds the scene of `step`.
    pub fn build(trace: &Trace, layout: &Layout, step: usize, diff: &StepDiff) -> Scene {
        let stack = trace.stack(step);
        let mut frames = Vec::new();
        let mut y = TOP;
        let mut local_anchor: BTreeMap<(u32, &str), (f64, f64)> = BTreeMap::new();
        for (i, frame) in stack.iter().enumerate() {
            let h = FRAME_HEADER + frame.locals.len() as f64 * ROW_H + 8.0;
            let locals = frame
                .locals
                .iter()
                .enumerate()
                .map(|(j, l)| {
                    let row_y = y + FRAME_HEADER + j as f64 * ROW_H + ROW_H / 2.0;
                    local_anchor.insert((frame.id, l.name.as_str()), (FRAME_W - 12.0, row_y));
                    LocalRow {
                        name: l.name.clone(),
                        value: value_text(&l.value),
                        target: value_target(&l.value),
                    }
                })
                .collect();
            frames.push(FrameBox {
                id: frame.id,
                function: frame.function.to_owned(),
                line: frame.line,
                current: i + 1 == stack.len(),
                y,
                h,
                locals,
            });
            y += h + FRAME_GAP;
        }
        let mut bottom = y;

        let mut objects = Vec::new();
        let mut pos: BTreeMap<ObjId, (f64, f64)> = BTreeMap::new();
        for index in trace.heap_indices(step) {
            let state = &trace.objects[index as usize];
            let Some((x, y)) = layout.position(state.id) else {
                continue;
            };
            let h = box_height(box_rows(state));
            bottom = bottom.max(y + layout.row_height(state.id).unwrap_or(h));
            pos.insert(state.id, (x, y));
            let change = if diff.new_objects.contains(&state.id) {
                Change::New
            } else {
                match diff.rc_change(state.id) {
                    Some(c) if c.to > c.from => Change::Up {
                        from: c.from,
                        to: c.to,
                    },
                    Some(c) => Change::Down {
                        from: c.from,
                        to: c.to,
                    },
                    None => Change::Same,
                }
            };
            objects.push(ObjBox {
                id: state.id,
                state: index,
                x,
                y,
                h,
                change,
                garbage: !state.reachable,
            });
        }

        let ghosts = diff
            .freed
            .iter()
            .filter_map(|f| {
                let (x, y) = layout.position(f.id)?;
                bottom = bottom.max(y + box_height(0));
                Some(Ghost {
                    id: f.id,
                    type_name: f.type_name.clone(),
                    summary: f.summary.clone(),
                    reason: f.reason,
                    x,
                    y,
                })
            })
            .collect();

        let mut arrows = Vec::new();
        for frame in &stack {
            for &l in &frame.locals {
                let Value::Ref { id } = l.value else { continue };
                let (Some(&(sx, sy)), Some(&(tx, ty))) =
                    (local_anchor.get(&(frame.id, l.name.as_str())), pos.get(&id))
                else {
                    continue;
                };
                let key = ArrowKey {
                    from: ArrowFrom::Local {
                        frame: frame.id,
                        name: l.name.clone(),
                    },
                    to: id,
                };
                arrows.push(Arrow {
                    added: diff.arrows_added.contains(&key),
                    key,
                    path: curve(sx, sy, tx, ty),
                    weak: false,
                });
            }
        }
        for o in &objects {
            let state = &trace.objects[o.state as usize];
            for (row, edge) in state.refs.iter().take(MAX_ROWS).enumerate() {
                let Value::Ref { id } = edge.value else {
                    continue;
                };
                let Some(&(tx, ty)) = pos.get(&id) else {
                    continue;
                };
                let sx = o.x + BOX_W - 12.0;
                let sy = o.y + HEADER_H + row as f64 * ROW_H + ROW_H / 2.0;
                let key = ArrowKey {
                    from: ArrowFrom::Slot {
                        object: o.id,
                        label: edge_label(&edge.label),
                    },
                    to: id,
                };
                arrows.push(Arrow {
                    added: diff.arrows_added.contains(&key),
                    key,
                    path: curve(sx, sy, tx, ty),
                    weak: edge.weak,
                });
            }
        }

        let cycles = garbage_cycles(trace, step)
            .into_iter()
            .map(|members| {
                let boxes: Vec<&ObjBox> =
                    objects.iter().filter(|o| members.contains(&o.id)).collect();
                let x0 = boxes.iter().map(|b| b.x).fold(f64::MAX, f64::min) - CYCLE_PAD;
                let y0 = boxes.iter().map(|b| b.y).fold(f64::MAX, f64::min) - CYCLE_PAD;
                let x1 = boxes.iter().map(|b| b.x + BOX_W).fold(f64::MIN, f64::max) + CYCLE_PAD;
                let y1 = boxes.iter().map(|b| b.y + b.h).fold(f64::MIN, f64::max) + CYCLE_PAD;
                CycleGroup {
                    members,
                    x: x0,
                    y: y0,
                    w: x1 - x0,
                    h: y1 - y0,
                }
            })
            .collect();

        Scene {
            width: layout.right().max(FRAME_W + 40.0),
            height: bottom + 40.0,
            frames,
            objects,
            ghosts,
            arrows,
            cycles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{fixtures, Analysis};

    #[test]
    fn every_reference_to_a_live_object_gets_an_arrow() {
        let trace = fixtures::load("cycle");
        let layout = Analysis::new(&trace).layout;
        let step = fixtures::step_at_line(&trace, 15);
        let scene = Scene::build(&trace, &layout, step, &StepDiff::at(&trace, step));
        // a, b, items, a.other, b.other, items[0], items[1]
        assert_eq!(
            scene.arrows.len(),
            super::super::diff::arrows(&trace, step).len()
        );
        assert!(scene.arrows.iter().all(|a| a.path.starts_with('M')));
        assert!(scene.cycles.is_empty());
    }

    #[test]
    fn the_garbage_cycle_is_outlined_around_both_nodes() {
        let trace = fixtures::load("cycle");
        let layout = Analysis::new(&trace).layout;
        let step = fixtures::step_at_line(&trace, 17);
        let scene = Scene::build(&trace, &layout, step, &StepDiff::at(&trace, step));
        assert_eq!(scene.cycles.len(), 1);
        let c = &scene.cycles[0];
        for o in scene.objects.iter().filter(|o| c.members.contains(&o.id)) {
            assert!(o.garbage);
            assert!(c.x <= o.x && o.x + BOX_W <= c.x + c.w);
            assert!(c.y <= o.y && o.y + o.h <= c.y + c.h);
        }
    }

    #[test]
    fn a_freed_object_leaves_a_ghost_in_its_slot() {
        let trace = fixtures::load("cycle");
        let layout = Analysis::new(&trace).layout;
        let step = fixtures::step_at_line(&trace, 16);
        let scene = Scene::build(&trace, &layout, step, &StepDiff::at(&trace, step));
        assert_eq!(scene.ghosts.len(), 1);
        let g = &scene.ghosts[0];
        assert_eq!(Some((g.x, g.y)), layout.position(g.id));
        assert!(scene.objects.iter().all(|o| (o.x, o.y) != (g.x, g.y)));
    }
}
