//! Freezes the standard library modules listed in `stdlib.txt` (with the `full` feature)
//! or `stdlib-core.txt` (without) into `$OUT_DIR/stdlib.bin`, and writes
//! `$OUT_DIR/full_only.txt`: the top-level names only the full engine can import.
//!
//! rustpython-pylib's `freeze-stdlib` would embed all of RustPython's library (~25 MB of
//! the worker wasm). This compiles only the listed modules, from the same pinned
//! rustpython-pylib sources, with the same compiler the VM uses. Each code object is
//! stored as an LZ4 frame of literals only (valid LZ4, no compression): the frozen format
//! requires LZ4, but LZ4-compressed bytes defeat the brotli the site is served with,
//! while raw marshal data compresses several times better.

use std::path::Path;

use rustpython_compiler::{compile, CompileOpts, Mode};
use rustpython_compiler_core::frozen::{FrozenCodeObject, FrozenLib, FrozenModule};
use rustpython_compiler_core::marshal;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for list in ["stdlib.txt", "stdlib-core.txt", "stdlib-native.txt"] {
        println!("cargo:rerun-if-changed={list}");
    }
    let full = names(&manifest.join("stdlib.txt"));
    let core = names(&manifest.join("stdlib-core.txt"));
    let native = names(&manifest.join("stdlib-native.txt"));
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let top = |n: &String| n.split('.').next().unwrap_or_default().to_owned();
    let core_top: std::collections::BTreeSet<String> = core.iter().map(top).collect();
    let full_only: std::collections::BTreeSet<String> = full
        .iter()
        .chain(&native)
        .map(top)
        .filter(|n| !core_top.contains(n))
        .collect();
    let full_only: Vec<String> = full_only.into_iter().collect();
    std::fs::write(
        Path::new(&out_dir).join("full_only.txt"),
        full_only.join("\n") + "\n",
    )
    .expect("write full_only.txt");
    let list: Vec<String> = if std::env::var_os("CARGO_FEATURE_FULL").is_some() {
        let mut all = full.clone();
        all.extend(core.iter().filter(|n| !full.contains(n)).cloned());
        all
    } else {
        core
    };
    let lib = Path::new(rustpython_pylib::LIB_PATH);
    // As CPython's -OO: no docstrings (a fifth of the bytes) and no asserts; no column
    // tables either (they only place the ^^^ under stdlib lines, whose frames refscope
    // hides). The learner's code is compiled at run time with the defaults.
    let opts = CompileOpts {
        optimize: 2,
        debug_ranges: false,
        ..CompileOpts::default()
    };
    let mut modules = Vec::new();
    for name in &list {
        let rel = name.replace('.', "/");
        let file = lib.join(format!("{rel}.py"));
        let (path, package) = if file.is_file() {
            (file, false)
        } else {
            (lib.join(&rel).join("__init__.py"), true)
        };
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("stdlib.txt names {name}: {}: {e}", path.display()));
        let code = compile(&source, Mode::Exec, name, opts.clone())
            .unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
        let mut raw = Vec::new();
        marshal::serialize_code(&mut raw, &code);
        modules.push((name.clone(), literal_lz4(&raw), package));
    }
    let frozen = FrozenLib::encode(modules.iter().map(|(name, bytes, package)| {
        (
            name.as_str(),
            FrozenModule {
                code: FrozenCodeObject {
                    bytes: bytes.as_slice(),
                },
                package: *package,
            },
        )
    }));
    let out = Path::new(&out_dir).join("stdlib.bin");
    std::fs::write(out, &frozen.bytes).expect("write stdlib.bin");
}

/// The module names in a list file: one per line, `#` comments and blank lines skipped.
fn names(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// `data` as an LZ4 block with a prepended little-endian size, holding one sequence of
/// literals and no match: what `lz4_flex::decompress_size_prepended` reads back verbatim.
fn literal_lz4(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 255 + 16);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    let len = data.len();
    if len < 15 {
        out.push((len as u8) << 4);
    } else {
        out.push(0xF0);
        let mut rest = len - 15;
        while rest >= 255 {
            out.push(255);
            rest -= 255;
        }
        out.push(rest as u8);
    }
    out.extend_from_slice(data);
    out
}
