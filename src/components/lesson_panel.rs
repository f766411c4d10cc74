//! The side panel where lessons will go; today the scratch pad's introduction.

use yew::prelude::*;

/// The lesson (or scratch pad) panel.
#[component]
pub fn LessonPanel() -> Html {
    html! {
        <section class="panel lesson-panel" aria-labelledby="lesson-title">
            <h2 id="lesson-title">{ "Scratch pad" }</h2>
            <p>
                { "Write any Python, press " }<kbd>{ "Run" }</kbd>
                { ", then step through the run. Every box on the right is a real object; \
                   its badge is the number of references CPython counts for it." }
            </p>
            <ul class="hints">
                <li>{ "An object is freed the moment its last reference goes." }</li>
                <li>{ "Objects that only refer to each other are cycle garbage: the cyclic \
                       garbage collector frees them later." }</li>
                <li>{ "Click a box to ask why it is still alive." }</li>
            </ul>
            <p class="keys">
                <kbd>{ "←" }</kbd><kbd>{ "→" }</kbd>{ " step · " }
                <kbd>{ "Home" }</kbd><kbd>{ "End" }</kbd>{ " first/last · " }
                <kbd>{ "Space" }</kbd>{ " play · " }
                <kbd>{ "Ctrl" }</kbd>{ "+" }<kbd>{ "Enter" }</kbd>{ " run" }
            </p>
        </section>
    }
}
