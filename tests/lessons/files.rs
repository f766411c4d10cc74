//! The lesson files on their own and against the engine: they parse, ids and `requires`
//! fit together, each program runs to its declared outcome, and every anchor resolves.

use std::collections::BTreeSet;

use refscope_lessons::resolve;
use refscope_trace::Outcome;

use super::load::{all, parsed};

/// The number of lessons the course has; fewer means a file went missing.
const MIN_LESSONS: usize = 12;

#[test]
fn every_lesson_parses() {
    let lessons = all();
    assert!(
        lessons.len() >= MIN_LESSONS,
        "expected at least {MIN_LESSONS} lessons in lessons/, found {}",
        lessons.len()
    );
    let errors: Vec<String> = lessons
        .iter()
        .filter_map(|l| l.lesson.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn ids_are_unique_and_requires_exist() {
    let mut failures = Vec::new();
    let mut ids = BTreeSet::new();
    for (l, lesson, _) in parsed() {
        if !ids.insert(lesson.id.as_str()) {
            failures.push(format!("{}:2: id `{}` is used twice", l.file, lesson.id));
        }
        if lesson.questions.len() < 2 {
            failures.push(format!(
                "{}:1: a lesson needs at least 2 questions, found {}",
                l.file,
                lesson.questions.len()
            ));
        }
    }
    for (l, lesson, _) in parsed() {
        for req in &lesson.requires {
            if !ids.contains(req.as_str()) || *req == lesson.id {
                failures.push(format!(
                    "{}:1: requires `{req}`, which is not another lesson's id",
                    l.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_program_runs_to_its_outcome() {
    let mut failures = Vec::new();
    for (l, lesson, trace) in parsed() {
        if !lesson.expect_outcome.matches(&trace.outcome) {
            let detail = match &trace.outcome {
                Outcome::StepLimit { max_steps } => format!("hit the step limit ({max_steps})"),
                other => format!("{other:?}"),
            };
            failures.push(format!(
                "{}:1: expected {:?}, the engine's run ended with {detail}",
                l.file, lesson.expect_outcome
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The browser runs lessons on the core engine, its first download: a lesson that imported
/// from the rest of the library would make every learner wait for the full one.
#[test]
fn every_lesson_runs_on_the_core_engine() {
    let mut failures = Vec::new();
    for (l, lesson, _) in parsed() {
        let extra = refscope_engine::full_only_imports(&lesson.code);
        if !extra.is_empty() {
            failures.push(format!(
                "{}: imports {extra:?}, which only the full engine has (see \
                 crates/engine/stdlib-core.txt)",
                l.file
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_anchor_resolves() {
    let errors: Vec<String> = parsed()
        .filter_map(|(_, lesson, trace)| resolve(lesson, trace).err().map(|e| e.to_string()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The complete example in `lessons/README.md` is a working lesson.
#[test]
fn readme_example_is_a_valid_lesson() {
    let readme = std::fs::read_to_string(super::load::lessons_dir().join("README.md"))
        .expect("lessons/README.md");
    let start = readme.find("~~~markdown\n").expect("a ~~~markdown example") + 12;
    let end = start + readme[start..].find("\n~~~").expect("the example's end") + 1;
    let lesson = refscope_lessons::parse("lessons/README.md (example)", &readme[start..end])
        .unwrap_or_else(|e| panic!("{e}"));
    let trace = refscope_engine::record(&lesson.code, &refscope_engine::Options::default());
    assert_eq!(trace.outcome, Outcome::Completed);
    let resolved = resolve(&lesson, &trace).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resolved.stops.len(), 4);
    assert_eq!(resolved.questions.len(), 4);
}
