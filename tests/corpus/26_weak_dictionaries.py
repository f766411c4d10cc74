import weakref


class Item:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Item(" + self.name + ")"


cache = weakref.WeakValueDictionary()
a = Item("apple")
b = Item("banana")
cache["a"] = a
cache["b"] = b
print("values:", sorted(cache.keys()))
got = cache["a"]
print("got", got)
del got
del a
print("after del a:", sorted(cache.keys()))
extra = weakref.WeakKeyDictionary()
k1 = Item("key1")
k2 = Item("key2")
extra[k1] = "meta one"
extra[k2] = ["meta", "two"]
print("keys:", len(extra), extra[k1])
del k1
print("after del k1:", len(extra))
plain = {"b": b}
del b
print("plain dict keeps b:", sorted(cache.keys()), plain["b"])
plain.clear()
print("after clear:", sorted(cache.keys()))
print("end")
