//! Reading a lesson file: the `+++` TOML front matter and the Markdown body.
//!
//! The TOML is deserialized into private `Raw*` structs that mirror the file (unknown keys
//! are errors, so a typo like `explian` is caught), then checked and turned into the public
//! [`Lesson`]. Spans from `toml` become line numbers in the `.md` file.

use serde::Deserialize;
use toml::Spanned;

use crate::error::line_of;
use crate::lesson::{AnswerSpec, Claim, ExpectOutcome, Lesson, Question, Stop, TryThis};
use crate::markdown::{render, render_inline, split};
use crate::{Anchor, LessonError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    id: Spanned<String>,
    title: String,
    summary: String,
    #[serde(default)]
    requires: Vec<String>,
    code: Spanned<String>,
    #[serde(default)]
    expect_outcome: Option<Spanned<String>>,
    #[serde(default, rename = "question")]
    questions: Vec<Spanned<RawQuestion>>,
    #[serde(default, rename = "try")]
    tries: Vec<RawTry>,
    #[serde(default, rename = "claim")]
    claims: Vec<Spanned<RawClaim>>,
}

/// `[[claim]]`: words of the lesson tied to a snippet whose CPython output backs them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    says: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    prints: Option<String>,
    #[serde(default)]
    program: bool,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    reference: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    at: Spanned<String>,
    ask: String,
    answer: Spanned<RawAnswer>,
    #[serde(default)]
    choices: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    until: Option<Spanned<String>>,
    explain: String,
}

/// `answer = { KIND = VALUE }`: exactly one key.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawAnswer {
    Refcount(String),
    Size(String),
    NextOutput(bool),
    FirstFreed(bool),
    ExitGetsException(bool),
    FinallyReason(bool),
    FreedBy(bool),
    Alive(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTry {
    title: String,
    #[serde(default)]
    code: Option<String>,
    text: String,
}

/// Where the front matter sits in the file.
struct Parts<'a> {
    /// The TOML between the `+++` lines.
    front: &'a str,
    /// Byte offset of `front` in the file.
    front_offset: usize,
    /// The Markdown after the closing `+++` line.
    body: &'a str,
    /// Byte offset of `body` in the file.
    body_offset: usize,
}

fn split_front_matter(text: &str) -> Result<Parts<'_>, (u32, String)> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    let mut open = None;
    for raw in text[bom..].split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim_end() == "+++" {
            match open {
                None => open = Some(offset + raw.len()),
                Some(start) => {
                    let body_offset = offset + raw.len();
                    return Ok(Parts {
                        front: &text[start..offset],
                        front_offset: start,
                        body: &text[body_offset..],
                        body_offset,
                    });
                }
            }
        } else if open.is_none() {
            return Err((
                line_of(text, offset),
                "a lesson starts with a `+++` line opening its TOML front matter".into(),
            ));
        }
        offset += raw.len();
    }
    Err((
        1,
        "the front matter is not closed: add a `+++` line after the TOML".into(),
    ))
}

/// Parses one lesson file. `file` names it in errors (e.g. `lessons/02-refcounts.md`).
pub fn parse(file: &str, text: &str) -> Result<Lesson, LessonError> {
    let err = |line: u32, message: String| LessonError::new(file, line, message);
    let parts = split_front_matter(text).map_err(|(line, m)| err(line, m))?;
    // A span inside the front matter, as a line of the file.
    let line_at = |offset: usize| line_of(text, parts.front_offset + offset);
    let raw: RawFront = toml::from_str(parts.front).map_err(|e| {
        let line = e.span().map_or_else(|| line_at(0), |s| line_at(s.start));
        err(line, format!("front matter: {}", e.message().trim()))
    })?;

    let id = raw.id.get_ref();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(err(
            line_at(raw.id.span().start),
            format!("id `{id}` must be lowercase letters, digits and `-`"),
        ));
    }
    let code_line = line_at(raw.code.span().start);
    if raw.code.get_ref().trim().is_empty() {
        return Err(err(code_line, "`code` is empty".into()));
    }
    let expect_outcome = match &raw.expect_outcome {
        None => ExpectOutcome::Completed,
        Some(s) => match s.get_ref().as_str() {
            "completed" => ExpectOutcome::Completed,
            "uncaught_exception" => ExpectOutcome::UncaughtException,
            other => {
                return Err(err(
                    line_at(s.span().start),
                    format!(
                        "expect_outcome `{other}` must be \"completed\" or \"uncaught_exception\""
                    ),
                ))
            }
        },
    };

    let questions = raw
        .questions
        .iter()
        .map(|q| question(q, &line_at).map_err(|(l, m)| err(l, m)))
        .collect::<Result<Vec<_>, _>>()?;

    let (intro, sections) = split(parts.body);
    let stops = sections
        .iter()
        .map(|s| {
            let line = line_of(text, parts.body_offset + s.heading_offset);
            let anchor = Anchor::parse(&s.heading).map_err(|m| err(line, m))?;
            Ok(Stop {
                anchor,
                heading: s.heading.clone(),
                html: render(s.content),
                line,
            })
        })
        .collect::<Result<Vec<_>, LessonError>>()?;
    let claims = (raw.claims.iter())
        .map(|c| claim(c, &line_at).map_err(|(line, m)| err(line, m)))
        .collect::<Result<Vec<_>, LessonError>>()?;

    Ok(Lesson {
        id: id.clone(),
        title: raw.title,
        summary: raw.summary,
        requires: raw.requires,
        code: raw.code.into_inner(),
        expect_outcome,
        intro_html: render(intro),
        stops,
        questions,
        try_this: raw
            .tries
            .into_iter()
            .map(|t| TryThis {
                title: t.title,
                code: t.code,
                html: render(&t.text),
            })
            .collect(),
        claims,
        file: file.to_owned(),
    })
}

/// Checks one `[[claim]]` table: a claim about the reference CPython (3.13, the default
/// `version`) needs a `code` snippet and what it `prints`; one about another version,
/// which cannot be recorded here, names its `reference`.
fn claim(c: &Spanned<RawClaim>, line_at: &dyn Fn(usize) -> u32) -> Result<Claim, (u32, String)> {
    let line = line_at(c.span().start);
    let raw = c.get_ref();
    let version = raw
        .version
        .clone()
        .unwrap_or_else(|| crate::REFERENCE_VERSION.to_owned());
    if raw.says.trim().is_empty() {
        return Err((line, "a claim's `says` is empty".into()));
    }
    let recorded = version == crate::REFERENCE_VERSION;
    let has_code = raw.code.is_some() != raw.program;
    match (recorded, has_code, &raw.prints, &raw.reference) {
        (true, true, Some(_), _) | (false, _, _, Some(_)) => {}
        (true, ..) => {
            return Err((
                line,
                "a claim about CPython 3.13 needs `prints` and either `code` or \
                 `program = true` (the lesson's own program)"
                    .into(),
            ))
        }
        (false, ..) => {
            return Err((
                line,
                format!(
                    "a claim about CPython {version} cannot be recorded here: give its `reference`"
                ),
            ))
        }
    }
    Ok(Claim {
        says: raw.says.clone(),
        code: raw.code.clone(),
        program: raw.program,
        prints: raw.prints.clone(),
        version,
        reference: raw.reference.clone(),
        line,
    })
}

/// Checks one `[[question]]` table; errors are (line, message).
fn question(
    q: &Spanned<RawQuestion>,
    line_at: &dyn Fn(usize) -> u32,
) -> Result<Question, (u32, String)> {
    // toml spans an array-of-tables entry by its `[[question]]` header.
    let line = line_at(q.span().start);
    let r = q.get_ref();
    let at_line = line_at(r.at.span().start);
    let anchor = Anchor::parse(r.at.get_ref()).map_err(|m| (at_line, m))?;
    if r.ask.trim().is_empty() {
        return Err((line, "`ask` is empty".into()));
    }
    if r.explain.trim().is_empty() {
        return Err((
            line,
            "`explain` is empty: say why the answer is what it is".into(),
        ));
    }
    let answer_line = line_at(r.answer.span().start);
    let answer = match r.answer.get_ref() {
        RawAnswer::Refcount(name) => AnswerSpec::Refcount { name: name.clone() },
        RawAnswer::Size(name) => AnswerSpec::Size { name: name.clone() },
        RawAnswer::Alive(name) => {
            let Some(until) = &r.until else {
                return Err((
                    answer_line,
                    "`alive` needs `until = \"<anchor>\"`: alive at which step?".into(),
                ));
            };
            let until_line = line_at(until.span().start);
            AnswerSpec::Alive {
                name: name.clone(),
                until: Anchor::parse(until.get_ref()).map_err(|m| (until_line, m))?,
            }
        }
        RawAnswer::NextOutput(flag)
        | RawAnswer::FirstFreed(flag)
        | RawAnswer::ExitGetsException(flag)
        | RawAnswer::FinallyReason(flag)
        | RawAnswer::FreedBy(flag) => {
            if !flag {
                return Err((answer_line, "answer flags must be `true`".into()));
            }
            match r.answer.get_ref() {
                RawAnswer::NextOutput(_) => AnswerSpec::NextOutput,
                RawAnswer::FirstFreed(_) => AnswerSpec::FirstFreed,
                RawAnswer::ExitGetsException(_) => AnswerSpec::ExitGetsException,
                RawAnswer::FinallyReason(_) => AnswerSpec::FinallyReason,
                _ => AnswerSpec::FreedBy,
            }
        }
    };
    if let (Some(until), false) = (&r.until, matches!(answer, AnswerSpec::Alive { .. })) {
        return Err((
            line_at(until.span().start),
            "`until` is only for `alive` answers".into(),
        ));
    }
    let choices = choices(&answer, r.choices.as_ref(), line, line_at)?;
    Ok(Question {
        anchor,
        ask: r.ask.trim().to_owned(),
        ask_html: render_inline(r.ask.trim()),
        answer,
        choices,
        explain_html: render(&r.explain),
        line,
    })
}

/// The author's choices, or the supplied defaults, checked for the answer kind.
fn choices(
    answer: &AnswerSpec,
    given: Option<&Spanned<Vec<String>>>,
    question_line: u32,
    line_at: &dyn Fn(usize) -> u32,
) -> Result<Vec<String>, (u32, String)> {
    let key = answer.key();
    let Some(given) = given else {
        return match (answer.kind(), answer.default_choices()) {
            (crate::QuestionKind::Number, _) => Ok(Vec::new()),
            (_, Some(defaults)) => Ok(defaults.iter().map(|s| (*s).to_owned()).collect()),
            (_, None) => Err((
                question_line,
                format!("`{key}` questions need `choices` (the correct one is computed)"),
            )),
        };
    };
    let line = line_at(given.span().start);
    if answer.kind() == crate::QuestionKind::Number {
        return Err((
            line,
            format!("`{key}` questions are answered by typing a number; remove `choices`"),
        ));
    }
    let list: Vec<String> = given
        .get_ref()
        .iter()
        .map(|c| c.trim().to_owned())
        .collect();
    if list.len() < 2 {
        return Err((line, "give at least two choices".into()));
    }
    for (i, c) in list.iter().enumerate() {
        if c.is_empty() || list[..i].contains(c) {
            return Err((line, format!("choice `{c}` is empty or repeated")));
        }
    }
    if let Some(allowed) = answer.default_choices() {
        if let Some(bad) = list.iter().find(|c| !allowed.contains(&c.as_str())) {
            return Err((
                line,
                format!("`{key}` choices must be among {allowed:?}, not `{bad}`"),
            ));
        }
    }
    Ok(list)
}
