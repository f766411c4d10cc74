# An exception whose __str__ and __repr__ print: raised, caught, kept alive.
class Loud(Exception):
    def __str__(self):
        print("__str__ called")
        return "loud"

    def __repr__(self):
        print("__repr__ called")
        return "Loud()"


kept = None
try:
    raise Loud("here")
except Loud as e:
    first = 1
    kept = e
    second = [e]
third = kept


def inner(n):
    value = [n]
    raise Loud("deep")


def outer():
    local = "outer local"
    inner(1)


try:
    outer()
except Loud as err:
    caught = err
    where = caught.__traceback__.tb_next.tb_frame.f_code.co_name
    print("caught", type(err).__name__, "raised in", where)
print("kept is caught:", kept is caught)
print("end")
