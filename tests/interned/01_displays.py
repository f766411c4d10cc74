# Lists, sets, tuples and dicts of string literals: which ones CPython folds into
# one constant tuple, and which it loads one by one.
pair = ["spam", "eggs"]
three = ["alpha", "beta", "gamma"]
mixed = ["alpha", len(pair), "delta"]
colours = {"red", "green"}
shades = {"red", "green", "blue"}
point = ("north", "south")
nested = (("north", "east"), "west")
one_key = {"solo": 1}
keys = {"apple": 1, "banana": 2}
dynamic = {"apple": pair, three[0]: 3}
print("beta" in ["beta", "zeta"], "zeta" in {"zeta", "eta"}, "eta" in ("eta", "theta"))
print(pair, three, mixed, colours == shades, point, nested, one_key, keys, dynamic)
