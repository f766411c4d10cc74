# sys.exit(3) raised inside a function: SystemExit is not printed and not
# kept in sys.last_exc; it is dropped at once, which frees the frames it held
# (and their locals) before the atexit handlers run. Exit status 3.
import atexit
import sys


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def work():
    local = D("local of the exiting function")
    sys.exit(3)


atexit.register(print, "atexit handler")
g = D("global")
work()
