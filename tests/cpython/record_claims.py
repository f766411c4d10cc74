"""Records what CPython prints for every `[[claim]]` of every lesson.

Run with the reference CPython (3.13, 64-bit):

    python3.13 tests/cpython/record_claims.py

Each claim's snippet (or, for `program = true`, the lesson's own program) runs in a
fresh `python3 -s` the way the other recordings run programs (compiled with `compile()`
and run with `exec`), in an empty temporary directory. The output goes to
`lessons/recordings/claims.json`, which `tests/lessons/claims.rs` compares with each
claim's `prints`. Claims about another version (`version = "3.14"`) are not run.
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = "3.13"
RUNNER = (
    "import sys\n"
    "src = sys.stdin.read()\n"
    "exec(compile(src, '<claim>', 'exec'), {'__name__': '__main__'})\n"
)


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    _, front, _ = text.split("+++\n", 2)
    return tomllib.loads(front)


def run(code):
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run(
            [sys.executable, "-s", "-c", RUNNER],
            input=code, capture_output=True, text=True, cwd=cwd, timeout=120,
        )
    if done.returncode != 0:
        raise SystemExit(f"claim snippet failed:\n{code}\n{done.stderr}")
    return done.stdout


def main():
    if sys.version_info[:2] != (3, 13):
        raise SystemExit(f"record with CPython {REFERENCE}, not {sys.version.split()[0]}")
    out = {}
    for path in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.md")):
        front = front_matter(path)
        entries = []
        for claim in front.get("claim", []):
            if claim.get("version", REFERENCE) != REFERENCE:
                continue
            code = front["code"] if claim.get("program") else claim["code"]
            entries.append({"code": code, "stdout": run(code)})
        if entries:
            out[path.stem] = entries
    dest = ROOT / "lessons" / "recordings" / "claims.json"
    dest.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{dest.relative_to(ROOT)}: {sum(len(v) for v in out.values())} claims "
          f"from {len(out)} lessons")


if __name__ == "__main__":
    main()
