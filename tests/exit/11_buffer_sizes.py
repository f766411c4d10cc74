# How much of an unclosed file is already on disk at exit. A TextIOWrapper
# keeps encoded text until it holds 8192 bytes or more, then hands all of it
# to its BufferedWriter; a BufferedWriter (buffer size = the file system's
# block size, 4096 here) writes through when a write does not fit. With gc
# disabled the FileIOs are finalized first, so exactly what is still
# buffered is lost.
import gc
import os

gc.disable()


def helper():
    pass


text = open("text.txt", "w")
text.write("a" * 8000)
text.write("b" * 191)
print("text: 8191 bytes written, on disk:", os.path.getsize("text.txt"))
text.write("c")
print("text: 8192 bytes written, on disk:", os.path.getsize("text.txt"))
text.write("tail\n")
print("text: 8197 bytes written, on disk:", os.path.getsize("text.txt"))

data = open("data.bin", "wb")
data.write(b"x" * 4096)
print("binary: 4096 bytes written, on disk:", os.path.getsize("data.bin"))
data.write(b"y")
print("binary: 4097 bytes written, on disk:", os.path.getsize("data.bin"))
data.write(b"z" * 5000)
print("binary: 9097 bytes written, on disk:", os.path.getsize("data.bin"))
data.write(b"end\n")
print("binary: 9101 bytes written, on disk:", os.path.getsize("data.bin"))
print("last line")
