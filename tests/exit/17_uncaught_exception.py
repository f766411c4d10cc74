# An uncaught exception: the traceback is printed to stderr and stored in
# sys.last_exc (and last_type/last_value/last_traceback), which keeps the
# frames of the failing calls, and their locals, alive. atexit handlers run,
# then finalize_modules() clears sys.last_* first: the locals are freed, the
# innermost frame's first. Then the globals. Exit status 1.
import atexit


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def inner():
    i1 = D("inner local 1")
    i2 = D("inner local 2")
    raise ValueError("boom")


def outer():
    o1 = D("outer local")
    inner()


atexit.register(print, "atexit handler")
g = D("global")
outer()
print("never printed")
