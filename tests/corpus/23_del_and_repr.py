class Loud:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        text = "Loud(" + self.name + ")"
        return text

    def __del__(self):
        name = self.name
        print("del", name)


a = Loud("alpha")
b = Loud("beta")
print(repr(a))
print(a)
print(f"in an f-string: {b}")
print(f"with !r: {b!r}")
items = [a, b]
print(items)
text = str(items)
del a
print("after del a")
items.pop(0)
print("after pop")
b = None
print("after b = None")
items = None
print("after items = None")
print(text)
print("end")
