small = 7
big = 2 ** 40
huge = 2 ** 100
neg = -12345
ratio = 3.5
empty_text = ""
ascii_text = "hello"
latin = "café"
bmp = "price: 10€"
emoji = "party 🎉"
flag = True
nothing = None
pair = (small, big)
no_items = ()
d0 = {}
d1 = {"a": 1}
d5 = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
d6 = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
d11 = {k: 0 for k in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]}
dint = {1: "one", 2: "two", 3: "three"}
s0 = set()
s3 = {1, 2, 3}
s5 = {1, 2, 3, 4, 5}
s10 = set(range(10))
class Plain:
    def __init__(self):
        self.x = 1
        self.y = 2
    def method(self):
        return self.x
class Slotted:
    __slots__ = ("x", "y")
    def __init__(self):
        self.x = 1
        self.y = 2
plain = Plain()
slotted = Slotted()
func = Plain.method
bound = plain.method
print(len(d11), len(s10), bound(), slotted.y, latin, bmp, emoji)
