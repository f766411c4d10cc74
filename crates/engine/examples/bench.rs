//! The engine's benchmark (run it with `cargo xtask bench`): prints figures, asserts none.
//!
//! - recording speed: native steps per second for `bench/lesson_loop.py` at 10,000 steps,
//!   next to CPython running the same program under a plain `sys.settrace` recorder
//!   (`bench/cpython_peer.py`), run by the same process so both see the same machine;
//! - scale: peak heap bytes while recording 100,000 steps, and the JSON size of the trace.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use refscope_engine::capalloc::CappedAlloc;
use refscope_engine::{record, Options};

#[global_allocator]
static ALLOC: CappedAlloc = CappedAlloc::new(8 << 30);

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let program_path = root.join("bench/lesson_loop.py");
    let program = std::fs::read_to_string(&program_path).expect("bench/lesson_loop.py");
    let opts = |max_steps| Options {
        max_steps,
        ..Options::default()
    };

    // Warm-up: the first interpreter pays for one-time initialisation.
    let _ = record(&program, &opts(1000));
    let mut runs = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let trace = record(&program, &opts(10_000));
        runs.push(start.elapsed().as_secs_f64());
        assert_eq!(
            trace.steps.len(),
            10_000,
            "the program must run to the budget"
        );
    }
    runs.sort_by(f64::total_cmp);
    let median = runs[1];
    println!("recording, 10,000 steps of bench/lesson_loop.py (median of 3)");
    println!(
        "  refscope native      {median:>8.3} s  {:>9.0} steps/s",
        10_000.0 / median
    );
    match cpython_peer(&root, &program_path) {
        Some(peer) => {
            println!(
                "  CPython settrace peer {peer:>7.3} s  {:>9.0} steps/s",
                10_000.0 / peer
            );
            println!("  ratio refscope/CPython peer: {:.2}", median / peer);
        }
        None => println!("  CPython peer: python3 not available, skipped"),
    }

    ALLOC.reset_peak();
    let before = ALLOC.live_bytes();
    let start = Instant::now();
    let trace = record(&program, &opts(100_000));
    let elapsed = start.elapsed().as_secs_f64();
    let peak = ALLOC.peak_bytes().saturating_sub(before);
    let kept = ALLOC.live_bytes().saturating_sub(before);
    let json = serde_json::to_string(&trace).expect("serialise");
    println!("scale, 100,000 steps");
    println!("  recorded in           {elapsed:>8.2} s");
    println!("  peak heap while recording {:>6.1} MB", mb(peak));
    println!("  trace kept in memory      {:>6.1} MB", mb(kept));
    println!("  trace JSON                {:>6.1} MB", mb(json.len()));
    println!("  interned object states    {:>8}", trace.objects.len());
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// Seconds CPython needs for 10,000 steps under the peer recorder, best of 3.
fn cpython_peer(root: &Path, program: &Path) -> Option<f64> {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let out = Command::new("python3")
            .arg(root.join("bench/cpython_peer.py"))
            .arg(program)
            .arg("10000")
            .output()
            .ok()?;
        let secs: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
        best = best.min(secs);
    }
    Some(best)
}
