class Config:
    defaults = ["debug", "verbose"]
    limit = 1000
    registry = {}

    def __init__(self, name):
        self.name = name
        Config.registry[name] = self

    def options(self):
        opts = self.defaults
        return opts


a = Config("alpha")
b = Config("beta")
print(a.defaults is b.defaults, a.options() is Config.defaults)
b.defaults = ["quiet"]
print(a.defaults, b.defaults, Config.defaults)
shared = Config.defaults
limits = [a.limit, b.limit, Config.limit]
print(limits)
a.limit = 5000
print(a.limit, b.limit)
del b.defaults
print(b.defaults is shared)
print(sorted(Config.registry))
Config.registry.clear()
del a, b
print("end")
