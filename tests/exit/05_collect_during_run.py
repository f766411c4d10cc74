# gc disabled, but gc.collect() during the run: a full collection reorders
# the objects that survive it (breadth first from the globals dict) and moves
# them to the oldest generation. Objects made after it stay in the young
# generation, in the order they were made. The exit collection finalizes the
# oldest generation first, then the young one. The same reordering puts a
# file's TextIOWrapper before its BufferedWriter and FileIO, so a file opened
# before the gc.collect() keeps its text and one opened after it loses it.
import gc

gc.disable()


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


first = D("made 1st")
second = D("made 2nd")
pair = [D("made 3rd, in pair"), D("made 4th, in pair")]
first, second = second, first
before = open("before.txt", "w")
gc.collect()
late_1 = D("made 5th, after collect")
late_2 = D("made 6th, after collect")
late_1, late_2 = late_2, late_1
after = open("after.txt", "w")
before.write("opened before gc.collect()\n")
after.write("opened after gc.collect()\n")
print("last line")
