import sys


class Box:
    pass


data = [1, 2]
print("one name:", sys.getrefcount(data))
alias = data
pair = (data, data)
print("four holders:", sys.getrefcount(data))
del alias, pair
print("back to one:", sys.getrefcount(data))
b = Box()
b.me = b
print("self-reference:", sys.getrefcount(b))


def inside(x):
    return sys.getrefcount(x)


print("as an argument:", inside(data))
print("small int:", sys.getrefcount(10))
print("None:", sys.getrefcount(None))
print("True:", sys.getrefcount(True))
print("empty tuple:", sys.getrefcount(()))
big = 10**20
print("big int:", sys.getrefcount(big))
print("class:", sys.getrefcount(Box))
fruit = "mango"
print("interned literal:", sys.getrefcount(fruit))
basket = [fruit, fruit]
print("interned literal in a list twice:", sys.getrefcount(fruit))
