//! A small chart of live objects and known bytes per step, with the current step marked.
//! Clicking the chart jumps to the step under the pointer (the chart is split into at most
//! [`MAX_BUCKETS`] clickable columns, so a 10 000-step run stays cheap to draw).

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

fn polyline<T: Copy + Into<f64>>(values: &[T], max: f64) -> String {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let y = H - PAD - v.into() / max * (H - 2.0 * PAD);
            format!("{:.1},{y:.1}", x_of(i, n))
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    let bytes: Vec<f64> = s.bytes.iter().map(|&b| b as f64).collect();
    let live = polyline(&s.live, s.max_live() as f64);
    let bytes_line = polyline(&bytes, s.max_bytes() as f64);
    let step = props.step.min(n - 1);
    let cx = x_of(step, n);
    let starts = bucket_starts(n);
    let width = (W - 2.0 * PAD) / starts.len() as f64;
    let caption = format!(
        "{} live objects, {}{} bytes at this step",
        s.live[step],
        if s.inexact[step] { "about " } else { "" },
        s.bytes[step]
    );
    html! {
        <figure id="memory-chart" class="panel memory-chart">
            <svg viewBox={format!("0 0 {W} {H}")} role="img"
                 aria-label={format!("Memory over time: {caption}")}>
                <polyline class="series live" points={live} />
                <polyline class="series bytes" points={bytes_line} />
                <line class="cursor" x1={cx.to_string()} x2={cx.to_string()} y1="0" y2={H.to_string()} />
                { for starts.iter().enumerate().map(|(k, &first)| {
                    let onclick = props.on_goto.reform(move |_: MouseEvent| first);
                    html! {
                        <rect class="hit" x={(PAD + k as f64 * width).to_string()} y="0"
                              width={width.to_string()} height={H.to_string()} {onclick}>
                            <title>{ format!("step {}", first + 1) }</title>
                        </rect>
                    }
                }) }
            </svg>
            <figcaption>
                <span class="key live">{ "objects" }</span>
                <span class="key bytes">{ "bytes" }</span>
                <span class="now">{ caption }</span>
            </figcaption>
        </figure>
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
}
