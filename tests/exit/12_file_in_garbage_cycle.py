# An open file held only by a garbage cycle, gc enabled. The exit's
# PyGC_Collect() finds the cycle and finalizes it in creation order: the
# Logger, then the FileIO, BufferedWriter and TextIOWrapper that open() made.
# The FileIO closes first, so the buffered text is lost even though gc is
# enabled. (The same happens to such a file in a gc.collect() during the run.)


class Logger:
    def __init__(self, path):
        self.file = open(path, "w")
        self.me = self

    def __del__(self):
        print("__del__ Logger; file closed?", self.file.closed)


log = Logger("cycle.txt")
log.file.write("written through a cycle\n")
del log
print("last line")
