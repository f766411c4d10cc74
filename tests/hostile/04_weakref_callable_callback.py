# A weakref callback that is an instance with __call__, a printing __getattr__
# and a __code__ property that prints.
import weakref


class Callback:
    def __init__(self, label):
        self.label = label

    def __call__(self, ref):
        print("__call__ called for", self.label)

    def __getattr__(self, name):
        print("__getattr__ called for", name)
        raise AttributeError(name)

    @property
    def __code__(self):
        print("__code__ property called")
        return None


class Target:
    pass


cb = Callback("t")
t = Target()
r = weakref.ref(t, cb)
keep = [cb, r]
print("alive:", r() is t)
del t
print("after del t:", r())
print("end")
