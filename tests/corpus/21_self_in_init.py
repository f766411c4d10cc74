class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        label = "point"
        self.label = label

    def moved(self, dx):
        other = Point(self.x + dx, self.y)
        return other


class Labelled(Point):
    def __init__(self, x, y, tag):
        super().__init__(x, y)
        self.tag = tag


coords = [10, 20]
p = Point(coords[0], coords[1])
q = Point(1000, 2000)
r = q.moved(1)
shared = q
points = [p, q, r]
by_name = {"p": p, "q": q}
lab = Labelled(3, 4, ["t"])
lab.friend = p
print(p.x, p.y, p.label)
print(r.x, r.y, lab.tag)
del shared
points.clear()
by_name = None
print("end")
