def make_counter(start):
    count = start
    history = []

    def increment():
        nonlocal count
        count += 1
        history.append(count)
        return count

    def report():
        size = len(history)
        return count, size

    return increment, report


inc, rep = make_counter(1000)
print(inc(), inc())
print(rep())
inc2, rep2 = make_counter(5000)
print(inc2())
funcs = [inc, rep]
print("cells:", len(inc.__closure__), len(rep.__closure__))
del inc
print(funcs[0](), rep())


def outer():
    shared = ["one"]
    first = lambda: shared
    second = lambda: shared + ["two"]
    return first, second


f, s = outer()
print(f(), s())
del f
print(s())
print("end")
