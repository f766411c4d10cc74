"""The peer for the recording-speed benchmark: CPython under a plain sys.settrace
recorder that snapshots every frame's locals (repr of each value) at every event, the
way a simple Python-Tutor-style tracer would. Usage: cpython_peer.py PROGRAM STEPS.
Prints the seconds taken to record STEPS steps."""
import sys
import time


class Done(BaseException):
    pass


def main():
    path, limit = sys.argv[1], int(sys.argv[2])
    source = open(path).read()
    code = compile(source, "<refscope>", "exec")
    steps = []

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != "<refscope>":
            return None
        stack = []
        f = frame
        while f is not None and f.f_code.co_filename == "<refscope>":
            stack.append((f.f_code.co_name, f.f_lineno,
                          {k: repr(v) for k, v in f.f_locals.items() if not k.startswith("__")}))
            f = f.f_back
        steps.append((event, stack))
        if len(steps) >= limit:
            raise Done
        return tracer

    start = time.perf_counter()
    sys.settrace(tracer)
    try:
        exec(code, {"__name__": "__main__"})
    except Done:
        pass
    finally:
        sys.settrace(None)
    print(f"{time.perf_counter() - start:.4f}")


main()
