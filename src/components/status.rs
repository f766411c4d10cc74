//! The status area: the VM's loading progress, the run in progress and notices (stop,
//! crash, load failure), in words.

use yew::prelude::*;

use crate::protocol::progress_label;
use crate::replay::{RunStatus, VmStatus};

/// Props of [`Status`].
#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// The VM.
    pub vm: VmStatus,
    /// The run.
    pub run: RunStatus,
    /// A notice to show.
    pub notice: Option<AttrValue>,
}

/// The `#status` region with the `#vm-progress` bar while the VM loads.
#[component]
pub fn Status(props: &StatusProps) -> Html {
    let progress = match &props.vm {
        VmStatus::Loading {
            loaded,
            total,
            full,
        } => {
            let label = progress_label(*loaded, *total, *full);
            // Without a total the bar is indeterminate (no value attribute).
            let bar = if *total > 0.0 {
                html! { <progress id="vm-progress" value={loaded.to_string()} max={total.to_string()} aria-label={label.clone()} /> }
            } else {
                html! { <progress id="vm-progress" aria-label={label.clone()} /> }
            };
            html! { <span class="vm-loading">{ bar }<span class="progress-label">{ label }</span></span> }
        }
        VmStatus::Ready => html! {},
        VmStatus::Failed(_) => {
            html! { <span class="vm-failed">{ "Python is not available." }</span> }
        }
    };
    let running = (props.run == RunStatus::Running)
        .then(|| html! { <span class="running">{ "Running your code…" }</span> });
    html! {
        <div id="status" class="status" role="status">
            { progress }
            { for running }
            if let Some(notice) = &props.notice {
                <span class="notice">{ notice.clone() }</span>
            }
        </div>
    }
}
