class Tracked:
    def __init__(self, name):
        self.name = name
        print("create", name)

    def __del__(self):
        print("free", self.name)


a = Tracked("a")
b = a
print("b is a:", b is a)
del a
print("after del a, b still holds", b.name)
c = b
b = None
print("after b = None")
del c
print("after del c")
x = Tracked("x1")
x = Tracked("x2")
print("rebinding x freed x1")
del x
print("end")
