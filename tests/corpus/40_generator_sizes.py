# The size of a generator is its frame's: one slot per local, cell and free
# variable, and the value stack's depth (Objects/genobject.c, gen_sizeof).


def one(n):
    yield n


def squares(n):
    for i in range(n):
        yield i * i


def running_total(items, tag):
    total = 0
    for x in items:
        total += x
        yield total, tag


def guarded(n):
    try:
        for i in range(n):
            yield i
    finally:
        print("guarded done")


def captures(n):
    def inner():
        return n

    yield inner


def outer():
    y = 2

    def free():
        yield y

    return free()


def delegates(xs):
    yield from (x for x in xs)


def nested(a):
    yield [a, [a, [a, (a, {a: a})]]]


def managed(path):
    with open(path, "w") as f:
        yield f


g1 = one(1)
g2 = squares(4)
g3 = running_total([1, 2], "t")
g4 = guarded(3)
g5 = captures(5)
g6 = outer()
g7 = delegates([1])
g8 = nested(1)
g9 = (i for i in range(3))
g10 = managed("sizes.txt")
print(next(g4), next(g4))
g4.close()
print(next(g10).closed)
g10.close()
