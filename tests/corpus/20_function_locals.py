class Local:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


def work():
    temp = Local("temp")
    keep = Local("keep")
    print("working with", temp.name)
    return keep


def rebinding():
    a = Local("a1")
    a = Local("a2")
    print("rebound a")
    del a
    print("rebinding body end")


result = work()
print("work returned", result.name)
rebinding()
result = None
print("end")
