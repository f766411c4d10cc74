def inner():
    try:
        raise ValueError("bad value 42")
    finally:
        print("inner finally")


def outer():
    print("calling inner")
    inner()
    print("never printed")


print("start")
outer()
print("never reached")
