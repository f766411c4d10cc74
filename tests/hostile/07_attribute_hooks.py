# Properties, __getattr__ and __getattribute__ that print, on instances bound
# to names, kept in lists and dicts, and as attributes of other instances.
class Prop:
    def __init__(self):
        self.data = [1]

    @property
    def value(self):
        print("property called")
        return 1


class Missing:
    def __init__(self):
        self.real = "real"

    def __getattr__(self, name):
        print("__getattr__ called for", name)
        raise AttributeError(name)


class Watched:
    def __init__(self):
        object.__setattr__(self, "inner", [2])

    def __getattribute__(self, name):
        print("__getattribute__ called for", name)
        return object.__getattribute__(self, name)


class Liar:
    @property
    def __class__(self):
        print("__class__ property called")
        return int

    @property
    def __dict__(self):
        print("__dict__ property called")
        return {}


class Holder:
    pass


p = Prop()
m = Missing()
w = Watched()
liar = Liar()
h = Holder()
h.p, h.m, h.w, h.liar = p, m, w, liar
everything = [p, m, w, liar, h]
table = {"p": p, "m": m, "w": w, "liar": liar}
print("built", len(everything), len(table))
del p, m, w, liar
print("end")
