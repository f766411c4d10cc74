// Held-out programs more than one browser test runs.

// A held-out leak program: a growing cache, a closure, a default argument and an
// exception kept in a global. Counts written by hand from the program.
export const LEAKS = `class Report:
    def __init__(self, n):
        self.rows = [n] * 10

cache = {}
for n in range(3):
    cache[n] = Report(n)

def make(report):
    def handler():
        return report
    return handler

h = make(Report(9))

def log(msg, history=[]):
    history.append(msg * 3)
    return len(history)

log("ab")
log("cd")
try:
    raise ValueError("kept")
except ValueError as e:
    last_error = e
print("done")
`;
