# A suspended generator in a garbage cycle, with gc disabled: nothing
# collects it during the run, PyGC_Collect() is skipped at exit, and the
# collection after the modules are released finalizes it together with the
# globals, in creation order (the cycle's objects were made first).
import gc

gc.disable()


class Holder:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def steps(name):
    try:
        yield 1
    finally:
        print("finally of", name)


h = Holder("in cycle")
h.gen = steps("generator in cycle")
next(h.gen)
h.me = h
del h
g = Holder("global")
print("last line")
