import gc

gc.disable()  # importing contextlib and the failing `with` make cyclic garbage
from contextlib import contextmanager


class Conn:
    def __init__(self, name):
        self.name = name
        self.open = True


@contextmanager
def connect(name):
    conn = Conn(name)
    print("open", name)
    try:
        yield conn
    finally:
        conn.open = False
        print("close", name)


@contextmanager
def quiet():
    try:
        yield
    except KeyError as err:
        print("swallowed", err)


with connect("db") as c:
    print("using", c.name, c.open)
print("after with:", c.open)
with quiet():
    raise KeyError("k")
cm = connect("later")
with cm as c2:
    print("using", c2.name)
try:
    with connect("failing") as c3:
        raise ValueError("boom")
except ValueError:
    print("caught ValueError, c3 open:", c3.open)
del c, c2, c3, cm
gc.collect()
print("end")
