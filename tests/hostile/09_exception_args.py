# Exceptions whose args are program objects with printing __str__/__repr__,
# and an exception class with a printing __repr__.
class Arg:
    def __str__(self):
        print("Arg.__str__ called")
        return "arg"

    def __repr__(self):
        print("Arg.__repr__ called")
        return "Arg()"


class Shy(Exception):
    def __repr__(self):
        print("Shy.__repr__ called")
        return "Shy()"


try:
    raise ValueError(Arg(), 2)
except ValueError as e:
    held = e
    args = e.args
try:
    raise KeyError(Arg())
except KeyError as k:
    key_error = k
try:
    raise Shy("quiet")
except Shy as s:
    shy = s
errors = [held, key_error, shy]
print("args:", len(args), len(errors))
print("end")
