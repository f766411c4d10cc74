# Ends with an uncaught exception whose __str__ prints.  CPython itself calls
# __str__ when it prints the traceback (on stderr), after the program ended;
# the recorder does not, so the message is recorded as null.
class Fatal(Exception):
    def __str__(self):
        print("__str__ called")
        return "fatal"


def fail(depth):
    marker = [depth]
    if depth:
        fail(depth - 1)
    raise Fatal(marker)


print("about to fail")
fail(2)
