//! One heap object as a box: type, id, refcount badge, summary, size and reference slots,
//! with its change at this step told in text as well as colour ("new", "▲ 2→3"); or the
//! ghost of an object freed at this step, saying how it died.

use refscope_trace::{FreeReason, ObjId, Trace};
use yew::prelude::*;

use crate::model::layout::{BOX_W, MAX_ROWS};
use crate::model::scene::{Change, Ghost, ObjBox};
use crate::model::text::{edge_label, refcount_text, size_text, value_text};
use crate::shared::Shared;

/// What the box shows.
#[derive(Clone, PartialEq)]
pub enum BoxKind {
    /// A live object; its state is `trace.objects[obj.state]`.
    Live(ObjBox),
    /// An object freed at this step.
    Ghost(Ghost),
}

/// Props of [`ObjectBox`].
#[derive(Properties, PartialEq)]
pub struct ObjectBoxProps {
    /// The trace (for the object's state; compared by pointer).
    pub trace: Shared<Trace>,
    /// The object.
    pub kind: BoxKind,
    /// It is selected.
    #[prop_or_default]
    pub selected: bool,
    /// Select this object (click or Enter).
    pub on_select: Callback<Option<ObjId>>,
}

/// The words for how an object died.
pub fn freed_text(reason: FreeReason) -> &'static str {
    match reason {
        FreeReason::Refcount => "freed: refcount reached 0",
        FreeReason::GcCollected => "collected by gc",
    }
}

fn position(x: f64, y: f64, h: Option<f64>) -> String {
    match h {
        Some(h) => format!("left:{x}px;top:{y}px;width:{BOX_W}px;height:{h}px"),
        None => format!("left:{x}px;top:{y}px;width:{BOX_W}px"),
    }
}

/// A heap object box or a freed ghost.
#[component]
pub fn ObjectBox(props: &ObjectBoxProps) -> Html {
    let (obj, state) = match &props.kind {
        BoxKind::Ghost(g) => {
            return html! {
                <div class={classes!("ghost", if g.reason == FreeReason::GcCollected { "collected" } else { "refcount" })}
                     data-id={g.id.to_string()} style={position(g.x, g.y, None)}>
                    <div class="obj-head"><span class="type">{ &g.type_name }</span><span class="oid">{ format!("#{}", g.id) }</span></div>
                    <div class="summary">{ &g.summary }</div>
                    <div class="freed-note">{ freed_text(g.reason) }</div>
                </div>
            };
        }
        BoxKind::Live(obj) => (obj, &props.trace.objects[obj.state as usize]),
    };
    let id = obj.id;
    let (change_class, tag) = match obj.change {
        Change::Same => (None, html! {}),
        Change::New => (
            Some("new"),
            html! { <span class="tag tag-new">{ "new" }</span> },
        ),
        Change::Up { from, to } => (
            Some("rc-up"),
            html! { <span class="tag tag-up" title="refcount went up">{ format!("▲ {from}→{to}") }</span> },
        ),
        Change::Down { from, to } => (
            Some("rc-down"),
            html! { <span class="tag tag-down" title="refcount went down">{ format!("▼ {from}→{to}") }</span> },
        ),
    };
    let onclick = {
        let cb = props.on_select.clone();
        let selected = props.selected;
        Callback::from(move |_: MouseEvent| cb.emit(if selected { None } else { Some(id) }))
    };
    let onkeydown = {
        let cb = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                cb.emit(Some(id));
            }
        })
    };
    // The box's accessible name is its visible text (WCAG 2.5.3, "label in name": a
    // speech user says what they see), with hidden words where a glyph alone would be
    // unclear: "refcount" before the badge's number, and the greyed look of garbage.
    let rc = refcount_text(&state.refcount);
    let extra = state.refs.len().saturating_sub(MAX_ROWS);
    html! {
        <div class={classes!("obj", format!("kind-{:?}", state.kind).to_lowercase(), change_class,
                             obj.garbage.then_some("garbage"), props.selected.then_some("selected"))}
             data-id={id.to_string()} style={position(obj.x, obj.y, Some(obj.h))}
             role="button" tabindex="0" aria-pressed={props.selected.to_string()}
             {onclick} {onkeydown}>
            <div class="obj-head">
                <span class="type" title={state.type_name.clone()}>{ &state.type_name }</span>
                <span class="oid">{ format!("#{id}") }</span>
                { tag }
                <span class="sr-only">{ " refcount " }</span>
                <span class="badge" title={badge_title(&state.refcount)}>{ rc }</span>
                if obj.garbage {
                    <span class="sr-only">{ ", unreachable garbage" }</span>
                }
            </div>
            <div class="obj-sub">
                <span class="summary" title={state.summary.clone()}>{ &state.summary }</span>
                <span class="size" title="sys.getsizeof">{ size_text(&state.size) }</span>
            </div>
            <ul class="refs">
                { for state.refs.iter().take(MAX_ROWS).map(|e| html! {
                    <li class={classes!("ref", e.weak.then_some("weak"))}>
                        <span class="label">{ edge_label(&e.label) }</span>
                        <span class="val">{ value_text(&e.value) }</span>
                    </li>
                }) }
                if extra > 0 {
                    <li class="ref more">{ format!("… {extra} more") }</li>
                }
                if let Some(f) = &state.file {
                    <li class="ref file">{ format!("buffer: {:?}", f.buffered) }</li>
                    <li class="ref file">{ format!("disk: {:?}{}", f.disk, if f.closed { " (closed)" } else { "" }) }</li>
                }
                if let Some(g) = &state.generator {
                    <li class="ref gen">{ format!("state: {}{}", g.state, g.line.map(|l| format!(" at line {l}")).unwrap_or_default()) }</li>
                }
            </ul>
        </div>
    }
}

/// The badge's tooltip: what its number is, and for "≈" why it is not exact.
fn badge_title(refcount: &refscope_trace::Refcount) -> &'static str {
    match refcount {
        refscope_trace::Refcount::Approximate { .. } => {
            "about this many references: CPython's exact count here cannot be told from \
             the run (see \"Where this run differs from CPython\" under the output)"
        }
        refscope_trace::Refcount::Immortal => "immortal: CPython never counts or frees it",
        refscope_trace::Refcount::Counted { .. } => "references CPython counts",
    }
}
