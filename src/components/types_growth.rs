//! The "Types and growth" view, objgraph's `show_most_common_types` and `show_growth`:
//! the learner's live objects by type at the step on screen, and, once a step is pinned,
//! what each type gained or lost since, and which lines made the objects still alive
//! (tracemalloc's `compare_to(..., "lineno")`). Each type opens to its objects; choosing one
//! selects it in the diagram, where "Why is this alive?" answers who holds it.

use refscope_trace::{ObjId, Trace};
use yew::prelude::*;

use crate::hooks::use_details::use_details_open;

use crate::model::allocated::{allocated_since, births};
use crate::model::types::{growth_between, most_common};
use crate::shared::Shared;

/// Props of [`TypesGrowth`].
#[derive(Properties, PartialEq)]
pub struct TypesGrowthProps {
    /// The trace on screen.
    pub trace: Shared<Trace>,
    /// The step on screen.
    pub step: usize,
    /// Select an object in the diagram.
    pub on_select: Callback<Option<ObjId>>,
}

fn object_list(
    trace: &Trace,
    step: usize,
    ids: &[ObjId],
    on_select: &Callback<Option<ObjId>>,
) -> Html {
    html! {
        <ul class="type-objects">
            { for ids.iter().map(|&id| {
                let summary = trace.object_at(step, id).map(|o| o.summary.clone()).unwrap_or_default();
                html! {
                    <li><button class="link" onclick={on_select.reform(move |_: MouseEvent| Some(id))}>
                        { format!("#{id} {summary}") }
                    </button></li>
                }
            }) }
        </ul>
    }
}

/// A `<details>` with the counts by type and the growth since a pinned step.
#[component]
pub fn TypesGrowth(props: &TypesGrowthProps) -> Html {
    let (open, ontoggle) = use_details_open();
    let pinned = use_state(|| None::<usize>);
    let (trace, step) = (&props.trace, props.step);
    let pin = {
        let pinned = pinned.clone();
        Callback::from(move |_: MouseEvent| pinned.set(Some(step)))
    };
    // A pin from another trace (a new run) is out of range: dropped.
    let pin_at = (*pinned).filter(|p| *p < trace.steps.len());
    // When each object was made: once per trace, and only while the by-line list shows.
    let births = use_memo((trace.clone(), open && pin_at.is_some()), |(t, needed)| {
        needed.then(|| births(t))
    });
    let body = if open {
        let types = most_common(trace, step);
        html! {
            <div class="types-body">
                <p>
                    <button id="pin-step" onclick={pin}>{ format!("Pin step {}", step + 1) }</button>
                    { match pin_at {
                        Some(p) => format!(" Growth is counted from step {}.", p + 1),
                        None => " Pin a step, then step on: the growth since it appears here.".to_owned(),
                    } }
                </p>
                if let Some(p) = pin_at {
                    <h3>{ format!("Growth since step {}", p + 1) }</h3>
                    <ul class="type-rows" id="type-growth">
                        { for growth_between(&most_common(trace, p), &types).iter().map(|g| {
                            let delta = g.after as i64 - g.before as i64;
                            html! {
                                <li><details>
                                    <summary>{ format!("{}  {} → {}  ({}{delta})", g.type_name, g.before, g.after, if delta > 0 { "+" } else { "" }) }</summary>
                                    { object_list(trace, step, &g.new, &props.on_select) }
                                </details></li>
                            }
                        }) }
                    </ul>
                }
                if let Some(p) = pin_at {
                    <h3>{ format!("Made since step {} and still alive, by line", p + 1) }</h3>
                    <ul class="type-rows" id="allocated-since">
                        { for allocated_since(trace, births.as_ref().as_ref().unwrap_or(&Default::default()), p, step).iter().map(|a| {
                            let place = if a.function == "<module>" { String::new() } else { format!(" in {}()", a.function) };
                            let n = a.objects.len();
                            html! {
                                <li><details>
                                    <summary>{ format!("line {}{place}: {n} object{}, {} B", a.line, if n == 1 { "" } else { "s" }, a.bytes) }</summary>
                                    { object_list(trace, step, &a.objects, &props.on_select) }
                                </details></li>
                            }
                        }) }
                    </ul>
                }
                <h3>{ "Most common types now" }</h3>
                <ul class="type-rows" id="type-counts">
                    { for types.iter().map(|c| html! {
                        <li><details>
                            <summary>{ format!("{}  {}", c.type_name, c.objects.len()) }</summary>
                            { object_list(trace, step, &c.objects, &props.on_select) }
                        </details></li>
                    }) }
                </ul>
                <p class="hint">{ "Like objgraph's show_most_common_types and show_growth and tracemalloc's compare_to by line, \
                                   for your own objects; those tools also count the interpreter's (functions of every module, \
                                   types, dicts of classes, memory blocks that are not objects)." }</p>
            </div>
        }
    } else {
        html! {}
    };
    html! {
        <details id="types-growth" class="panel memory-text types-growth" {ontoggle}>
            <summary>{ "Types and growth: what is piling up" }</summary>
            { body }
        </details>
    }
}
