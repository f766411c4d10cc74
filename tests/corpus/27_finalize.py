import weakref


class Resource:
    def __init__(self, name):
        self.name = name


def release(label, log):
    log.append(label)
    print("release", label)


log = []
r1 = Resource("r1")
f1 = weakref.finalize(r1, release, "one", log)
print("alive:", f1.alive)
del r1
print("after del r1:", f1.alive, log)
r2 = Resource("r2")
f2 = weakref.finalize(r2, release, "two", log)
result = f2()
print("explicit call:", result, f2.alive)
print("second call:", f2())
r3 = Resource("r3")
f3 = weakref.finalize(r3, release, "three", log)
detached = f3.detach()
print("detached:", detached[0] is r3, detached[1] is release)
del detached
del r3
print("after del r3:", f3.alive)
r4 = Resource("r4")
f4 = weakref.finalize(r4, print, "finalizer printing directly")
keep = [r4]
del r4
print("still kept by list")
keep = None
print("log:", log)
print("end")
