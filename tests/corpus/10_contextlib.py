import contextlib


@contextlib.contextmanager
def tag(name):
    print("open", name)
    try:
        yield name.upper()
    finally:
        print("close", name)


def cleanup(label):
    print("cleanup", label)


with tag("a") as value:
    print("body got", value)
with tag("outer"):
    with tag("inner"):
        print("nested body")
try:
    with tag("err"):
        raise ValueError("inside")
except ValueError:
    print("ValueError passed through the generator")
with contextlib.ExitStack() as stack:
    for name in ["x", "y"]:
        stack.enter_context(tag(name))
    stack.callback(cleanup, "registered first")
    stack.callback(cleanup, "registered second")
    print("exit stack body")
print("after the exit stack")
with contextlib.suppress(KeyError):
    {}["nope"]
print("suppress done")
