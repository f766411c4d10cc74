def build(n):
    part = [n] * n
    whole = [part, part[:]]
    return whole


keep = []
keep.append(build(20))
keep.append(build(30))
keep.append(build(40))
text = "-" * 500
words = text.split("-", 3)
keep.pop()
keep = None
