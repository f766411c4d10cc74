cache = {}


def remember(key, value):
    entry = [value] * 10
    cache[key] = entry
    return len(cache)


names = ["alpha-" + "x" * 30, "beta-" + "y" * 30]
total = remember("first", 1)
total = remember("second", 2)
big = list(range(100))
del names
blob = "z" * 1000
pair = (big, blob)
del big
cache.clear()
