//! The memory diagram: frames on the left, heap objects on the right, and an SVG overlay
//! with the arrows and garbage-cycle outlines. All geometry comes from
//! [`Scene`](crate::model::scene::Scene), computed once per (trace, step).

use std::rc::Rc;

use refscope_trace::{ObjId, Trace};
use yew::prelude::*;

use super::object_box::{BoxKind, ObjectBox};
use crate::model::diff::{ArrowFrom, StepDiff};
use crate::model::follow::{action_rect, fallback_rect, scroll_to_show, View};
use crate::model::layout::HEAP_X;
use crate::model::scene::{Scene, FRAME_HEADER, FRAME_W};
use crate::model::Analysis;
use crate::shared::Shared;

/// The cycle label's words.
pub const CYCLE_LABEL: &str = "garbage: waiting for the cyclic garbage collector";

/// Props of [`Diagram`].
#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// The trace.
    pub trace: Shared<Trace>,
    /// Its analysis.
    pub analysis: Shared<Analysis>,
    /// The step on screen.
    pub step: usize,
    /// The diff of that step.
    pub diff: Rc<StepDiff>,
    /// The selected object.
    pub selected: Option<ObjId>,
    /// Select an object.
    pub on_select: Callback<Option<ObjId>>,
}

/// CPython reports line 0 for a module frame's `call` event, before any line has run.
fn line_text(line: u32) -> String {
    if line == 0 {
        "starting".to_owned()
    } else {
        format!("line {line}")
    }
}

fn frames_html(scene: &Scene) -> Html {
    html! {
        { for scene.frames.iter().map(|f| html! {
            <div class={classes!("frame", f.current.then_some("current"))}
                 style={format!("left:0px;top:{}px;width:{FRAME_W}px;height:{}px", f.y, f.h)}
                 aria-label={format!("frame {} at {}", f.function, line_text(f.line))}>
                <div class="frame-head" style={format!("height:{FRAME_HEADER}px")}>
                    <span class="fn">{ &f.function }</span>
                    <span class="line">{ line_text(f.line) }</span>
                </div>
                { for f.locals.iter().map(|l| html! {
                    <div class={classes!("local", l.target.is_some().then_some("is-ref"))}>
                        <span class="name">{ &l.name }</span>
                        <span class="val">{ &l.value }</span>
                    </div>
                }) }
            </div>
        }) }
    }
}

fn overlay(scene: &Scene) -> Html {
    let (w, h) = (scene.width, scene.height);
    // Keyed by where the arrow starts (a name in a frame, a row of a box), which is
    // unique; by position, one arrow more early in the list rewrote every later path.
    let arrows: Html = scene
        .arrows
        .iter()
        .map(|a| {
            let key = match &a.key.from {
                ArrowFrom::Local { frame, name } => format!("f{frame}-{name}"),
                ArrowFrom::Slot { object, label } => format!("o{object}-{label}"),
            };
            html! {
                <path key={key} class={classes!("arrow", a.weak.then_some("weak"), a.added.then_some("new"))}
                      d={a.path.clone()} marker-end="url(#arrowhead)" />
            }
        })
        .collect();
    html! {
        <svg class="arrows" width={w.to_string()} height={h.to_string()}
             viewBox={format!("0 0 {w} {h}")} aria-hidden="true" focusable="false">
            <defs>
                <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"
                        markerHeight="7" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
                </marker>
            </defs>
            // A list of its own, so that the arrows after it keep their place.
            { scene.cycles.iter().map(|c| html! {
                <rect class="cycle-outline" x={c.x.to_string()} y={c.y.to_string()}
                      width={c.w.to_string()} height={c.h.to_string()} rx="10" />
            }).collect::<Html>() }
            { arrows }
        </svg>
    }
}

/// The `#diagram`.
#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let scene = use_memo(
        (
            props.trace.clone(),
            props.analysis.clone(),
            props.step,
            props.diff.clone(),
        ),
        |(trace, analysis, step, diff)| Scene::build(trace, &analysis.layout, *step, diff),
    );
    let section = use_node_ref();
    {
        // After the step is drawn: bring what it acts on into sight.
        let section = section.clone();
        use_effect_with(scene.clone(), move |scene| follow_action(&section, scene));
    }
    let trace = &props.trace;
    // Each keyed group is its own list (`collect` makes one). Written as `{ for … }`
    // inside the canvas, the boxes would be spliced into the canvas's children, which
    // also hold unkeyed titles and frames: Yew then matches children by position, and one
    // object more or less early in the list rebuilt every box after it (about 40 boxes a
    // frame while scrubbing), losing the keyboard focus on a box too.
    let objects: Html = scene
        .objects
        .iter()
        .map(|o| {
            html! {
                <ObjectBox key={o.id} trace={trace.clone()} kind={BoxKind::Live(o.clone())}
                    selected={props.selected == Some(o.id)} on_select={props.on_select.clone()} />
            }
        })
        .collect();
    let ghosts: Html = scene
        .ghosts
        .iter()
        .map(|g| {
            html! {
                <ObjectBox key={format!("ghost-{}", g.id)} trace={trace.clone()} kind={BoxKind::Ghost(g.clone())}
                    on_select={props.on_select.clone()} />
            }
        })
        .collect();
    html! {
        <section id="diagram" class="panel diagram" aria-label="Memory diagram" tabindex="0"
                 ref={section}>
            <div class="diagram-canvas" style={format!("width:{}px;height:{}px", scene.width, scene.height)}>
                <div class="col-title" style="left:0px">{ "Frames (names)" }</div>
                <div class="col-title" style={format!("left:{HEAP_X}px")}>{ "Heap objects" }</div>
                { frames_html(&scene) }
                { objects }
                { ghosts }
                { overlay(&scene) }
                { for scene.cycles.iter().map(|c| html! {
                    <div class="cycle-label" style={format!("left:{}px;top:{}px", c.x, c.y - 24.0)}>
                        { CYCLE_LABEL }
                    </div>
                }) }
            </div>
        </section>
    }
}

/// Scrolls the diagram so the boxes the step acts on are in sight (see `model::follow`).
/// The canvas's offset in the section is read from the DOM: it is the section's padding,
/// which the theme and projector mode set.
fn follow_action(section: &NodeRef, scene: &Scene) {
    let Some(el) = section.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let Some(canvas) = el
        .first_element_child()
        .and_then(|c| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(c).ok())
    else {
        return;
    };
    let (dx, dy) = (
        f64::from(canvas.offset_left()),
        f64::from(canvas.offset_top()),
    );
    let view = View {
        left: f64::from(el.scroll_left()) - dx,
        top: f64::from(el.scroll_top()) - dy,
        width: f64::from(el.client_width()),
        height: f64::from(el.client_height()),
    };
    let Some(target) = action_rect(scene).or_else(|| fallback_rect(scene, view)) else {
        return;
    };
    if let Some((left, top)) = scroll_to_show(view, target, 8.0) {
        el.set_scroll_left((left + dx).round() as i32);
        el.set_scroll_top((top + dy).round() as i32);
    }
}
