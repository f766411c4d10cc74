import gc
import weakref

gc.disable()


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("free", self.name)


a = Node("a")
b = Node("b")
a.other = b
b.other = a
probe = weakref.ref(a, lambda ref: print("weakref callback for a"))
del a
print("after del a: b keeps a alive")
del b
print("after del b: the cycle is garbage but still alive:", probe() is not None)
gc.collect()
print("after gc.collect(): probe is dead:", probe() is None)
