# The rendering benchmark's program: 200 small lists alive at once, so the last steps
# draw 200 objects (plus the list holding them) with an arrow each.
objs = []
for i in range(200):
    objs.append([i])
print(len(objs))
