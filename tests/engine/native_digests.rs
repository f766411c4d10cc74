//! The native engine's traces of every corpus program, lesson, hostile program and
//! introspection program (`tests/introspect/`), as
//! digests (`refscope_engine::trace_digest`) in `tests/fixtures/native-digests.json`,
//! with their sources. The wasm engine's tests (`crates/engine/tests/wasm.rs`) record the
//! same sources in headless Chromium and must reach the same digests: the browser shows
//! what the native engine records. This test keeps the file current (`REFSCOPE_BLESS=1`
//! rewrites it; review the diff).

use refscope_engine::{record, trace_digest, Options};
use serde_json::{json, Value as Json};

use crate::lifetimes::{corpus_recordings, files_with_extension};

fn programs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = corpus_recordings()
        .into_iter()
        .map(|(name, source, _)| (format!("corpus/{name}"), source))
        .collect();
    for (l, _, trace) in crate::lessons::load::parsed() {
        out.push((format!("lessons/{}", l.stem), trace.source.clone()));
    }
    for kind in ["hostile", "introspect"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(kind);
        for p in files_with_extension(&dir, "py") {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((
                format!("{kind}/{name}"),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn native_digests_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/native-digests.json");
    let entries: Vec<Json> = programs()
        .into_iter()
        .map(|(name, source)| {
            let digest = trace_digest(&record(&source, &Options::default()));
            json!({"name": name, "source": source, "digest": format!("{digest:016x}")})
        })
        .collect();
    assert!(entries.len() >= 60, "only {} programs", entries.len());
    let fresh = serde_json::to_string_pretty(&entries).unwrap() + "\n";
    if std::env::var_os("REFSCOPE_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let old = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        old == fresh,
        "{path} is stale (re-run with REFSCOPE_BLESS=1 and review the diff)"
    );
}
