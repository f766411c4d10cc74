# Class bodies run in namespaces made by __prepare__: a dict subclass whose
# methods print, and a mapping that is not a dict at all.
class LoudDict(dict):
    def __getitem__(self, key):
        print("__getitem__", key)
        return dict.__getitem__(self, key)

    def __setitem__(self, key, value):
        print("__setitem__", key)
        dict.__setitem__(self, key, value)

    def __iter__(self):
        print("__iter__ called")
        return dict.__iter__(self)

    def __len__(self):
        print("__len__ called")
        return dict.__len__(self)

    def keys(self):
        print("keys called")
        return dict.keys(self)


class Mapping:
    def __init__(self):
        self.store = {}

    def __getitem__(self, key):
        return self.store[key]

    def __setitem__(self, key, value):
        self.store[key] = value

    def __iter__(self):
        print("Mapping.__iter__ called")
        return iter(self.store)


class LoudMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return LoudDict() if name == "A" else Mapping()

    def __new__(mcls, name, bases, ns):
        return type.__new__(mcls, name, bases, dict(ns.store) if name == "B" else ns)


class A(metaclass=LoudMeta):
    x = [1]
    y = x


class B(metaclass=LoudMeta):
    z = [2]
    w = 3


print(A.y, B.w)
print("end")
