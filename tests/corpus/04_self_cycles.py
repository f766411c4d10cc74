import gc

gc.disable()

box = []
box.append(box)
print(box)
print("box[0] is box:", box[0] is box)


class Selfish:
    def __init__(self, name):
        self.name = name
        self.me = self

    def __del__(self):
        print("free", self.name)


s = Selfish("s")
print("s.me.me is s:", s.me.me is s)
del s
print("after del s: still alive in its own cycle")
del box
gc.collect()
print("after first gc.collect()")
d = {}
d["self"] = d
print(d)
del d
t = Selfish("t")
t = None
print("after t = None: nothing freed yet")
gc.collect()
print("end")
