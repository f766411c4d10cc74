//! "Why is this alive?": for the selected object, the shortest reference paths from the
//! program's names, or the plain fact that only a garbage cycle keeps it.

use refscope_trace::{ObjId, Trace};
use yew::prelude::*;

use super::backrefs_graph::BackrefsGraph;
use crate::model::deep_size::deep_size;
use crate::model::reach::why_alive;
use crate::model::text::{refcount_value, references, size_text};
use crate::shared::Shared;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The trace.
    pub trace: Shared<Trace>,
    /// The step on screen.
    pub step: usize,
    /// The selected object.
    pub selected: ObjId,
    /// Clear the selection.
    pub on_close: Callback<()>,
}

/// The "Why is this alive?" panel.
#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let trace = &props.trace;
    let answer = use_memo(
        (trace.clone(), props.step, props.selected),
        |(trace, step, id)| why_alive(trace, *step, *id).describe(),
    );
    let title = match trace.object_at(props.step, props.selected) {
        Some(o) => format!(
            "{} #{} · {} · {}",
            o.type_name,
            o.id,
            match refcount_value(&o.refcount) {
                Some(n) => references(n),
                None => "immortal".to_owned(),
            },
            size_text(&o.size)
        ),
        None => format!("#{}", props.selected),
    };
    let deep = use_memo(
        (trace.clone(), props.step, props.selected),
        |(trace, step, id)| deep_size(trace, *step, *id),
    );
    let sizes = deep.as_ref().as_ref().map(|d| {
        let about = if d.inexact { "about " } else { "" };
        html! {
            <div class="deep-size" id="deep-size">
                <h3>{ "How big is it?" }</h3>
                <p>{ format!("sys.getsizeof: {} B, the object alone.", d.shallow) }</p>
                <p>{ format!("Deep size (pympler's asizeof): {about}{} B, everything it reaches, each once.", d.reachable) }</p>
                <p>{ format!("Only through it: {about}{} B, what freeing it would free.", d.retained_bytes()) }</p>
                <details>
                    <summary>{ format!("Counted: {} object{}", d.retained.len(), if d.retained.len() == 1 { "" } else { "s" }) }</summary>
                    <ul>
                        { for d.retained.iter().map(|(id, b)| {
                            let what = trace.object_at(props.step, *id)
                                .map(|o| format!("{} #{id} {}", o.type_name, o.summary))
                                .unwrap_or_else(|| format!("#{id}"));
                            html! { <li>{ format!("{what}: {b} B") }</li> }
                        }) }
                    </ul>
                </details>
            </div>
        }
    });
    let onclick = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section id="inspector" class="panel inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ "Why is this alive?" }</h2>
            <p class="inspected">{ title }</p>
            <ul class="why">
                { for answer.iter().map(|line| html! { <li>{ line }</li> }) }
            </ul>
            <BackrefsGraph trace={trace.clone()} step={props.step} selected={props.selected} />
            { sizes.unwrap_or_default() }
            <button id="inspector-close" class="link" {onclick}>{ "Close" }</button>
        </section>
    }
}
