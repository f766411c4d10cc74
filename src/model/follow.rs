//! Which part of the diagram a step acts on, and how far the diagram must scroll to show
//! it: at 1280×800 the heap is often wider or taller than its panel, and an object that
//! appears, changes or dies out of sight teaches nothing (issue 20).

use super::layout::{BOX_W, HEADER_H, ROW_H};
use super::scene::{Change, Scene};

/// A rectangle in the diagram canvas's coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What the diagram shows of its canvas: the scroll offsets and the visible size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The boxes this step acts on (new, a count that moved, freed), as the rectangle around
/// them; `None` when nothing on the heap changed. A freed ghost is a header and two rows.
pub fn action_rect(scene: &Scene) -> Option<Rect> {
    let live = scene
        .objects
        .iter()
        .filter(|o| o.change != Change::Same)
        .map(|o| Rect {
            x: o.x,
            y: o.y,
            w: BOX_W,
            h: o.h,
        });
    let freed = scene.ghosts.iter().map(|g| Rect {
        x: g.x,
        y: g.y,
        w: BOX_W,
        h: HEADER_H + 2.0 * ROW_H,
    });
    live.chain(freed).reduce(|a, b| {
        let (x, y) = (a.x.min(b.x), a.y.min(b.y));
        let right = (a.x + a.w).max(b.x + b.w);
        let bottom = (a.y + a.h).max(b.y + b.h);
        Rect {
            x,
            y,
            w: right - x,
            h: bottom - y,
        }
    })
}

/// Where to look when the step acts on nothing: the first object box (top-left), but
/// only if no object box is in `view` at all (the boxes the view was following are gone,
/// leaving an empty stretch of canvas). `None` leaves the view where the learner put it.
pub fn fallback_rect(scene: &Scene, view: View) -> Option<Rect> {
    let rects = scene.objects.iter().map(|o| Rect {
        x: o.x,
        y: o.y,
        w: BOX_W,
        h: o.h,
    });
    let seen = |r: &Rect| {
        r.x < view.left + view.width
            && r.x + r.w > view.left
            && r.y < view.top + view.height
            && r.y + r.h > view.top
    };
    if rects.clone().any(|r| seen(&r)) {
        return None;
    }
    rects.min_by(|a, b| {
        (a.y, a.x)
            .partial_cmp(&(b.y, b.x))
            .unwrap_or(std::cmp::Ordering::Equal)
    })
}

/// The scroll offsets (left, top) that bring `target` into `view`, moving as little as
/// possible; `None` when it is already wholly visible. A target larger than the view is
/// shown from its top-left corner, where a box's type and badge are.
pub fn scroll_to_show(view: View, target: Rect, margin: f64) -> Option<(f64, f64)> {
    let axis = |start: f64, size: f64, at: f64, len: f64| -> f64 {
        let (lo, hi) = (at - margin, at + len + margin);
        if lo >= start && hi <= start + size {
            start
        } else if hi - lo > size || lo < start {
            lo.max(0.0)
        } else {
            hi - size
        }
    };
    let left = axis(view.left, view.width, target.x, target.w);
    let top = axis(view.top, view.height, target.y, target.h);
    (left != view.left || top != view.top).then_some((left, top))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: View = View {
        left: 0.0,
        top: 0.0,
        width: 600.0,
        height: 300.0,
    };

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn a_visible_target_does_not_scroll() {
        assert_eq!(
            scroll_to_show(VIEW, rect(100.0, 50.0, 176.0, 100.0), 8.0),
            None
        );
    }

    #[test]
    fn a_target_below_or_right_scrolls_just_enough() {
        // Bottom edge 450 + margin 8 must meet the view's bottom (300 tall).
        assert_eq!(
            scroll_to_show(VIEW, rect(100.0, 350.0, 176.0, 100.0), 8.0),
            Some((0.0, 158.0))
        );
        assert_eq!(
            scroll_to_show(VIEW, rect(700.0, 50.0, 176.0, 100.0), 8.0),
            Some((284.0, 0.0))
        );
    }

    #[test]
    fn a_target_above_or_larger_than_the_view_shows_its_top_left() {
        let scrolled = View { top: 400.0, ..VIEW };
        assert_eq!(
            scroll_to_show(scrolled, rect(100.0, 120.0, 176.0, 60.0), 8.0),
            Some((0.0, 112.0))
        );
        assert_eq!(
            scroll_to_show(VIEW, rect(300.0, 200.0, 176.0, 900.0), 8.0),
            Some((0.0, 192.0))
        );
    }
}
