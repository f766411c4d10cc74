def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def forever(n):
    return forever(n + 1)


print("recursed", depth(200), "levels")
try:
    forever(0)
except RecursionError:
    print("caught RecursionError")
print("still running:", depth(10))
