# Subclasses of int, str, list and dict whose special methods print, a
# metaclass whose __getattribute__ and __repr__ print, a class whose __name__
# is a printing str subclass, and a class with its own __sizeof__.
def noisy(name, base):
    def hook(self, *args):
        print(name, "called on", base.__name__, "subclass")
        return getattr(base, name)(self, *args)
    return hook


HOOKS = ["__repr__", "__str__", "__len__", "__iter__", "__hash__", "__eq__", "__bool__",
         "__index__", "__format__", "__sizeof__", "__getitem__", "__contains__"]


def subclass(base):
    hooks = {n: noisy(n, base) for n in HOOKS if hasattr(base, n)}
    return type("Noisy" + base.__name__.title(), (base,), hooks)


NInt, NStr, NList, NDict = subclass(int), subclass(str), subclass(list), subclass(dict)


class Meta(type):
    def __getattribute__(cls, name):
        print("Meta.__getattribute__ called for", name)
        return type.__getattribute__(cls, name)

    def __repr__(cls):
        print("Meta.__repr__ called")
        return "<Meta class>"


class Plain(metaclass=Meta):
    pass


class Sized:
    def __sizeof__(self):
        print("__sizeof__ called")
        return 1


class Renamed:
    pass


Renamed.__name__ = NStr("Renamed")
i, s = NInt(5000), NStr("text")
lst, d = NList([NInt(7)]), NDict({NStr("k"): NInt(8)})
plain, sized, renamed = Plain(), Sized(), Renamed()
mixed = [i, s, lst, d, Plain, plain, sized, renamed]
table = {"i": i, "s": s, 3: lst}
print("made", len(mixed))
print("end")
