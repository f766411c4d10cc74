# Class bodies: attribute literals, __slots__, methods with literals.
class Pet:
    kind = "mammal"
    sounds = ("woof", "meow")

    def __init__(self, name):
        self.name = name
        self.mood = "sleepy"

    def speak(self):
        return self.sounds[0] if self.kind == "mammal" else "silence"


class Slotted:
    __slots__ = ("left", "right")


p = Pet("rex")
print(p.speak(), p.mood, Pet.kind, Slotted.__slots__)
for word in ["sleepy", "grumpy", "happy"]:
    if word == p.mood:
        print("found", word)
