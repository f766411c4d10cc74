# A program class named like the built-in file type, with properties that print.
class TextIOWrapper:
    def __init__(self, path):
        self.path = path

    @property
    def name(self):
        print("name property called")
        return self.path

    @property
    def closed(self):
        print("closed property called")
        return False

    @property
    def buffer(self):
        print("buffer property called")
        return None

    @property
    def mode(self):
        print("mode property called")
        return "r"


f = TextIOWrapper("notes.txt")
files = [f]
by_path = {"notes.txt": f}
g = f
print("type name:", type(f).__name__)
del g
print("end")
