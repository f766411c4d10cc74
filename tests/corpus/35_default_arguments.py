def append_to(item, target=[]):
    target.append(item)
    return target


def tagged(value, tag="default-tag", extras=None):
    if extras is None:
        extras = []
    extras.append(value)
    return tag, extras


sentinel = object()


def lookup(key, fallback=sentinel):
    found = fallback
    return found is sentinel


first = append_to(1)
second = append_to(2)
print(first, second, first is second)
print("default object:", append_to.__defaults__[0] is first)
print(tagged(5))
print(tagged(6, "custom", ["x"]))
print(lookup("k"), lookup("k", None))
defaults = append_to.__defaults__
first = None
second = None
print(len(defaults[0]))
print("end")
