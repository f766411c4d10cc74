class Car:
    def __init__(self):
        self.colour = "red"
        self.wheels = "four"


def first():
    word = "pineapple"
    return word


def second():
    word = "pineapple"
    other = "colour"
    return word, other


fruit = "pineapple"
a = first()
b, attr = second()
print("same object from both functions:", a is fruit, b is fruit)
car = Car()
print(attr, getattr(car, attr))
keys = {"pineapple": 1, "colour": 2, "mango": 3}
k = "mango"
print("dict key is the literal:", [x for x in keys if x == k][0] is k)
basket = [fruit, fruit, "mango"]
pair = (fruit, "kiwi")
del a, b
basket.pop()
print(basket, pair)
print("end")
