# Issue 29: what the interpreter holds while iterating, the order a collection finalizes
# in, how lists give back their arrays, what imports leave for the first collection, and
# `self` in a method called through super().
from functools import partial
import gc
import sys
import weakref


class Link:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("finalized:", self.name)


print("garbage the imports left:", gc.collect())
first = Link("first")
second = Link("second")
first.other = second
second.other = first
del first, second
print("the cycle:", gc.collect())

d = {"a": [1], "b": [2]}
for k, v in d.items():
    print("value in items():", sys.getrefcount(v))
lst = [[1], [2]]
for i, x in enumerate(lst):
    print("item in enumerate():", sys.getrefcount(x))
for x, y in zip(lst, lst):
    print("item in zip() twice:", sys.getrefcount(x))
e = enumerate(lst)
print("first pair:", next(e))
print("item the enumerate keeps:", sys.getrefcount(lst[0]))
pair = next(e)
print("pair held by a name:", sys.getrefcount(pair))
del e, pair

one = [(1, "one")]
del one[:1]
print("list emptied by del:", sys.getsizeof(one))
one.insert(0, True)
print("then one insert:", sys.getsizeof(one))
popped = [1]
popped.pop()
print("list emptied by pop:", sys.getsizeof(popped))
ten = list(range(10))
del ten[2:9]
print("ten less seven:", sys.getsizeof(ten))
view = memoryview(b"abc")
print("memoryview:", sys.getsizeof(view))


class Base:
    def describe(self):
        return sys.getrefcount(self)


class Child(Base):
    def describe(self):
        return super().describe()


kid = Child()
print("self through super():", kid.describe())
print("partial:", partial(len, "abc")())
print("weak refs:", weakref.getweakrefcount(kid))


def show(a, b=None, sep="-"):
    print("partial's arguments:", sys.getrefcount(a), sys.getrefcount(b))


left, right = ["left"], ["right"]
partial(show, left)(right)
partial(show, left)(b=right)
partial(show, b=right)(left)
partial(show, left, b=right)(sep=":")
