# Generators suspended inside try/finally (or with) at exit: the exit
# collection finalizes them (generator.close(): GeneratorExit at the yield),
# so their finally blocks run, with the globals still intact, in the order of
# the collector's list. A generator that never started has no frame to close.
# A generator suspended inside `with open(...)` closes its file properly.


def counter(name):
    try:
        print(name, "started")
        yield 1
        yield 2
    finally:
        print(name, "finally; globals intact:", "started" in globals())


def writer():
    with open("gen.txt", "w") as f:
        f.write("written by a suspended generator\n")
        yield


started = counter("started")
next(started)
never = counter("never started")
w = writer()
next(w)
print("last line")
