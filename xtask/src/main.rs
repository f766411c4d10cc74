//! `cargo xtask`: the project's build, serve, test and bench driver.
//!
//! Every cargo call goes through [`cargo`], which adds `--ignore-rust-version`: RustPython
//! 0.6.0's pinned ruff crates declare rust-version 1.96 but build on 1.95 (ARCHITECTURE.md).
//! Tools the build needs (the wasm32 target, wasm-bindgen-cli, npm packages, Chromium) are
//! installed on first use by `tools`, so the README's two commands work on a fresh machine.

mod serve;
mod site;
mod tools;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "usage: cargo xtask <command>
  serve [--port N] [--no-open]  set up, build and open the playground on localhost
  build                         set up and build the static site into www/dist/
  test                          set up and run every check and test
  bench [native|browser] [part] print the benchmark figures (see BENCHMARKS.md)
  difftest [--seed S] [--count N] [options]
                                generated programs in CPython 3.13 and in refscope:
                                the agreement, and each differing program shrunk
                                (`cargo xtask difftest --help`; FIDELITY.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("build") => site::build(),
        Some("serve") => serve::command(&rest),
        Some("bench") => bench(&rest),
        Some("difftest") => difftest(&rest),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    // `cargo run` sets CARGO_MANIFEST_DIR at run time too. Prefer it: clones sharing one
    // target directory (CI's cache) may run a binary another clone compiled, and cargo
    // does not re-copy a fresh binary, so the compile-time path could be that clone's.
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Cargo's target directory (CI points it outside the clone to reuse builds).
pub fn target_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"))
}

/// A `cargo <sub> --ignore-rust-version` command in the workspace root.
pub fn cargo_cmd(sub: &str) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root()).arg(sub);
    if sub != "fmt" {
        cmd.arg("--ignore-rust-version");
    }
    cmd
}

/// Runs `cargo <sub> --ignore-rust-version <args>` in the workspace root.
pub fn cargo(sub: &str, args: &[&str]) -> Result<(), String> {
    run(cargo_cmd(sub).args(args))
}

/// Runs a command, echoing it first; a non-zero exit is an error.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

fn test() -> Result<(), String> {
    tools::ensure_wasm_target()?;
    cargo("fmt", &["--all", "--check"])?;
    let clippy = [
        "--release",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    cargo("clippy", &clippy)?;
    // The browser crates and the engine must also be lint-clean for the target they ship on.
    cargo(
        "clippy",
        &[
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "refscope-app",
            "-p",
            "refscope-worker",
            "-p",
            "refscope-engine",
            "-p",
            "refscope-trace",
            "-p",
            "refscope-lessons",
            "-p",
            "refscope-source",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The core engine (no `full` feature: what the browser loads first) has code of its own.
    let core = [
        "--release",
        "-p",
        "refscope-engine",
        "--no-default-features",
    ];
    cargo(
        "clippy",
        &[&core[..], &["--all-targets", "--", "-D", "warnings"]].concat(),
    )?;
    // Release only: RustPython is too slow unoptimised, and one profile means one build.
    cargo("test", &["--release", "--workspace"])?;
    cargo("test", &[&core[..], &["--test", "core"]].concat())?;
    wasm_engine_tests()?;
    site::build()?;
    browser_tests()
}

/// Prints the benchmark figures (BENCHMARKS.md explains them).
/// `cargo xtask bench [native|browser] [part]`: the engine's native figures, then the
/// browser's (download size, time to interactive next to Pyodide, recording in the
/// worker, 100,000-step scale, rendering). See BENCHMARKS.md.
fn bench(args: &[&str]) -> Result<(), String> {
    let which = args.first().copied().unwrap_or("all");
    if matches!(which, "all" | "native") {
        cargo(
            "run",
            &["--release", "-p", "refscope-engine", "--example", "bench"],
        )?;
    }
    if matches!(which, "all" | "browser") {
        site::build()?;
        let chrome = tools::ensure_chromium()?;
        let dir = root().join("bench/browser");
        tools::ensure_npm_packages(&dir)?;
        let pyodide = dir.join("node_modules/pyodide");
        // Served compressed like the site, so both downloads are measured the same way.
        site::precompress(&pyodide)?;
        let server = serve::Server::start_mounts(
            vec![
                ("/".to_owned(), site::out_dir()),
                ("/pyodide/".to_owned(), pyodide.clone()),
                ("/bench/".to_owned(), dir.clone()),
            ],
            0,
        )?;
        let mut cmd = Command::new("node");
        cmd.current_dir(&dir)
            .arg("bench.mjs")
            .args(args.get(1))
            .env("REFSCOPE_URL", server.url())
            .env("REFSCOPE_DIST", site::out_dir())
            .env("PYODIDE_DIR", &pyodide)
            .env("REPO", root())
            .env("CHROMIUM", &chrome.browser);
        run(&mut cmd)?;
    }
    Ok(())
}

/// The differential tester (crates/difftest): needs CPython 3.13, which
/// tests/cpython/record.py finds (pyenv's); its options pass through.
fn difftest(args: &[&str]) -> Result<(), String> {
    let base = [
        "--release",
        "-p",
        "refscope-difftest",
        "--bin",
        "difftest",
        "--",
    ];
    cargo("run", &[&base[..], args].concat())
}

/// The engine's wasm32 tests (`crates/engine/tests/wasm.rs`) in headless Chromium.
fn wasm_engine_tests() -> Result<(), String> {
    let runner = tools::ensure_wasm_bindgen()?.join("wasm-bindgen-test-runner");
    let chrome = tools::ensure_chromium()?;
    let mut cmd = cargo_cmd("test");
    cmd.args([
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "refscope-engine",
        "--test",
        "wasm",
    ])
    .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
    .env("CHROMEDRIVER", &chrome.driver)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "300")
    // The runner reads webdriver.json from its working directory (the crate's root);
    // it points Chromium at Debian's binary so nothing downloads a browser.
    .current_dir(root().join("crates/engine"));
    run(&mut cmd)
}

/// The end-to-end tests in `tests/browser/`, against the built site on a local server.
fn browser_tests() -> Result<(), String> {
    let chrome = tools::ensure_chromium()?;
    tools::ensure_npm_packages(&root().join("tests/browser"))?;
    let server = serve::Server::start(&site::out_dir(), 0)?;
    let mut cmd = Command::new("node");
    cmd.current_dir(root().join("tests/browser"))
        .arg("run.mjs")
        .env("REFSCOPE_URL", server.url())
        .env("CHROMIUM", &chrome.browser);
    run(&mut cmd)?;
    // The editor bundle on its own (keys, marks, scrolling to the current line).
    let shot = target_dir().join("editor-smoke.png");
    run(Command::new("node")
        .current_dir(root().join("www/editor"))
        .arg("smoke.mjs")
        .arg(&shot)
        .env("REFSCOPE_CHROMIUM", &chrome.browser))
}
