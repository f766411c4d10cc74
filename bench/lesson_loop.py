# The benchmark program: lesson-style code (loops, calls, 50 live objects) that runs
# forever, so the step budget alone decides its length (10,000 or 100,000 steps).
class Item:
    def __init__(self, n):
        self.n = n
        self.label = "item"


def make(n):
    return Item(n)


def total(items):
    s = 0
    for it in items:
        s += it.n
    return s


items = [make(i) for i in range(50)]
rounds = 0
while True:
    rounds += 1
    t = total(items)
    items[rounds % 50] = make(rounds)
