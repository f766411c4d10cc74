# gc.disable() and a function defined: the globals dict is in a cycle (the
# function's __globals__), so the open file is only released by the exit
# collection, which finalizes in creation order: open() made the FileIO, then
# the BufferedWriter, then the TextIOWrapper. The FileIO closes first; the
# text still buffered above it is lost. out.txt ends up empty.
import gc

gc.disable()


def helper():
    pass


f = open("out.txt", "w")
f.write("hello\n")
print("last line")
