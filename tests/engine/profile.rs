//! `refscope profile`'s table (`refscope_trace::profile::line_profile`) against CPython
//! 3.13: for every program in `tests/profile/` and every function in it, each row's memory
//! after the line, increment and occurrences equal the figures `tests/cpython/
//! record_profile.py` recorded (getsizeof sums over the program's objects, in CPython).

use std::path::Path;

use refscope_engine::{record, Options};
use refscope_trace::profile::line_profile;
use serde_json::Value as Json;

#[test]
fn line_by_line_tables_match_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("profile");
    let rec: Json = serde_json::from_str(
        &std::fs::read_to_string(dir.join("recordings.json")).expect("recordings"),
    )
    .expect("JSON");
    let mut compared = 0;
    let mut wrong = Vec::new();
    for (program, functions) in rec.as_object().expect("programs") {
        let source = std::fs::read_to_string(dir.join(format!("{program}.py"))).expect("program");
        let trace = record(&source, &Options::default());
        for (function, rows) in functions.as_object().expect("functions") {
            let which = (function != "<module>").then_some(function.as_str());
            let table = line_profile(&trace, which).expect("a table");
            for row in &table.rows {
                let want = rows.get(row.line.to_string());
                let got = (row.occurrences > 0).then(|| {
                    vec![
                        row.mem.unwrap_or(0) as i64,
                        row.increment,
                        row.occurrences.into(),
                    ]
                });
                let want = want.map(|w| {
                    w.as_array()
                        .expect("row")
                        .iter()
                        .map(|n| n.as_i64().expect("number"))
                        .collect::<Vec<i64>>()
                });
                compared += 1;
                if got != want {
                    wrong.push(format!(
                        "{program} {function} line {}: cpython {want:?} refscope {got:?}   {}",
                        row.line, row.text
                    ));
                }
            }
        }
    }
    assert!(compared > 20, "compared {compared} rows");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
