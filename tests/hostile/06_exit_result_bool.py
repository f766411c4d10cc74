# __exit__ returns an object whose __bool__ prints: CPython tests it once when
# an exception reached __exit__, and not at all on a normal exit.
class Verdict:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        print("__bool__ called")
        return self.value

    def __repr__(self):
        print("__repr__ called")
        return "Verdict()"


class Manager:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        verdict = Verdict(self.swallow)
        return verdict


with Manager(True) as m:
    print("normal exit")
with Manager(True) as m:
    raise KeyError("swallowed")
print("after swallowed")
try:
    with Manager(False) as m:
        raise ValueError("passed on")
except ValueError:
    print("caught ValueError")
print("end")
