# If something that outlives sys.modules still holds the __main__ module
# (here an attribute of sys), the module is not freed when it is removed
# from sys.modules; after the exit collection its dict is "wiped"
# (_PyModule_ClearDict): first every name starting with one underscore is set
# to None, then every other name but __builtins__, in insertion order. So a
# __del__ can find its globals (even its own class) already None.
import sys


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name, "| D is", "None" if D is None else "the class")


b = D("b")
_a = D("_a")
c = D("c")
_d = D("_d")
__dunder = D("__dunder")
sys.keep_main = sys.modules[__name__]
print("last line")
