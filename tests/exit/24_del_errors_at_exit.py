# An exception in __del__ at exit is reported on stderr as "Exception
# ignored in: <function D.__del__ ...>" with its traceback; the exit goes
# on. sys.exit() inside __del__ is reported the same way and does not change
# the exit status.
import sys


class Fails:
    def __del__(self):
        raise ValueError("raised in __del__ at exit")


class Exits:
    def __del__(self):
        sys.exit(7)


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


first = D("first")
fails = Fails()
exits = Exits()
last = D("last")
print("last line")
