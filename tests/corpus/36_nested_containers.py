row = [1000, 2000]
grid = [row, row, [3000]]
table = {"rows": grid, "first": row, "pair": (row, "label")}
print(len(grid), len(table))
copy = [list(r) for r in grid]
print(copy[0] is row, copy[0] == row)
deep = {"outer": {"inner": {"leaf": row}}}
leaf_holder = deep["outer"]["inner"]
print(leaf_holder["leaf"] is row)
t = (grid, table)
grid.append(row)
print(len(grid), grid[-1] is row)
del row
print(len(table["first"]))
grid.clear()
print(len(table["rows"]))
table = None
deep = None
print(leaf_holder)
print("end")
