_cache = {}


class Report:
    def __init__(self, n):
        self.rows = [n] * 100


def load(n):
    if n not in _cache:
        _cache[n] = Report(n)
    return _cache[n]


r = load(0)
r = load(1)
r = load(2)
r = load(1)
del r
keep = load(2)
_cache.clear()
