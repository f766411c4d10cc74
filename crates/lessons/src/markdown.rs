//! The Markdown body: splitting it into the intro and the stops, and rendering to HTML.
//!
//! Lesson prose is shown inside the app, so it must not be able to inject markup: raw HTML
//! is rendered as text, and links other than http(s), mailto and relative ones lose their
//! target (no `javascript:` URLs).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown extensions lesson prose may use.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A `##` section of the body.
pub(crate) struct Section<'a> {
    /// The heading's text (code spans keep their text, marks are dropped).
    pub heading: String,
    /// Byte offset of the heading in the body.
    pub heading_offset: usize,
    /// The Markdown after the heading, up to the next `##` heading.
    pub content: &'a str,
}

/// Splits `body` at its level-2 headings: (intro, sections).
///
/// The real Markdown parser finds the headings, so `## ...` inside a code block is not
/// mistaken for one.
pub(crate) fn split(body: &str) -> (&str, Vec<Section<'_>>) {
    // (heading range, heading text) of each level-2 heading.
    let mut headings: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((range, String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => headings.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    let intro_end = headings.first().map_or(body.len(), |(r, _)| r.start);
    let sections = headings
        .iter()
        .enumerate()
        .map(|(i, (range, text))| {
            let end = headings.get(i + 1).map_or(body.len(), |(r, _)| r.start);
            Section {
                heading: text.trim().to_owned(),
                heading_offset: range.start,
                content: &body[range.end.min(end)..end],
            }
        })
        .collect();
    (&body[..intro_end], sections)
}

/// Renders Markdown to HTML with raw HTML escaped and unsafe link targets dropped.
pub fn render(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        // Raw HTML becomes visible text; an HTML block becomes a paragraph of it.
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Renders one line of Markdown (a question) to inline HTML: no enclosing paragraph.
pub fn render_inline(markdown: &str) -> String {
    let html = render(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// Keeps relative URLs and http(s)/mailto ones; anything else with a scheme becomes empty.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, path_start) {
        (Some(c), Some(p)) => c < p,
        (Some(_), None) => true,
        _ => false,
    };
    if !has_scheme
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
    {
        url
    } else {
        CowStr::Borrowed("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = render("Hi <script>alert(1)</script> there\n\n<div>block</div>\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<p>&lt;div&gt;block&lt;/div&gt;"), "{html}");
    }

    #[test]
    fn markdown_renders() {
        assert_eq!(
            render("Two names: `items` and **alias**."),
            "<p>Two names: <code>items</code> and <strong>alias</strong>.</p>\n"
        );
    }

    #[test]
    fn unsafe_links_lose_their_target() {
        let html = render("[a](javascript:alert(1)) [b](https://docs.python.org) [c](#x)");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("href=\"https://docs.python.org\""), "{html}");
        assert!(html.contains("href=\"#x\""), "{html}");
    }

    #[test]
    fn split_ignores_headings_in_code_blocks() {
        let body = "Intro.\n\n## at start\nOne.\n\n```python\n## not a heading\n```\n\n### sub\n\n## line 3\nTwo.\n";
        let (intro, sections) = split(body);
        assert_eq!(intro, "Intro.\n\n");
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].heading, "at start");
        assert!(sections[0].content.contains("## not a heading"));
        assert!(sections[0].content.contains("### sub"));
        assert_eq!(sections[1].heading, "line 3");
        assert_eq!(sections[1].content.trim(), "Two.");
        assert_eq!(&body[sections[1].heading_offset..][..10], "## line 3\n");
    }

    #[test]
    fn heading_code_spans_keep_their_text() {
        let (_, sections) = split("## call `append`\n");
        assert_eq!(sections[0].heading, "call append");
    }
}
