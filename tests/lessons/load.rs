//! Loads every lesson once per test binary: the file, its parse, the engine's trace of its
//! code and the CPython recording, shared by the lesson tests through a `OnceLock`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use refscope_engine::{record, Options};
use refscope_lessons::{parse, Lesson, LessonError};
use refscope_trace::Trace;
use serde_json::Value as Json;

/// One `lessons/*.md` file and what the tests need from it.
pub struct Loaded {
    /// `lessons/NN-slug.md`, as messages name it.
    pub file: String,
    /// `NN-slug`: the recording is `lessons/recordings/<stem>.json`.
    pub stem: String,
    /// The file's text.
    pub text: String,
    /// The parsed lesson, or why it does not parse.
    pub lesson: Result<Lesson, LessonError>,
    /// The engine's trace of the lesson's code (when it parses).
    pub trace: Option<Trace>,
    /// The CPython recording, or what to do about its absence.
    pub recording: Result<Json, String>,
}

pub fn lessons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons")
}

/// Every lesson file except the README, in file-name order.
pub fn all() -> &'static [Loaded] {
    static ALL: OnceLock<Vec<Loaded>> = OnceLock::new();
    ALL.get_or_init(load_all)
}

/// The lessons that parsed, with their trace.
pub fn parsed() -> impl Iterator<Item = (&'static Loaded, &'static Lesson, &'static Trace)> {
    all().iter().filter_map(|l| match (&l.lesson, &l.trace) {
        (Ok(lesson), Some(trace)) => Some((l, lesson, trace)),
        _ => None,
    })
}

fn load_all() -> Vec<Loaded> {
    let dir = lessons_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

fn load(path: &Path) -> Loaded {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let file = format!("lessons/{name}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let lesson = parse(&file, &text);
    let trace = lesson
        .as_ref()
        .ok()
        .map(|l| record(&l.code, &Options::default()));
    let rec_path = lessons_dir()
        .join("recordings")
        .join(format!("{stem}.json"));
    let recording = match std::fs::read_to_string(&rec_path) {
        Ok(json) => {
            serde_json::from_str(&json).map_err(|e| format!("lessons/recordings/{stem}.json: {e}"))
        }
        Err(_) => Err(format!(
            "{file}: no CPython recording lessons/recordings/{stem}.json; record it with \
             `python3 tests/cpython/record.py --lessons {file}` (see tests/cpython/README.md)"
        )),
    };
    Loaded {
        file,
        stem,
        text,
        lesson,
        trace,
        recording,
    }
}
