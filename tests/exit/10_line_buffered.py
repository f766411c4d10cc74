# A text file opened with buffering=1 (line buffered) writes each complete
# line to disk during write(): only the text after the last newline is still
# buffered at exit, and with gc disabled (FileIO finalized first) only that
# part is lost.
import gc

gc.disable()


def helper():
    pass


log = open("log.txt", "w", buffering=1)
log.write("line 1\n")
log.write("line 2\n")
log.write("no newline yet")
print("last line")
