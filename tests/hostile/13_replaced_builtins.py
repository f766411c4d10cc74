# The program replaces builtins (repr, type, len, iter, next, id, issubclass,
# getattr, isinstance) with printing wrappers for a few lines.
import builtins

NAMES = ["repr", "type", "len", "iter", "next", "id", "issubclass", "getattr",
         "isinstance", "hash", "str", "open", "__import__"]
saved = {name: getattr(builtins, name) for name in NAMES}


def wrap(name, real):
    def wrapper(*args, **kwargs):
        saved["print"]("builtin", name, "called")
        return real(*args, **kwargs)
    return wrapper


saved["print"] = print
for name in NAMES:
    setattr(builtins, name, wrap(name, saved[name]))
x = [1, 2, 3]
y = {"x": x}
z = (x, y)
n = len(x)  # the program's own call: printed once
for name in NAMES:
    setattr(builtins, name, saved[name])
print("restored", len(z))
print("end")
