//! Permalinks: the state a link rebuilds (code, lesson, step, view), written into and read
//! back from the URL's hash. Never the trace: opening a link records the code again.
//!
//! The hash is `#link=1&lesson=<id>&step=<n>&theme=<t>&projector=1&code=<data>`, every
//! part optional but `link`, form-encoded. `code` is the UTF-8 source, raw-deflated
//! (miniz_oxide) and written in URL-safe base64 without padding: a 60-line snippet takes
//! well under 2,000 characters. A link is data only: its text is shown as text, and a
//! damaged one is refused as a whole with a [`LinkError`] that says what was wrong.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The format version written as `link=`; a reader refuses versions it does not know.
const VERSION: &str = "1";
/// Code longer than this (decompressed) is refused: a link is for a snippet.
pub const MAX_CODE_BYTES: usize = 256 * 1024;

/// The colour theme: the system's, or one chosen by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Light, whatever the system says.
    Light,
    /// Dark, whatever the system says.
    Dark,
}

impl Theme {
    /// Every theme, in the order the switch offers them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value in URLs, storage and `data-theme`.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme named `key`.
    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }

    /// What the switch calls it.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light theme",
            Theme::Dark => "Dark theme",
        }
    }
}

/// How the page looks: part of a link, so a teacher's link opens the way they set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// The colour theme.
    pub theme: Theme,
    /// Large type and thick arrows, for a classroom projector.
    pub projector: bool,
}

/// Everything a link restores.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permalink {
    /// The lesson, or `None` for the scratch pad.
    pub lesson: Option<String>,
    /// The code; `None` opens the lesson's own (or the scratch pad's saved) code.
    pub code: Option<String>,
    /// The 0-based step to show once the code is recorded.
    pub step: Option<usize>,
    /// How the page looks.
    pub view: View,
}

/// Why a link could not be opened. Its `Display` is shown to the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// `link=` names a format this version does not read.
    Version(String),
    /// The code part is not valid base64, deflate or UTF-8.
    Code,
    /// The code is longer than [`MAX_CODE_BYTES`].
    TooLong,
    /// A part has a value that cannot be right.
    Part(&'static str),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::Version(v) => write!(
                f,
                "This link was made by a different version of refscope (format {:?}).",
                v.chars().take(12).collect::<String>()
            ),
            LinkError::Code => f.write_str(
                "This link's code is damaged (it may have been cut short when it was copied).",
            ),
            LinkError::TooLong => f.write_str("This link's code is too long to open."),
            LinkError::Part(name) => write!(f, "This link's {name} is not valid."),
        }
    }
}

/// Whether `hash` (with or without its `#`) is a permalink rather than a plain route.
pub fn is_link(hash: &str) -> bool {
    hash.trim_start_matches('#').starts_with("link=")
}

/// Lesson ids are short, lowercase and dashed: anything else is not one.
pub fn is_lesson_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The hash (with its `#`) for `link`.
pub fn encode(link: &Permalink) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("link", VERSION);
    if let Some(lesson) = &link.lesson {
        out.append_pair("lesson", lesson);
    }
    if let Some(step) = link.step {
        out.append_pair("step", &step.to_string());
    }
    if link.view.theme != Theme::System {
        out.append_pair("theme", link.view.theme.key());
    }
    if link.view.projector {
        out.append_pair("projector", "1");
    }
    if let Some(code) = &link.code {
        let packed = miniz_oxide::deflate::compress_to_vec(code.as_bytes(), 9);
        out.append_pair("code", &URL_SAFE_NO_PAD.encode(packed));
    }
    format!("#{}", out.finish())
}

/// The permalink in `hash`. Unknown parts are ignored (a later version may add some);
/// a known part with a bad value refuses the whole link.
pub fn decode(hash: &str) -> Result<Permalink, LinkError> {
    let parts: Vec<(String, String)> =
        form_urlencoded::parse(hash.trim_start_matches('#').as_bytes())
            .into_owned()
            .collect();
    // The version first: a later format's parts may mean something else.
    match parts
        .iter()
        .find(|(k, _)| k == "link")
        .map(|(_, v)| v.as_str())
    {
        Some(VERSION) => {}
        Some(other) => return Err(LinkError::Version(other.to_owned())),
        None => return Err(LinkError::Part("format")),
    }
    let mut link = Permalink::default();
    for (key, value) in parts {
        match key.as_str() {
            "lesson" if is_lesson_id(&value) => link.lesson = Some(value),
            "lesson" => return Err(LinkError::Part("lesson")),
            "step" => {
                let step = value.parse().map_err(|_| LinkError::Part("step"))?;
                link.step = Some(step);
            }
            "theme" => {
                link.view.theme = Theme::from_key(&value).ok_or(LinkError::Part("theme"))?;
            }
            "projector" => link.view.projector = value == "1",
            "code" => link.code = Some(unpack(&value)?),
            _ => {}
        }
    }
    Ok(link)
}

fn unpack(data: &str) -> Result<String, LinkError> {
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim())
        .map_err(|_| LinkError::Code)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_CODE_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLong,
            _ => LinkError::Code,
        })?;
    String::from_utf8(bytes).map_err(|_| LinkError::Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sixty_lines() -> String {
        (0..60)
            .map(|i| format!("value_{i} = [n * {i} for n in range({i})]  # line {i}\n"))
            .collect()
    }

    #[test]
    fn a_link_restores_what_it_was_made_from() {
        let link = Permalink {
            lesson: Some("04-reference-cycles".into()),
            code: Some(
                "a = [1]\nb = a  # ünïcödé, 漢字, 🐍\n<img src=x onerror=alert(1)>\n".into(),
            ),
            step: Some(7),
            view: View {
                theme: Theme::Dark,
                projector: true,
            },
        };
        let hash = encode(&link);
        assert!(is_link(&hash), "{hash}");
        assert_eq!(decode(&hash), Ok(link));
        let bare = Permalink::default();
        assert_eq!(decode(&encode(&bare)), Ok(bare));
    }

    #[test]
    fn a_sixty_line_snippet_fits_in_a_short_link() {
        let code = sixty_lines();
        let link = Permalink {
            code: Some(code.clone()),
            step: Some(120),
            ..Permalink::default()
        };
        let url = format!("https://example.org/refscope/{}", encode(&link));
        assert!(url.len() < 2000, "{} characters", url.len());
        assert!(
            code.len() > url.len(),
            "compressed: {} of {}",
            url.len(),
            code.len()
        );
    }

    #[test]
    fn a_damaged_link_is_refused_with_a_reason() {
        let good = encode(&Permalink {
            code: Some(sixty_lines()),
            ..Permalink::default()
        });
        let cut = &good[..good.len() - 40];
        assert_eq!(decode(cut), Err(LinkError::Code));
        assert_eq!(decode("#link=1&code=%%%"), Err(LinkError::Code));
        assert_eq!(decode("#link=1&code=bm90IGRlZmxhdGU"), Err(LinkError::Code));
        assert_eq!(decode("#link=1&step=-3"), Err(LinkError::Part("step")));
        assert_eq!(
            decode("#link=1&lesson=%3Cscript%3E"),
            Err(LinkError::Part("lesson"))
        );
        assert_eq!(decode("#link=1&theme=neon"), Err(LinkError::Part("theme")));
        assert_eq!(decode("#link=9"), Err(LinkError::Version("9".into())));
        assert_eq!(
            decode("#code=AAAA&link=9"),
            Err(LinkError::Version("9".into())),
            "the version is read first"
        );
        assert_eq!(decode("#lesson=x"), Err(LinkError::Part("format")));
        assert!(
            decode("#link=1&later=part").is_ok(),
            "unknown parts are ignored"
        );
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let huge = "x".repeat(MAX_CODE_BYTES + 1);
        let packed = miniz_oxide::deflate::compress_to_vec(huge.as_bytes(), 9);
        let hash = format!("#link=1&code={}", URL_SAFE_NO_PAD.encode(packed));
        assert!(hash.len() < 2000, "the bomb itself is small");
        assert_eq!(decode(&hash), Err(LinkError::TooLong));
    }
}
