# A non-daemon thread still running when the last line ends is joined
# before anything else happens (threading._shutdown), so it finishes before
# the atexit handlers.
import atexit
import threading

go = threading.Event()


def worker():
    go.wait()
    print("thread: finishing after the last line")


atexit.register(print, "atexit handler")
t = threading.Thread(target=worker)
t.start()
print("last line")
go.set()
