//! The fixed-seed sample CI compares: the generated programs with their CPython 3.13
//! recordings, kept in the repository (`tests/difftest/sample.json`), so CI needs no
//! CPython and the sample cannot drift: the test regenerates each program from the
//! seed and requires the stored text.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::{cpython, gen};

#[derive(Serialize, Deserialize)]
pub struct Sample {
    pub seed: u64,
    /// The CPython that made the recordings.
    pub cpython: String,
    pub programs: Vec<SampleProgram>,
}

#[derive(Serialize, Deserialize)]
pub struct SampleProgram {
    pub index: u32,
    pub source: String,
    pub recording: Json,
}

/// The program names the tester uses: `s<seed>-<index>`.
pub fn name(seed: u64, index: u32) -> String {
    format!("s{seed}-{index:05}")
}

/// Generates programs `0..count` of `seed`, records them in CPython and writes the
/// sample to `path`.
pub fn write(path: &Path, seed: u64, count: u32, jobs: usize) -> Result<(), String> {
    let programs: Vec<(String, String)> = (0..count)
        .map(|i| (name(seed, i), gen::program(seed, i)))
        .collect();
    let (mut recs, cpython) = cpython::record(&programs, jobs)?;
    let mut out = Sample {
        seed,
        cpython,
        programs: Vec::new(),
    };
    for (i, (n, source)) in programs.into_iter().enumerate() {
        let recording = recs
            .remove(&n)
            .ok_or_else(|| format!("CPython could not record {n}"))?;
        out.programs.push(SampleProgram {
            index: i as u32,
            source,
            recording,
        });
    }
    let text = serde_json::to_string(&out).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads a sample written by [`write`].
pub fn load(path: &Path) -> Result<Sample, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
