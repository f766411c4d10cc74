# Issue 29: which tuples and dicts CPython's collector stops tracking when a collection
# looks at them, and the size of an instance's `__dict__` once the program asks for it
# (3.13 sizes it by its class's shared keys, which shrink as the class makes instances).
import gc
import sys

big = 1000
pair = (big, "x")
nested = (pair, 3)
holder = ([],)
inner_only = (big, (big,))
print("new tuple of atoms:", gc.is_tracked(pair))
print("empty tuple:", gc.is_tracked(()))
gc.collect(0)
print("after a young collection:", gc.is_tracked(pair))
print("a tuple of a named tuple:", gc.is_tracked(nested))
print("a tuple holding a list:", gc.is_tracked(holder))
print("a tuple only its container holds, once:", gc.is_tracked(inner_only))
gc.collect()
print("a tuple only its container holds, twice:", gc.is_tracked(inner_only))
later = (big, None)
print("a tuple made after:", gc.is_tracked(later))

table = {}
table["k"] = [1]
table["k"] = 5
print("dict that held a list:", gc.is_tracked(table))
gc.collect(0)
print("after a young collection:", gc.is_tracked(table))
gc.collect()
print("after a full collection:", gc.is_tracked(table))
table["k"] = [2]
print("holding a list again:", gc.is_tracked(table))
print("dict of atoms:", gc.is_tracked({"a": 1}))


class Thing:
    pass


t = Thing()
t.a = 1
print("instance:", sys.getsizeof(t))
print("its __dict__:", sys.getsizeof(t.__dict__))
print("instance after:", sys.getsizeof(t))
attrs = t.__dict__
second = Thing()
print("the same __dict__ after a second instance:", sys.getsizeof(attrs))
t.b = 2
print("after a second attribute:", sys.getsizeof(attrs))
for i in range(5):
    third = Thing()
print("after five more:", sys.getsizeof(attrs))


class Wide:
    def __init__(self):
        for i in range(12):
            setattr(self, "a%d" % i, i)


w = Wide()
print("twelve attributes:", sys.getsizeof(w.__dict__))
many = [Wide() for i in range(25)]
print("the last of 26:", sys.getsizeof(many[-1].__dict__))
