import gc

gc.disable()


class Node:
    def __init__(self, name):
        self.name = name
        self.me = self

    def __del__(self):
        print("del", self.name)


print("thresholds:", gc.get_threshold())
young = Node("young")
del young
print("collect(0) found garbage:", gc.collect(0) > 0)
survivor = Node("survivor")
gc.collect(0)
del survivor
print("collect(0) found garbage:", gc.collect(0) > 0)
print("collect(1) found garbage:", gc.collect(1) > 0)
old = Node("old")
gc.collect()
del old
print("collect(1) found garbage:", gc.collect(1) > 0)
print("full collection found garbage:", gc.collect() > 0)
print("end")
