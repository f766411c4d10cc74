import gc

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("freeing", self.name)

a = Node("a")
b = Node("b")
a.other = b
b.other = a
items = [a, b]
del items
del a, b
print("names gone; the cycle is garbage")
gc.collect()
print("done")
