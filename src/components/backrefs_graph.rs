//! The back-references graph in "Why is this alive?" (objgraph's `show_backrefs`): the
//! names at the top, the selected object at the bottom (the side pane is narrow and tall),
//! every arrow labelled as in the diagram, the shortest path from a name drawn heavier
//! (`model::backrefs`).

use refscope_trace::{ObjId, Trace};
use yew::prelude::*;

use crate::model::backrefs::backrefs;
use crate::shared::Shared;

const NODE_W: f64 = 104.0;
const NODE_H: f64 = 24.0;
const GAP_X: f64 = 10.0;
const GAP_Y: f64 = 30.0;
const PAD: f64 = 6.0;
/// The advance of one character of the graph's 11 px monospace labels (0.6 em).
const CHAR_W: f64 = 6.6;

/// Props of [`BackrefsGraph`].
#[derive(Properties, PartialEq)]
pub struct BackrefsGraphProps {
    pub trace: Shared<Trace>,
    pub step: usize,
    pub selected: ObjId,
}

/// The drawn graph; its words are the "reachable as" list above it.
#[component]
pub fn BackrefsGraph(props: &BackrefsGraphProps) -> Html {
    let graph = use_memo(
        (props.trace.clone(), props.step, props.selected),
        |(t, s, id)| backrefs(t, *s, *id),
    );
    if graph.nodes.len() < 2 {
        return html! {};
    }
    let deepest = graph.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    let mut rows = vec![0usize; deepest + 1];
    let pos: Vec<(f64, f64)> = graph
        .nodes
        .iter()
        .map(|n| {
            let col = rows[n.depth];
            rows[n.depth] += 1;
            let y = PAD + (deepest - n.depth) as f64 * (NODE_H + GAP_Y);
            (PAD + col as f64 * (NODE_W + GAP_X), y)
        })
        .collect();
    let widest = rows.iter().max().copied().unwrap_or(1) as f64;
    // An arrow's label is written to the right of its middle; the drawing is widened so
    // that the longest (`__defaults__[0]`, `gen.gi_frame` locals) is not cut off.
    let labels_end = graph
        .edges
        .iter()
        .map(|e| {
            let mid = (pos[e.from].0 + pos[e.to].0) / 2.0 + NODE_W / 2.0 + 4.0;
            mid + e.label.chars().count() as f64 * CHAR_W
        })
        .fold(0.0, f64::max);
    let width = (PAD * 2.0 + widest * NODE_W + (widest - 1.0) * GAP_X).max(labels_end + PAD);
    let height = PAD * 2.0 + (deepest + 1) as f64 * NODE_H + deepest as f64 * GAP_Y;
    let aria = graph.spoken();
    html! {
        <div class="backrefs" id="backrefs">
            <h3>{ "What refers to it" }</h3>
            <div class="backrefs-scroll">
                <svg width={width.to_string()} height={height.to_string()} role="img" aria-label={aria}>
                    <defs>
                        <marker id="bk-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" />
                        </marker>
                    </defs>
                    { for graph.edges.iter().map(|e| {
                        let (fx, fy) = pos[e.from];
                        let (tx, ty) = pos[e.to];
                        let (x1, y1, x2, y2) = (fx + NODE_W / 2.0, fy + NODE_H, tx + NODE_W / 2.0, ty);
                        html! {
                            <g class={classes!("bk-edge", e.shortest.then_some("shortest"))}>
                                <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#bk-arrow)" />
                                <text x={((x1 + x2) / 2.0 + 4.0).to_string()} y={((y1 + y2) / 2.0 + 4.0).to_string()}>{ &e.label }</text>
                            </g>
                        }
                    }) }
                    { for graph.nodes.iter().zip(&pos).map(|(n, (x, y))| html! {
                        <g class={classes!("bk-node", n.object.is_none().then_some("name"), (n.depth == 0).then_some("target"))}>
                            <rect x={x.to_string()} y={y.to_string()} width={NODE_W.to_string()} height={NODE_H.to_string()} rx="5" />
                            <text x={(x + 6.0).to_string()} y={(y + 17.0).to_string()}>{ &n.label }</text>
                        </g>
                    }) }
                </svg>
            </div>
            if graph.truncated {
                <p class="hint">{ "Cut short: only the nearest holders are drawn." }</p>
            }
        </div>
    }
}
