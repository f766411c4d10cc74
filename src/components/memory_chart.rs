//! A small chart of live objects and known bytes per step, with the current step marked.
//! Clicking the chart jumps to the step under the pointer (the chart is split into at most
//! [`MAX_BUCKETS`] clickable columns, so a 10 000-step run stays cheap to draw).
//!
//! The lines and click targets depend only on the trace, so they are a child component
//! ([`ChartBody`]) that does not re-render when the step changes; each line has at most two
//! points per pixel column (the lowest and highest value in it), whatever the run's length.

use yew::prelude::*;

use crate::model::{Analysis, Series};
use crate::shared::Shared;

const W: f64 = 320.0;
const H: f64 = 84.0;
const PAD: f64 = 6.0;
/// The most clickable columns drawn.
pub const MAX_BUCKETS: usize = 160;

/// The first step of each clickable column: `min(steps, MAX_BUCKETS)` columns.
pub fn bucket_starts(steps: usize) -> Vec<usize> {
    let n = steps.min(MAX_BUCKETS);
    (0..n).map(|k| k * steps / n).collect()
}

fn x_of(i: usize, n: usize) -> f64 {
    if n <= 1 {
        PAD
    } else {
        PAD + i as f64 / (n - 1) as f64 * (W - 2.0 * PAD)
    }
}

/// Pixel columns a line is drawn with.
const COLUMNS: usize = (W - 2.0 * PAD) as usize;

fn polyline<T: Copy + Into<f64>>(values: &[T], max: f64) -> String {
    let n = values.len();
    let y = |v: f64| H - PAD - v / max * (H - 2.0 * PAD);
    let point = |i: usize, v: f64| format!("{:.1},{:.1}", x_of(i, n), y(v));
    if n <= 2 * COLUMNS {
        return values
            .iter()
            .enumerate()
            .map(|(i, &v)| point(i, v.into()))
            .collect::<Vec<_>>()
            .join(" ");
    }
    // Longer runs: per column, its lowest and highest value, in step order.
    let mut points = Vec::with_capacity(2 * COLUMNS);
    for c in 0..COLUMNS {
        let (from, to) = (
            c * n / COLUMNS,
            ((c + 1) * n / COLUMNS).max(c * n / COLUMNS + 1),
        );
        let column = values[from..to].iter().map(|&v| v.into()).enumerate();
        let (mut lo, mut hi) = ((0, f64::MAX), (0, f64::MIN));
        for (i, v) in column {
            if v < lo.1 {
                lo = (i, v);
            }
            if v > hi.1 {
                hi = (i, v);
            }
        }
        let (a, b) = if lo.0 <= hi.0 { (lo, hi) } else { (hi, lo) };
        points.push(point(from + a.0, a.1));
        points.push(point(from + b.0, b.1));
    }
    points.join(" ")
}

/// Props of [`MemoryChart`].
#[derive(Properties, PartialEq)]
pub struct MemoryChartProps {
    /// The analysis holding the series.
    pub analysis: Shared<Analysis>,
    /// The step on screen.
    pub step: usize,
    /// Jump to a step.
    pub on_goto: Callback<usize>,
}

/// The `#memory-chart`.
#[component]
pub fn MemoryChart(props: &MemoryChartProps) -> Html {
    let s: &Series = &props.analysis.series;
    let n = s.live.len();
    if n == 0 {
        return html! { <figure id="memory-chart" class="panel memory-chart"><figcaption>{ "No steps to chart." }</figcaption></figure> };
    }
    let step = props.step.min(n - 1);
    let cx = x_of(step, n);
    let caption = format!(
        "{} live object{}, {}{} bytes at this step",
        s.live[step],
        if s.live[step] == 1 { "" } else { "s" },
        if s.inexact[step] { "about " } else { "" },
        s.bytes[step]
    );
    html! {
        <figure id="memory-chart" class="panel memory-chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img"
                 aria-label={format!("Memory over time: {caption}")}>
                <ChartBody analysis={props.analysis.clone()} on_goto={props.on_goto.clone()} />
                <line class="cursor" x1={cx.to_string()} x2={cx.to_string()} y1="0" y2={H.to_string()} />
            </svg>
            <figcaption>
                <span class="key live">{ "objects" }</span>
                <span class="key bytes">{ "bytes" }</span>
                <span class="now">{ caption }</span>
            </figcaption>
        </figure>
    }
}

/// Props of [`ChartBody`]: no step, so moving through the trace does not re-render it.
#[derive(Properties, PartialEq)]
pub struct ChartBodyProps {
    pub analysis: Shared<Analysis>,
    pub on_goto: Callback<usize>,
}

/// The two lines and the clickable columns.
#[component]
pub fn ChartBody(props: &ChartBodyProps) -> Html {
    let s: &Series = &props.analysis.series;
    let n = s.live.len();
    let bytes: Vec<f64> = s.bytes.iter().map(|&b| b as f64).collect();
    let live = polyline(&s.live, s.max_live() as f64);
    let bytes_line = polyline(&bytes, s.max_bytes() as f64);
    let starts = bucket_starts(n);
    let width = (W - 2.0 * PAD) / starts.len().max(1) as f64;
    html! {
        <g class="body">
            <polyline class="series live" points={live} />
            <polyline class="series bytes" points={bytes_line} />
            { for starts.iter().enumerate().map(|(k, &first)| {
                let onclick = props.on_goto.reform(move |_: MouseEvent| first);
                html! {
                    <rect class="hit" x={(PAD + k as f64 * width).to_string()} y="0"
                          width={width.to_string()} height={H.to_string()} {onclick}>
                        <title>{ format!("step {}", first + 1) }</title>
                    </rect>
                }
            }) }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_step_without_exceeding_the_cap() {
        assert_eq!(bucket_starts(3), vec![0, 1, 2]);
        let b = bucket_starts(10_000);
        assert_eq!(b.len(), MAX_BUCKETS);
        assert_eq!(b[0], 0);
        assert!(b.windows(2).all(|w| w[0] < w[1]));
        assert!(*b.last().unwrap() < 10_000);
    }

    #[test]
    fn long_lines_keep_each_columns_extremes_in_order() {
        // A spike one step wide in 100,000 must still show, and the points stay few.
        let mut values = vec![1u32; 100_000];
        values[54_321] = 50;
        let points = polyline(&values, 50.0);
        let ys: Vec<f64> = points
            .split(' ')
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert!(ys.len() <= 2 * COLUMNS);
        assert!(
            ys.iter().any(|&y| (y - PAD).abs() < 0.1),
            "the spike reaches the top"
        );
        let xs: Vec<f64> = points
            .split(' ')
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(
            xs.windows(2).all(|w| w[0] <= w[1]),
            "points go left to right"
        );
        // Short runs keep every point.
        assert_eq!(polyline(&[1u32, 2, 3], 3.0).split(' ').count(), 3);
    }
}
