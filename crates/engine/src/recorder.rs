//! The trace hook: turns RustPython's `sys.settrace` events into [`Step`]s and events.
//!
//! The recorder only reacts to frames compiled from the learner's file. For each of their
//! `call`, `line`, `return` and `exception` events it snapshots the stack and the heap
//! (see `heap`), then derives lifetime and protocol events by comparing with the previous
//! step and by looking at the statement that just ran (see `source_map`).
//!
//! While the hook runs, automatic gc is paused: our own allocations must not trigger a
//! collection that would run the learner's `__del__` inside the hook, invisibly.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use refscope_trace::{
    ContextEvent, Event, ExceptionEvent, FinallyReason, Frame, GcTrigger, GeneratorEvent,
    HeapEncoder, Local, ObjectState, Outcome, StackEntry, Step, StepEvent, Trace, FORMAT_VERSION,
};
use rustpython_vm::builtins::{PyBaseExceptionRef, PyCode};
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, PyObjectRef, PyRef, PyResult, VirtualMachine};

use crate::heap::{Heap, Snapshot};
use crate::lines::Lines;
use crate::session::USER_FILE;
use crate::source_map::{SourceMap, StmtKind};
use crate::Options;

/// Values stored once each, in order of first sight, and named by their index.
struct Interner<T> {
    items: Vec<T>,
    // Used only for lookups, never iterated, so hash order cannot leak into the trace.
    index: FxHashMap<T, u32>,
}

impl<T: Clone + Eq + std::hash::Hash> Interner<T> {
    fn new() -> Self {
        Interner {
            items: Vec::new(),
            index: FxHashMap::default(),
        }
    }

    fn intern(&mut self, item: T) -> u32 {
        if let Some(&i) = self.index.get(&item) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(item.clone());
        self.index.insert(item, i);
        i
    }
}

/// Everything recorded so far, as plain data (no Python objects), so a VM panic can still
/// return the partial trace.
pub(crate) struct TraceData {
    steps: Vec<Step>,
    objects: Interner<ObjectState>,
    locals: Interner<Local>,
    frames: Interner<Frame>,
    heap_encoder: HeapEncoder,
    stdout: String,
    stdout_truncated: bool,
    max_stdout: usize,
    differences: Vec<String>,
}

impl TraceData {
    pub(crate) fn new(options: &Options) -> Self {
        TraceData {
            steps: Vec::new(),
            objects: Interner::new(),
            locals: Interner::new(),
            frames: Interner::new(),
            heap_encoder: HeapEncoder::default(),
            stdout: String::new(),
            stdout_truncated: false,
            max_stdout: options.max_stdout_bytes,
            differences: Vec::new(),
        }
    }

    /// Appends program output, up to the cap.
    pub(crate) fn write_stdout(&mut self, text: &str) {
        if self.stdout_truncated {
            return;
        }
        let room = self.max_stdout.saturating_sub(self.stdout.len());
        if text.len() <= room {
            self.stdout.push_str(text);
        } else {
            let mut cut = room;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.stdout.push_str(&text[..cut]);
            self.stdout
                .push_str("\n… output truncated: the program printed more than ");
            self.stdout
                .push_str(&format!("{} KiB\n", self.max_stdout / 1024));
            self.stdout_truncated = true;
        }
    }

    /// Adds a line to `differences`, once however often the run hits it.
    fn note(&mut self, text: String) {
        if !self.differences.contains(&text) {
            self.differences.push(text);
        }
    }

    pub(crate) fn into_trace(self, source: &str, outcome: Outcome) -> Trace {
        Trace {
            format_version: FORMAT_VERSION,
            source: source.to_owned(),
            outcome,
            stdout: self.stdout,
            stdout_truncated: self.stdout_truncated,
            objects: self.objects.items,
            locals: self.locals.items,
            frames: self.frames.items,
            steps: self.steps,
            differences: self.differences,
        }
    }
}

/// A user frame we saw on the previous step, to give frames stable ids.
struct SeenFrame {
    addr: usize,
    id: u32,
    /// An exception seen in this frame since its last line event.
    pending_exc: Option<String>,
    /// The line of the last line event in this frame.
    last_line: u32,
}

pub(crate) struct Recorder {
    data: Rc<RefCell<TraceData>>,
    options: Options,
    source_map: SourceMap,
    heap: Heap,
    lines: Lines,
    prelude: PyObjectRef,
    tracer: Option<PyObjectRef>,
    frames: Vec<SeenFrame>,
    next_frame_id: u32,
    /// Line running in the innermost user frame, for events found between steps.
    current_line: u32,
    /// Events gathered since the last step.
    pending: Vec<Event>,
    gc_collections: usize,
    limit_hit: bool,
    /// Non-user `__exit__` frames we asked return events for: frame address -> manager type.
    exit_frames: BTreeMap<usize, ContextEvent>,
    /// Generators seen started (by the address of their frame).
    started_generators: BTreeMap<usize, ()>,
    /// Depth and type of the last exception event, to tell raise from propagate.
    last_exception_depth: usize,
    last_exception_type: String,
    /// The message of the last exception event, for reporting a failed weakref callback.
    last_exception_message: String,
    /// Frames running a weakref callback, by address (their weakref is dead by the time
    /// they return, so the heap no longer knows them as callbacks).
    callback_frames: BTreeSet<usize>,
}

impl Recorder {
    pub(crate) fn new(
        vm: &VirtualMachine,
        source: &str,
        options: &Options,
        data: &Rc<RefCell<TraceData>>,
        prelude: PyObjectRef,
    ) -> Self {
        Recorder {
            data: data.clone(),
            options: options.clone(),
            source_map: SourceMap::new(source),
            heap: Heap::new(options.max_heap_objects, options.fast_path),
            lines: Lines::new(options.long_code_units),
            prelude,
            tracer: None,
            frames: Vec::new(),
            next_frame_id: 0,
            current_line: 0,
            pending: Vec::new(),
            gc_collections: gc_total(vm),
            limit_hit: false,
            exit_frames: BTreeMap::new(),
            started_generators: BTreeMap::new(),
            last_exception_depth: 0,
            last_exception_type: String::new(),
            last_exception_message: String::new(),
            callback_frames: BTreeSet::new(),
        }
    }

    pub(crate) fn set_tracer(&mut self, tracer: PyObjectRef) {
        self.tracer = Some(tracer);
    }

    /// One `sys.settrace` event. Returns the local trace function for the frame.
    pub(crate) fn on_event(
        &mut self,
        vm: &VirtualMachine,
        frame: PyObjectRef,
        event: &str,
        arg: PyObjectRef,
    ) -> PyResult {
        if self.limit_hit {
            return Ok(vm.ctx.none());
        }
        let Ok(frame) = frame.downcast::<rustpython_vm::frame::FrameObject>() else {
            return Ok(vm.ctx.none());
        };
        // Only frames `Lines::on_call` switched send opcode events; some stand for a line
        // event, the rest are not steps.
        let event = match event {
            "opcode" if self.lines.opcode_line(vm, &frame) => "line",
            "opcode" => return Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none())),
            other => other,
        };
        let code = frame.f_code();
        if !is_user(&code) {
            return self.on_foreign_event(vm, &frame, &code, event, &arg);
        }
        let gc_was_enabled = vm.state.gc.is_enabled();
        vm.state.gc.disable();
        let result = self.on_user_event(vm, &frame, &code, event, arg);
        if gc_was_enabled {
            vm.state.gc.enable();
        }
        result
    }

    fn on_user_event(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        code: &PyRef<PyCode>,
        event: &str,
        arg: PyObjectRef,
    ) -> PyResult {
        let step_event = match event {
            "line" => StepEvent::Line,
            "call" => StepEvent::Call,
            "return" => StepEvent::Return,
            "exception" => StepEvent::Exception,
            _ => return Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none())),
        };
        let line = self.lines.of(vm, frame);
        let function = code.obj_name.as_str().to_owned();
        let stack = user_stack(vm, frame);
        self.sync_frames(&stack);
        let is_gen = code
            .flags
            .contains(rustpython_vm::bytecode::CodeFlags::GENERATOR);
        let frame_addr = frame.as_object().get_id();
        match step_event {
            StepEvent::Call => {
                self.lines.on_call(vm, frame);
                self.on_call(vm, frame, &function, &stack);
                if is_gen {
                    let action = if self.started_generators.insert(frame_addr, ()).is_some() {
                        "resumed"
                    } else {
                        "started"
                    };
                    self.push_gen(action, &function, line);
                }
            }
            StepEvent::Line => {
                self.on_line(line);
            }
            StepEvent::Exception => {
                // RustPython reports the StopIteration that ends a `for` loop over an
                // iterator as an exception event; CPython does not (the loop just ends).
                if self.source_map.stmt_kind(line) == Some(StmtKind::For)
                    && exc_info(vm, &arg).0 == "StopIteration"
                {
                    return Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none()));
                }
                self.on_exception(vm, &arg, &function, line);
                if let Some(exit) = self.exit_frames.get(&frame_addr) {
                    self.note_exit_raised(exit.line);
                }
            }
            StepEvent::Return => {
                self.lines.on_return(frame);
                self.report_failed_callback(frame);
                self.exit_returned(vm, frame_addr, &arg);
                if is_gen {
                    let action = if self.source_map.has_yield(line) && !vm.is_none(&arg) {
                        "suspended"
                    } else {
                        self.started_generators.remove(&frame_addr);
                        "finished"
                    };
                    self.push_gen(action, &function, line);
                }
            }
        }
        self.drain_prelude_logs(vm);
        self.check_gc(vm);
        let return_value = (step_event == StepEvent::Return).then_some(arg);
        let frame_ids: Vec<u32> = self.frames.iter().map(|f| f.id).collect();
        // Only the frames a step lists need their line.
        let lines: Vec<u32> = stack
            .iter()
            .enumerate()
            .map(|(depth, f)| {
                if crate::heap::is_listed(depth, stack.len()) {
                    self.lines.of(vm, f)
                } else {
                    0
                }
            })
            .collect();
        let data = &self.data;
        let snapshot: Snapshot = self.heap.snapshot(
            vm,
            &stack,
            &frame_ids,
            &lines,
            return_value.as_ref(),
            &mut |state| data.borrow_mut().objects.intern(state),
        );
        let stack_caller_line = lines.len().checked_sub(2).map(|i| lines[i]);
        drop(stack);
        // Generator events of this step name their generator, now that the snapshot has
        // seen it (a generator made on this line was not in the heap before).
        if is_gen {
            let id = self.heap.generator_of(frame_addr);
            for e in &mut self.pending {
                if let Event::Generator(g) = e {
                    g.object = g.object.or(id);
                }
            }
        }
        let found = self.heap.take_events(self.current_line);
        self.note_automatic_gc(&found);
        self.pending
            .extend(found.into_iter().filter(|e| !is_idle_automatic_gc(e)));
        // After a return the caller's line runs again: what dies next (say, an object
        // whose `__del__` just returned) dies there, not on the callee's last line.
        self.current_line = match step_event {
            StepEvent::Return => stack_caller_line.unwrap_or(line),
            _ => line,
        };
        let mut data = self.data.borrow_mut();
        let heap = data.heap_encoder.push(snapshot.objects);
        let stack = snapshot
            .frames
            .into_iter()
            .map(|f| {
                let locals = f
                    .locals
                    .into_iter()
                    .map(|l| data.locals.intern(l))
                    .collect();
                let frame = Frame {
                    id: f.id,
                    function: f.function,
                    locals,
                };
                StackEntry {
                    frame: data.frames.intern(frame),
                    line: f.line,
                }
            })
            .collect();
        let stdout_len = data.stdout.len() as u32;
        data.steps.push(Step {
            event: step_event,
            line,
            stack,
            heap,
            stdout_len,
            return_value: snapshot.return_value.map(Box::new),
            heap_truncated: snapshot.truncated,
            events: std::mem::take(&mut self.pending).into(),
        });
        let n = data.steps.len() as u32;
        drop(data);
        if self.options.panic_after_steps == Some(n) {
            panic!("deliberate panic after {n} steps (Options::panic_after_steps)");
        }
        if n >= self.options.max_steps {
            self.limit_hit = true;
            let arm = self.prelude.get_attr("arm_limit", vm)?;
            arm.call((), vm)?;
            let cls = self.prelude.get_attr("StepLimit", vm)?;
            return Err(vm.new_exception_msg(
                cls.downcast()
                    .map_err(|_| vm.new_runtime_error("StepLimit"))?,
                "step limit reached".into(),
            ));
        }
        Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none()))
    }

    /// Events for frames outside the learner's file: context managers and finalizers that
    /// the learner's code triggered.
    fn on_foreign_event(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        code: &PyRef<PyCode>,
        event: &str,
        arg: &PyObjectRef,
    ) -> PyResult {
        let name = code.obj_name.as_str();
        let back_is_user = frame.f_back(vm).is_some_and(|b| is_user(&b.f_code()));
        let addr = frame.as_object().get_id();
        match (event, name) {
            ("call", "__enter__") if back_is_user || is_enter_context(vm, frame) => {
                let manager_type = first_arg_type(vm, frame);
                self.pending.push(Event::Context(ContextEvent {
                    phase: "enter".into(),
                    manager_type,
                    manager: first_local(vm, frame).and_then(|o| self.heap.id_of(&o)),
                    exc_type: None,
                    suppressed: false,
                    line: self.user_line(vm, frame),
                }));
            }
            ("call", "__exit__") if back_is_user || is_exit_stack(vm, frame) => {
                let line = self.user_line(vm, frame);
                self.exit_called(vm, frame, line);
                return Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none()));
            }
            ("return", _) => self.exit_returned(vm, addr, arg),
            // Frozen modules are compiled with their module name as the path.
            ("call", "__call__")
                if matches!(code.source_path().as_str(), "weakref" | "weakref.py")
                    || code.source_path().as_str().ends_with("/weakref.py") =>
            {
                // weakref.finalize.__call__ runs the registered finalizer, if it is still
                // registered: calling a dead finalize again does nothing.
                if let Some(function) = finalizer_name(vm, frame) {
                    self.pending.push(Event::Finalizer {
                        function,
                        line: self.user_line(vm, frame),
                    });
                }
            }
            _ => {}
        }
        if self.exit_frames.contains_key(&addr) {
            return Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none()));
        }
        Ok(vm.ctx.none())
    }

    /// An `__exit__` starts (user-defined or library): what it was given, kept until it
    /// returns, when its return value decides suppression.
    fn exit_called(&mut self, vm: &VirtualMachine, frame: &FrameRef, line: u32) {
        let exit = ContextEvent {
            phase: "exit".into(),
            manager_type: first_arg_type(vm, frame),
            manager: first_local(vm, frame).and_then(|o| self.heap.id_of(&o)),
            exc_type: exit_exc_type(vm, frame),
            suppressed: false,
            line,
        };
        self.exit_frames.insert(frame.as_object().get_id(), exit);
    }

    /// The frame at `addr` returns `value`: if it is an `__exit__`, its exit event.
    fn exit_returned(&mut self, vm: &VirtualMachine, addr: usize, value: &PyObjectRef) {
        if let Some(mut exit) = self.exit_frames.remove(&addr) {
            exit.suppressed = exit.exc_type.is_some() && value.clone().is_true(vm).unwrap_or(false);
            self.pending.push(Event::Context(exit));
        }
    }

    /// The line running in the innermost user frame under `frame`: where a context
    /// manager or finalizer called from library code (ExitStack, weakref) was set off.
    /// Falls back to the last line seen when no user frame is on the stack (at exit).
    fn user_line(&self, vm: &VirtualMachine, frame: &FrameRef) -> u32 {
        let mut cur = frame.f_back(vm);
        while let Some(f) = cur {
            if is_user(&f.f_code()) {
                return f.lineno().max(0) as u32;
            }
            cur = f.f_back(vm);
        }
        self.current_line
    }

    fn on_call(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        function: &str,
        stack: &[FrameRef],
    ) {
        let caller_line = stack
            .len()
            .checked_sub(2)
            .map(|i| stack[i].lineno().max(0) as u32)
            .unwrap_or(self.current_line);
        match function {
            "__del__" => {
                if let Some(obj) = first_local(vm, frame) {
                    let id = self.heap.note_del(&obj);
                    if let Some(object) = id {
                        self.pending.push(Event::DelCalled {
                            object,
                            line: caller_line,
                        });
                    }
                }
            }
            "__enter__" => self.pending.push(Event::Context(ContextEvent {
                phase: "enter".into(),
                manager_type: first_arg_type(vm, frame),
                manager: first_local(vm, frame).and_then(|o| self.heap.id_of(&o)),
                exc_type: None,
                suppressed: false,
                line: caller_line,
            })),
            "__exit__" => self.exit_called(vm, frame, caller_line),
            _ => {
                // A function registered as some weakref's callback: the VM calls it when
                // the referent dies, with the frame that dropped the last reference (a
                // user frame, for a refcount death) as its caller.
                if self.heap.is_weakref_callback(frame) {
                    self.callback_frames.insert(frame.as_object().get_id());
                    self.pending.push(Event::WeakrefCallback {
                        function: function.to_owned(),
                        line: caller_line,
                    });
                }
            }
        }
    }

    fn on_line(&mut self, line: u32) {
        let Some(top) = self.frames.last_mut() else {
            return;
        };
        let prev_line = top.last_line;
        let pending_exc = top.pending_exc.take();
        top.last_line = line;
        if let Some(info) = self.source_map.finally_start(line) {
            // Only on entry, not for every line inside the block.
            if !(info.first..=info.last).contains(&prev_line) {
                let reason = match (&pending_exc, self.source_map.stmt_kind(prev_line)) {
                    (Some(t), _) => FinallyReason::Exception {
                        exc_type: t.clone(),
                    },
                    (None, Some(StmtKind::Return)) => FinallyReason::Return,
                    (None, Some(StmtKind::Break)) => FinallyReason::Break,
                    (None, Some(StmtKind::Continue)) => FinallyReason::Continue,
                    _ => FinallyReason::Normal,
                };
                self.pending.push(Event::FinallyEntered {
                    line: info.first,
                    reason,
                });
            }
        }
        if let (Some(exc_type), true) = (&pending_exc, self.source_map.is_handler_line(line)) {
            self.pending.push(Event::ExceptEntered {
                line,
                exc_type: exc_type.clone(),
            });
            self.pending.push(Event::Exception(ExceptionEvent {
                action: "caught".into(),
                exc_type: exc_type.clone(),
                message: String::new(),
                function: String::new(),
                object: None,
                line,
            }));
        } else if pending_exc.is_some() && self.source_map.finally_start(line).is_some() {
            // Still in flight through a finally block; keep it pending for the handler test.
            if let Some(top) = self.frames.last_mut() {
                top.pending_exc = pending_exc;
            }
        }
    }

    /// A weakref callback left by an exception. CPython reports it on stderr ("Exception
    /// ignored in: ...") and carries on; RustPython drops it silently when a refcount death
    /// runs the callback, so the recorder writes CPython's report itself.
    fn report_failed_callback(&mut self, frame: &FrameRef) {
        if !self.callback_frames.remove(&frame.as_object().get_id()) {
            return;
        }
        let Some(exc_type) = self.frames.last().and_then(|f| f.pending_exc.clone()) else {
            return;
        };
        let code = frame.f_code();
        let name = code.qualname.as_str();
        let line = frame.lineno().max(0);
        let message = &self.last_exception_message;
        let last = if message.is_empty() {
            exc_type
        } else {
            format!("{exc_type}: {message}")
        };
        self.data.borrow_mut().write_stdout(&format!(
            "Exception ignored in: <function {name} at 0x\u{2026}>\nTraceback (most recent call \
             last):\n  File \"{USER_FILE}\", line {line}, in {}\n{last}\n",
            code.obj_name.as_str()
        ));
    }

    fn on_exception(&mut self, vm: &VirtualMachine, arg: &PyObjectRef, function: &str, line: u32) {
        // arg is (type, value, traceback).
        let (exc_type, message) = exc_info(vm, arg);
        self.last_exception_message = message.clone();
        let action = if self.last_exception_depth > self.frames.len()
            && self.last_exception_type == exc_type
        {
            "propagated"
        } else {
            "raised"
        };
        self.last_exception_depth = self.frames.len();
        self.last_exception_type = exc_type.clone();
        if let Some(top) = self.frames.last_mut() {
            top.pending_exc = Some(exc_type.clone());
        }
        self.pending.push(Event::Exception(ExceptionEvent {
            action: action.into(),
            exc_type,
            message,
            function: function.to_owned(),
            object: None,
            line,
        }));
    }

    fn push_gen(&mut self, action: &str, function: &str, line: u32) {
        self.pending.push(Event::Generator(GeneratorEvent {
            action: action.into(),
            function: function.to_owned(),
            object: None,
            line,
        }));
    }

    /// Gives each user frame a stable id: same address at the same depth keeps its id.
    fn sync_frames(&mut self, stack: &[FrameRef]) {
        let mut new = Vec::with_capacity(stack.len());
        for (depth, f) in stack.iter().enumerate() {
            let addr = f.as_object().get_id();
            match self.frames.get(depth) {
                Some(seen) if seen.addr == addr && new.len() == depth => {
                    let seen = &self.frames[depth];
                    new.push(SeenFrame {
                        addr,
                        id: seen.id,
                        pending_exc: seen.pending_exc.clone(),
                        last_line: seen.last_line,
                    })
                }
                _ => {
                    let id = self.next_frame_id;
                    self.next_frame_id += 1;
                    new.push(SeenFrame {
                        addr,
                        id,
                        pending_exc: None,
                        last_line: 0,
                    });
                }
            }
        }
        self.frames = new;
    }

    /// Reads what the prelude logged (file activity) since the last step.
    fn drain_prelude_logs(&mut self, vm: &VirtualMachine) {
        let Ok(log) = self.prelude.get_attr("file_log", vm) else {
            return;
        };
        let Ok(list) = log.downcast::<rustpython_vm::builtins::PyList>() else {
            return;
        };
        let entries: Vec<PyObjectRef> = list.borrow_vec().to_vec();
        list.borrow_vec_mut().clear();
        for e in entries {
            let Ok(t) = e.downcast::<rustpython_vm::builtins::PyTuple>() else {
                continue;
            };
            let s = t.as_slice();
            if s.len() != 3 {
                continue;
            }
            let action = py_str(vm, &s[0]);
            let name = py_str(vm, &s[1]);
            let bytes = s[2].try_to_value::<u64>(vm).unwrap_or(0);
            self.pending.push(Event::File(refscope_trace::FileEvent {
                action,
                name,
                bytes,
                object: None,
                line: self.current_line,
            }));
        }
    }

    /// Notices collections: `gc.collect()` calls through the prelude's wrapper (logged
    /// before the collection runs, so finalizers it triggers are attributed to it) and
    /// automatic ones by polling the collector's counters.
    fn check_gc(&mut self, vm: &VirtualMachine) {
        let explicit: Option<u32> = self
            .prelude
            .get_attr("gc_explicit", vm)
            .ok()
            .and_then(|l| l.downcast::<rustpython_vm::builtins::PyList>().ok())
            .and_then(|l| {
                let last = l.borrow_vec().last().cloned();
                l.borrow_vec_mut().clear();
                last
            })
            .and_then(|g| g.try_to_value::<u32>(vm).ok());
        if let Some(generation) = explicit {
            self.heap.begin_gc(GcPending {
                trigger: GcTrigger::Explicit,
                generation,
                line: self.current_line,
            });
        }
        let total = gc_total(vm);
        if total != self.gc_collections {
            self.gc_collections = total;
            self.heap.end_gc(GcPending {
                trigger: GcTrigger::Automatic,
                generation: 0,
                line: self.current_line,
            });
        }
    }

    /// Ends the run: one last snapshot for frees at exit of the module, and the outcome.
    pub(crate) fn finish(
        &mut self,
        vm: &VirtualMachine,
        error: Option<PyBaseExceptionRef>,
    ) -> Outcome {
        self.tracer = None;
        self.pair_context_managers();
        self.label_finalizer_order();
        self.label_differences();
        if self.limit_hit {
            return Outcome::StepLimit {
                max_steps: self.options.max_steps,
            };
        }
        match error {
            None => Outcome::Completed,
            Some(exc) => uncaught_outcome(vm, &exc),
        }
    }
}

/// An automatic collection that found none of the program's objects. RustPython's
/// collector runs at other moments than CPython's (its own allocations, other thresholds),
/// so showing these would teach the learner RustPython's schedule, with nothing to see.
fn is_idle_automatic_gc(e: &Event) -> bool {
    matches!(e, Event::GcCollection { trigger: GcTrigger::Automatic, found, freed, .. }
        if found.is_empty() && freed.is_empty())
}

impl Recorder {
    /// Labels an automatic collection that freed the program's objects: CPython would
    /// also collect them automatically, but at a moment of its own.
    fn note_automatic_gc(&mut self, events: &[Event]) {
        for e in events {
            if let Event::GcCollection {
                trigger: GcTrigger::Automatic,
                freed,
                line,
                ..
            } = e
            {
                if freed.is_empty() {
                    continue;
                }
                let note = format!(
                    "Line {line}: an automatic garbage collection freed cycle garbage here. \
                     CPython also collects automatically, but when depends on its allocation \
                     thresholds and version, so in CPython this may happen at another line."
                );
                self.data.borrow_mut().note(note);
            }
        }
    }

    /// Labels a `with` whose user-defined `__exit__` raised: RustPython clears that
    /// frame's locals when the `with` machinery's call ends, where CPython's traceback
    /// keeps them (and whatever only they refer to) alive as long as the exception.
    fn note_exit_raised(&mut self, with_line: u32) {
        let note = format!(
            "Line {with_line}: __exit__ raised an exception. In CPython its traceback keeps \
             __exit__'s frame, so `self` and its other locals, alive until the exception is \
             gone; RustPython lets go of them at once, so here they may be freed earlier \
             than CPython would free them."
        );
        self.data.borrow_mut().note(note);
    }

    /// A manager made in the `with` line itself (`with open(...)`) is not in the heap yet
    /// when `__enter__` runs; its `exit` knows it. Enters and exits nest, so pair them and
    /// give the enter its exit's manager.
    fn pair_context_managers(&mut self) {
        let mut data = self.data.borrow_mut();
        let mut open: Vec<((usize, usize), &ContextEvent)> = Vec::new();
        let mut fill: Vec<((usize, usize), refscope_trace::ObjId)> = Vec::new();
        for (i, step) in data.steps.iter().enumerate() {
            for (j, e) in step.events.iter().enumerate() {
                let Event::Context(c) = e else { continue };
                if c.phase == "enter" {
                    open.push(((i, j), c));
                } else if let Some((at, enter)) = open.pop() {
                    // Same manager type and `with` line, or the nesting is off (an enter
                    // that raised has no exit) and nothing is filled in.
                    let same = enter.manager_type == c.manager_type && enter.line == c.line;
                    if let (true, Some(id)) = (same, c.manager) {
                        fill.push((at, id));
                    }
                }
            }
        }
        for ((i, j), id) in fill {
            if let Event::Context(c) = &mut data.steps[i].events[j] {
                c.manager.get_or_insert(id);
            }
        }
    }

    /// Labels, once per trace, what RustPython cannot do as CPython would: some refcounts,
    /// and in the browser the recursion limit and 32-bit sizes.
    fn label_differences(&mut self) {
        let mut data = self.data.borrow_mut();
        if cfg!(target_arch = "wasm32")
            && data
                .steps
                .iter()
                .flat_map(|s| &s.events)
                .any(|e| matches!(e, Event::Exception(x) if x.exc_type == "RecursionError"))
        {
            data.differences.push(format!(
                "In the browser, Python stops deep recursion at {} calls, because the \
                 browser gives it a smaller stack; CPython stops at 1000 (and natively, \
                 refscope does too).",
                self.options.recursion_limit
            ));
        }
        if cfg!(target_arch = "wasm32")
            && data.steps.iter().flat_map(|s| &s.events).any(|e| {
                matches!(e, Event::Exception(x)
                    if x.exc_type == "OverflowError" && x.message.contains("index-sized"))
            })
        {
            data.differences.push(
                "The browser's Python is 32-bit, so a size this large does not fit in an \
                 index and you get OverflowError; 64-bit CPython tries to allocate it and \
                 raises MemoryError."
                    .to_owned(),
            );
        }
        // Every frame state belongs to some step, so this asks whether any step ran one.
        if data.frames.items.iter().any(|f| f.function == "<genexpr>") {
            data.differences.push(
                "When a generator expression starts running, CPython reports its line once \
                 more before the first item; RustPython does not, so the trace has one step \
                 fewer there than CPython's tracer would show."
                    .to_owned(),
            );
        }
        let immortal_str = data
            .objects
            .items
            .iter()
            .any(|o| o.type_name == "str" && o.refcount == refscope_trace::Refcount::Immortal);
        if immortal_str {
            data.differences.push(
                "Strings written in your code, like 'hello', are interned. CPython 3.12 \
                 makes interned strings immortal, as shown here; CPython 3.13 and later \
                 count their references again, so sys.getrefcount gives a number there."
                    .to_owned(),
            );
        }
        const SPECIAL: [&str; 5] = ["__init__", "__enter__", "__exit__", "__del__", "__repr__"];
        let methods: std::collections::BTreeSet<&str> = data
            .steps
            .iter()
            .filter(|s| s.event == StepEvent::Call)
            .filter_map(|s| {
                let frame = &data.frames.items[s.stack.last()?.frame as usize];
                SPECIAL.iter().find(|m| **m == frame.function).copied()
            })
            .collect();
        if !methods.is_empty() {
            let mut names: Vec<&str> = SPECIAL
                .iter()
                .copied()
                .filter(|m| methods.contains(m))
                .collect();
            let last = names.pop().expect("not empty");
            let names = if names.is_empty() {
                last.to_owned()
            } else {
                format!("{} or {last}", names.join(", "))
            };
            data.differences.push(format!(
                "While {names} runs, the interpreter itself holds references to `self` (the \
                 object being made, the with statement's manager, the dying object, the \
                 object being printed) and to the arguments. CPython and RustPython hold \
                 different numbers of these, so inside such a method the counts of `self` \
                 and of the arguments may differ from CPython's by one or two."
            ));
        }
    }

    /// Labels lines where several `__del__` ran back to back: RustPython's order there is
    /// not CPython's (a dying list's items go last-to-first in CPython; cycle members are
    /// finalized in reverse), so the learner is told the printed order may differ.
    fn label_finalizer_order(&mut self) {
        let mut data = self.data.borrow_mut();
        let lines: Vec<u32> = data
            .steps
            .iter()
            .flat_map(|s| s.events.iter())
            .filter_map(|e| match e {
                Event::DelCalled { line, .. } => Some(*line),
                _ => None,
            })
            .collect();
        let mut noted = std::collections::BTreeSet::new();
        for w in lines.windows(2) {
            if w[0] == w[1] && noted.insert(w[0]) {
                data.differences.push(format!(
                    "Line {}: several objects were finalized together. CPython may run their \
                     __del__ methods in a different order (a dying list's items last-to-first, \
                     cycle members in reverse), so output from __del__ can appear reordered.",
                    w[0]
                ));
            }
        }
    }
}

/// A collection noticed but not yet attributed to the objects it freed.
pub(crate) struct GcPending {
    pub trigger: GcTrigger,
    pub generation: u32,
    pub line: u32,
}

fn gc_total(vm: &VirtualMachine) -> usize {
    vm.state.gc.get_stats().iter().map(|s| s.collections).sum()
}

pub(crate) fn is_user(code: &PyCode) -> bool {
    code.source_path().as_str() == USER_FILE
}

/// The user frames on the stack, outermost first.
fn user_stack(vm: &VirtualMachine, frame: &FrameRef) -> Vec<FrameRef> {
    let mut out = Vec::new();
    let mut cur = Some(frame.clone());
    while let Some(f) = cur {
        if is_user(&f.f_code()) {
            out.push(f.clone());
        }
        cur = f.f_back(vm);
    }
    out.reverse();
    out
}

fn first_local(vm: &VirtualMachine, frame: &FrameRef) -> Option<PyObjectRef> {
    let code = frame.f_code();
    let name = code.varnames.first()?;
    let locals = frame.locals(vm).ok()?;
    locals.as_object().get_item(name.as_str(), vm).ok()
}

fn first_arg_type(vm: &VirtualMachine, frame: &FrameRef) -> String {
    first_local(vm, frame)
        .map(|o| o.class().name().to_string())
        .unwrap_or_default()
}

/// The exception type passed to `__exit__` (its second argument), if any.
fn exit_exc_type(vm: &VirtualMachine, frame: &FrameRef) -> Option<String> {
    let code = frame.f_code();
    let name = code.varnames.get(1)?;
    let locals = frame.locals(vm).ok()?;
    let t = locals.as_object().get_item(name.as_str(), vm).ok()?;
    if vm.is_none(&t) {
        return None;
    }
    let t = t.downcast::<rustpython_vm::builtins::PyType>().ok()?;
    let name = t.name().to_string();
    Some(name)
}

/// `ExitStack.enter_context` (and its async twin) calling a manager's `__enter__`.
fn is_enter_context(vm: &VirtualMachine, frame: &FrameRef) -> bool {
    frame
        .f_back(vm)
        .is_some_and(|b| b.f_code().obj_name.as_str().ends_with("enter_context"))
}

fn is_exit_stack(vm: &VirtualMachine, frame: &FrameRef) -> bool {
    frame
        .f_back(vm)
        .is_some_and(|b| b.f_code().obj_name.as_str().contains("exit"))
}

/// The function a live `weakref.finalize` will call, or `None` once it is dead (already
/// called, detached, or its object gone).
fn finalizer_name(vm: &VirtualMachine, frame: &FrameRef) -> Option<String> {
    // finalize.__call__(self): self's registry info holds the function; read its name
    // rather than calling any repr.
    let f = first_local(vm, frame)?;
    let reg = f.class().as_object().get_attr("_registry", vm).ok()?;
    let info = reg.get_item(&*f, vm).ok()?;
    let name = info
        .get_attr("func", vm)
        .and_then(|func| func.get_attr("__name__", vm))
        .map(|n| py_str(vm, &n))
        .unwrap_or_else(|_| "finalize".to_owned());
    Some(name)
}

fn exc_info(vm: &VirtualMachine, arg: &PyObjectRef) -> (String, String) {
    let Ok(t) = arg.clone().downcast::<rustpython_vm::builtins::PyTuple>() else {
        return (String::new(), String::new());
    };
    let s = t.as_slice();
    let value = s.get(1).cloned();
    match value.and_then(|v| {
        v.downcast::<rustpython_vm::builtins::PyBaseException>()
            .ok()
    }) {
        Some(exc) => {
            let name = exc.class().name().to_string();
            let msg = crate::describe::short(&py_str(vm, &exc.as_object().to_owned()), 120);
            (name, msg)
        }
        None => (String::new(), String::new()),
    }
}

pub(crate) fn py_str(vm: &VirtualMachine, obj: &PyObjectRef) -> String {
    match obj.clone().downcast::<rustpython_vm::builtins::PyStr>() {
        Ok(s) => s.as_wtf8().to_string_lossy().into_owned(),
        Err(o) => o
            .str(vm)
            .map(|s| s.as_wtf8().to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// The outcome for a syntax error raised by the compiler.
pub(crate) fn syntax_error_outcome(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> Outcome {
    let obj = exc.as_object();
    let int_attr = |name: &'static str| {
        obj.get_attr(name, vm)
            .ok()
            .and_then(|v| v.try_to_value::<i64>(vm).ok())
            .unwrap_or(0)
            .max(0) as u32
    };
    let message = obj
        .get_attr("msg", vm)
        .map(|m| py_str(vm, &m))
        .unwrap_or_default();
    Outcome::SyntaxError {
        line: int_attr("lineno"),
        column: int_attr("offset"),
        message,
        exc_type: exc.class().name().to_string(),
    }
}

/// The outcome for an exception that escaped the module, with a CPython-style traceback
/// limited to the learner's frames.
fn uncaught_outcome(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> Outcome {
    let mut text = String::new();
    let _ = vm.write_exception(&mut text, exc);
    let mut traceback = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        // Drop frames that are not the learner's (the prelude, the stdlib).
        if l.trim_start().starts_with("File \"") && !l.contains(USER_FILE) {
            if lines
                .peek()
                .is_some_and(|n| !n.trim_start().starts_with("File \""))
            {
                lines.next();
            }
            continue;
        }
        traceback.push(l.trim_end().to_owned());
    }
    let traceback = crate::describe::trim_recursion(traceback);
    Outcome::UncaughtException {
        exc_type: exc.class().name().to_string(),
        message: crate::describe::short(&py_str(vm, &exc.as_object().to_owned()), 500),
        traceback,
    }
}
