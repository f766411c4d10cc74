# gc enabled. At exit the collector runs once (PyGC_Collect) while the
# globals are still reachable: it finds nothing, but it reorders the survivors
# (breadth first from the globals dict: keys in insertion order, a list's
# items last to first). After the modules are released, the globals dict and
# everything only it holds are garbage of the next collection, which runs
# every __del__ in that order, with the globals still intact.
import atexit


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
