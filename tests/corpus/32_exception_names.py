import sys


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


def fail(label):
    local = Resource(label)
    message = "failed: " + label
    raise ValueError(message)


try:
    fail("first")
except ValueError as e:
    print("handler:", e)
    kept = e
    count = len(e.args)
print("after handler, kept:", kept)
print("traceback kept:", kept.__traceback__ is not None)
kept = None
print("after kept = None")
try:
    fail("middle")
except ValueError as e:
    print("dropped:", e)
print("after second handler")
try:
    fail("third")
except ValueError:
    info = sys.exc_info()
    tb = info[2]
print("tb line:", tb.tb_next.tb_lineno)
del info
del tb
print("end")
