import gc
import sys
import io
import weakref


class Node:
    pass


print("threshold:", gc.get_threshold())
print("recursion limit:", sys.getrecursionlimit())
print("buffer size:", io.DEFAULT_BUFFER_SIZE)
print("nothing to collect:", gc.collect())
a = Node()
b = Node()
a.other = b
b.other = a
del a, b
print("two-node cycle:", gc.collect())
s = Node()
s.me = s
del s
print("self-cycle:", gc.collect())
ring = [Node() for _ in range(3)]
for i, n in enumerate(ring):
    n.next = ring[(i + 1) % 3]
del ring, n
print("ring of three and the list:", gc.collect())
lst = []
lst.append(lst)
del lst
print("list holding itself:", gc.collect())
print("again, nothing:", gc.collect())
x = Node()
print("is_tracked instance:", gc.is_tracked(x))
print("is_tracked int:", gc.is_tracked(1))
print("is_tracked str:", gc.is_tracked("abc"))
print("is_tracked list:", gc.is_tracked([]))
print("is_tracked empty dict:", gc.is_tracked({}))
print("is_tracked dict of atoms:", gc.is_tracked({"a": 1}))
print("is_tracked dict holding a list:", gc.is_tracked({"a": []}))
print("is_tracked function:", gc.is_tracked(print))
r = weakref.ref(x)
print("weakref count:", weakref.getweakrefcount(x))
r2 = weakref.ref(x, lambda ref: None)
print("weakref count with callback:", weakref.getweakrefcount(x))
print("no weakrefs:", weakref.getweakrefcount(Node()))
p = Node()
q = Node()
p.q = q
q.p = p
del p, q
print("twice on one line:", gc.collect(), gc.collect())
