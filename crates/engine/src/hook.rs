//! The trace hook: the one funnel from RustPython's `sys.settrace` events to steps.
//!
//! Like Python Tutor's `pg_logger.interaction`, each event of a learner frame (`call`,
//! `line`, `return`, `exception`) becomes exactly one [`Step`], built in [`Recorder::step`]:
//! the protocol detectors (`protocols`) add their events, the collector watch
//! (`gc_watch`) notes collections, the heap (`heap`) snapshots the stack and the objects.
//! Events of other frames (library `__enter__`/`__exit__`, `weakref.finalize`) only feed
//! the detectors.
//!
//! While the hook runs, automatic gc is paused: our own allocations must not trigger a
//! collection that would run the learner's `__del__` inside the hook, invisibly.

mod align;
mod exit;
mod finish;
mod foreign;
mod queries;

use std::cell::RefCell;
use std::rc::Rc;

use refscope_trace::{Event, StepEvent};
use rustpython_vm::builtins::PyCode;
use rustpython_vm::bytecode::CodeFlags;
use rustpython_vm::frame::{FrameObject, FrameObjectRef as FrameRef};
use rustpython_vm::{PyObjectRef, PyRef, PyResult, VirtualMachine};

use crate::frames::{self, is_user, FrameIds};
use crate::gc_watch::{automatic_gc_notes, is_idle_automatic_gc, GcWatch};
use crate::heap::{is_listed, Heap, Snapshot};
use crate::lines::Lines;
use crate::options::Options;
use crate::prelude::Prelude;
use crate::protocols::context::Contexts;
use crate::protocols::finalizers::Finalizers;
use crate::protocols::flow::{exc_info, Flow};
use crate::protocols::generators::Generators;
use crate::trace_data::TraceData;
use crate::vm_held::{held_by_vm, InitSites};
use refscope_source::interned::Interned;
use refscope_source::source_map::{SourceMap, StmtKind};

pub(crate) struct Recorder {
    data: Rc<RefCell<TraceData>>,
    options: Options,
    source_map: SourceMap,
    heap: Heap,
    lines: Lines,
    prelude: Prelude,
    tracer: Option<PyObjectRef>,
    frames: FrameIds,
    /// Line running in the innermost user frame, for events found between steps.
    current_line: u32,
    /// Events gathered since the last step.
    pending: Vec<Event>,
    gc: GcWatch,
    limit_hit: bool,
    contexts: Contexts,
    /// Class calls that ran an `__init__` (see `vm_held`).
    init_sites: InitSites,
    flow: Flow,
    generators: Generators,
    finalizers: Finalizers,
    /// Estimates the program asked for, with the depth of the frame that asked, waiting
    /// for the step that ends their line (see `note`).
    estimates: Vec<(usize, u32, Event)>,
    /// Lines that say `range`: after one ran, the free list of ranges may hold the
    /// program's ints (see `freelists`). Only then is it released, as it costs six
    /// allocations; library code's ranges hold lengths and indexes, not the program's ints.
    range_lines: std::collections::BTreeSet<u32>,
    /// Module and class bodies running, by frame address: the line of their last step
    /// (see `align`).
    body_lines: std::collections::BTreeMap<usize, u32>,
    /// The module's frame, kept for the exit's steps (see `exit`).
    module_frame: Option<FrameRef>,
    /// The interpreter's exit has begun.
    exiting: bool,
    /// The module's last line step, where the exit's steps are drawn.
    exit_line: u32,
    /// Objects the exit holds while it finalizes them, which CPython's collector does
    /// not (it keeps them in a list of borrowed pointers): one reference fewer each.
    exit_holds: Vec<usize>,
}

impl Recorder {
    pub(crate) fn new(
        vm: &VirtualMachine,
        source: &str,
        options: &Options,
        data: &Rc<RefCell<TraceData>>,
        prelude: Prelude,
    ) -> Self {
        Recorder {
            data: data.clone(),
            options: options.clone(),
            source_map: SourceMap::new(source),
            heap: Heap::new(
                vm,
                prelude.clone(),
                options.max_heap_objects,
                options.fast_path,
                Interned::new(source),
            ),
            lines: Lines::new(options.long_code_units),
            prelude,
            tracer: None,
            frames: FrameIds::default(),
            current_line: 0,
            pending: Vec::new(),
            gc: GcWatch::new(vm),
            limit_hit: false,
            contexts: Contexts::default(),
            init_sites: InitSites::default(),
            flow: Flow::default(),
            generators: Generators::default(),
            finalizers: Finalizers::default(),
            estimates: Vec::new(),
            range_lines: (source.lines().zip(1..))
                .filter(|(l, _)| l.contains("range"))
                .map(|(_, n)| n)
                .collect(),
            body_lines: std::collections::BTreeMap::new(),
            module_frame: None,
            exiting: false,
            exit_line: 0,
            exit_holds: Vec::new(),
        }
    }

    pub(crate) fn set_tracer(&mut self, tracer: PyObjectRef) {
        self.tracer = Some(tracer);
    }

    /// The local trace function to return: ours, to keep a frame's events coming.
    fn keep_tracing(&self, vm: &VirtualMachine) -> PyResult {
        Ok(self.tracer.clone().unwrap_or_else(|| vm.ctx.none()))
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
        let Ok(frame) = frame.downcast::<FrameObject>() else {
            return Ok(vm.ctx.none());
        };
        // Only frames `Lines::on_call` switched send opcode events; some stand for a line
        // event, the rest are not steps.
        let event = match event {
            "opcode" if self.lines.opcode_line(vm, &frame) => "line",
            "opcode" => return self.keep_tracing(vm),
            other => other,
        };
        let gc_was_enabled = vm.state.gc.is_enabled();
        vm.state.gc.disable();
        let code = frame.f_code();
        let result = if is_user(&code) {
            self.on_user_event(vm, &frame, &code, event, arg)
        } else {
            self.on_foreign_event(vm, &frame, &code, event, &arg)
        };
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
            _ => return self.keep_tracing(vm),
        };
        let line = self.lines.of(vm, frame);
        let exc = (step_event == StepEvent::Exception).then(|| exc_info(vm, &arg));
        // RustPython reports the StopIteration that ends a `for` loop over an iterator as
        // an exception event, and so the end of an inlined comprehension's loop; CPython
        // does not (the loop just ends), unless the generator it iterates returned a value
        // (`return n`): that StopIteration carries it and CPython reports it.
        if exc
            .as_ref()
            .is_some_and(|(t, m)| t == "StopIteration" && (m.is_empty() || m == "None"))
            && (self.source_map.stmt_kind(line) == Some(StmtKind::For)
                || self.source_map.in_comprehension(line)
                || self.is_loop_end(vm, frame))
        {
            return self.keep_tracing(vm);
        }
        let line = match self.body_line(frame, code, line) {
            Some(line) => line,
            None if step_event == StepEvent::Line => return self.keep_tracing(vm),
            None => self.body_lines[&frames::addr(frame)],
        };
        if step_event == StepEvent::Line && self.is_yield_from_resume(vm, frame) {
            return self.keep_tracing(vm);
        }
        self.contexts
            .decide(step_event == StepEvent::Exception, &mut self.pending);
        let function = code.obj_name.as_str().to_owned();
        let stack = self.with_module_frame(frames::user_stack(vm, frame));
        self.keep_module_frame(&stack);
        self.note_module_line(stack.len(), line);
        self.frames.sync(&stack);
        let is_gen = code.flags.contains(CodeFlags::GENERATOR);
        let addr = frames::addr(frame);
        let mut started = false;
        match step_event {
            StepEvent::Call => {
                self.lines.on_call(vm, frame);
                self.init_sites.on_call(vm, frame, &self.source_map);
                self.on_call(vm, frame, &function, &stack);
                if is_gen {
                    started = (self.generators).on_call(addr, &function, line, &mut self.pending);
                }
            }
            StepEvent::Line => {
                self.flow
                    .on_line(&mut self.frames, &self.source_map, line, &mut self.pending);
            }
            StepEvent::Exception => {
                let exc = exc.unwrap_or_default();
                self.flow
                    .on_exception(&mut self.frames, exc, &function, line, &mut self.pending);
                if let Some(with_line) = self.contexts.exit_line(addr) {
                    self.data.borrow_mut().note(exit_raised_note(with_line));
                }
            }
            StepEvent::Return => {
                self.lines.on_return(frame);
                if self.finalizers.callback_returned(addr) {
                    let name = (
                        code.qualname.as_str(),
                        code.obj_name.as_str(),
                        frame.lineno(),
                    );
                    if let Some(report) = self.flow.failed_callback_report(&self.frames, name) {
                        self.data.borrow_mut().write_stdout(&report);
                    }
                }
                self.contexts
                    .exit_returned(vm, addr, &arg, &mut self.pending);
                if is_gen {
                    let at_yield = self.at_yield(vm, frame);
                    self.generators
                        .on_return(addr, at_yield, &function, line, &mut self.pending);
                }
            }
            // Exit steps are made by `exit_stage`, never by a trace event.
            StepEvent::Exit => {}
        }
        self.annotation_steps(vm, frame, code, (step_event, line), &stack)?;
        let return_value = (step_event == StepEvent::Return).then_some(arg);
        self.step(vm, frame, step_event, line, &stack, return_value, is_gen)?;
        // A generator expression's first step onto its line, which RustPython skips.
        if started && code.obj_name.as_str() == "<genexpr>" {
            self.synthetic_line(vm, frame, line, &stack)?;
        }
        self.keep_tracing(vm)
    }

    /// Builds the one step of a learner event: file activity and collections since the
    /// last step, the heap snapshot, the lifetime events it found.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        vm: &VirtualMachine,
        frame: &FrameRef,
        step_event: StepEvent,
        line: u32,
        stack: &[FrameRef],
        return_value: Option<PyObjectRef>,
        is_gen: bool,
    ) -> PyResult<()> {
        self.drain_file_log(vm);
        if self.range_lines.contains(&self.current_line) {
            crate::freelists::release_range_payloads(vm);
        }
        self.gc
            .check(vm, &self.prelude, &mut self.heap, self.current_line);
        // Only the frames a step lists need their line.
        let lines: Vec<u32> = stack
            .iter()
            .enumerate()
            .map(|(depth, f)| match is_listed(depth, stack.len()) {
                true => self.lines.of(vm, f),
                false => 0,
            })
            .collect();
        let collecting = self.heap.collecting();
        let mut held = held_by_vm(vm, stack, &self.source_map, &self.init_sites, collecting);
        self.add_exit_holds(&mut held);
        self.heap.made = self.line_made(vm);
        let in_with = lines.iter().map(|&l| self.source_map.in_with(l));
        self.heap.in_with.clear();
        self.heap.in_with.extend(in_with);
        let data = &self.data;
        let snapshot: Snapshot = self.heap.snapshot(
            vm,
            stack,
            &self.frames.ids(),
            &lines,
            return_value.as_ref(),
            &held,
            &mut |state| data.borrow_mut().objects.intern(state),
        );
        drop(return_value);
        if is_gen {
            Generators::name_objects(&self.heap, frames::addr(frame), &mut self.pending);
        }
        let found = self.heap.take_events(self.current_line);
        for note in automatic_gc_notes(&found) {
            self.data.borrow_mut().note(note);
        }
        self.pending
            .extend(found.into_iter().filter(|e| !is_idle_automatic_gc(e)));
        self.release_estimates(step_event, stack.len(), line);
        // After a return the caller's line runs again: what dies next (say, an object
        // whose `__del__` just returned) dies there, not on the callee's last line.
        let caller_line = lines.len().checked_sub(2).map(|i| lines[i]);
        self.current_line = match step_event {
            StepEvent::Return => caller_line.unwrap_or(line),
            _ => line,
        };
        let n = self.push_step(step_event, line, snapshot);
        if self.options.panic_after_steps == Some(n) {
            panic!("deliberate panic after {n} steps (Options::panic_after_steps)");
        }
        if n >= self.options.max_steps {
            self.limit_hit = true;
            return Err(self.prelude.step_limit(vm)?);
        }
        Ok(())
    }

    /// A learner function starts: `__del__`, `__enter__`, `__exit__` and weakref
    /// callbacks are protocol events, tied to the line that set them off.
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
        let pending = &mut self.pending;
        match function {
            "__del__" => Finalizers::del_called(vm, &mut self.heap, frame, caller_line, pending),
            "__enter__" => self
                .contexts
                .enter(vm, &self.heap, frame, caller_line, pending),
            "__exit__" => self
                .contexts
                .exit_called(vm, &self.heap, frame, caller_line),
            _ => self
                .finalizers
                .maybe_callback(&self.heap, frame, function, caller_line, pending),
        }
    }
}

/// The note for a `with` whose user-defined `__exit__` raised: RustPython clears that
/// frame's locals when the `with` machinery's call ends, where CPython's traceback keeps
/// them (and whatever only they refer to) alive as long as the exception.
fn exit_raised_note(with_line: u32) -> String {
    format!(
        "Line {with_line}: __exit__ raised an exception. In CPython its traceback keeps \
         __exit__'s frame, so `self` and its other locals, alive until the exception is \
         gone; RustPython lets go of them at once, so here they may be freed earlier than \
         CPython would free them."
    )
}
