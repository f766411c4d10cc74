//! Loads the course: `lessons/index.json` names the lesson files (written by `cargo xtask
//! build`), each is fetched and parsed by `refscope-lessons`. A lesson that fails to parse
//! becomes an error line naming its file and line; the others still load.

use std::rc::Rc;

use refscope_lessons::Lesson;
use yew::prelude::*;

/// The course as loaded so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lessons {
    /// Parsed lessons, in file order.
    pub lessons: Vec<Rc<Lesson>>,
    /// One message per file that could not be used (`file:line: problem`).
    pub errors: Vec<String>,
    /// Still fetching.
    pub loading: bool,
}

impl Lessons {
    /// The lesson with `id`.
    pub fn find(&self, id: &str) -> Option<&Rc<Lesson>> {
        self.lessons.iter().find(|l| l.id == id)
    }

    /// The lesson after `id` in course order.
    pub fn next_after(&self, id: &str) -> Option<&Rc<Lesson>> {
        let i = self.lessons.iter().position(|l| l.id == id)?;
        self.lessons.get(i + 1)
    }
}

/// Parses the fetched files into [`Lessons`] (pure: tested natively).
pub fn assemble(files: Vec<(String, Result<String, String>)>) -> Lessons {
    let mut out = Lessons::default();
    for (file, text) in files {
        match text.map_err(|e| format!("{file}: could not be loaded: {e}")) {
            Ok(text) => match refscope_lessons::parse(&file, &text) {
                Ok(lesson) if out.find(&lesson.id).is_some() => {
                    out.errors
                        .push(format!("{file}: the id {:?} is used twice", lesson.id));
                }
                Ok(lesson) => out.lessons.push(Rc::new(lesson)),
                Err(e) => out.errors.push(e.to_string()),
            },
            Err(e) => out.errors.push(e),
        }
    }
    out
}

#[cfg(target_arch = "wasm32")]
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = gloo::utils::window();
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| format!("{e:?}"))?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".to_owned())
}

#[cfg(target_arch = "wasm32")]
async fn fetch_all() -> Lessons {
    #[derive(serde::Deserialize)]
    struct Index {
        files: Vec<String>,
    }
    let index = match fetch_text("lessons/index.json").await {
        Ok(text) => serde_json::from_str::<Index>(&text).map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let files = match index {
        Ok(index) => index.files,
        Err(e) => {
            return Lessons {
                errors: vec![format!("lessons/index.json: could not be loaded: {e}")],
                ..Lessons::default()
            }
        }
    };
    let mut fetched = Vec::new();
    for file in files {
        // Only plain file names from the index: nothing from it becomes a path elsewhere.
        if file.contains('/') || !file.ends_with(".md") {
            continue;
        }
        let text = fetch_text(&format!("lessons/{file}")).await;
        fetched.push((file, text));
    }
    assemble(fetched)
}

/// The course, fetched once.
#[hook]
pub fn use_lessons() -> Rc<Lessons> {
    let lessons = use_state(|| {
        Rc::new(Lessons {
            loading: cfg!(target_arch = "wasm32"),
            ..Lessons::default()
        })
    });
    #[cfg(target_arch = "wasm32")]
    {
        let lessons = lessons.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                lessons.set(Rc::new(fetch_all().await));
            });
        });
    }
    (*lessons).clone()
}
