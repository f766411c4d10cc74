# weakref.finalize: the first finalize() ever made registers
# weakref.finalize._exitfunc with atexit, so it runs among the atexit
# handlers in that position (last registered, first run). It calls every
# finalizer still alive with atexit=True, newest first, whether or not its
# object is still alive, then sets finalize._shutdown: a finalizer with
# atexit=False never runs at exit. The objects themselves die later, with the
# other globals.
import atexit
import weakref


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


atexit.register(print, "atexit handler registered before the first finalize")
a = D("a")
fa = weakref.finalize(a, print, "finalize a (atexit=True, made first)")
atexit.register(print, "atexit handler registered after the first finalize")
b = D("b")
fb = weakref.finalize(b, print, "finalize b (atexit=True, made second)")
c = D("c")
fc = weakref.finalize(c, print, "finalize c (atexit=False)")
fc.atexit = False
d = D("d")
fd = weakref.finalize(d, print, "finalize d (object dies during the run)")
del d
print("last line")
