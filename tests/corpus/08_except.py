def parse(text):
    return int(text)


def middle(text):
    try:
        return parse(text)
    finally:
        print("middle cleanup for", text)


def outer(text):
    try:
        return middle(text)
    except ValueError:
        print("outer saw ValueError, re-raising")
        raise


for text in ["12", "x"]:
    try:
        print("value", outer(text))
    except ValueError as e:
        print("top level caught", type(e).__name__)

try:
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print("caught", e, "cause:", repr(e.__cause__))

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError("during handling")
except TypeError as e:
    print("context:", type(e.__context__).__name__)
