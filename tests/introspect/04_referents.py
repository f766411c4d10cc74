import gc


class Node:
    def __init__(self, name):
        self.name = name


a = Node("a")
b = Node("b")
a.peer = b
items = [a, b, 7]
table = {"k": a, "n": 3}
pair = (a, "x")
print("referents of a list:", [type(x).__name__ for x in gc.get_referents(items)])
print("referents of a dict:", [type(x).__name__ for x in gc.get_referents(table)])
print("referents of a tuple:", [type(x).__name__ for x in gc.get_referents(pair)])
print("referents of an instance:", [type(x).__name__ for x in gc.get_referents(a)])
print("referrers of b:", sorted(type(x).__name__ for x in gc.get_referrers(b)))
print("referrers of a:", sorted(type(x).__name__ for x in gc.get_referrers(a)))
print("the list refers to a:", any(r is items for r in gc.get_referrers(a)))


def f(x):
    return [type(r).__name__ for r in gc.get_referrers(x)]


print("referrers of an argument:", sorted(f(Node("c"))))
