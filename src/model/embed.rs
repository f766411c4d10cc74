//! Embed mode: refscope inside another page's iframe. The query string says it is embedded
//! and how (`?embed&editor=readonly&autoplay=1&speed=fast`); what to show (code or lesson,
//! start step, theme) comes from the hash, as a permalink (`#link=1&…`) or `#lesson/<id>`,
//! so any "Copy link" result can be embedded by adding `?embed`.

use crate::replay::Speed;

/// How the embedded editor appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EditorMode {
    /// Editable, as in the playground.
    #[default]
    Editable,
    /// Shown, but the learner cannot change the code.
    ReadOnly,
    /// Not shown: the page is only the replay.
    Hidden,
}

/// The embed options, when the page is embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Embed {
    /// The editor's mode.
    pub editor: EditorMode,
    /// Start playing once the code is recorded.
    pub autoplay: bool,
    /// The playback speed to start with.
    pub speed: Option<Speed>,
}

impl Embed {
    /// The options in `search` (the URL's query string, with or without its `?`), or `None`
    /// when it has no `embed` part. Unknown or bad values fall back to the defaults: an
    /// embed should still show something.
    pub fn from_query(search: &str) -> Option<Embed> {
        let mut embed = None;
        let mut options = Embed::default();
        for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            match &*key {
                "embed" => embed = Some(()),
                "editor" => {
                    options.editor = match &*value {
                        "readonly" => EditorMode::ReadOnly,
                        "hidden" => EditorMode::Hidden,
                        _ => EditorMode::Editable,
                    }
                }
                "autoplay" => options.autoplay = matches!(&*value, "" | "1" | "true"),
                "speed" => options.speed = Speed::ALL.into_iter().find(|s| s.key() == value),
                _ => {}
            }
        }
        embed.map(|()| options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_says_whether_and_how_the_page_is_embedded() {
        assert_eq!(Embed::from_query(""), None);
        assert_eq!(Embed::from_query("?steps=100"), None);
        assert_eq!(Embed::from_query("?embed"), Some(Embed::default()));
        assert_eq!(
            Embed::from_query("?embed&editor=readonly&autoplay=1&speed=fast"),
            Some(Embed {
                editor: EditorMode::ReadOnly,
                autoplay: true,
                speed: Some(Speed::Fast),
            })
        );
        assert_eq!(
            Embed::from_query("?editor=hidden&embed=1&autoplay&speed=warp"),
            Some(Embed {
                editor: EditorMode::Hidden,
                autoplay: true,
                speed: None,
            })
        );
    }
}
