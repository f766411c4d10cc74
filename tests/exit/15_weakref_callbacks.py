# Weakref callbacks. An object dying by refcount runs __del__, then its
# weakrefs' callbacks, newest weakref first (during the run here). A
# collection clears every weak reference to its garbage and calls the
# callbacks (per object, newest weakref first) before it runs any __del__,
# but only the callbacks of weakrefs that survive that collection. At exit,
# PyGC_Collect() runs while the globals are alive, so a global weakref to a
# garbage cycle gets its callback; in the collection after the modules are
# released the weakrefs in the globals are garbage themselves: no callback.
import weakref


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


def callback(tag):
    return lambda ref: print("callback", tag)


r = D("refcounted")
refs = [weakref.ref(r, callback("refcounted, older weakref")),
        weakref.ref(r, callback("refcounted, newer weakref"))]
del r

x = D("x")
y = D("y")
x.other, y.other = y, x
ref_x_old = weakref.ref(x, callback("x, older weakref"))
ref_x_new = weakref.ref(x, callback("x, newer weakref"))
ref_y = weakref.ref(y, callback("y"))
del x, y  # garbage cycle; the weakrefs stay in the globals

g = D("global")
ref_g = weakref.ref(g, callback("global: never called"))
print("last line")
