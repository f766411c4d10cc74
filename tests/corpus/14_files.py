with open("notes.txt", "w") as out:
    out.write("first line\n")
    out.write("second line\n")
print("closed after with:", out.closed)
with open("notes.txt") as src:
    for line in src:
        print("read:", line.rstrip())
writer = open("buffer.txt", "w")
writer.write("hello")
reader = open("buffer.txt")
print("before flush:", repr(reader.read()))
writer.flush()
print("after flush:", repr(reader.read()))
reader.seek(0)
print("again from the start:", repr(reader.read()))
writer.close()
reader.close()
print("both closed:", writer.closed, reader.closed)
with open("notes.txt", "a") as out:
    out.write("third line\n")
with open("notes.txt") as src:
    print("lines now:", len(src.readlines()))


def forget():
    g = open("forgotten.txt", "w")
    g.write("never closed by hand")


forget()
with open("forgotten.txt") as src:
    print("forgotten, then freed:", repr(src.read()))
