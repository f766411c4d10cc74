class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def greet(self, who):
        line = self.greeting + ", " + who
        return line


g = Greeter("hello")
m1 = g.greet
m2 = g.greet
print("equal but not identical:", m1 == m2, m1 is m2)
print(m1("world"))
print(m1.__self__ is g, m1.__func__ is Greeter.greet)
handlers = [g.greet, g.greet]
table = {"say": m1}
del g
print("instance kept alive by bound methods:", table["say"]("again"))
f = Greeter.greet
print(f(m2.__self__, "unbound call"))
del m1, m2
handlers.clear()
table = None
print("end")
