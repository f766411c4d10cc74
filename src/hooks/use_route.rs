//! What the URL's hash opens: a lesson (`#lesson/<id>`), the scratch pad (empty), or a
//! permalink (`#link=…`, see [`crate::model::permalink`]), so the back button, reloads and
//! shared links land on the same state.

use yew::prelude::*;

use crate::model::permalink::{self, is_lesson_id, LinkError, Permalink};

/// What the hash opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The scratch pad.
    Scratch,
    /// A lesson, by id.
    Lesson(String),
    /// A permalink.
    Link(Box<Permalink>),
    /// A permalink that could not be read: the scratch pad, with the reason shown.
    BadLink(LinkError),
}

impl Route {
    /// What opening this route asks of the replay: a lesson, a link or an embed records
    /// its code at once; a link shows its step; an embed sets its speed and plays.
    pub fn opening(&self, embed: Option<crate::model::embed::Embed>) -> crate::replay::Opening {
        let link = match self {
            Route::Link(link) => Some(link),
            _ => None,
        };
        crate::replay::Opening {
            record: self.lesson().is_some() || link.is_some() || embed.is_some(),
            step: link.and_then(|l| l.step),
            speed: embed.and_then(|e| e.speed),
            autoplay: embed.is_some_and(|e| e.autoplay),
        }
    }

    /// The lesson this route opens.
    pub fn lesson(&self) -> Option<&str> {
        match self {
            Route::Lesson(id) => Some(id),
            Route::Link(link) => link.lesson.as_deref(),
            Route::Scratch | Route::BadLink(_) => None,
        }
    }

    /// The route of `hash`.
    pub fn from_hash(hash: &str) -> Route {
        if permalink::is_link(hash) {
            return match permalink::decode(hash) {
                Ok(link) => Route::Link(Box::new(link)),
                Err(e) => Route::BadLink(e),
            };
        }
        lesson_from_hash(hash).map_or(Route::Scratch, Route::Lesson)
    }
}

/// The lesson id in a hash like `#lesson/refcounts` (`None`: the scratch pad).
pub fn lesson_from_hash(hash: &str) -> Option<String> {
    let id = hash.trim_start_matches('#').strip_prefix("lesson/")?;
    is_lesson_id(id).then(|| id.to_owned())
}

/// The hash that opens `lesson` (`None`: the scratch pad).
pub fn hash_for(lesson: Option<&str>) -> String {
    lesson.map_or_else(|| "#".to_owned(), |id| format!("#lesson/{id}"))
}

/// The embed options in the page's query string (`None`: not embedded). Read once: the
/// query does not change without a reload.
#[cfg(target_arch = "wasm32")]
pub fn embed_options() -> Option<crate::model::embed::Embed> {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    crate::model::embed::Embed::from_query(&search)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn embed_options() -> Option<crate::model::embed::Embed> {
    None
}

#[cfg(target_arch = "wasm32")]
fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn current_hash() -> String {
    String::new()
}

/// The open route, updated on every `hashchange`.
#[hook]
pub fn use_route() -> Route {
    let route = use_state(|| Route::from_hash(&current_hash()));
    #[cfg(target_arch = "wasm32")]
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(Route::from_hash(&current_hash()))
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

    #[test]
    fn links_open_their_lesson_or_say_why_not() {
        let link = Permalink {
            lesson: Some("cycles".into()),
            ..Permalink::default()
        };
        let route = Route::from_hash(&permalink::encode(&link));
        assert_eq!(route.lesson(), Some("cycles"));
        assert!(matches!(
            Route::from_hash("#link=1&code=!!"),
            Route::BadLink(LinkError::Code)
        ));
        assert_eq!(Route::from_hash("#link=1&code=!!").lesson(), None);
        assert_eq!(Route::from_hash(""), Route::Scratch);
    }

    #[test]
    fn each_route_asks_for_what_it_opens() {
        use crate::model::embed::Embed;
        use crate::replay::{Opening, Speed};
        assert_eq!(Route::Scratch.opening(None), Opening::default());
        assert!(Route::Lesson("x".into()).opening(None).record);
        let link = Permalink {
            step: Some(4),
            ..Permalink::default()
        };
        let embed = Embed {
            autoplay: true,
            speed: Some(Speed::Fast),
            ..Embed::default()
        };
        assert_eq!(
            Route::Link(Box::new(link)).opening(Some(embed)),
            Opening {
                record: true,
                step: Some(4),
                speed: Some(Speed::Fast),
                autoplay: true,
            }
        );
    }
}
