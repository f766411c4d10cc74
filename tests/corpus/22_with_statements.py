class Manager:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print("exit", self.name, kind)
        return self.swallow


class Opener:
    def __enter__(self):
        resource = ["handle"]
        self.resource = resource
        return resource

    def __exit__(self, *info):
        self.resource = None
        return False


with Manager("bound") as m:
    print("body sees", m.name)
with Manager("unbound"):
    print("body without as")
with Manager("swallowing", swallow=True) as s:
    raise KeyError("lost")
try:
    with Manager("raising") as r:
        raise ValueError("kept")
except ValueError as e:
    print("caught", e)
opener = Opener()
with opener as res:
    res.append("used")
    print("res", res)
print("after with, m still bound:", m.name, "res:", res)
del m, s, r
print("end")
