# A normal generator stored on an instance whose class has a printing
# __getattr__; a bound method of such a class, bound to a name.
class Noisy:
    def __init__(self):
        self.gen = self.counting(3)

    def counting(self, n):
        for i in range(n):
            yield i

    def method(self):
        return "method result"

    def __getattr__(self, name):
        print("__getattr__ called for", name)
        raise AttributeError(name)


n = Noisy()
first = next(n.gen)
bound = n.method
calls = [bound, bound]
print(first, bound())
gen = n.gen
print(list(gen))
del n
print("end")
