# With gc enabled, the exit's PyGC_Collect() rescues objects breadth first
# from the globals dict, each object's references in its tp_traverse order:
# tuple and list last item first; dict in insertion order (value before key
# when keys are not all str); instance attributes in the class's shared-key
# order (the order names were first set on any instance); class attributes in
# definition order; a function's defaults (a tuple) before its closure cells
# (one level deeper). The exit collection runs __del__ in that order. Each
# container here is a global made after its contents.


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)

    def __hash__(self):
        return 1


class Box:
    pass


t = (D("tuple-0"), D("tuple-1"), D("tuple-2"))
m = {1: D("int-key-value-1"), 2: D("int-key-value-2")}
km = {D("object-key"): D("object-key's value")}
first = Box()
first.x = 0
first.y = 0
o = Box()
o.y = D("attribute y, set first on o")
o.x = D("attribute x, set second on o")


class K:
    a = D("class attribute a")
    b = D("class attribute b")


def make():
    zz = D("cell zz")
    aa = D("cell aa")

    def inner():
        return zz, aa

    return inner


closure = make()


def with_defaults(p=D("default p"), q=D("default q")):
    pass


print("last line")
