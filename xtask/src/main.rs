//! `cargo xtask`: the project's build, serve and test driver.
//!
//! Every cargo call goes through [`cargo`], which adds `--ignore-rust-version`: RustPython
//! 0.6.0's pinned ruff crates declare rust-version 1.96 but build on 1.95 (ARCHITECTURE.md).

use std::path::PathBuf;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("serve") => serve(),
        _ => {
            eprintln!("usage: cargo xtask <test|serve>\n  test   set up and run every check and test\n  serve  build and show refscope");
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

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs `cargo <sub> --ignore-rust-version <args>` in the workspace root.
fn cargo(sub: &str, args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root()).arg(sub);
    if sub != "fmt" {
        cmd.arg("--ignore-rust-version");
    }
    cmd.args(args);
    run(&mut cmd)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

fn test() -> Result<(), String> {
    cargo("fmt", &["--all", "--check"])?;
    cargo(
        "clippy",
        &[
            "--release",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // Release only: RustPython is too slow unoptimised, and one profile means one build.
    cargo("test", &["--release", "--workspace"])
}

fn serve() -> Result<(), String> {
    // The playground UI arrives with the app issue; until then show the engine at work.
    cargo("build", &["--release", "-p", "refscope-engine"])?;
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    let bin = target.join("release").join("refscope");
    let example = root().join("examples").join("cycle.py");
    run(Command::new(bin).arg("trace").arg(example))
}
