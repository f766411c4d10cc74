class Managed:
    def __init__(self, name, suppress=False, fail_exit=False):
        self.name = name
        self.suppress = suppress
        self.fail_exit = fail_exit

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        if self.fail_exit:
            raise RuntimeError("exit failed in " + self.name)
        return self.suppress


with Managed("plain") as m:
    print("inside", m.name)
with Managed("outer"):
    with Managed("inner"):
        print("nested body")
with Managed("a"), Managed("b"):
    print("two managers in one with")
with Managed("quiet", suppress=True):
    raise ValueError("suppressed")
print("after the suppressed block")
try:
    with Managed("loud", fail_exit=True):
        raise ValueError("original")
except RuntimeError as e:
    print("caught", e, "context:", type(e.__context__).__name__)
try:
    with Managed("passthrough"):
        raise KeyError("k")
except KeyError:
    print("KeyError propagated")
