# atexit handlers run after the last line, last registered first. A handler
# registered while the handlers run is not run; an exception in one is printed
# to stderr and the others still run. Arguments passed to atexit.register are
# held until every handler has run, then dropped.
import atexit


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def first():
    print("first registered, runs last")


def fails():
    raise KeyError("raised in a handler")


def late():
    print("late: registered during exit, never runs")


def registers_another():
    print("registering another handler")
    atexit.register(late)


def with_argument(obj):
    print("handler argument:", obj.name)


atexit.register(first)
atexit.register(fails)
atexit.register(registers_another)
atexit.register(with_argument, D("held only by atexit"))
atexit.register(print, "unregistered: never printed")
atexit.unregister(print)
keep = D("global")
print("last line")
