import sys

squares = [x * x for x in range(1000)]
plain = list(range(1000))
lazy = (x * x for x in range(1000))
print("list comprehension of 1000:", sys.getsizeof(squares))
print("list(range(1000)):", sys.getsizeof(plain))
print("generator expression:", sys.getsizeof(lazy))
print("generator is smaller:", sys.getsizeof(lazy) < sys.getsizeof(squares))
print("same contents:", squares[10], plain[10], next(lazy))
