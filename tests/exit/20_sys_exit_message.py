# sys.exit("message"): the message goes to stderr and the exit status is 1.
# The exit then proceeds as usual.
import sys


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


g = D("global")
print("last line")
sys.exit("fatal: giving up")
