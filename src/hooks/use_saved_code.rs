//! The learner's code, saved to `localStorage` under `refscope:code:<lesson or "scratch">`
//! on every change and restored on load, with a way back to the lesson's original code.
//! Code opened from a link has a slot of its own (`refscope:code:link:<hash>`), so a link
//! never overwrites the learner's own code, and edits to a link's code survive a reload.
//!
//! Storage is only touched in the browser: native renders (tests) start from the original.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// The storage key for a lesson's code (`None` is the scratch pad).
pub fn storage_key(lesson: Option<&str>) -> String {
    format!("refscope:code:{}", lesson.unwrap_or("scratch"))
}

/// The storage key for code opened from a link: one per distinct code (FNV-1a, which is
/// fixed forever, unlike std's hasher).
pub fn link_storage_key(code: &str) -> String {
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("refscope:code:link:{hash:016x}")
}

/// The storage key for a lesson's "Try this" code: one per lesson and try, so a try
/// never overwrites the lesson's code, the scratch pad or another lesson's.
pub fn try_storage_key(lesson: &str, code: &str) -> String {
    let link = link_storage_key(code);
    let hash = link.rsplit(':').next().unwrap_or_default();
    format!("refscope:code:try:{lesson}:{hash}")
}

/// The raw `localStorage` (not gloo's JSON-encoding wrapper): the stored value is the code
/// itself, readable and writable by anything on the page, tests and lessons included.
#[cfg(target_arch = "wasm32")]
pub(crate) fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

#[cfg(target_arch = "wasm32")]
fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

#[cfg(not(target_arch = "wasm32"))]
fn load(_key: &str) -> Option<String> {
    None
}

#[cfg(target_arch = "wasm32")]
fn store(key: &str, doc: &str) {
    // A full or disabled storage must not break editing; the code just is not kept.
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, doc);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn store(_key: &str, _doc: &str) {}

/// The code of the editor, kept outside Yew state so typing does not re-render the page.
#[derive(Clone)]
pub struct SavedCode {
    key: Rc<str>,
    original: Rc<str>,
    current: Rc<RefCell<String>>,
}

impl SavedCode {
    /// The storage key: it changes exactly when the lesson does.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl PartialEq for SavedCode {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.current, &other.current)
    }
}

impl SavedCode {
    /// The code as it is now.
    pub fn current(&self) -> String {
        self.current.borrow().clone()
    }

    /// The lesson's original code.
    pub fn original(&self) -> Rc<str> {
        Rc::clone(&self.original)
    }

    /// Records and saves an edit.
    pub fn save(&self, doc: String) {
        store(&self.key, &doc);
        *self.current.borrow_mut() = doc;
    }

    /// Goes back to the original code and returns it.
    pub fn reset(&self) -> String {
        let doc = self.original.to_string();
        self.save(doc.clone());
        doc
    }
}

/// The code saved under `key` ([`storage_key`] or [`link_storage_key`]), or `original` when
/// nothing is saved. A new key switches the code (a fresh [`SavedCode`]).
#[hook]
pub fn use_saved_code(key: String, original: Rc<str>) -> SavedCode {
    let current = use_memo(key.clone(), |key| {
        RefCell::new(load(key).unwrap_or_else(|| original.to_string()))
    });
    SavedCode {
        key: key.into(),
        original,
        current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_lesson_or_the_scratch_pad() {
        assert_eq!(storage_key(None), "refscope:code:scratch");
        assert_eq!(
            storage_key(Some("01-refcount")),
            "refscope:code:01-refcount"
        );
        let a = link_storage_key("x = 1\n");
        assert!(a.starts_with("refscope:code:link:"), "{a}");
        assert_eq!(a, link_storage_key("x = 1\n"));
        assert_ne!(a, link_storage_key("x = 2\n"));
        let t = try_storage_key("01-refcount", "x = 1\n");
        assert!(t.starts_with("refscope:code:try:01-refcount:"), "{t}");
        assert_ne!(t, try_storage_key("02-other", "x = 1\n"));
        assert_ne!(t, try_storage_key("01-refcount", "x = 2\n"));
    }
}
