def total(n, m):
    s = 0
    for i in range(n):
        s += i
    for j in range(m, n + m, 2):
        s += j
    return s


big = 1000000
few = 3
print(total(few, big))
r = range(big)
print(len(r), r[-1])
del r
for k in range(few):
    last = k
print("last", last, "big", big)
try:
    {}["missing"]
except KeyError as e:
    kind = type(e).__name__
    same = kind
    print(kind, type(kind).__name__)
del same
names = [type(x).__name__ for x in (1, "a", [], {})]
print(names, kind)
