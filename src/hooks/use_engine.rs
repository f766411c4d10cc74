//! The worker bridge: the only code that talks to the Python VM's Web Worker.
//!
//! A module worker is created from `./worker.js` as the page loads (`www/main.js` starts
//! it, the app takes it over when it mounts). Its messages become
//! reducer actions (see [`crate::protocol`] for the shapes). Because the VM runs the
//! learner's code synchronously, a busy worker cannot be asked to stop: Stop terminates it
//! and starts a fresh one (the VM reloads, with progress). A crash (a `crash` message or an
//! uncaught `error` event) does the same. Run ids let late answers from an old run be
//! ignored.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use refscope_trace::Trace;

use crate::model::AnalysisBuilder;
use crate::protocol::{max_steps_from_query, FromWorker, TraceDecoder, RECYCLE_HEAP_BYTES};
use crate::replay::{Action, ReplayState};

/// Where the host page serves the worker script.
const WORKER_URL: &str = "./worker.js";

/// The bridge's mutable state, shared by the handle and the worker's event handlers.
struct Bridge {
    worker: Option<Worker>,
    /// The JS functions of the message and error handlers, reattached to each new worker.
    on_message: Option<Function>,
    on_error: Option<Function>,
    /// True once the current worker has said anything (so a failing script load is told
    /// apart from a crash, and does not restart forever).
    heard_from: bool,
    ready: bool,
    next_id: u32,
    /// The id of the run in flight.
    current: Option<u32>,
    /// A run waiting for the VM to be ready.
    pending: Option<(u32, String)>,
    /// The run whose trace is being decoded; cleared by Run and Stop to abandon it.
    decoding: Option<u32>,
    /// A trace that arrived, to decode once the message handler has returned.
    arrived: Option<(u32, Uint8Array)>,
}

/// How long one slice of trace decoding may hold the page before it yields a frame.
const DECODE_SLICE_MS: f64 = 30.0;

/// Steps analysed between two looks at the clock.
const ANALYSE_STEPS: usize = 500;

/// Runs and stops Python; cheap to clone.
#[derive(Clone)]
pub struct EngineHandle {
    bridge: Rc<RefCell<Bridge>>,
    dispatch: UseReducerDispatcher<ReplayState>,
}

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

/// The worker's trace bytes, read into wasm memory a chunk at a time: a 100,000-step trace
/// is tens of megabytes of JSON that need not sit in the page's memory next to the trace.
struct JsBytes {
    array: Uint8Array,
    at: u32,
}

impl std::io::Read for JsBytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (self.array.length() - self.at).min(buf.len() as u32);
        self.array
            .subarray(self.at, self.at + n)
            .copy_to(&mut buf[..n as usize]);
        self.at += n;
        Ok(n as usize)
    }
}

/// The step budget for runs: the page URL's `?steps=N`, else the default.
fn max_steps() -> u32 {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    max_steps_from_query(&search)
}

/// The worker `www/main.js` started with the page, and the events it has sent so far; only
/// once (later restarts start their own).
fn take_early_worker() -> Option<(Worker, Vec<JsValue>)> {
    let take: Function = Reflect::get(&js_sys::global(), &"refscopeTakeWorker".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let taken = take.call0(&JsValue::NULL).ok()?;
    let worker = Reflect::get(&taken, &"worker".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let events = Reflect::get(&taken, &"events".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    Some((worker, events.to_vec()))
}

/// Reads a worker message. Unknown shapes are kept as text for the console.
fn parse(data: &JsValue) -> FromWorker<Uint8Array> {
    let get = |key: &str| Reflect::get(data, &JsValue::from_str(key)).ok();
    let text = |key: &str| get(key).and_then(|v| v.as_string());
    let num = |key: &str| get(key).and_then(|v| v.as_f64());
    let id = || num("id").map(|n| n as u32);
    match text("type").as_deref() {
        Some("progress") => FromWorker::Progress {
            loaded: num("loaded").unwrap_or(0.0),
            total: num("total").unwrap_or(0.0),
            full: text("part").as_deref() == Some("full"),
        },
        Some("ready") => FromWorker::Ready,
        Some("trace") => match (id(), get("bytes").and_then(|b| b.dyn_into().ok())) {
            (Some(id), Some(bytes)) => FromWorker::Trace {
                id,
                bytes,
                heap_bytes: num("heapBytes").unwrap_or(0.0),
            },
            _ => FromWorker::Unknown("a trace message without id or bytes".to_owned()),
        },
        Some("crash") => FromWorker::Crash {
            id: id(),
            message: text("message").unwrap_or_else(|| "no details".to_owned()),
        },
        Some("error") => FromWorker::Error {
            message: text("message").unwrap_or_else(|| "no details".to_owned()),
        },
        other => FromWorker::Unknown(format!("{other:?}")),
    }
}

impl Bridge {
    /// Terminates the current worker (if any) and starts a fresh one. The first time, that
    /// is the one the page started while the UI loaded (`www/main.js`); the events it sent
    /// meanwhile are returned, for the caller to pass to the handlers once this bridge is
    /// no longer borrowed.
    fn restart(&mut self) -> Result<Vec<JsValue>, String> {
        if let Some(old) = self.worker.take() {
            old.terminate();
        }
        self.ready = false;
        self.heard_from = false;
        self.current = None;
        let (worker, early) = match take_early_worker() {
            Some(started) => started,
            None => {
                let options = WorkerOptions::new();
                options.set_type(WorkerType::Module);
                let worker = Worker::new_with_options(WORKER_URL, &options)
                    .map_err(|e| format!("the Python worker could not be started ({e:?})"))?;
                (worker, Vec::new())
            }
        };
        worker.set_onmessage(self.on_message.as_ref());
        worker.set_onerror(self.on_error.as_ref());
        self.worker = Some(worker);
        Ok(early)
    }

    fn post_run(&self, id: u32, source: &str) -> Result<(), String> {
        let Some(worker) = &self.worker else {
            return Err("the Python worker is not running".to_owned());
        };
        let msg = Object::new();
        let set = |k: &str, v: JsValue| Reflect::set(&msg, &JsValue::from_str(k), &v).map(|_| ());
        set("type", "run".into())
            .and_then(|_| set("id", id.into()))
            .and_then(|_| set("source", source.into()))
            .and_then(|_| set("maxSteps", max_steps().into()))
            .and_then(|_| worker.post_message(&msg))
            .map_err(|e| format!("the run could not be sent to the Python worker ({e:?})"))
    }

    /// Handles one worker message; returns the actions to dispatch once unborrowed.
    fn on_message(&mut self, msg: FromWorker<Uint8Array>) -> Vec<Action> {
        self.heard_from = true;
        match msg {
            FromWorker::Progress {
                loaded,
                total,
                full,
            } => vec![Action::VmProgress {
                loaded,
                total,
                full,
            }],
            FromWorker::Ready => {
                self.ready = true;
                crate::hooks::offline::register_soon();
                let mut actions = vec![Action::VmReady];
                if let Some((id, source)) = self.pending.take() {
                    if let Err(e) = self.post_run(id, &source) {
                        self.current = None;
                        actions.push(Action::RunFailed(e));
                    }
                }
                actions
            }
            FromWorker::Trace {
                id,
                bytes,
                heap_bytes,
            } => {
                if self.current != Some(id) {
                    return Vec::new(); // a stale answer from a run that was replaced
                }
                self.current = None;
                self.decoding = Some(id);
                self.arrived = Some((id, bytes));
                let mut actions = Vec::new();
                if heap_bytes > RECYCLE_HEAP_BYTES {
                    // Quietly swap in a fresh VM; the next Run waits for it if it must.
                    if let Err(e) = self.restart() {
                        actions.push(Action::VmFailed(e));
                    } else {
                        actions.push(Action::VmProgress {
                            loaded: 0.0,
                            total: 0.0,
                            full: false,
                        });
                    }
                }
                actions
            }
            FromWorker::Crash { message, .. } => self.crashed(message),
            FromWorker::Error { message } => {
                // The worker could not load the VM; drop it so the next Run starts afresh.
                self.ready = false;
                self.current = None;
                self.pending = None;
                if let Some(w) = self.worker.take() {
                    w.terminate();
                }
                vec![Action::VmFailed(message)]
            }
            FromWorker::Unknown(what) => {
                web_sys::console::warn_1(
                    &format!("refscope: unknown worker message {what}").into(),
                );
                Vec::new()
            }
        }
    }

    fn crashed(&mut self, message: String) -> Vec<Action> {
        self.pending = None;
        match self.restart() {
            Ok(_) => vec![Action::Crashed(message)],
            Err(e) => vec![Action::Crashed(message), Action::VmFailed(e)],
        }
    }

    /// An uncaught `error` event: a crash if the worker had started, else a failed load
    /// (restarting a script that cannot load would loop forever).
    fn on_error(&mut self, message: String) -> Vec<Action> {
        if self.heard_from {
            self.crashed(message)
        } else {
            self.ready = false;
            self.current = None;
            self.pending = None;
            if let Some(w) = self.worker.take() {
                w.terminate();
            }
            vec![Action::VmFailed(format!(
                "the Python worker could not be started ({message})"
            ))]
        }
    }
}

impl EngineHandle {
    fn apply(&self, actions: Vec<Action>) {
        for action in actions {
            self.dispatch.dispatch(action);
        }
    }

    /// Starts decoding a trace that just arrived, if one did.
    fn decode_arrived(&self) {
        let arrived = self.bridge.borrow_mut().arrived.take();
        let Some((id, bytes)) = arrived else { return };
        let open = || JsBytes {
            array: bytes.clone(),
            at: 0,
        };
        match TraceDecoder::start(open) {
            Ok(decoder) => self.decode(id, decoder, 0.0),
            Err(e) => self.apply(vec![Action::RunFailed(e)]),
        }
    }

    /// Decodes parts of the trace for [`DECODE_SLICE_MS`], then yields to the page (a
    /// 100,000-step trace takes most of a second to decode) and goes on in a new task.
    /// A part that would end past the slice (judged by the longest part so far) waits for
    /// the next task. A Run or Stop meanwhile abandons it.
    fn decode(&self, id: u32, mut decoder: TraceDecoder<JsBytes>, mut longest: f64) {
        let started = js_sys::Date::now();
        loop {
            if self.bridge.borrow().decoding != Some(id) {
                return;
            }
            let part_started = js_sys::Date::now();
            match decoder.next_part() {
                Ok(true) => {
                    let now = js_sys::Date::now();
                    longest = longest.max(now - part_started);
                    if now - started + longest > DECODE_SLICE_MS {
                        self.next_task(move |h| h.decode(id, decoder, longest));
                        return;
                    }
                }
                Ok(false) => {
                    let trace = decoder.finish();
                    let builder = AnalysisBuilder::new(&trace);
                    self.next_task(move |h| h.analyse(id, Rc::new(trace), builder));
                    return;
                }
                Err(e) => {
                    self.bridge.borrow_mut().decoding = None;
                    self.apply(vec![Action::RunFailed(e)]);
                    return;
                }
            }
        }
    }

    /// Goes on with `work` in a new task, after the page has had a frame.
    fn next_task(&self, work: impl FnOnce(&EngineHandle) + 'static) {
        let handle = self.clone();
        gloo::timers::callback::Timeout::new(0, move || work(&handle)).forget();
    }

    /// Analyses the decoded trace in slices of [`DECODE_SLICE_MS`] as well (the views of a
    /// 100,000-step trace take tens of milliseconds), then shows it.
    fn analyse(&self, id: u32, trace: Rc<Trace>, mut builder: AnalysisBuilder) {
        let started = js_sys::Date::now();
        loop {
            if self.bridge.borrow().decoding != Some(id) {
                return;
            }
            if !builder.advance(&trace, ANALYSE_STEPS) {
                self.bridge.borrow_mut().decoding = None;
                let analysis = Rc::new(builder.finish());
                self.apply(vec![Action::Loaded(trace, analysis)]);
                return;
            }
            if js_sys::Date::now() - started > DECODE_SLICE_MS {
                self.next_task(move |h| h.analyse(id, trace, builder));
                return;
            }
        }
    }

    /// Runs `source`. A run in progress is abandoned (its worker is restarted) and a run
    /// sent while the VM loads waits for `ready`.
    pub fn run(&self, source: String) {
        let mut actions = vec![Action::RunStarted];
        {
            let mut b = self.bridge.borrow_mut();
            b.decoding = None;
            if b.current.is_some() || b.worker.is_none() {
                if let Err(e) = b.restart() {
                    actions.push(Action::RunFailed(e));
                }
            }
            let id = b.next_id;
            b.next_id = b.next_id.wrapping_add(1);
            b.current = Some(id);
            if b.ready {
                if let Err(e) = b.post_run(id, &source) {
                    b.current = None;
                    actions.push(Action::RunFailed(e));
                }
            } else {
                b.pending = Some((id, source));
                if b.worker.is_some() {
                    actions.push(Action::VmProgress {
                        loaded: 0.0,
                        total: 0.0,
                        full: false,
                    });
                }
            }
        }
        self.apply(actions);
    }

    /// Stops whatever the worker is doing by terminating it, and starts a fresh one.
    pub fn stop(&self) {
        let mut actions = vec![Action::Stopped];
        {
            let mut b = self.bridge.borrow_mut();
            b.pending = None;
            b.decoding = None;
            if let Err(e) = b.restart() {
                actions.push(Action::VmFailed(e));
            }
        }
        self.apply(actions);
    }
}

/// Creates the worker on mount and returns the handle that runs and stops code.
#[hook]
pub fn use_engine(dispatch: UseReducerDispatcher<ReplayState>) -> EngineHandle {
    let bridge = use_mut_ref(|| Bridge {
        worker: None,
        on_message: None,
        on_error: None,
        heard_from: false,
        ready: false,
        next_id: 1,
        current: None,
        pending: None,
        decoding: None,
        arrived: None,
    });
    let handle = EngineHandle { bridge, dispatch };
    {
        let handle = handle.clone();
        use_effect_with((), move |_| {
            let h = handle.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let actions = h.bridge.borrow_mut().on_message(parse(&e.data()));
                h.apply(actions);
                h.decode_arrived();
            });
            let h = handle.clone();
            let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                e.prevent_default();
                let message = e
                    .dyn_ref::<ErrorEvent>()
                    .map(ErrorEvent::message)
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "an error in the worker".to_owned());
                let actions = h.bridge.borrow_mut().on_error(message);
                h.apply(actions);
            });
            let message_fn = on_message.as_ref().unchecked_ref::<Function>().clone();
            let error_fn = on_error.as_ref().unchecked_ref::<Function>().clone();
            let started = {
                let mut b = handle.bridge.borrow_mut();
                b.on_message = Some(message_fn.clone());
                b.on_error = Some(error_fn.clone());
                b.restart()
            };
            match started {
                // In this same task, so they come before anything the worker sends next.
                Ok(early) => {
                    for event in early {
                        let is_error = Reflect::get(&event, &"type".into())
                            .ok()
                            .and_then(|t| t.as_string())
                            .is_some_and(|t| t == "error");
                        let handler = if is_error { &error_fn } else { &message_fn };
                        let _ = handler.call1(&JsValue::NULL, &event);
                    }
                }
                Err(e) => handle.dispatch.dispatch(Action::VmFailed(e)),
            }
            let bridge = Rc::clone(&handle.bridge);
            move || {
                if let Some(w) = bridge.borrow_mut().worker.take() {
                    w.terminate();
                }
                // The handlers may be dropped only once no worker can call them.
                drop((on_message, on_error));
            }
        });
    }
    handle
}
