# No def, no class, no lambda: nothing refers back to the globals dict, so it
# is not in a cycle. At exit, when sys.modules["__main__"] is set to None, the
# module and its dict are freed at once by reference counting: the values go
# in insertion order and each open file is closed (and flushed) as it goes.
# gc.disable() changes nothing here.
import gc

gc.disable()
first = open("first.txt", "w")
first.write("first: text still buffered at the last line\n")
second = open("second.bin", "wb")
second.write(b"second: bytes still buffered at the last line\n")
print("last line")
