//! Keyboard shortcuts at the app level: ←/→ step, Home/End jump, Space plays or pauses,
//! Ctrl/Cmd+Enter runs, `?` lists them all. Keys typed into the editor or a form field stay
//! theirs. [`KEYS`] is the list the help dialog shows.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Run the code.
    Run,
    /// One step back.
    Back,
    /// One step forward.
    Forward,
    /// First step.
    First,
    /// Last step.
    Last,
    /// Play or pause.
    TogglePlay,
    /// Show the shortcut help.
    Help,
}

/// Every shortcut as (keys, what it does), for the help dialog. Keep in step with
/// [`shortcut`]; a test checks each key here is handled.
pub const KEYS: &[(&str, &str)] = &[
    (
        "Ctrl+Enter or ⌘+Enter",
        "Run the code (also inside the editor, which then hands ← and → to the steps)",
    ),
    ("←", "Step back"),
    ("→", "Step forward"),
    ("Home", "First step"),
    ("End", "Last step"),
    ("Space", "Play or pause"),
    ("?", "Show these shortcuts"),
    ("Esc", "Close this dialog"),
    (
        "Tab, Shift+Tab",
        "Move between controls; Esc then Tab leaves the editor",
    ),
];

/// Where the keyboard focus is when a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Inside the code editor: it owns every key (it runs on Ctrl+Enter itself).
    Editor,
    /// An input, select or textarea: arrows, Home/End and Space are theirs.
    Field,
    /// A button: Space presses it.
    Button,
    /// Anywhere else.
    Page,
}

/// The shortcut for `key` (a `KeyboardEvent.key`), if any.
pub fn shortcut(key: &str, ctrl_or_meta: bool, alt: bool, focus: Focus) -> Option<Shortcut> {
    if focus == Focus::Editor || alt {
        return None;
    }
    if key == "Enter" && ctrl_or_meta {
        return Some(Shortcut::Run);
    }
    if ctrl_or_meta || focus == Focus::Field {
        return None;
    }
    match key {
        "ArrowLeft" => Some(Shortcut::Back),
        "ArrowRight" => Some(Shortcut::Forward),
        "Home" => Some(Shortcut::First),
        "End" => Some(Shortcut::Last),
        " " if focus != Focus::Button => Some(Shortcut::TogglePlay),
        "?" => Some(Shortcut::Help),
        _ => None,
    }
}

fn focus_of(target: Option<Element>) -> Focus {
    let Some(el) = target else { return Focus::Page };
    if el.closest("#editor").ok().flatten().is_some() {
        return Focus::Editor;
    }
    match el.tag_name().to_ascii_uppercase().as_str() {
        "INPUT" | "SELECT" | "TEXTAREA" => Focus::Field,
        "BUTTON" => Focus::Button,
        _ if el.closest("[contenteditable]").ok().flatten().is_some() => Focus::Editor,
        _ => Focus::Page,
    }
}

/// Calls `on_shortcut` for shortcut keys pressed anywhere in the window.
#[hook]
pub fn use_shortcuts(on_shortcut: Callback<Shortcut>) {
    // The listener is installed once; it reads the latest callback from this cell.
    let latest: Rc<RefCell<Callback<Shortcut>>> = use_mut_ref(|| on_shortcut.clone());
    *latest.borrow_mut() = on_shortcut;
    use_effect_with((), move |_| {
        let window = gloo::utils::window();
        let listener = EventListener::new_with_options(
            &window,
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
                let ctrl = event.ctrl_key() || event.meta_key();
                if let Some(s) = shortcut(&event.key(), ctrl, event.alt_key(), focus_of(target)) {
                    event.prevent_default();
                    latest.borrow().emit(s);
                }
            },
        );
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_keeps_its_keys() {
        assert_eq!(shortcut("ArrowLeft", false, false, Focus::Editor), None);
        assert_eq!(shortcut("Enter", true, false, Focus::Editor), None);
        assert_eq!(shortcut(" ", false, false, Focus::Editor), None);
    }

    #[test]
    fn page_keys_step_and_play() {
        assert_eq!(
            shortcut("ArrowLeft", false, false, Focus::Page),
            Some(Shortcut::Back)
        );
        assert_eq!(
            shortcut("ArrowRight", false, false, Focus::Button),
            Some(Shortcut::Forward)
        );
        assert_eq!(
            shortcut("Home", false, false, Focus::Page),
            Some(Shortcut::First)
        );
        assert_eq!(
            shortcut("End", false, false, Focus::Page),
            Some(Shortcut::Last)
        );
        assert_eq!(
            shortcut(" ", false, false, Focus::Page),
            Some(Shortcut::TogglePlay)
        );
        assert_eq!(
            shortcut("Enter", true, false, Focus::Field),
            Some(Shortcut::Run)
        );
    }

    #[test]
    fn question_mark_opens_the_help_and_every_listed_key_works() {
        assert_eq!(
            shortcut("?", false, false, Focus::Page),
            Some(Shortcut::Help)
        );
        assert_eq!(shortcut("?", false, false, Focus::Editor), None);
        fn key_of(label: &str) -> &str {
            match label {
                "←" => "ArrowLeft",
                "→" => "ArrowRight",
                "Space" => " ",
                other => other,
            }
        }
        for (keys, _) in KEYS {
            if keys.contains('+') || *keys == "Esc" {
                continue; // Ctrl+Enter is checked above; Esc and Tab belong to the dialog and browser
            }
            assert!(
                shortcut(key_of(keys), false, false, Focus::Page).is_some(),
                "{keys} is listed but does nothing"
            );
        }
    }

    #[test]
    fn fields_and_buttons_keep_their_own_keys() {
        assert_eq!(shortcut("ArrowLeft", false, false, Focus::Field), None);
        assert_eq!(shortcut(" ", false, false, Focus::Button), None);
        assert_eq!(shortcut("ArrowLeft", true, false, Focus::Page), None);
        assert_eq!(shortcut("ArrowLeft", false, true, Focus::Page), None);
    }
}
