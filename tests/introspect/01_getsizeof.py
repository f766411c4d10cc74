import sys


class Plain:
    def __init__(self):
        self.a = 1


class Slotted:
    __slots__ = ("a", "b")


class Sized:
    def __sizeof__(self):
        return 100


def f():
    return 1


def gen():
    yield 1


grown = []
for i in range(5):
    grown.append(i)
d = {}
for i in range(6):
    d[i] = i
print("int 1:", sys.getsizeof(1))
print("int 2**40:", sys.getsizeof(2**40))
print("int 10**30:", sys.getsizeof(10**30))
print("float:", sys.getsizeof(1.5))
print("True:", sys.getsizeof(True))
print("None:", sys.getsizeof(None))
print("str empty:", sys.getsizeof(""))
print("str abc:", sys.getsizeof("abc"))
print("str latin-1:", sys.getsizeof("café"))
print("str non-latin-1:", sys.getsizeof("日本"))
print("bytes:", sys.getsizeof(b"abcd"))
print("list empty:", sys.getsizeof([]))
print("list literal of 3:", sys.getsizeof([1, 2, 3]))
print("list grown by 5 appends:", sys.getsizeof(grown))
print("list comprehension of 5:", sys.getsizeof([x for x in range(5)]))
print("tuple of 3:", sys.getsizeof((1, 2, 3)))
print("tuple empty:", sys.getsizeof(()))
print("dict empty:", sys.getsizeof({}))
print("dict small:", sys.getsizeof({"a": 1, "b": 2}))
print("dict grown to 6:", sys.getsizeof(d))
print("set empty:", sys.getsizeof(set()))
print("set of 3:", sys.getsizeof({1, 2, 3}))
print("instance:", sys.getsizeof(Plain()))
print("instance with 2 slots:", sys.getsizeof(Slotted()))
print("instance with __sizeof__:", sys.getsizeof(Sized()))
print("function:", sys.getsizeof(f))
print("generator:", sys.getsizeof(gen()))
print("bound method:", sys.getsizeof(Plain().__init__))
print("exception:", sys.getsizeof(ValueError("x")))
print("range:", sys.getsizeof(range(10)))
name = "kiwi"
print("list display of 3 names:", sys.getsizeof([name, name, name]))
shown = [name, "mango", "kiwi"]
print("list display, drawn first:", sys.getsizeof(shown))
print("list display of 40:", sys.getsizeof([name] * 0 + [
    name, name, name, name, name, name, name, name, name, name,
    name, name, name, name, name, name, name, name, name, name,
    name, name, name, name, name, name, name, name, name, name,
    name, name, name, name, name, name, name, name, name, name]))
