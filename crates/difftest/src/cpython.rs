//! Running programs in CPython 3.13 under the repository's recorder
//! (`tests/cpython/record.py`, which runs `record_child.py` in a fresh interpreter per
//! program): the recordings every comparison is made against.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/difftest sits two levels down")
        .to_path_buf()
}

/// Records `programs` (name, source) in CPython, `jobs` at a time; returns each
/// program's recording by name (a program CPython could not run, say one that does not
/// compile, has none) and the CPython version line.
pub fn record(
    programs: &[(String, String)],
    jobs: usize,
) -> Result<(BTreeMap<String, Json>, String), String> {
    let dir = scratch_dir()?;
    let (src, out) = (dir.join("programs"), dir.join("recordings"));
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let mut paths = Vec::new();
    for (name, source) in programs {
        let path = src.join(format!("{name}.py"));
        std::fs::write(&path, source).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    let script = repo_root().join("tests/cpython/record.py");
    let output = Command::new(driver())
        .arg(&script)
        .arg("--out")
        .arg(&out)
        .arg("--jobs")
        .arg(jobs.to_string())
        .args(&paths)
        .output()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let version = stdout
        .lines()
        .find_map(|l| l.strip_prefix("CPython: "))
        .unwrap_or("unknown")
        .to_owned();
    if output.status.code() == Some(2) {
        return Err(format!(
            "no CPython 3.13 to record with: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut recordings = BTreeMap::new();
    for (name, _) in programs {
        let path = out.join(format!("{name}.json"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            let rec: Json =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            recordings.insert(name.clone(), rec);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok((recordings, version))
}

/// The interpreter that runs the recorder's driver (any Python 3.8+; it finds CPython
/// 3.13 itself, see tests/cpython/README.md).
fn driver() -> String {
    std::env::var("REFSCOPE_DRIVER_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A fresh directory for one batch.
fn scratch_dir() -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("refscope-difftest-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}
