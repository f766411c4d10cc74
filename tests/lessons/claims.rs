//! Every number a lesson states is backed by CPython 3.13 (issue 19): a lesson ties its
//! words to snippets with `[[claim]]` tables (lessons/README.md), and this test checks
//! - each claim's `says` is quoted from the lesson's own text (prose, questions, tries);
//! - each number of 10 or more in `says` is among what the snippet `prints`;
//! - what it `prints` is what CPython 3.13 printed, in `lessons/recordings/claims.json`
//!   (made by `tests/cpython/record_claims.py`; a changed snippet needs a new recording);
//! - every number of 10 or more in the lesson's text is in some claim's `says`, or is a
//!   literal of the lesson's program. Smaller numbers are the refcounts and counts the
//!   lesson's run shows, which its questions and `tests/lessons/cpython.rs` check.
//!
//! Claims about another version (`version = "3.14"`) cannot be recorded here: they name a
//! `reference`, and only their quoting is checked.

use std::collections::BTreeSet;

use refscope_lessons::{Lesson, REFERENCE_VERSION};
use serde_json::Value as Json;

use super::load::{lessons_dir, parsed};

/// The lesson's text a learner reads: its title, summary, questions, explanations and
/// tries (the front matter's text keys; `[[claim]]` tables are left out, as a claim must
/// quote the lesson, not itself) and its Markdown body, TOML's `\"` unescaped and
/// whitespace collapsed.
fn readable_text(file_text: &str) -> String {
    let mut out = String::new();
    let mut fences = 0;
    let mut in_claim = false;
    for line in file_text.lines() {
        let t = line.trim_start();
        if t == "+++" {
            fences += 1;
            continue;
        }
        if fences >= 2 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if t.starts_with("[[") {
            in_claim = t == "[[claim]]";
        }
        let keys = ["title =", "summary =", "ask =", "explain =", "text ="];
        if !in_claim && keys.iter().any(|k| t.starts_with(k)) {
            out.push_str(line.split_once('=').map_or("", |(_, v)| v));
            out.push('\n');
        }
    }
    collapse(&out.replace("\\\"", "\""))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text outside backquoted code, with version numbers (`3.13`), line, lesson, step and PEP
/// numbers and the `64-bit` word size left out: what remains are claims.
fn prose_numbers(text: &str) -> BTreeSet<u64> {
    let mut plain = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            plain.push_str(part);
            plain.push(' ');
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut out = BTreeSet::new();
    for (i, w) in words.iter().enumerate() {
        let prev = match i {
            0 => "",
            _ => words[i - 1].trim_matches(|c: char| !c.is_alphanumeric()),
        }
        .to_ascii_lowercase();
        let named = [
            "line", "lines", "lesson", "step", "pep", "python", "cpython",
        ];
        if named.iter().any(|n| prev == *n) || w.starts_with("64-bit") {
            continue;
        }
        out.extend(numbers(w).into_iter().filter(|&n| n >= 10));
    }
    out
}

/// The numbers in `word`: digits with thousands commas, not part of a name (`x10`), a
/// version (`3.13`) or a decimal.
fn numbers(word: &str) -> Vec<u64> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let group = |j: usize| {
            chars[j] == ','
                && (1..=3).all(|k| chars.get(j + k).is_some_and(char::is_ascii_digit))
                && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
        };
        while i < chars.len() && (chars[i].is_ascii_digit() || group(i)) {
            if chars[i] != ',' {
                digits.push(chars[i]);
            }
            i += 1;
        }
        let glued = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
        let before = start.checked_sub(1).and_then(|j| chars.get(j));
        let dotted = chars.get(i) == Some(&'.')
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            || before == Some(&'.');
        if !glued(before) && !glued(chars.get(i)) && !dotted {
            out.extend(digits.parse::<u64>().ok());
        }
    }
    out
}

/// The numeric literals of the lesson's program and its tries' programs.
fn program_literals(lesson: &Lesson) -> BTreeSet<u64> {
    let codes =
        std::iter::once(&lesson.code).chain(lesson.try_this.iter().filter_map(|t| t.code.as_ref()));
    codes
        .flat_map(|c| {
            c.split(|ch: char| !ch.is_ascii_digit() && ch != '_')
                .map(|w| w.replace('_', ""))
        })
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// The problems with one lesson's claims; `recorded` is its entries of claims.json.
fn check(file: &str, file_text: &str, lesson: &Lesson, recorded: &[Json]) -> Vec<String> {
    let text = readable_text(file_text);
    let mut problems = Vec::new();
    let mut covered = program_literals(lesson);
    for c in &lesson.claims {
        let at = format!("{file}:{}", c.line);
        if !text.contains(&collapse(&c.says)) {
            problems.push(format!(
                "{at}: `says` is not quoted from the lesson's text: {:?}",
                c.says
            ));
        }
        covered.extend(prose_numbers(&c.says));
        if c.version != REFERENCE_VERSION {
            continue;
        }
        let code = if c.program {
            Some(&lesson.code)
        } else {
            c.code.as_ref()
        };
        let prints = c.prints.as_deref().unwrap_or_default();
        let printed: BTreeSet<u64> = prints.split_whitespace().flat_map(numbers).collect();
        for n in prose_numbers(&c.says) {
            if !printed.contains(&n) {
                problems.push(format!(
                    "{at}: {n} is in `says` but not in what the snippet prints"
                ));
            }
        }
        let recording = recorded
            .iter()
            .find(|r| r["code"].as_str() == code.map(String::as_str));
        let Some(stdout) = recording.and_then(|r| r["stdout"].as_str()) else {
            problems.push(format!("{at}: no recording of this snippet: run `python3.13 tests/cpython/record_claims.py`"));
            continue;
        };
        let lines: Vec<&str> = stdout.lines().collect();
        for want in prints.lines() {
            if !lines.contains(&want) {
                problems.push(format!(
                    "{at}: CPython 3.13 did not print {want:?}; it printed {stdout:?}"
                ));
            }
        }
    }
    for n in prose_numbers(&text).difference(&covered) {
        problems.push(format!(
            "{file}: the number {n} is stated but no `[[claim]]` backs it"
        ));
    }
    problems
}

fn recordings() -> Json {
    let path = lessons_dir().join("recordings/claims.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("claims.json parses")
}

#[test]
fn every_number_in_the_lessons_is_backed_by_cpython() {
    let recorded = recordings();
    let mut problems = Vec::new();
    let mut claims = 0;
    for (loaded, lesson, _) in parsed() {
        claims += lesson.claims.len();
        let entries = recorded[&loaded.stem]
            .as_array()
            .cloned()
            .unwrap_or_default();
        problems.extend(check(&loaded.file, &loaded.text, lesson, &entries));
    }
    assert!(claims >= 20, "the course's claims: {claims}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check finds what it is for: a number nobody backs, a misquote, a wrong figure.
#[test]
fn the_claim_check_catches_unbacked_and_wrong_numbers() {
    let file_text = "+++\nid = \"x\"\ntitle = \"X\"\nsummary = \"s\"\ncode = '''\nn = 5\n'''\n\n\
        [[claim]]\nsays = \"An int takes 28 bytes\"\ncode = '''\nimport sys\nprint(sys.getsizeof(1))\n'''\nprints = \"28\"\n\
        +++\nAn int takes 28 bytes, a list 56, in 64-bit CPython 3.13 (line 12).\n";
    let lesson = refscope_lessons::parse("x.md", file_text).expect("parses");
    let good =
        [serde_json::json!({"code": "import sys\nprint(sys.getsizeof(1))\n", "stdout": "28\n"})];
    let problems = check("x.md", file_text, &lesson, &good);
    assert_eq!(
        problems,
        ["x.md: the number 56 is stated but no `[[claim]]` backs it"]
    );
    let wrong =
        [serde_json::json!({"code": "import sys\nprint(sys.getsizeof(1))\n", "stdout": "32\n"})];
    let problems = check("x.md", file_text, &lesson, &wrong);
    assert!(
        problems.iter().any(|p| p.contains("did not print \"28\"")),
        "{problems:?}"
    );
    let misquoted = file_text.replace("+++\nAn int takes 28", "+++\nAn int needs 28");
    let lesson = refscope_lessons::parse("x.md", &misquoted).expect("parses");
    let problems = check("x.md", &misquoted, &lesson, &good);
    assert!(
        problems.iter().any(|p| p.contains("not quoted")),
        "{problems:?}"
    );
}
