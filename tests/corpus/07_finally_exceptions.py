def with_exception():
    try:
        raise ValueError("boom")
    finally:
        print("finally during exception")

def swallow():
    try:
        raise KeyError("lost")
    finally:
        return "return in finally swallowed the KeyError"

def nested():
    try:
        try:
            raise TypeError("inner")
        finally:
            print("inner finally")
    finally:
        print("outer finally")

try:
    with_exception()
except ValueError as e:
    print("caught", e)
print(swallow())
try:
    nested()
except TypeError as e:
    print("caught", e)
for n in range(2):
    try:
        if n == 0:
            raise RuntimeError("first pass")
    except RuntimeError as e:
        print("handled", e)
    finally:
        print("loop finally", n)
