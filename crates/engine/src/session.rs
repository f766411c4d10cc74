//! One recording session: a fresh interpreter, the prelude, the learner's code, the outcome.
//!
//! A new `Interpreter` is built for every run so nothing leaks between runs (object ids,
//! the in-memory disk, gc counters). The hash seed is fixed so set and dict-of-str orders,
//! and therefore traces, are deterministic.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use refscope_trace::{Outcome, Trace};

use crate::frames::USER_FILE;
use crate::hook::Recorder;
use crate::options::Options;
use crate::outcome::{syntax_error_outcome, uncaught_outcome};
use crate::prelude::Prelude;
use crate::trace_data::TraceData;
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::compiler::Mode;
use rustpython_vm::frozen::FrozenLib;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, PyResult, Settings, VirtualMachine};

const PRELUDE_FILE: &str = "<prelude>";
const PRELUDE: &str = include_str!("prelude/prelude.py");
/// The standard library subset frozen by build.rs from `stdlib.txt`.
static STDLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/stdlib.bin"));

/// Records with panics turned into a crash outcome that keeps the steps so far.
pub(crate) fn record_guarded(source: &str, options: &Options) -> Trace {
    let data = Rc::new(RefCell::new(TraceData::new(options)));
    let result = catch_unwind(AssertUnwindSafe(|| run(source, options, &data)));
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(payload) => Outcome::Crash {
            message: format!("the Python VM crashed: {}", panic_message(&payload)),
        },
    };
    let data = std::mem::replace(&mut *data.borrow_mut(), TraceData::new(options));
    data.into_trace(source, outcome)
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

fn settings() -> Settings {
    let mut s = Settings::default();
    s.utf8_mode = 1;
    s.hash_seed = Some(0);
    s.import_site = false;
    s.ignore_environment = true;
    s.user_site_directory = false;
    s.install_signal_handlers = false;
    s.allow_external_library = false;
    s.isolated = true;
    s.safe_path = true;
    s
}

fn interpreter() -> Interpreter {
    let builder = Interpreter::builder(settings());
    #[cfg(feature = "full")]
    let builder = builder.add_native_modules(&rustpython_stdlib::stdlib_module_defs(
        &rustpython_vm::Context::genesis().clone(),
    ));
    builder
        .add_frozen_modules(FrozenLib::from_ref(STDLIB))
        .build()
}

fn run(source: &str, options: &Options, data: &Rc<RefCell<TraceData>>) -> Outcome {
    let interp = interpreter();
    let outcome = interp.enter(|vm| {
        vm.recursion_limit.set(options.recursion_limit);
        let prelude = match install_prelude(vm, data) {
            Ok(p) => p,
            Err(e) => {
                let message = format!("the prelude failed: {}", exception_text(vm, &e));
                return Outcome::Crash { message };
            }
        };
        // RustPython 0.6 panics on an unterminated string literal that ends the file on a
        // non-ASCII character (`x = 'é`: it slices inside the character). A final newline
        // ends the token first and changes no line or column (found by the fuzz smoke test,
        // fuzz/regressions/unterminated_string_at_eof_non_ascii.py).
        let owned;
        let source = if source.ends_with('\n') {
            source
        } else {
            owned = format!("{source}\n");
            owned.as_str()
        };
        let code = match compile_user(vm, source) {
            Ok(code) => code,
            Err(outcome) => return outcome,
        };
        let prelude_module = prelude.clone();
        let prelude = Prelude::new(vm, prelude);
        let recorder = Rc::new(RefCell::new(Recorder::new(
            vm, source, options, data, prelude,
        )));
        recorder
            .borrow_mut()
            .heap_mut()
            .note_program_code(vm, &code);
        let scope = vm.new_scope_with_builtins();
        let _ = scope
            .globals
            .set_item("__name__", vm.ctx.new_str("__main__").into(), vm);
        if let Err(e) = crate::natives::install(vm, &recorder, &prelude_module) {
            let message = format!("introspection: {}", exception_text(vm, &e));
            return Outcome::Crash { message };
        }
        // The collector finalizes garbage in the order the program made it, as
        // CPython's does (patches/PATCHES.md, patch 8).
        let order = Rc::downgrade(&recorder);
        rustpython_vm::refscope_order::set_order(Some(Box::new(move |addr| {
            let rec = order.upgrade()?;
            let id = rec.try_borrow().ok()?.heap().id_at(addr)?;
            Some(u64::from(id))
        })));
        let tracer = make_tracer(vm, &recorder);
        let sys = vm.sys_module.as_object();
        let result = sys
            .get_attr("settrace", vm)
            .and_then(|f| f.call((tracer,), vm))
            .and_then(|_| vm.run_code_obj(code, scope.clone()));
        // The outcome is read before the exit, which drops the exception where CPython
        // drops it (its frames and their locals die then).
        let error = result.err();
        let uncaught = error.as_ref().map(|e| uncaught_outcome(vm, e));
        crate::exit::run(vm, &recorder, &scope.globals, error);
        let _ = sys
            .get_attr("settrace", vm)
            .and_then(|f| f.call((vm.ctx.none(),), vm));
        rustpython_vm::refscope_order::set_order(None);
        let outcome = recorder.borrow_mut().finish(uncaught);
        outcome
    });
    drop(interp);
    outcome
}

/// Runs the prelude as module `_refscope`, with the stdout sink injected first.
/// Compiles the learner's code, or says why not as an outcome.
fn compile_user(
    vm: &VirtualMachine,
    source: &str,
) -> Result<rustpython_vm::PyRef<rustpython_vm::builtins::PyCode>, Outcome> {
    use rustpython_vm::vm::VmCompileError;
    let compile = |text: &str| vm.compile(text, Mode::Exec, USER_FILE.to_owned());
    let syntax_error = |err| {
        let exc = vm.new_syntax_error(&err, Some(source));
        syntax_error_outcome(vm, &exc)
    };
    match catch_unwind(AssertUnwindSafe(|| compile(source))) {
        Ok(Ok(code)) => Ok(code),
        Ok(Err(VmCompileError::Compile(err))) => Err(syntax_error(err)),
        Ok(Err(err)) => Err(Outcome::Crash {
            message: format!("could not compile: {err:?}"),
        }),
        // RustPython's compiler can panic slicing inside a non-ASCII character of a broken
        // string literal (an unterminated triple-quoted string, found by the fuzz smoke
        // test). Such a program has a syntax error: find it with every non-ASCII character
        // replaced by one ASCII one, which keeps every line and column.
        Err(_) => {
            let ascii: String = source
                .chars()
                .map(|c| if c.is_ascii() { c } else { 'x' })
                .collect();
            match catch_unwind(AssertUnwindSafe(|| compile(&ascii))) {
                Ok(Err(VmCompileError::Compile(err))) => Err(syntax_error(err)),
                _ => Err(Outcome::Crash {
                    message: "the Python compiler crashed on this code".to_owned(),
                }),
            }
        }
    }
}

fn install_prelude(vm: &VirtualMachine, data: &Rc<RefCell<TraceData>>) -> PyResult<PyObjectRef> {
    let code = vm
        .compile(PRELUDE, Mode::Exec, PRELUDE_FILE.to_owned())
        .map_err(|e| vm.new_runtime_error(format!("prelude: {e:?}")))?;
    let scope = vm.new_scope_with_builtins();
    let globals = &scope.globals;
    globals.set_item("__name__", vm.ctx.new_str("_refscope").into(), vm)?;
    let sink = data.clone();
    let write = vm.new_function("write", move |s: PyObjectRef, vm: &VirtualMachine| {
        let text = s.str(vm)?;
        sink.borrow_mut()
            .write_stdout(text.as_wtf8().to_string_lossy().as_ref());
        Ok::<_, rustpython_vm::builtins::PyBaseExceptionRef>(vm.ctx.new_int(text.char_len()))
    });
    globals.set_item("_sink", write.into(), vm)?;
    let wasm = vm.ctx.new_bool(cfg!(target_arch = "wasm32"));
    globals.set_item("_wasm", wasm.into(), vm)?;
    // The core engine names the modules the full one has, so a dynamic import of one says
    // how to get it; the full engine passes none.
    let on_demand: Vec<PyObjectRef> = if crate::IS_FULL {
        Vec::new()
    } else {
        crate::stdlib::full_only_names()
            .map(|n| vm.ctx.new_str(n).into())
            .collect()
    };
    globals.set_item("_on_demand", vm.ctx.new_list(on_demand).into(), vm)?;
    vm.run_code_obj(code, scope.clone())?;
    let module = vm.new_module("_refscope", globals.clone(), None);
    let modules = vm.sys_module.as_object().get_attr("modules", vm)?;
    modules.set_item("_refscope", module.clone().into(), vm)?;
    Ok(module.into())
}

/// The native `sys.settrace` function. It returns itself for user frames (so their line
/// events arrive) and `None` elsewhere.
fn make_tracer(vm: &VirtualMachine, recorder: &Rc<RefCell<Recorder>>) -> PyObjectRef {
    let rec = recorder.clone();
    let func = vm.new_function(
        "_refscope_trace",
        move |args: FuncArgs, vm: &VirtualMachine| {
            let mut it = args.args.into_iter();
            let (Some(frame), Some(event), arg) = (it.next(), it.next(), it.next()) else {
                return Ok(vm.ctx.none());
            };
            // The event name is a str the VM made.
            let event = crate::read::exact_str(vm, &event).unwrap_or_default();
            let arg = arg.unwrap_or_else(|| vm.ctx.none());
            let mut r = rec.borrow_mut();
            r.on_event(vm, frame, &event, arg)
        },
    );
    let obj: PyObjectRef = func.into();
    recorder.borrow_mut().set_tracer(obj.clone());
    obj
}

/// `Type: message` of an exception, for messages about refscope's own failures.
pub(crate) fn exception_text(vm: &VirtualMachine, exc: &PyBaseExceptionRef) -> String {
    let name = exc.class().name().to_string();
    let msg = exc
        .as_object()
        .str(vm)
        .map(|s| s.as_wtf8().to_string_lossy().into_owned())
        .unwrap_or_default();
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}
