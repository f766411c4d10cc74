import sys

class Resource:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("free", self.name)

try:
    raise ValueError("first")
except ValueError as e:
    print("inside handler:", e)
try:
    e
except NameError:
    print("e is unbound after the except block")

def fails(label):
    local = Resource(label)
    raise RuntimeError("fails " + local.name)

try:
    fails("kept by traceback")
except RuntimeError:
    saved_tb = sys.exc_info()[2]
print("handler done, traceback stored")
del saved_tb
print("after del saved_tb")
try:
    fails("kept by exception")
except RuntimeError as err:
    saved_exc = err
print("exception stored in saved_exc")
saved_exc = None
print("after saved_exc = None")
try:
    fails("not stored")
except RuntimeError:
    print("handled without storing")
print("end")
