class Item:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


one = Item("one")
items = [one, Item("two"), Item("three")]
del one
print("list holds", len(items), "items")
items.pop()
print("after pop")
table = {"k1": Item("k1"), "k2": Item("k2"), "k3": Item("k3")}
del table["k1"]
print("after del table['k1']")
pair = (Item("t1"), Item("t2"))
keep = pair[1]
del pair
print("after del pair, kept", keep.name)
del keep
items.append(Item("four"))
print("deleting a list of", [i.name for i in items])
del items
print("after del items")
table.clear()
print("after table.clear()")
nested = {"inner": [Item("n1"), (Item("n2"),)]}
nested = None
print("end")
