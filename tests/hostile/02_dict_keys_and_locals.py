# Non-str keys in an instance __dict__ and in the module globals, one of them
# with the same hash as a real name; a local whose value has a printing __repr__.
class Key:
    def __init__(self, like):
        self.like = like

    def __hash__(self):
        print("__hash__ called")
        return hash(self.like)

    def __eq__(self, other):
        print("__eq__ called")
        return False

    def __str__(self):
        print("__str__ called")
        return "Key"

    def __repr__(self):
        print("__repr__ called")
        return "Key()"


class Shown:
    def __repr__(self):
        print("__repr__ of Shown called")
        return "Shown()"


class Box:
    pass


box = Box()
box.__dict__[Key("z")] = 1
box.name = "box"
box.__dict__[Key("name")] = 2
globals()[Key("target")] = 3
target = [1, 2]
print("non-str module keys:", sum(1 for k in globals() if type(k) is not str))


def use(value):
    shown = Shown()
    pair = [shown, value]
    count = len(pair)
    return count


print(use(box))
print("box attrs:", len(vars(box)))
print("end")
