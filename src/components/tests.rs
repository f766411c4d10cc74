//! Native rendering tests: components rendered to HTML with Yew's SSR from the engine's
//! fixture traces. Expected numbers are read from the fixture JSON itself (untyped, not
//! through our model), so a wrong badge or a lost event fails here.

use std::rc::Rc;

use refscope_trace::Trace;
use serde_json::Value as Json;
use yew::{BaseComponent, LocalServerRenderer};

use super::app::{App, AppProps};
use super::controls::{Controls, ControlsProps};
use super::diagram::{Diagram, DiagramProps};
use super::output::{Output, OutputProps};
use crate::model::diff::StepDiff;
use crate::model::{fixtures, Analysis};
use crate::replay::{Action, ReplayState, Speed};
use crate::shared::Shared;

async fn render<C: BaseComponent>(props: C::Properties) -> String {
    LocalServerRenderer::<C>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

/// The fixture as untyped JSON.
fn raw(name: &str) -> Json {
    let path = format!(
        "{}/tests/fixtures/traces/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The object states the fixture's JSON has alive at `step`, decoded here from the
/// format's rules (full listings and changes by id) rather than by the trace crate.
fn raw_heap(json: &Json, step: usize) -> Vec<&Json> {
    let mut heap: std::collections::BTreeMap<u64, &Json> = Default::default();
    for s in json["steps"].as_array().unwrap().iter().take(step + 1) {
        let state = |i: &Json| &json["objects"][i.as_u64().unwrap() as usize];
        if let Some(full) = s["heap"]["full"].as_array() {
            heap = full
                .iter()
                .map(|i| (state(i)["id"].as_u64().unwrap(), state(i)))
                .collect();
        }
        for id in s["heap"]["gone"].as_array().into_iter().flatten() {
            heap.remove(&id.as_u64().unwrap());
        }
        for i in s["heap"]["changed"].as_array().into_iter().flatten() {
            heap.insert(state(i)["id"].as_u64().unwrap(), state(i));
        }
    }
    heap.into_values().collect()
}

/// The refcount the fixture records for object `id` at `step`.
fn raw_refcount(json: &Json, step: usize, id: u64) -> u64 {
    raw_heap(json, step)
        .into_iter()
        .find(|o| o["id"].as_u64() == Some(id))
        .map(|o| o["refcount"]["count"].as_u64().expect("a counted refcount"))
        .unwrap_or_else(|| panic!("object {id} is not alive at step {step}"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The opening tag of the element carrying `data-id="<id>"` and the HTML after it up to
/// the next element with a `data-id`.
fn element(html: &str, id: u32) -> (&str, &str) {
    let needle = format!("data-id=\"{id}\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no element {needle}"));
    let start = html[..at].rfind('<').unwrap();
    let end = html[at..].find('>').unwrap() + at;
    let rest = &html[end..];
    let until = rest.find("data-id=").unwrap_or(rest.len());
    (&html[start..=end], &rest[..until])
}

/// The text of the first `class="<class>"` element in `html`.
fn text_of(html: &str, class: &str) -> String {
    let at = html
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no .{class} in {html}"));
    let open = html[at..].find('>').unwrap() + at + 1;
    let close = html[open..].find('<').unwrap() + open;
    unescape(&html[open..close])
}

fn diagram_props(trace: &Rc<Trace>, step: usize) -> DiagramProps {
    DiagramProps {
        trace: Shared(Rc::clone(trace)),
        analysis: Shared::new(Analysis::new(trace)),
        step,
        diff: Rc::new(StepDiff::at(trace, step)),
        selected: None,
        on_select: Default::default(),
    }
}

#[tokio::test]
async fn node_badges_show_the_fixture_refcounts() {
    let json = raw("cycle");
    let trace = Rc::new(fixtures::load("cycle"));
    // After `items = [a, b]`: each Node is held by its name, the other Node and the list.
    let step = fixtures::step_at_line(&trace, 15);
    let html = render::<Diagram>(diagram_props(&trace, step)).await;
    for id in [1, 2] {
        let (open, body) = element(&html, id);
        assert!(open.contains("class=\"obj "), "{open}");
        let badge = text_of(body, "badge");
        assert_eq!(
            badge,
            raw_refcount(&json, step, id as u64).to_string(),
            "Node #{id}"
        );
    }
    // And the change is told in text, not colour alone: the list's arrival raised them.
    let (open, body) = element(&html, 1);
    assert!(open.contains("rc-up"), "{open}");
    let before = raw_refcount(&json, step - 1, 1);
    let after = raw_refcount(&json, step, 1);
    assert_eq!(text_of(body, "tag tag-up"), format!("▲ {before}→{after}"));
    let (open, body) = element(&html, 3);
    assert!(open.contains(" new"), "{open}");
    assert_eq!(text_of(body, "tag tag-new"), "new");
}

#[tokio::test]
async fn a_freed_object_leaves_a_ghost_for_one_step() {
    let json = raw("cycle");
    let trace = Rc::new(fixtures::load("cycle"));
    let step = fixtures::step_at_line(&trace, 16); // after `del items`
    let freed = json["steps"][step]["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "freed" && e["reason"] == "refcount")
        .expect("the fixture frees the list at this step");
    let id = freed["object"].as_u64().unwrap() as u32;
    let html = render::<Diagram>(diagram_props(&trace, step)).await;
    let (open, body) = element(&html, id);
    assert!(open.contains("class=\"ghost"), "{open}");
    assert!(!open.contains("class=\"obj"), "{open}");
    assert!(body.contains("freed: refcount reached 0"), "{body}");
    // One step later the ghost is gone.
    let html = render::<Diagram>(diagram_props(&trace, step + 1)).await;
    assert!(!html.contains(&format!("data-id=\"{id}\"")));
}

#[tokio::test]
async fn collected_objects_say_so() {
    let json = raw("cycle");
    let trace = Rc::new(fixtures::load("cycle"));
    let steps = json["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .position(|s| {
            s["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["reason"] == "gc_collected"))
        })
        .unwrap();
    let html = render::<Diagram>(diagram_props(&trace, step)).await;
    assert_eq!(html.matches("collected by gc").count(), 2, "both Nodes");
}

#[tokio::test]
async fn the_garbage_cycle_is_labelled_after_del_a_b() {
    let json = raw("cycle");
    let trace = Rc::new(fixtures::load("cycle"));
    let step = fixtures::step_at_line(&trace, 17); // after `del a, b`
    let html = render::<Diagram>(diagram_props(&trace, step)).await;
    assert_eq!(
        text_of(&html, "cycle-label"),
        "garbage: waiting for the cyclic garbage collector"
    );
    let heap = raw_heap(&json, step);
    assert!(!heap.is_empty(), "the cycle is on the heap");
    for o in heap {
        assert_eq!(o["reachable"], false);
        let (open, _) = element(&html, o["id"].as_u64().unwrap() as u32);
        assert!(open.contains("garbage"), "{open}");
    }
    // Before the names go, nothing is garbage.
    let html = render::<Diagram>(diagram_props(&trace, step - 1)).await;
    assert!(!html.contains("cycle-label"));
    assert!(!html.contains("garbage"));
}

#[tokio::test]
async fn two_hundred_objects_render_one_box_each() {
    let trace = Rc::new(fixtures::load("many_objects"));
    let step = (0..trace.steps.len())
        .max_by_key(|&i| trace.heap_len(i))
        .unwrap();
    let html = render::<Diagram>(diagram_props(&trace, step)).await;
    assert_eq!(html.matches("class=\"obj ").count(), trace.heap_len(step));
    assert!(trace.heap_len(step) >= 200);
}

fn app_at(name: &str, step: usize) -> AppProps {
    let state = Rc::new(ReplayState::starting()).reduce_all(&[
        Action::VmReady,
        Action::loaded(fixtures::load(name)),
        Action::Goto(step),
    ]);
    AppProps {
        initial: Some(Shared(state)),
    }
}

trait ReduceAll {
    fn reduce_all(self, actions: &[Action]) -> Rc<ReplayState>;
}

impl ReduceAll for Rc<ReplayState> {
    fn reduce_all(self, actions: &[Action]) -> Rc<ReplayState> {
        use yew::Reducible;
        actions.iter().cloned().fold(self, |s, a| s.reduce(a))
    }
}

#[tokio::test]
async fn the_app_narrates_the_line_with_its_source() {
    let json = raw("cycle");
    let trace = fixtures::load("cycle");
    let step = fixtures::step_at_line(&trace, 15);
    let html = render::<App>(app_at("cycle", step)).await;
    let prev_line = json["steps"][step - 1]["line"].as_u64().unwrap() as usize;
    let source = json["source"]
        .as_str()
        .unwrap()
        .lines()
        .nth(prev_line - 1)
        .unwrap()
        .trim();
    let at = html.find("id=\"narration\"").expect("a narration region");
    let narration = unescape(&html[at..at + html[at..].find("</section>").unwrap()]);
    assert!(narration.contains("aria-live=\"polite\""));
    assert!(
        narration.contains(&format!("Line {prev_line}: <code>{source}</code> ran.")),
        "{narration}"
    );
    // The stable hooks the browser tests use are all there.
    for id in [
        "run",
        "stop",
        "first",
        "back",
        "forward",
        "last",
        "step-slider",
        "step-label",
        "play",
        "speed",
        "output",
        "status",
        "diagram",
        "timeline",
        "editor",
        "reset-code",
        "memory-chart",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    assert!(html.contains(&format!("step {} of {}", step + 1, trace.steps.len())));
}

#[tokio::test]
async fn timeline_has_one_button_per_event() {
    for name in ["cycle", "context_managers", "files", "uncaught"] {
        let json = raw(name);
        let events: usize = json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["events"].as_array().map_or(0, Vec::len))
            .sum();
        let html = render::<App>(app_at(name, 0)).await;
        let at = html.find("id=\"timeline\"").unwrap();
        let timeline = &html[at..at + html[at..].find("</nav>").unwrap()];
        let buttons: Vec<&str> = timeline.split("<button ").skip(1).collect();
        assert_eq!(buttons.len(), events, "{name}");
        assert!(buttons
            .iter()
            .all(|b| b[..b.find('>').unwrap()].contains("class=\"event ")));
        assert_eq!(timeline.matches("data-step=\"").count(), events, "{name}");
    }
}

fn output_props(name: &str, step: usize) -> OutputProps {
    OutputProps {
        trace: Some(Shared::new(fixtures::load(name))),
        step,
    }
}

#[tokio::test]
async fn output_tells_how_the_run_ended() {
    let json = raw("step_limit");
    let html = unescape(&render::<Output>(output_props("step_limit", 0)).await);
    let max = json["outcome"]["max_steps"].as_u64().unwrap();
    assert!(html.contains(&format!(
        "Stopped after {max} steps — the partial trace below is still steppable"
    )));

    let json = raw("syntax_error");
    let html = unescape(&render::<Output>(output_props("syntax_error", 0)).await);
    let message = json["outcome"]["message"].as_str().unwrap();
    assert!(html.contains(message), "{html}");
    assert!(
        html.contains(&format!("line {}", json["outcome"]["line"])),
        "{html}"
    );

    let json = raw("uncaught");
    let last = json["steps"].as_array().unwrap().len() - 1;
    let html = unescape(&render::<Output>(output_props("uncaught", last)).await);
    for line in json["outcome"]["traceback"].as_array().unwrap() {
        assert!(html.contains(line.as_str().unwrap()), "{html}");
    }
    let html = unescape(&render::<Output>(output_props("uncaught", 0)).await);
    assert!(
        !html.contains("Traceback"),
        "the exception shows at the end"
    );
}

#[tokio::test]
async fn controls_label_the_step_one_based() {
    let props = ControlsProps {
        step: 4,
        step_count: 33,
        playing: false,
        speed: Speed::Normal,
        can_run: false,
        can_stop: true,
        on_action: Default::default(),
        on_run: Default::default(),
        on_stop: Default::default(),
        show_run: true,
        question_waiting: false,
    };
    let html = render::<Controls>(props).await;
    assert_eq!(text_of(&html, "step-label"), "step 5 of 33");
    assert!(!html.contains("question-waiting"), "no question, no button");
    let run = &html[html.find("id=\"run\"").unwrap()..];
    assert!(
        run[..run.find('>').unwrap()].contains("disabled"),
        "Run waits for the VM"
    );
}

/// A question blocking the steps puts a button beside them (issue 20: on a phone the card
/// may be a long scroll away); an embed without code has no Run or Stop.
#[tokio::test]
async fn controls_point_to_a_waiting_question_and_hide_run_without_code() {
    let props = ControlsProps {
        step: 4,
        step_count: 33,
        playing: false,
        speed: Speed::Normal,
        can_run: true,
        can_stop: false,
        on_action: Default::default(),
        on_run: Default::default(),
        on_stop: Default::default(),
        show_run: false,
        question_waiting: true,
    };
    let html = render::<Controls>(props).await;
    assert!(html.contains("id=\"question-waiting\""), "{html}");
    assert!(
        !html.contains("id=\"run\"") && !html.contains("id=\"stop\""),
        "{html}"
    );
}
