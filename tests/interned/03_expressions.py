# Folded and unfolded expressions: concatenation, repetition, f-strings, subscripts.
glued = "pine" + "apple"
tripled = "ab" * 3
who = "ferret"
greeting = f"hello {who}, again"
plain_f = f"plainword"
table = {"ferret": 1}
print(glued, tripled, greeting, plain_f, table["ferret"], who == "ferret")
try:
    raise ValueError("badvalue")
except ValueError as e:
    print(e.args[0] == "badvalue")
a, b = "left", "right"
print(a, b)
