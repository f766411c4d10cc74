# __del__ runs at most once per object. An object whose __del__ resurrected
# it (stored itself in a global) during the run is not finalized again at
# exit. An object that resurrects itself at exit is only "saved" into the
# globals, which are garbage already: it is freed anyway, without a second
# __del__.
import gc

saved = []


class Phoenix:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name, "-> saving itself")
        saved.append(self)


p = Phoenix("resurrected during the run")
p.me = p
del p
gc.collect()
print("saved:", [x.name for x in saved])
late = Phoenix("global at exit")
print("last line")
