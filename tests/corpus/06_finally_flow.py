def with_return():
    try:
        return "value from try"
    finally:
        print("finally runs after return is evaluated")

def with_break():
    for i in range(3):
        try:
            if i == 1:
                break
            print("body", i)
        finally:
            print("finally", i)
    return i

def with_continue():
    seen = []
    for i in range(3):
        try:
            if i == 1:
                continue
            seen.append(i)
        finally:
            print("finally", i)
    return seen

def overriding_return():
    try:
        return "from try"
    finally:
        return "from finally"

print(with_return())
print("break ->", with_break())
print("continue ->", with_continue())
print(overriding_return())
