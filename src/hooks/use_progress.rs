//! The learner's progress through the lessons, saved in `localStorage` under
//! `refscope:progress`: which questions were answered (and whether right) and which
//! lessons were completed (their last step reached).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::prelude::*;

#[cfg(target_arch = "wasm32")]
const KEY: &str = "refscope:progress";

/// One lesson's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// Questions answered (by index), with whether the answer was right.
    #[serde(default)]
    pub answered: BTreeMap<usize, bool>,
    /// The learner reached the lesson's last step.
    #[serde(default)]
    pub completed: bool,
}

/// Progress for every lesson, by id.
pub type Progress = BTreeMap<String, LessonProgress>;

/// Parses stored progress; anything unreadable counts as no progress (never an error
/// the learner has to deal with).
pub fn parse(text: &str) -> Progress {
    serde_json::from_str(text).unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
use super::use_saved_code::storage;

#[cfg(target_arch = "wasm32")]
fn load() -> Progress {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|t| parse(&t))
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn load() -> Progress {
    Progress::new()
}

#[cfg(target_arch = "wasm32")]
fn store(progress: &Progress) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(progress)) {
        let _ = s.set_item(KEY, &text);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn store(_progress: &Progress) {}

/// Progress plus a way to update it (saves at once, re-renders the users).
#[derive(Clone)]
pub struct ProgressHandle {
    progress: Rc<RefCell<Progress>>,
    version: UseStateHandle<u32>,
}

impl PartialEq for ProgressHandle {
    fn eq(&self, other: &Self) -> bool {
        *self.version == *other.version
    }
}

impl ProgressHandle {
    /// A copy of one lesson's progress.
    pub fn of(&self, lesson: &str) -> LessonProgress {
        self.progress
            .borrow()
            .get(lesson)
            .cloned()
            .unwrap_or_default()
    }

    fn update(&self, lesson: &str, f: impl FnOnce(&mut LessonProgress)) {
        {
            let mut all = self.progress.borrow_mut();
            f(all.entry(lesson.to_owned()).or_default());
            store(&all);
        }
        self.version.set(*self.version + 1);
    }

    /// Records an answer to question `index` (the first answer counts as "right or not").
    pub fn answered(&self, lesson: &str, index: usize, right: bool) {
        self.update(lesson, |p| {
            let entry = p.answered.entry(index).or_insert(right);
            *entry |= right;
        });
    }

    /// Marks a lesson completed.
    pub fn completed(&self, lesson: &str) {
        if !self.of(lesson).completed {
            self.update(lesson, |p| p.completed = true);
        }
    }
}

/// The saved progress.
#[hook]
pub fn use_progress() -> ProgressHandle {
    let progress = use_mut_ref(load);
    let version = use_state(|| 0u32);
    ProgressHandle { progress, version }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_progress_round_trips_and_garbage_is_ignored() {
        let mut p = Progress::new();
        p.entry("cycles".into())
            .or_default()
            .answered
            .insert(1, true);
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(parse(&text), p);
        assert!(parse("{not json").is_empty());
        assert!(parse("[1,2]").is_empty());
    }
}
