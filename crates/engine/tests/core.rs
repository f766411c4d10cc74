//! The core engine (built without the `full` feature: what the browser loads first).
//! `cargo xtask test` runs this with `-p refscope-engine --no-default-features --test core`;
//! with the feature on, it checks nothing and says so.

#[cfg(not(feature = "full"))]
mod core {
    use refscope_engine::{full_only_imports, record, Options, IS_FULL};
    use refscope_trace::Outcome;

    fn names(list: &str) -> Vec<&str> {
        list.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    }

    #[test]
    fn every_core_module_imports() {
        const { assert!(!IS_FULL) };
        let modules = names(include_str!("../stdlib-core.txt"));
        assert!(modules.len() > 20, "the list is read");
        let program = format!(
            "bad = []\nfor name in {modules:?}:\n    try:\n        __import__(name)\n    except Exception as e:\n        bad.append(f'{{name}}: {{e!r}}')\nprint(bad)\n"
        );
        let options = Options {
            max_steps: 1_000_000,
            ..Options::default()
        };
        let trace = record(&program, &options);
        assert_eq!(trace.outcome, Outcome::Completed, "{}", trace.stdout);
        assert_eq!(trace.stdout.trim(), "[]");
    }

    #[test]
    fn a_full_only_module_is_asked_for_by_name() {
        // What the worker sees before a run: the import statement names it.
        assert_eq!(full_only_imports("import math\n"), ["math"]);
        // A dynamic import the scan cannot see says how to get the module.
        let trace = record("__import__('math')\n", &Options::default());
        let Outcome::UncaughtException { message, .. } = &trace.outcome else {
            panic!("expected an ImportError, got {:?}", trace.outcome);
        };
        assert!(message.contains("add `import math`"), "{message}");
    }

    #[test]
    fn warnings_work_with_the_contextvars_shim() {
        let src = "import warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    warnings.warn('careful')\nprint(len(w), w[0].message)\n";
        let trace = record(src, &Options::default());
        assert_eq!(trace.outcome, Outcome::Completed, "{}", trace.stdout);
        assert_eq!(trace.stdout, "1 careful\n");
    }
}

#[cfg(feature = "full")]
#[test]
fn core_tests_need_no_default_features() {
    eprintln!(
        "crates/engine/tests/core.rs: run with --no-default-features to test the core engine"
    );
}
