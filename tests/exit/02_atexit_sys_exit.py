# sys.exit() inside an atexit handler does not change the exit status: the
# SystemExit is reported like any exception in a handler, and the remaining
# handlers still run.
import atexit
import sys

atexit.register(print, "runs last")
atexit.register(sys.exit, 5)
atexit.register(print, "runs first")
print("last line")
