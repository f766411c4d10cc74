# refscope's prelude: runs once in a fresh VM before the learner's code.
#
# It makes RustPython look like CPython where the learner would notice, and gives the
# recorder hooks it needs. Everything here lives in the module `_refscope`; the learner's
# globals never see it. Frames of this file are hidden from traces (filename `<prelude>`).
import sys

if _wasm:  # noqa: F821 -- injected by the engine: True in the browser build
    # RustPython's wasm32 build has no `posix` or `_signal` (they need a host OS), so
    # `os`, and with it contextlib, traceback, dataclasses, random and inspect, would not
    # import. These stubs give the modules what they touch at import time; every real
    # OS call raises OSError(ENOSYS) with a message naming the browser.
    def _install_browser_shims():
        import errno
        import time

        # The wasm build's errno module lacks most codes; 38 is Linux's ENOSYS.
        enosys = getattr(errno, "ENOSYS", 38)

        def unavailable(name):
            def call(*args, **kwargs):
                raise OSError(enosys, f"os.{name}() is not available in the browser")
            call.__name__ = name
            return call

        class Stub:
            pass

        posix = type(sys)("posix")
        for name in ("stat", "lstat", "fstat", "listdir", "scandir", "mkdir", "rmdir",
                     "remove", "unlink", "rename", "replace", "chdir", "open", "close",
                     "read", "write", "lseek", "readlink", "access", "chmod", "utime",
                     "symlink", "link", "kill", "system", "waitpid", "pipe", "dup",
                     "dup2", "ftruncate", "truncate", "fsync", "get_terminal_size",
                     "getcwdb", "putenv", "unsetenv",
                     "device_encoding", "get_blocking", "set_blocking", "get_inheritable",
                     "set_inheritable", "times", "uname", "getppid", "umask"):
            setattr(posix, name, unavailable(name))
        posix.environ = {}
        posix._have_functions = []  # os.py builds its supports_* sets from this
        posix.getcwd = lambda: "/"
        posix.getpid = lambda: 1
        posix.cpu_count = lambda: 1
        posix.isatty = lambda fd: False
        posix.strerror = lambda code: getattr(errno, "errorcode", {}).get(code, "Unknown error")
        posix.F_OK, posix.R_OK, posix.W_OK, posix.X_OK = 0, 4, 2, 1
        posix.O_RDONLY, posix.O_WRONLY, posix.O_RDWR = 0, 1, 2
        posix.O_CREAT, posix.O_EXCL, posix.O_TRUNC, posix.O_APPEND = 64, 128, 512, 1024

        def _exit(code=0):
            raise SystemExit(code)
        posix._exit = _exit

        # Deterministic "random" bytes: traces must not change between runs, and the
        # browser VM has no OS entropy source to ask anyway.
        state = [0x2545F4914F6CDD1D]

        def urandom(n):
            out = bytearray()
            for _ in range(n):
                x = state[0]
                x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
                x ^= x >> 7
                x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
                state[0] = x
                out.append(x & 0xFF)
            return bytes(out)
        posix.urandom = urandom
        sys.modules["posix"] = posix

        signal = type(sys)("_signal")
        signal.SIG_DFL, signal.SIG_IGN, signal.NSIG = 0, 1, 65
        signal.SIGINT, signal.SIGTERM, signal.SIGABRT = 2, 15, 6
        signal.SIGFPE, signal.SIGILL, signal.SIGSEGV = 8, 4, 11
        handlers = {}

        def default_int_handler(*args):
            raise KeyboardInterrupt
        signal.default_int_handler = default_int_handler
        signal.getsignal = lambda sig: handlers.get(sig, signal.SIG_DFL)

        def set_handler(sig, handler):
            old = signal.getsignal(sig)
            handlers[sig] = handler
            return old
        signal.signal = set_handler
        sys.modules["_signal"] = signal
        sys.builtin_module_names = tuple(sys.builtin_module_names) + ("posix", "_signal")

        # std::time::Instant panics on wasm32-unknown-unknown, and a panic kills the VM.
        # time.time() uses the JavaScript clock, so the other clocks are built on it;
        # sleep returns at once (a recorded run has no real time to wait for).
        now = time.time
        time.perf_counter = time.monotonic = time.process_time = now
        time.perf_counter_ns = time.monotonic_ns = time.time_ns = \
            time.process_time_ns = lambda: int(now() * 1e9)
        time.sleep = lambda seconds: None

    _install_browser_shims()
    del _install_browser_shims

    # The browser's stack holds fewer frames than CPython's: a deeper limit would crash
    # the VM instead of raising RecursionError, so the engine's limit is also a ceiling.
    def _clamp_recursion_limit():
        ceiling = sys.getrecursionlimit()
        real = sys.setrecursionlimit

        def setrecursionlimit(limit):
            real(min(limit, ceiling))
        sys.setrecursionlimit = setrecursionlimit

    _clamp_recursion_limit()
    del _clamp_recursion_limit

def _install_contextvars_shim():
    # The core engine (the browser's first download) leaves out RustPython's native
    # stdlib modules, `_contextvars` among them, but `warnings` imports it. One thread and
    # no asyncio here, so a variable with one value and a token to undo `set` is all of
    # ContextVar that can be observed. The full engine has the real module.
    try:
        import _contextvars  # noqa: F401
        return
    except ImportError:
        pass
    missing = object()

    class Token:
        MISSING = missing

        def __init__(self, var, old_value):
            self.var = var
            self.old_value = old_value

    class ContextVar:
        def __init__(self, name, *, default=missing):
            self.name = name
            self._default = default
            self._value = missing

        def get(self, *default):
            if self._value is not missing:
                return self._value
            if default:
                return default[0]
            if self._default is not missing:
                return self._default
            raise LookupError(self)

        def set(self, value):
            token = Token(self, self._value)
            self._value = value
            return token

        def reset(self, token):
            self._value = token.old_value

    module = type(sys)("_contextvars")
    module.ContextVar = ContextVar
    module.Token = Token
    sys.modules["_contextvars"] = module


_install_contextvars_shim()
del _install_contextvars_shim

import builtins  # noqa: E402 -- after the shims, which `io` and `warnings` may need
import gc  # noqa: E402
import io  # noqa: E402
import warnings  # noqa: E402

# CPython 3.12/3.13 compile `return` in `finally` silently; RustPython follows 3.14
# (PEP 765) and warns. The learner is learning 3.12+, so keep CPython's output.
warnings.filterwarnings("ignore", category=SyntaxWarning)

# CPython's default buffer size (RustPython's is 131072). Lessons about buffering show
# when a write reaches the "disk"; that has to happen when it would in CPython.
DEFAULT_BUFFER_SIZE = 8192
io.DEFAULT_BUFFER_SIZE = DEFAULT_BUFFER_SIZE

# The in-memory "disk": file name -> bytearray. Only the raw layer below touches it, so
# what is here is exactly what CPython would have written to the OS.
disk = {}
# Recorder hooks: lists the recorder drains at each step.
file_log = []
gc_explicit = []


class DiskRaw(io.RawIOBase):
    """Unbuffered raw file over the in-memory disk (the role of FileIO in CPython)."""

    def __init__(self, name, mode):
        super().__init__()
        self.name = name
        # The disk's key is a copy of the name: the OS holds no reference to the str a
        # program opened, so the disk must not count as one on the program's string.
        key = (name + ".")[:-1]
        self._mode = mode
        self._pos = 0
        self._written = 0
        if "w" in mode:
            disk[key] = bytearray()
        elif "x" in mode:
            if name in disk:
                raise FileExistsError(17, "File exists", name)
            disk[key] = bytearray()
        elif "a" in mode:
            disk.setdefault(key, bytearray())
            self._pos = len(disk[name])
        elif name not in disk:
            raise FileNotFoundError(2, "No such file or directory", name)

    def readable(self):
        return "r" in self._mode or "+" in self._mode

    def writable(self):
        return any(c in self._mode for c in "wxa+")

    def seekable(self):
        return True

    def readinto(self, b):
        data = disk.get(self.name, b"")
        chunk = data[self._pos:self._pos + len(b)]
        n = len(chunk)
        b[:n] = chunk
        self._pos += n
        return n

    def write(self, b):
        data = disk.setdefault((self.name + ".")[:-1], bytearray())
        b = bytes(b)
        end = self._pos + len(b)
        if len(data) < self._pos:
            data.extend(b"\0" * (self._pos - len(data)))
        data[self._pos:end] = b
        self._pos = end
        self._written += len(b)
        file_log.append(("flushed", self.name, len(b)))
        return len(b)

    def seek(self, pos, whence=0):
        if whence == 0:
            self._pos = pos
        elif whence == 1:
            self._pos += pos
        else:
            self._pos = len(disk.get(self.name, b"")) + pos
        return self._pos

    def tell(self):
        return self._pos

    def close(self):
        if not self.closed:
            file_log.append(("closed", self.name, 0))
        super().close()


class TextIOWrapper(io.TextIOWrapper):
    """A real TextIOWrapper whose `with` protocol and writes show up in the trace.

    `_rs_out` keeps the encoded text the program wrote, so the recorder can show what
    still waits in the buffer (written minus what the raw layer received)."""

    def write(self, s):
        n = super().write(s)
        self.__dict__.setdefault("_rs_out", bytearray()).extend(s.encode("utf-8"))
        return n

    def __enter__(self):
        return super().__enter__()

    def __exit__(self, exc_type, exc, tb):
        return super().__exit__(exc_type, exc, tb)


def exit_lose_buffers(f):
    # At exit the collector can finalize a file's FileIO before its buffered and text
    # layers (they are in creation order when gc is disabled: tests/exit/SPEC.md F4, F5).
    # The raw layer closes first, so what the upper layers still hold never reaches the
    # disk. Here the layers still close top down, but the raw layer drops what they write
    # (closing it first would make their close() raise instead of returning quietly).
    raw = f.buffer.raw if isinstance(f, io.TextIOWrapper) else f.raw
    raw.write = _discard


def _discard(b):
    return len(b)


TextIOWrapper.__module__ = "_io"
TextIOWrapper.__qualname__ = "TextIOWrapper"


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None,
         closefd=True, opener=None):
    name = str(file)
    binary = "b" in mode
    raw = DiskRaw(name, mode)
    file_log.append(("opened", name, 0))
    if buffering == 0:
        if not binary:
            raise ValueError("can't have unbuffered text I/O")
        return raw
    size = DEFAULT_BUFFER_SIZE if buffering in (-1, 1) else buffering
    if "+" in mode:
        buf = io.BufferedRandom(raw, size)
    elif "r" in mode:
        buf = io.BufferedReader(raw, size)
    else:
        buf = io.BufferedWriter(raw, size)
    if binary:
        return buf
    text = TextIOWrapper(buf, encoding or "utf-8", errors, newline,
                         line_buffering=(buffering == 1))
    text.mode = mode
    return text


class NotShipped:
    """The last import finder: a standard-library module refscope does not ship (see the
    engine's stdlib.txt) gets an ImportError that says so, not a puzzling one."""

    names = frozenset(getattr(sys, "stdlib_module_names", ()))
    on_demand = frozenset(_on_demand)  # noqa: F821 -- injected by the engine

    # The memory-debugging tools the course names: what each does in real Python, and
    # what in refscope answers the same question (issue 21).
    memory_tools = {
        "memory_profiler": (
            "in real Python its @profile decorator prints, line by line, how much the "
            "process's memory grew. Here, open \"Line by line\" under the diagram: the "
            "same table for your run, in bytes of your own objects (CPython's sizes), for "
            "the whole program or one function"),
        "objgraph": (
            "in real Python it counts live objects by type (show_most_common_types, "
            "show_growth) and draws what refers to an object (show_backrefs). Here "
            "\"Types and growth\" under the diagram counts your objects by type and their "
            "growth since a pinned step, and clicking an object answers \"Why is this "
            "alive?\" with the graph of what refers to it"),
        "pympler": (
            "in real Python its asizeof measures an object with everything it holds. "
            "Here each box shows sys.getsizeof (the object alone), and clicking an object "
            "shows its deep size under \"Why is this alive?\": everything it reaches, "
            "and what only it keeps alive"),
        "tracemalloc": (
            "in real Python it records where each memory block was allocated and compares "
            "snapshots line by line. Here \"Types and growth\" lists, from a pinned step "
            "to the one on screen, the objects still alive by the line that made them, and "
            "each step's narration says which objects its line created"),
    }

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in cls.memory_tools:
            raise ModuleNotFoundError(
                f"No module named '{name}' in refscope: {cls.memory_tools[top]}.",
                name=name)
        if top in cls.on_demand:
            # Only the core engine gets here: an import statement would have made the
            # browser load the full one before the run.
            raise ModuleNotFoundError(
                f"No module named '{name}' yet: refscope loads it when your program "
                f"imports it with an import statement (add `import {top}` at the top)",
                name=name)
        if top in cls.names:
            raise ModuleNotFoundError(
                f"No module named '{name}': it is part of CPython's standard library, "
                "but refscope's in-browser Python does not include it", name=name)
        return None


sys.meta_path.append(NotShipped)

builtins.open = open
io.open = open

_real_collect = gc.collect


def collect(generation=2):
    gc_explicit.append(generation)
    return _real_collect(generation)


gc.collect = collect


class Stream:
    """sys.stdout and sys.stderr: both feed the trace's output, interleaved as a terminal
    shows them (CPython prints "Exception ignored in ..." to stderr)."""

    encoding = "utf-8"
    errors = "strict"
    write = staticmethod(_sink)  # noqa: F821 -- injected by the engine before this runs

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


sys.stdout = sys.stderr = Stream()


def _unraisable(u):
    """sys.unraisablehook, as CPython's default prints it ("Exception ignored in: ..."),
    to the program's output. RustPython's own hook uses other wording, misses some cases
    and prints addresses, which would make traces differ between runs."""
    obj = u.object
    msg = u.err_msg or ""
    if obj is None and "<" in msg:
        # RustPython names some objects only in its message, with their address.
        what = msg[msg.index("<"):]
        at = what.find(" at 0x")
        if at >= 0:
            end = at + 6
            while end < len(what) and what[end] in "0123456789abcdef":
                end += 1
            what = what[:at] + " at 0x\u2026" + what[end:]
    elif obj is None:
        what = ""
    else:
        kind = type(obj).__name__
        name = getattr(obj, "__qualname__", None)
        if kind in ("function", "method", "generator", "coroutine") and isinstance(name, str):
            what = "<%s %s%s at 0x\u2026>" % (kind, "object " if kind == "generator" else "", name)
        else:
            what = "<%s object at 0x\u2026>" % kind
    if msg == "weakref callback":
        return  # the recorder reports these itself (RustPython drops most of them)
    out = ["Exception ignored in: %s\n" % what]
    tb = u.exc_traceback
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == "<refscope>":
            frames.append('  File "<refscope>", line %d, in %s\n' % (tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    if frames:
        out.append("Traceback (most recent call last):\n")
        out.extend(frames)
    text = str(u.exc_value)
    out.append("%s: %s\n" % (u.exc_type.__name__, text) if text else "%s\n" % u.exc_type.__name__)
    sys.stderr.write("".join(out))


sys.unraisablehook = _unraisable


def input(prompt=""):
    """The whole run is recorded before the learner steps through it, so nothing could
    answer a prompt: print it as CPython would, then end with a clear EOFError (what
    CPython raises when stdin has nothing to read) instead of waiting forever."""
    sys.stdout.write(str(prompt))
    raise EOFError(
        "input() cannot wait for typing in refscope: the program runs to the end before "
        "you step through it. Put the value in the code instead, e.g. name = \"Ada\"")


builtins.input = input
sys.stdin = None


class StepLimit(BaseException):
    """Raised on every line once the step budget is spent; see arm_limit."""


def _stop(*args):
    raise StepLimit("step limit reached")


def arm_limit():
    # A sys.settrace hook that raises is removed by the VM, so a learner's
    # `except BaseException` could swallow the limit and loop on untraced. A sys.monitoring
    # LINE/JUMP callback that raises stays registered: every further line raises again,
    # including the first line of any handler, so the exception always escapes.
    m = sys.monitoring
    m.use_tool_id(4, "refscope-limit")
    m.register_callback(4, m.events.LINE, _stop)
    m.register_callback(4, m.events.JUMP, _stop)
    m.set_events(4, m.events.LINE | m.events.JUMP)
