# The same program as 03_globals_gc_on.py, with gc.disable(). PyGC_Collect()
# at exit is skipped (it respects gc.disable()), so nothing is reordered: the
# collection that runs after the modules are released (_PyGC_CollectNoFail,
# which ignores gc.disable()) finalizes the garbage cycle and the globals in
# the order the objects were made.
import atexit
import gc

gc.disable()


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        names = sorted(k for k in globals() if not k.startswith("__"))
        print("__del__", self.name, "sees", names)


c1 = D("cycle-1")
c2 = D("cycle-2")
c1.other, c2.other = c2, c1
del c1, c2  # a garbage cycle, left for the exit collection
atexit.register(print, "atexit")
a = D("a")
b = D("b")
_u = D("_u")
lst = [D("l1"), D("l2"), D("l3")]
z = D("z")
p = D("made-first")
q = D("made-second")
p, q = q, p  # key p (older) now holds the newer object
print("last line")
