# Statements where RustPython 0.6 and CPython 3.13 report different line events:
# bare annotations in a class body (3.13 runs them; 3.14's deferred annotations do not),
# a generator expression's first line, and resuming a `yield from`.
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    note: str
    qty: int = 0


first = Item('pen', 'blue')


def inner(n):
    for i in range(n):
        yield [i]
    return n


def outer():
    got = yield from inner(2)
    print('inner returned', got)


chain = outer()
print(next(chain), next(chain))
print(list(chain))
total = sum(len(x) for x in inner(3))
print(total)
