def build(n):
    parts = []
    for i in range(n):
        parts.append("part" + str(i))
    joined = "-".join(parts)
    return joined


width = 30
repeated = "a" * width
joined = build(3)
number = 12345
as_text = str(number)
message = f"value={number}"
listed = ["spam", "eggs"]
mixed = [repeated, joined, repeated]
alias = repeated
lookup = {as_text: message, "fixed": repeated}
upper = joined.upper()
print(len(repeated), joined, as_text, message)
print(listed, upper)
same = "a" * width
folded = "b" * 30
print("equal but separate:", same == repeated, same is repeated, len(folded))
del alias
mixed.clear()
lookup = None
print("end")
