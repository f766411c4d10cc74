# Everything together, gc enabled: a garbage cycle with __del__, a global
# with __del__, a suspended generator, an atexit handler and an unclosed
# text file. Order: atexit handler; PyGC_Collect() finalizes the cycle;
# after the modules are released, the exit collection finalizes the globals
# in breadth-first order from the globals dict (the file is saved).
import atexit


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
