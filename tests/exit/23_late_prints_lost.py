# What __del__ prints at exit appears only while sys.stdout is there. The
# exit restores a replaced sys.stdout from sys.__stdout__ (dropping the
# replacement) and drops names the program added to builtins, both before
# the exit collection. Objects held by an attribute of sys die last, when
# the sys dict is wiped: names with one leading underscore first (stdout
# still set), then the others in order, and sys.stdout is gone before the
# program's attributes, so their prints vanish. Here sys.in_sys also keeps
# the whole globals dict alive (through D and D.__del__.__globals__), so
# "global" is finalized after stdout is gone too.
import builtins
import sys


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


class Shout:
    def __init__(self):
        self.real = sys.stdout

    def write(self, text):
        return self.real.write(text.upper())

    def flush(self):
        self.real.flush()

    def __del__(self):
        print("__del__ Shout (the replaced sys.stdout)")


builtins.in_builtins = D("in builtins")
sys._under_sys = D("_under_sys")
sys.in_sys = D("in sys: printed after stdout is gone")
g = D("global")
sys.stdout = Shout()
print("last line")
