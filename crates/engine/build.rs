//! Freezes the standard library modules listed in `stdlib.txt` into `$OUT_DIR/stdlib.bin`.
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
    println!("cargo:rerun-if-changed=stdlib.txt");
    let list = std::fs::read_to_string(manifest.join("stdlib.txt")).expect("stdlib.txt");
    let lib = Path::new(rustpython_pylib::LIB_PATH);
    let mut modules = Vec::new();
    for name in list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let rel = name.replace('.', "/");
        let file = lib.join(format!("{rel}.py"));
        let (path, package) = if file.is_file() {
            (file, false)
        } else {
            (lib.join(&rel).join("__init__.py"), true)
        };
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("stdlib.txt names {name}: {}: {e}", path.display()));
        let code = compile(&source, Mode::Exec, name, CompileOpts::default())
            .unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
        let mut raw = Vec::new();
        marshal::serialize_code(&mut raw, &code);
        modules.push((name.to_owned(), literal_lz4(&raw), package));
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
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("stdlib.bin");
    std::fs::write(out, &frozen.bytes).expect("write stdlib.bin");
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
