# A class whose __slots__ is a tuple subclass that prints; CPython iterates it
# once to make the slots and keeps the object itself in the class dict.
class Names(tuple):
    def __iter__(self):
        print("__iter__ called")
        return tuple.__iter__(self)

    def __len__(self):
        print("__len__ called")
        return tuple.__len__(self)

    def __getitem__(self, index):
        print("__getitem__ called")
        return tuple.__getitem__(self, index)

    def __repr__(self):
        print("__repr__ called")
        return "Names(...)"


class Slotted:
    __slots__ = Names(("x", "y"))

    def __init__(self, x, y):
        self.x = x
        self.y = y


s = Slotted([1], "why")
pair = (s, s)
print("slots kept:", type(Slotted.__dict__["__slots__"]).__name__)
print("x:", s.x, "y:", s.y)
print("end")
