class Held:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


def make_closure():
    captured = Held("captured")

    def inner():
        return captured.name
    return inner


f = make_closure()
print("closure returns", f())
del f
print("after del f")


def with_default(item=Held("default")):
    return item.name


print("default is", with_default())
del with_default
print("after del with_default")
show = (lambda obj: lambda: obj.name)(Held("lambda cell"))
print("lambda returns", show())
show = None
print("after show = None")
