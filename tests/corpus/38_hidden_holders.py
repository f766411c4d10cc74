import gc
import weakref
from contextlib import contextmanager

gc.disable()


class Tag:
    def __init__(self, label):
        self.label = label

    def __repr__(self):
        return "Tag(" + self.label + ")"


class Scope:
    def __init__(self, title):
        self.title = title

    def __enter__(self):
        return self.title

    def __exit__(self, *info):
        return False


@contextmanager
def opened(path, mode="r"):
    handle = [path, mode]
    yield handle
    handle.clear()


def pick(words, wanted):
    found = [w for w in words if w == wanted]
    return found


def closing(label, note=None):
    print("closing", label, note)


words = ["apple", "pear", "plum"]
target = "pear"
hits = [w for w in words if w == target]
picked = pick(words, "plum")
with opened("notes.txt", mode="w") as h:
    print("inside", h)
with Scope("outer title") as title:
    print("title", title)
tags = [Tag("red"), Tag("blue")]
red = tags[0]
print(tags)
print(f"{tags} and {red}")
text = f"{red!r}"
owner = Tag("owner")
fin = weakref.finalize(owner, closing, "owned", note="kw")
del owner
print("finalized", fin.alive)


def heard(ref):
    print("heard", ref() is None)


loop = Tag("loop")
loop.me = loop
probe = weakref.ref(loop, heard)
del loop
gc.collect()
print("probe dead", probe() is None)
del probe
print("end")
