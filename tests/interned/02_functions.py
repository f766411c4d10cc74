# Literals in functions, defaults, keyword names, docstrings, lambdas and genexps.
def greet(name, greeting="hello"):
    """Say hello."""
    return greeting + " " + name


def tag(word):
    return "tagged_" + word


shout = lambda w: w + "_loud"
options = dict(verbose="quiet", colour="mauve")
gen = list(w + "suffix" for w in ["mauve", "teal", "ochre"])
print(greet("world"), greet("moon", greeting="howdy"), tag("mauve"), shout("teal"))
print(options, gen, [w for w in ("plum", "fig") if w != "fig"])
