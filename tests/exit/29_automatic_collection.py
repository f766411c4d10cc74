# An automatic collection during the run (gc enabled, threshold 2000 net
# new container objects in 3.13) moves the survivors to generation 1, after
# the globals dict, in the order the collection left them; the exit
# collections then keep that order instead of the globals dict's. When an
# automatic collection happens depends on allocation counts the engine does
# not see: this program only shows the effect (compare 03).
import gc


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
p = D("made-first")
q = D("made-second")
p, q = q, p
junk = [[] for _ in range(2500)]  # 2500 new lists: past the threshold
del junk
print("automatic collections during the run:", collections)
gc.callbacks.clear()
print("last line")
