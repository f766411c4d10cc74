//! The learner's frames: which frames are the learner's (compiled from `<refscope>`), the
//! user stack under a frame, and stable frame ids from step to step. Frames and code
//! objects are the interpreter's own types (a program cannot subclass them), so they are
//! read here through their Rust methods.

use rustpython_vm::builtins::PyCode;
use rustpython_vm::frame::FrameObjectRef as FrameRef;
use rustpython_vm::{AsObject, VirtualMachine};

/// The file name the learner's code is compiled under; only frames with it are traced.
pub(crate) const USER_FILE: &str = "<refscope>";

/// Whether `code` is the learner's: compiled from their file, and not an `__annotate__`
/// function, which only RustPython's compiler makes (PEP 649 defers annotations; CPython
/// 3.13 evaluates them where they are written, see `hook::align`).
pub(crate) fn is_user(code: &PyCode) -> bool {
    code.source_path().as_str() == USER_FILE && code.obj_name.as_str() != "__annotate__"
}

/// The user frames on the stack, outermost first.
pub(crate) fn user_stack(vm: &VirtualMachine, frame: &FrameRef) -> Vec<FrameRef> {
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

/// The line running in the innermost user frame under `frame` (not `frame` itself): where
/// a context manager or finalizer called from library code (ExitStack, weakref) was set
/// off. `None` when no user frame is on the stack (at exit).
pub(crate) fn user_line_under(vm: &VirtualMachine, frame: &FrameRef) -> Option<u32> {
    let mut cur = frame.f_back(vm);
    while let Some(f) = cur {
        if is_user(&f.f_code()) {
            return Some(f.lineno().max(0) as u32);
        }
        cur = f.f_back(vm);
    }
    None
}

/// Whether the frame that called `frame` is the learner's.
pub(crate) fn called_from_user(vm: &VirtualMachine, frame: &FrameRef) -> bool {
    frame.f_back(vm).is_some_and(|b| is_user(&b.f_code()))
}

/// The name of the function that called `frame`, if any.
pub(crate) fn caller_name(vm: &VirtualMachine, frame: &FrameRef) -> Option<String> {
    frame
        .f_back(vm)
        .map(|b| b.f_code().obj_name.as_str().to_owned())
}

/// A frame's identity between steps: its address (see the caveat in `heap`).
pub(crate) fn addr(frame: &FrameRef) -> usize {
    frame.as_object().get_id()
}

/// A user frame we saw on the previous step.
pub(crate) struct SeenFrame {
    addr: usize,
    pub(crate) id: u32,
    /// An exception seen in this frame since its last line event.
    pub(crate) pending_exc: Option<String>,
    /// The line of the last line event in this frame.
    pub(crate) last_line: u32,
}

/// Stable ids for the user frames: the same address at the same depth keeps its id.
#[derive(Default)]
pub(crate) struct FrameIds {
    pub(crate) frames: Vec<SeenFrame>,
    next_id: u32,
}

impl FrameIds {
    /// Matches `stack` (outermost first) with the last step's frames.
    pub(crate) fn sync(&mut self, stack: &[FrameRef]) {
        let mut new = Vec::with_capacity(stack.len());
        for (depth, f) in stack.iter().enumerate() {
            let addr = addr(f);
            match self.frames.get(depth) {
                Some(seen) if seen.addr == addr && new.len() == depth => new.push(SeenFrame {
                    addr,
                    id: seen.id,
                    pending_exc: seen.pending_exc.clone(),
                    last_line: seen.last_line,
                }),
                _ => {
                    let id = self.next_id;
                    self.next_id += 1;
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

    /// The ids, outermost first.
    pub(crate) fn ids(&self) -> Vec<u32> {
        self.frames.iter().map(|f| f.id).collect()
    }

    pub(crate) fn depth(&self) -> usize {
        self.frames.len()
    }

    pub(crate) fn top(&mut self) -> Option<&mut SeenFrame> {
        self.frames.last_mut()
    }
}
