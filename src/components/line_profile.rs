//! The "Line by line" view: memory_profiler's `@profile` table for the recorded run, for
//! the whole program or one function (`refscope_trace::profile`, the same table
//! `refscope profile` prints). Collapsed by default and computed only while open; a row's
//! button goes to the step that shows the line's last growth.

use refscope_trace::profile::{line_profile, profiled_functions, Profile};
use refscope_trace::Trace;
use yew::prelude::*;

use crate::hooks::use_details::use_details_open;

use crate::shared::Shared;

/// Props of [`LineProfile`].
#[derive(Properties, PartialEq)]
pub struct LineProfileProps {
    /// The trace on screen.
    pub trace: Shared<Trace>,
    /// The line on screen (its row is marked).
    pub line: u32,
    /// Go to a step.
    pub on_goto: Callback<usize>,
}

fn signed(n: i64) -> String {
    match n {
        0 => "0 B".to_owned(),
        n if n > 0 => format!("+{n} B"),
        n => format!("−{} B", n.unsigned_abs()),
    }
}

fn table(profile: &Profile, line: u32, on_goto: &Callback<usize>) -> Html {
    html! {
        <table class="line-profile-table">
            <caption class="sr-only">{ "Memory by line: bytes of your objects after the line last ran, what it added over its runs, and how often it ran" }</caption>
            <thead><tr>
                <th scope="col">{ "Line" }</th><th scope="col">{ "Mem usage" }</th>
                <th scope="col">{ "Increment" }</th><th scope="col">{ "Runs" }</th>
                <th scope="col">{ "Line contents" }</th>
            </tr></thead>
            <tbody>
            { for profile.rows.iter().map(|r| {
                let goto = r.last_growth.map(|s| on_goto.reform(move |_: MouseEvent| s));
                html! {
                    <tr class={classes!((r.line == line).then_some("current"), (r.increment > 0).then_some("grew"))}>
                        <td class="num">
                            if let Some(onclick) = goto {
                                <button class="link" {onclick}
                                        aria-label={format!("Line {}: go to the step after it last added memory", r.line)}>
                                    { r.line }
                                </button>
                            } else { { r.line } }
                        </td>
                        <td class="num">{ r.mem.map(|m| format!("{m} B")).unwrap_or_default() }</td>
                        <td class="num">{ if r.occurrences > 0 { signed(r.increment) } else { String::new() } }</td>
                        <td class="num">{ if r.occurrences > 0 { r.occurrences.to_string() } else { String::new() } }</td>
                        <td class="code"><code>{ &r.text }</code></td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
    }
}

/// A `<details>` with the table of the whole program or a chosen function.
#[component]
pub fn LineProfile(props: &LineProfileProps) -> Html {
    let (open, ontoggle) = use_details_open();
    let function = use_state(|| None::<String>);
    let onchange = {
        let function = function.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let v = select.value();
            function.set((!v.is_empty()).then_some(v));
        })
    };
    let body = if open {
        let choices = profiled_functions(&props.trace);
        let chosen = function
            .as_deref()
            .filter(|f| choices.iter().any(|c| c == f));
        let shown = match line_profile(&props.trace, chosen) {
            Ok(p) => table(&p, props.line, &props.on_goto),
            Err(e) => html! { <p class="placeholder">{ e }</p> },
        };
        html! {
            <div class="line-profile-body">
                <label class="line-profile-pick">{ "Profile " }
                    <select id="line-profile-function" {onchange}>
                        <option value="" selected={chosen.is_none()}>{ "the whole program" }</option>
                        { for choices.iter().map(|f| html! {
                            <option value={f.clone()} selected={chosen == Some(f.as_str())}>{ format!("{f}()") }</option>
                        }) }
                    </select>
                </label>
                { shown }
                <p class="hint">{ "Like memory_profiler's @profile, but in bytes of your own objects (CPython 3.13's sys.getsizeof), \
                                   the ones the diagram draws: classes, modules and the interpreter's own objects are left out. \
                                   memory_profiler measures the whole process, interpreter and allocator included." }</p>
            </div>
        }
    } else {
        html! {}
    };
    html! {
        <details id="line-profile" class="panel memory-text line-profile" {ontoggle}>
            <summary>{ "Line by line: which lines add memory" }</summary>
            { body }
        </details>
    }
}
