# A binary file (a BufferedWriter over a FileIO) with gc disabled and a
# function defined: the exit collection finalizes the FileIO (made first)
# before the BufferedWriter, so the bytes in the BufferedWriter's buffer are
# lost. What flush() pushed to the FileIO before the end stays on disk.
import gc

gc.disable()


def helper():
    pass


lost = open("lost.bin", "wb")
lost.write(b"buffered, lost\n")
saved = open("saved.bin", "wb")
saved.write(b"flushed, kept\n")
saved.flush()
saved.write(b"after the flush, lost\n")
print("last line")
