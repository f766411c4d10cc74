"""The part of `record_interned.py` that runs inside CPython 3.13 (started with -I,
as `python3 program.py` starts, minus the user's environment).

Two jobs, one per run:

  table WORDS_FILE [MODULE ...]
      imports the modules, then prints every word of WORDS_FILE that is an
      immortal interned string in this process, one per line, and `word=N` for
      each word interned mortal that the process itself holds N references to
      (names of members and methods of types made at startup, for example).
  program SOURCE_FILE [MODULE ...]
      imports the modules (the ones the program imports, found by the driver),
      compiles the program without running it, and prints a repr() of
      {"consts": {word: refs}, "immortal": [word, ...]} for every identifier-like
      string of its code objects: how many references CPython's constant
      tables hold to it, and whether it is immortal.

Every name here starts with `_`: CPython 3.13 makes the names of every code
object it compiles immortal, so this file's own names are immortal too, and a
program's literal of the same spelling would look immortal because of us.
"""

import sys as _s

_intern = _s.intern
_refs = _s.getrefcount
_CodeType = type(_s._getframe().f_code)


def _is_immortal(_w):
    # A fresh copy, interned: the interned one comes back if there is one.
    return _refs(_intern("".join([_w[:1], _w[1:]]))) > 1 << 30


def _is_word(_w):
    # CPython interns constants made of ASCII letters, digits and '_' only;
    # the empty and one-character strings are immortal singletons anyway.
    return (
        len(_w) > 1
        and _w.isascii()
        and all(_c.isalnum() or _c == "_" for _c in _w)
    )


def _held(_w):
    """The references the process holds to the mortal interned string `_w` (0 when
    it is not interned, or immortal)."""
    _f = "".join([_w[:1], _w[1:]])
    _t = _intern(_f)
    if _t is _f:
        return 0
    _k = _refs(_t) - 2  # _t and getrefcount's argument
    return _k if _k < 1 << 30 else 0


def _table(_words_file, _modules):
    # The recorder runs a program through compile(), whose first call creates the
    # `ast` node classes and so makes their field names ("left", "value", "body", ...)
    # immortal, as in the REPL; `python3 program.py` never creates them.
    compile("pass", "<refscope>", "exec")
    for _m in _modules:
        __import__(_m)
    with open(_words_file, encoding="utf-8") as _fh:
        _words = _fh.read().split()
    _out = []
    for _w in _words:
        if _is_immortal(_w):
            _out.append(_w)
        else:
            _k = _held(_w)
            if _k:
                _out.append("%s=%d" % (_w, _k))
    _s.stdout.write("".join(_w + "\n" for _w in _out))


def _program(_path, _modules):
    for _m in _modules:
        try:
            __import__(_m)
        except ImportError:
            pass
    with open(_path, encoding="utf-8") as _fh:
        _src = _fh.read()
    _code = compile(_src, "<refscope>", "exec")
    _consts = {}
    _seen = set()
    _words = set()

    def _container(_t):
        if id(_t) in _seen:
            return
        _seen.add(id(_t))
        for _x in _t:
            if type(_x) is str:
                _consts[_x] = _consts.get(_x, 0) + 1
            elif type(_x) in (tuple, frozenset):
                _container(_x)

    def _code_object(_co):
        _words.update(_co.co_names + _co.co_varnames + _co.co_cellvars + _co.co_freevars)
        for _c in _co.co_consts:
            if type(_c) is str:
                _consts[_c] = _consts.get(_c, 0) + 1
            elif type(_c) in (tuple, frozenset):
                _container(_c)
            elif type(_c) is _CodeType:
                _code_object(_c)

    _code_object(_code)
    _words.update(_consts)
    _words = sorted(_w for _w in _words if _is_word(_w))
    _out = {
        "consts": {_w: _consts[_w] for _w in _words if _w in _consts},
        "immortal": [_w for _w in _words if _is_immortal(_w)],
        "words": _words,
    }
    _s.stdout.write(repr(_out) + "\n")


if _s.argv[1] == "table":
    _table(_s.argv[2], _s.argv[3:])
else:
    _program(_s.argv[2], _s.argv[3:])
