//! Builds the static site into `www/dist/`: three wasm bundles, the editor bundle, the shell.
//!
//! The UI wasm (`refscope_app`) and the worker wasm (`refscope_worker`, with RustPython)
//! are separate so the page paints before the VM arrives. The worker is built twice: the
//! core engine (`pkg/`), which the page loads first, and the full one (`pkg/full/`),
//! fetched only when a program imports a module the core lacks. All three use the `wasm`
//! profile (size-optimised, fat LTO, see Cargo.toml) and lose their name sections. Every
//! file also gets `.gz` and `.br` siblings, which `serve` (or any static host) sends to
//! browsers that accept them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run, target_dir, tools};

/// Where the built site goes (git-ignored).
pub fn out_dir() -> PathBuf {
    root().join("www/dist")
}

/// Hand-written files of the shell, copied as they are.
const SHELL: &[&str] = &[
    "index.html",
    "main.js",
    "worker.js",
    "style.css",
    "favicon.svg",
    "embed-example.html",
    "embed-example.js",
    "sw.js",
];

pub fn build() -> Result<(), String> {
    tools::ensure_wasm_target()?;
    let bindgen = tools::ensure_wasm_bindgen()?.join("wasm-bindgen");
    let out = out_dir();
    std::fs::create_dir_all(out.join("pkg/full")).map_err(|e| e.to_string())?;
    let wasm_dir = target_dir().join("wasm32-unknown-unknown/wasm");
    // One cargo run per output, each bound right after: the two worker builds write the
    // same file name.
    let builds: [(&[&str], &str, &str); 3] = [
        (&["-p", "refscope-app"], "refscope_app", "pkg"),
        (
            &["-p", "refscope-worker", "--no-default-features"],
            "refscope_worker",
            "pkg",
        ),
        (&["-p", "refscope-worker"], "refscope_worker", "pkg/full"),
    ];
    for (args, name, dir) in builds {
        let mut all = vec![
            "--profile",
            "wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
        ];
        all.extend_from_slice(args);
        cargo("build", &all)?;
        let staging = target_dir().join("bindgen").join(dir);
        let _ = std::fs::remove_dir_all(&staging);
        run(Command::new(&bindgen)
            .arg(wasm_dir.join(format!("{name}.wasm")))
            .args([
                "--target",
                "web",
                "--no-typescript",
                // Function names only serve debuggers; they are a tenth of the file.
                "--remove-name-section",
                "--remove-producers-section",
                "--out-dir",
            ])
            .arg(&staging))?;
        copy_if_changed(&staging, &out.join(dir))?;
    }
    let editor = root().join("www/editor");
    tools::ensure_npm_packages(&editor)?;
    run(Command::new("node").current_dir(&editor).arg("build.mjs"))?;
    for file in SHELL {
        let from = root().join("www").join(file);
        std::fs::copy(&from, out.join(file)).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    copy_lessons(&out)?;
    let size = |p: &str| {
        std::fs::metadata(out.join(p))
            .map(|m| m.len())
            .map_err(|e| format!("{p}: {e}"))
    };
    // The worker reports download progress against these (a compressed response's
    // Content-Length says nothing about the bytes the stream will yield).
    std::fs::write(
        out.join("build.json"),
        format!(
            "{{\"worker_wasm_bytes\": {}, \"full_wasm_bytes\": {}}}\n",
            size("pkg/refscope_worker_bg.wasm")?,
            size("pkg/full/refscope_worker_bg.wasm")?
        ),
    )
    .map_err(|e| e.to_string())?;
    stamp_service_worker(&out)?;
    precompress(&out)?;
    eprintln!("xtask: site built in {}", out.display());
    Ok(())
}

/// Names the service worker's cache after the built site (FNV-1a over every file's path
/// and bytes, compressed siblings aside), so every build that changes a file installs a
/// new worker with a fresh cache. Hashing the whole site rather than the worker's
/// precache list keeps that list in one place, `www/sw.js`.
fn stamp_service_worker(out: &Path) -> Result<(), String> {
    fn files(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), String> {
        for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                files(&path, into)?;
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
                && path.file_name() != Some("sw.js".as_ref())
            {
                into.push(path);
            }
        }
        Ok(())
    }
    let mut all = Vec::new();
    files(out, &mut all)?;
    all.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for path in &all {
        let name = path.strip_prefix(out).unwrap_or(path).to_string_lossy();
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for b in name.bytes().chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let sw = std::fs::read_to_string(root().join("www/sw.js")).map_err(|e| e.to_string())?;
    const PLACEHOLDER: &str = "\"refscope-BUILD\"";
    if !sw.contains(PLACEHOLDER) {
        return Err(format!("www/sw.js must name its cache {PLACEHOLDER}"));
    }
    let stamped = sw.replace(PLACEHOLDER, &format!("\"refscope-{hash:016x}\""));
    std::fs::write(out.join("sw.js"), stamped).map_err(|e| e.to_string())
}

/// Copies the files of `from` into `to`, leaving unchanged ones alone: their compressed
/// siblings stay current, and brotli at quality 11 takes minutes on the wasm files.
fn copy_if_changed(from: &Path, to: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().ok_or("a file name")?);
        let new = std::fs::read(&path).map_err(|e| e.to_string())?;
        if std::fs::read(&dest).ok().as_ref() != Some(&new) {
            std::fs::write(&dest, new).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
    }
    Ok(())
}

/// Copies `lessons/*.md` into the site with `lessons/index.json` listing them: the app
/// fetches and parses them at run time, so a broken lesson is reported, not fatal.
fn copy_lessons(out: &Path) -> Result<(), String> {
    let dir = out.join("lessons");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root().join("lessons")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if name.ends_with(".md") && name != "README.md" {
            std::fs::copy(&path, dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
            files.push(name);
        }
    }
    files.sort();
    let list: Vec<String> = files.iter().map(|f| format!("{f:?}")).collect();
    std::fs::write(
        dir.join("index.json"),
        format!("{{\"files\": [{}]}}\n", list.join(", ")),
    )
    .map_err(|e| e.to_string())
}

/// Writes `.gz` and `.br` next to every file worth compressing, unless already current.
pub fn precompress(dir: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "gz" | "br") {
            continue;
        }
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        if data.len() < 1024 {
            continue;
        }
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let current = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .ok()
                .is_some_and(|t| Some(t) >= modified)
        };
        let gz = sibling(&path, "gz");
        if !current(&gz) {
            std::fs::write(&gz, gzip(&data)?).map_err(|e| e.to_string())?;
        }
        let br = sibling(&path, "br");
        if !current(&br) {
            std::fs::write(&br, brotli(&data)?).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

pub fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

pub fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    // Quality 11 on a 16 MB wasm takes about a minute for about 5% less than 9: worth it,
    // these are the bytes every visitor downloads.
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}
