//! Installs what the build and tests need, once, on first use.
//!
//! A fresh machine has Rust and little else. Everything here is idempotent and fast when
//! the tool is already present. Browsers come from Debian's packages only: nothing is
//! allowed to download its own Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, run};

/// Where tools live between runs: outside the clone, so CI reuses them.
pub fn cache_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("REFSCOPE_CACHE") {
        return PathBuf::from(dir);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| "/tmp".into());
    PathBuf::from(home).join(".cache/refscope")
}

pub fn ensure_wasm_target() -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The `wasm-bindgen` version in Cargo.lock; the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs wasm-bindgen-cli (matching Cargo.lock) and returns its `bin` directory.
pub fn ensure_wasm_bindgen() -> Result<PathBuf, String> {
    let version = locked_wasm_bindgen_version()?;
    let root_dir = cache_dir().join("tools");
    let bin = root_dir.join("bin");
    let have = Command::new(bin.join("wasm-bindgen"))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    if have != format!("wasm-bindgen {version}") {
        // No --locked: the CLI's own lockfile pins a crate this registry does not serve.
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.args(["install", "--force", "--root"])
            .arg(&root_dir)
            .args(["wasm-bindgen-cli", "--version", &version]);
        run(&mut cmd)?;
    }
    Ok(bin)
}

/// Paths of Debian's Chromium and chromedriver.
pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

pub fn ensure_chromium() -> Result<Chromium, String> {
    let chrome = Chromium {
        browser: PathBuf::from("/usr/bin/chromium"),
        driver: PathBuf::from("/usr/bin/chromedriver"),
    };
    if !chrome.browser.exists() || !chrome.driver.exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok(chrome)
}

/// Installs Node.js and npm if missing, then the packages locked in `dir`.
pub fn ensure_npm_packages(dir: &Path) -> Result<(), String> {
    if Command::new("npm").arg("--version").output().is_err() {
        apt_install(&["nodejs", "npm"])?;
    }
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if !fresh {
        run(Command::new("npm").current_dir(dir).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]))?;
    }
    Ok(())
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let prefix: &[&str] = if root_user { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = prefix.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut cmd = Command::new(all[0]);
        cmd.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut cmd)
    };
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend_from_slice(packages);
    apt(&args)
}
