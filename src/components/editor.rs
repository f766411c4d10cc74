//! The code editor: a binding to the editor bundle's `window.RefscopeEditor`, created in an
//! effect on a host `<div id="editor">`. It saves every edit (through [`SavedCode`]), runs
//! on Ctrl/Cmd+Enter, and shows the step's current and next lines and the syntax error.
//!
//! If the bundle has not defined `RefscopeEditor` after a few seconds, a plain `<textarea>`
//! takes its place, so the playground still works without it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::hooks::SavedCode;

#[wasm_bindgen]
extern "C" {
    /// The handle `RefscopeEditor.create` returns.
    pub type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = RefscopeEditor, js_name = create)]
    fn create_editor(parent: &HtmlElement, options: &JsValue) -> Result<EditorHandle, JsValue>;

    #[wasm_bindgen(method, js_name = getDoc)]
    fn get_doc(this: &EditorHandle) -> String;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_doc(this: &EditorHandle, doc: &str);
    #[wasm_bindgen(method, js_name = setStepLines)]
    fn set_step_lines(this: &EditorHandle, current: u32, next: u32);
    #[wasm_bindgen(method, js_name = setError)]
    fn set_error(this: &EditorHandle, line: u32, column: u32, message: &str);
    #[wasm_bindgen(method, js_name = clearError)]
    fn clear_error(this: &EditorHandle);
    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &EditorHandle, read_only: bool);
    #[wasm_bindgen(method, js_name = setTabIndents)]
    fn set_tab_indents(this: &EditorHandle, on: bool);
    #[wasm_bindgen(method)]
    fn focus(this: &EditorHandle);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// How long to wait for the bundle: 40 tries, 100 ms apart.
const MAX_TRIES: u32 = 40;

/// A syntax error to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The message.
    pub message: String,
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The code and where it is saved.
    pub code: SavedCode,
    /// Run (Ctrl/Cmd+Enter in the editor).
    pub on_run: Callback<()>,
    /// 1-based line of the step on screen (0: none).
    #[prop_or_default]
    pub current_line: u32,
    /// 1-based line of the next step (0: none).
    #[prop_or_default]
    pub next_line: u32,
    /// The syntax error to mark.
    #[prop_or_default]
    pub error: Option<EditorError>,
    /// Make the editor read-only (no reset link either: there is nothing to undo).
    #[prop_or_default]
    pub read_only: bool,
    /// What the reset link restores: "the lesson's code", "the link's code", ….
    #[prop_or(AttrValue::Static("the lesson's code"))]
    pub original: AttrValue,
}

/// The live editor and the JS closures it calls; dropped together.
struct Live {
    handle: EditorHandle,
    _on_change: Closure<dyn FnMut(String)>,
    _on_run: Closure<dyn FnMut()>,
}

fn bundle_loaded() -> bool {
    Reflect::has(&js_sys::global(), &JsValue::from_str("RefscopeEditor")).unwrap_or(false)
}

fn create(
    host: &HtmlElement,
    code: &SavedCode,
    on_run: Callback<()>,
    read_only: bool,
) -> Option<Live> {
    let on_change = {
        let code = code.clone();
        Closure::<dyn FnMut(String)>::new(move |doc: String| code.save(doc))
    };
    let on_run = Closure::<dyn FnMut()>::new(move || on_run.emit(()));
    let options = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&options, &JsValue::from_str(k), v);
    };
    set("doc", &JsValue::from_str(&code.current()));
    set("readOnly", &JsValue::from_bool(read_only));
    set("onChange", on_change.as_ref());
    set("onRun", on_run.as_ref());
    set("label", &JsValue::from_str("Python code"));
    match create_editor(host, &options) {
        Ok(handle) => Some(Live {
            handle,
            _on_change: on_change,
            _on_run: on_run,
        }),
        Err(e) => {
            web_sys::console::error_2(&"refscope: the editor could not be created".into(), &e);
            None
        }
    }
}

/// The code editor with its Reset button.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    // Bumped on each try, so the creating effect runs again; `Some(ok)` when settled.
    let tries = use_state(|| 0u32);
    let created = use_state(|| None::<bool>);
    // The JS onRun closure reads the latest callback from here.
    let on_run = use_mut_ref(|| props.on_run.clone());
    *on_run.borrow_mut() = props.on_run.clone();

    {
        let (host, live, created) = (host.clone(), live.clone(), created.clone());
        let (code, read_only) = (props.code.clone(), props.read_only);
        use_effect_with(*tries, move |&attempt| {
            let mut timer = None;
            if created.is_none() {
                if bundle_loaded() {
                    let el = host.cast::<HtmlElement>();
                    let run = Callback::from(move |()| {
                        on_run.borrow().emit(());
                        super::controls::focus_step_controls();
                    });
                    let made = el.and_then(|el| create(&el, &code, run, read_only));
                    created.set(Some(made.is_some()));
                    *live.borrow_mut() = made;
                } else if attempt < MAX_TRIES {
                    timer = Some(Timeout::new(100, move || tries.set(attempt + 1)));
                } else {
                    created.set(Some(false));
                }
            }
            move || drop(timer)
        });
    }
    {
        let (live, code) = (live.clone(), props.code.clone());
        use_effect_with((), move |_| {
            move || {
                if let Some(l) = live.borrow_mut().take() {
                    // Keep the last keystrokes even if onChange is debounced in the bundle,
                    // but write only what changed: another tab (or a link opened in this
                    // one) may have saved code under this key since.
                    let doc = l.handle.get_doc();
                    if doc != code.current() {
                        code.save(doc);
                    }
                    l.handle.destroy();
                }
            }
        });
    }
    // One effect per setting, each with its own dependencies: every call is an editor
    // transaction (the read-only switch even reconfigures the editor), and the step lines
    // change up to 60 times a second while the slider is dragged.
    {
        let live = live.clone();
        let deps = (*created, props.current_line, props.next_line);
        use_effect_with(deps, move |(_, current, next)| {
            if let Some(l) = live.borrow().as_ref() {
                l.handle.set_step_lines(*current, *next);
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with((*created, props.error.clone()), move |(_, error)| {
            if let Some(l) = live.borrow().as_ref() {
                match error {
                    Some(e) => l.handle.set_error(e.line, e.column, &e.message),
                    None => l.handle.clear_error(),
                }
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with((*created, props.read_only), move |(_, read_only)| {
            if let Some(l) = live.borrow().as_ref() {
                l.handle.set_read_only(*read_only);
            }
        });
    }
    // Tab moves focus out of the editor (the page's Tab order is not a trap) unless the
    // learner chose "Tab indents"; the choice is remembered. Read in an effect: the
    // first render may be a native one, without a window.
    let tab_indents = use_state(|| false);
    {
        let tab_indents = tab_indents.clone();
        use_effect_with((), move |()| tab_indents.set(stored_tab_choice()));
    }
    {
        let live = live.clone();
        use_effect_with((*created, *tab_indents), move |(_, on)| {
            if let Some(l) = live.borrow().as_ref() {
                l.handle.set_tab_indents(*on);
            }
        });
    }
    let on_tab_choice = {
        let tab_indents = tab_indents.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            store_tab_choice(on);
            tab_indents.set(on);
        })
    };

    // The fallback textarea, used only when the bundle is missing.
    let fallback_doc = use_state(|| props.code.current());
    let on_reset = {
        let (code, fallback_doc) = (props.code.clone(), fallback_doc.clone());
        Callback::from(move |_: MouseEvent| {
            let doc = code.reset();
            if let Some(l) = live.borrow().as_ref() {
                l.handle.set_doc(&doc);
                l.handle.focus();
            }
            fallback_doc.set(doc);
        })
    };
    let fallback = (*created == Some(false)).then(|| {
        let code = props.code.clone();
        let oninput = {
            let fallback_doc = fallback_doc.clone();
            Callback::from(move |e: InputEvent| {
                let doc = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                code.save(doc.clone());
                fallback_doc.set(doc);
            })
        };
        let on_run = props.on_run.clone();
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_run.emit(());
                super::controls::focus_step_controls();
            }
        });
        html! {
            <textarea class="fallback-editor" aria-label="Python code" spellcheck="false"
                      value={(*fallback_doc).clone()} {oninput} {onkeydown}
                      readonly={props.read_only} />
        }
    });
    html! {
        <section class="panel editor-panel" aria-label="Code">
            <div class="editor-bar">
                <h2>{ "Code" }</h2>
                if !props.read_only {
                    <button id="reset-code" class="link" onclick={on_reset}
                            title={format!("Replace your code with {}", props.original)}>
                        { format!("Reset to {}", props.original) }
                    </button>
                }
            </div>
            <div id="editor" class="editor-host" ref={host}>
                { for fallback }
            </div>
            if !props.read_only && *created == Some(true) {
                <p class="editor-keys" id="editor-keys">
                    <label>
                        <input type="checkbox" id="tab-indents" checked={*tab_indents}
                               onchange={on_tab_choice} />
                        { " Tab key indents" }
                    </label>
                    <span class="hint">
                        { if *tab_indents {
                            "Esc then Tab leaves the editor. Ctrl+Enter runs, then ← → step."
                        } else {
                            "Indent with Ctrl+] and dedent with Ctrl+[ (⌘ on a Mac); Tab moves on. \
                             Ctrl+Enter runs, then ← → step."
                        } }
                    </span>
                </p>
            }
        </section>
    }
}

/// The learner's "Tab indents" choice, kept in `localStorage`.
const TAB_KEY: &str = "refscope:tab-indents";

fn stored_tab_choice() -> bool {
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    storage
        .and_then(|s| s.get_item(TAB_KEY).ok().flatten())
        .as_deref()
        == Some("1")
}

fn store_tab_choice(on: bool) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(TAB_KEY, if on { "1" } else { "0" });
    }
}
