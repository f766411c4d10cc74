//! The programs and their CPython recordings, and the comparison of a trace with a
//! recording, which lives in `refscope_difftest::compare` (the differential tester uses
//! the same one): step sequences and object lifetimes (which objects die, on which line,
//! and whether by refcount or by the cyclic gc).

use std::path::{Path, PathBuf};

pub use refscope_difftest::compare::{
    compare_lifetimes as compare, cpython_events, engine_events, labelled,
};
use serde_json::Value as Json;

/// Every corpus program with its CPython recording, by name: (name, source, recording)
/// from `tests/corpus/<name>.py` and `tests/cpython/recordings/<name>.json`.
pub fn corpus_recordings() -> Vec<(String, String, Json)> {
    recordings("corpus", "cpython/recordings")
}

/// The files of `dir` whose extension is `ext`, sorted by path.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// The programs of `tests/<programs>/` that have a recording in `tests/<recorded>/`, by name.
pub fn recordings(programs: &str, recorded: &str) -> Vec<(String, String, Json)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files_with_extension(&root.join(recorded), "json")
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let rec: Json = serde_json::from_str(&text).unwrap();
            let source = std::fs::read_to_string(root.join(programs).join(format!("{name}.py")))
                .expect("a program for each recording");
            (name, source, rec)
        })
        .collect()
}
