# CPython 3.13 prints an uncaught exception's traceback with the traceback
# module, importing it first. That import makes thousands of objects, so with
# gc enabled automatic collections run while the traceback is printed: a
# young garbage cycle is finalized then, before the atexit handlers, and the
# surviving objects move to generation 1, after the globals dict. The exit
# collections then keep their creation order (not the dict's order, as in
# 03). CPython 3.12 prints tracebacks in C: no collection there.
import atexit


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


atexit.register(print, "atexit handler")
c1 = D("cycle-1")
c2 = D("cycle-2")
c1.other, c2.other = c2, c1
del c1, c2
p = D("made-first")
q = D("made-second")
p, q = q, p
items = [D("item-1"), D("item-2")]
raise RuntimeError("the end")
