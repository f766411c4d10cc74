import weakref


class Target:
    def __init__(self, name):
        self.name = name


def on_death(ref):
    print("callback: target gone, ref() is", ref())


t = Target("first")
plain = weakref.ref(t)
again = weakref.ref(t)
print("same weakref object reused:", plain is again)
with_cb = weakref.ref(t, on_death)
print("alive:", plain().name, with_cb().name)
print("callback makes a new weakref:", with_cb is not plain)
holder = [plain, with_cb]
strong = plain()
print("strong from ref() is t:", strong is t)
del strong
del t
print("after del t:", plain(), with_cb())
u = Target("second")
p = weakref.proxy(u)
print("through proxy:", p.name)
names = [p]
del u
try:
    p.name
except ReferenceError:
    print("proxy is dead")
holder.clear()
print("end")
