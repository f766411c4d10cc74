# The same program as 07 with gc enabled: PyGC_Collect() at exit reorders the
# survivors breadth first from the globals dict, so the TextIOWrapper (the
# global) comes before its BufferedWriter, which comes before its FileIO. The
# exit collection finalizes the TextIOWrapper first: its close() flushes all
# the way down. out.txt holds the line.


def helper():
    pass


f = open("out.txt", "w")
f.write("hello\n")
print("last line")
