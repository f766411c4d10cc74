empty = []
consts = [1, 2, 3]
a = object()
b = object()
names = [a, b, a]
zeros = [0] * 5
small_range = list(range(3))
big_range = list(range(1000))
comp3 = [i for i in range(3)]
comp10 = [i * 2 for i in range(10)]
grown = []
for i in range(1, 21):
    grown.append(i)
    length = len(grown)
extended = []
extended.extend([1, 2, 3])
extended.extend(range(10))
extended.extend(consts)
shrinking = list(range(20))
while shrinking:
    shrinking.pop()
    left = len(shrinking)
print(len(grown), len(extended), left, names[0] is names[2])
