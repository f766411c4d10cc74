import weakref


class Thing:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Thing(" + self.name + ")"


def gone(ref):
    print("callback: referent gone, ref() is", ref())


def announce(message):
    print("finalizer:", message)


t = Thing("t")
r = weakref.ref(t, gone)
print("alive:", r())
del t
print("after del t:", r())
w = Thing("w")
r2 = weakref.ref(w, gone)
del r2
del w
print("no callback when the weakref dies first")
u = Thing("u")
fin = weakref.finalize(u, announce, "u collected")
print("finalize alive:", fin.alive)
del u
print("finalize alive after del u:", fin.alive)
v = Thing("v")
fin2 = weakref.finalize(v, announce, "v finalized explicitly")
print("explicit call returns", fin2())
print("second call returns", fin2(), "alive:", fin2.alive)
del v
print("end")
