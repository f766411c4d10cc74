def counter(name):
    print("start", name)
    try:
        for i in range(3):
            yield i
    finally:
        print("finally", name)


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("saw GeneratorExit")
        raise


g = counter("g")
print(next(g))
print(next(g))
g.close()
print("after close")
h = counter("h")
print(next(h))
del h
print("after del h")
for value in counter("loop"):
    print("loop got", value)
s = stubborn()
next(s)
s.close()
unused = counter("never started")
del unused
print("after del of a never-started generator")
done = counter("done")
print(list(done))
del done
print("end")
