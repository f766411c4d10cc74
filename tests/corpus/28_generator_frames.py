def numbers(items, label):
    total = 0
    for n in items:
        total += n
        yield n
    print("finished", label, total)


def echo(prefix):
    seen = []
    while True:
        got = yield len(seen)
        seen.append(prefix + str(got))


data = [1000, 2000, 3000]
g = numbers(data, "gen-g")
print(next(g))
print(next(g))
suspended = g
e = echo("item-")
next(e)
print(e.send(5))
print(e.send(6))
e.close()
print("e closed")
for value in numbers(data[:2], "gen-loop"):
    print("loop value", value)
holder = {"gen": numbers(data, "gen-kept")}
print(next(holder["gen"]))
print(list(g))
del suspended
gen_list = [numbers([7], "gen-in-list")]
print(list(gen_list[0]))
del holder
del data
print("end")
