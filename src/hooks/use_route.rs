//! Which lesson is open, kept in the URL's hash (`#lesson/<id>`; empty: the scratch pad),
//! so the back button, reloads and shared links land on the same lesson.

use yew::prelude::*;

/// The lesson id in a hash like `#lesson/refcounts` (`None`: the scratch pad).
pub fn lesson_from_hash(hash: &str) -> Option<String> {
    let id = hash.trim_start_matches('#').strip_prefix("lesson/")?;
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    valid.then(|| id.to_owned())
}

/// The hash that opens `lesson` (`None`: the scratch pad).
pub fn hash_for(lesson: Option<&str>) -> String {
    lesson.map_or_else(|| "#".to_owned(), |id| format!("#lesson/{id}"))
}

#[cfg(target_arch = "wasm32")]
fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn current_hash() -> String {
    String::new()
}

/// The open lesson, updated on every `hashchange`.
#[hook]
pub fn use_route() -> Option<String> {
    let route = use_state(|| lesson_from_hash(&current_hash()));
    #[cfg(target_arch = "wasm32")]
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(lesson_from_hash(&current_hash()))
                });
            move || drop(listener)
        });
    }
    (*route).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_name_a_lesson_or_nothing() {
        assert_eq!(
            lesson_from_hash("#lesson/refcounts"),
            Some("refcounts".into())
        );
        assert_eq!(lesson_from_hash(""), None);
        assert_eq!(lesson_from_hash("#"), None);
        assert_eq!(lesson_from_hash("#lesson/"), None);
        assert_eq!(
            lesson_from_hash("#lesson/<script>"),
            None,
            "only ids, never markup"
        );
        assert_eq!(hash_for(Some("cycles")), "#lesson/cycles");
        assert_eq!(lesson_from_hash(&hash_for(Some("a-1"))), Some("a-1".into()));
    }
}
