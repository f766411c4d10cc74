# 26_combo_gc_on.py ending with an uncaught exception (gc enabled). In 3.13
# the traceback print's automatic collections finalize the cycle before the
# atexit handler and move the survivors to generation 1, after the globals
# dict: a young collection keeps an object held from outside it (the
# TextIOWrapper, held by the globals dict) in place and moves what only it
# holds (its BufferedWriter, then that one's FileIO) behind it. The exit
# collection finalizes the TextIOWrapper first: report.txt keeps its text.
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
raise SystemError("the end")
