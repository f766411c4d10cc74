# 26_combo_gc_on.py with gc.disable(): no PyGC_Collect() at exit, so the
# cycle is finalized with the globals in the collection after the modules are
# released, everything in creation order: the cycle first, then the file's
# FileIO before its TextIOWrapper (report.txt ends up empty), the generator,
# the global.
import atexit
import gc

gc.disable()


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def ticker():
    try:
        yield
    finally:
        print("generator finally")


atexit.register(print, "atexit handler")
c1 = D("cycle-1")
c2 = D("cycle-2")
c1.other, c2.other = c2, c1
del c1, c2
report = open("report.txt", "w")
report.write("report body\n")
gen = ticker()
next(gen)
keep = D("global")
print("last line")
