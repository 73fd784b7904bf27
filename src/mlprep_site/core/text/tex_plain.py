"""Formulas that are valid TeX on their face: a small grammar (letters, digits, operators,
groups, one `^` and one `_` per base, `\\frac`, `\\sqrt`, accents and a list of symbols) that
latex2mathml always draws, with every part and no unknown command. The check (`tex.tex_problem`)
trusts it and skips latex2mathml for them, which costs ten times more per formula: a page of
dense math validated at seconds per MB. Anything outside the grammar goes to latex2mathml as
before; tests/test_math.py holds the grammar to latex2mathml's verdict.
"""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(r"\\[A-Za-z]+|\\[,;]|[A-Za-z0-9]|[{}^_]|[ +\-=<>*/.,;:!|()\[\]]|.", re.DOTALL)
_SYMBOLS = frozenset(
    {
        *("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta"),
        *("vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau"),
        *("upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda"),
        *("Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "cdot", "times", "div", "pm", "mp", "le"),
        *("leq", "ge", "geq", "neq", "ne", "approx", "equiv", "sim", "propto", "infty", "partial"),
        *("nabla", "sum", "prod", "int", "log", "ln", "exp", "sin", "cos", "tan", "max", "min"),
        *("lim", "to", "rightarrow", "leftarrow", "in", "notin", "subset", "subseteq", "cup"),
        *("cap", "forall", "exists", "ldots", "cdots"),
    }
)
_ONE_ARGUMENT = frozenset(
    {"sqrt", "mathbf", "mathrm", "mathit", "mathcal", "hat", "bar", "vec", "tilde", "dot", "overline"}
)
_SPACES = frozenset({"\\,", "\\;"})
_PLAIN = frozenset("+-=<>*/.,;:!|()[] ")
_BLANKS = frozenset(" \t\n")
MAX_TOKENS = 400
"""Longer formulas go to latex2mathml (the recursion here stays shallow and cheap)."""


class _Outside(Exception):
    """The formula leaves the grammar."""


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise _Outside
        self.at += 1
        return token

    def expression(self, depth: int) -> int:
        """Atoms with their scripts up to a `}` or the end; returns how many atoms."""
        atoms = 0
        while (token := self.peek()) is not None and token != "}":
            if token in _BLANKS:
                self.at += 1
                continue
            self.atom(depth)
            self.scripts(depth)
            atoms += 1
        return atoms

    def scripts(self, depth: int) -> None:
        seen: set[str] = set()
        while (token := self.peek()) in ("^", "_"):
            assert token is not None
            if token in seen:
                raise _Outside  # a double script: latex2mathml's error, left to it
            seen.add(token)
            self.at += 1
            self.argument(depth)

    def argument(self, depth: int) -> None:
        token = self.take()
        if token == "{":
            self.group(depth)
        elif not (_is_symbol(token) or (len(token) == 1 and token.isalnum())):
            raise _Outside

    def group(self, depth: int) -> None:
        """After `{`: a non-empty expression and its `}`."""
        if depth > 20 or not self.expression(depth + 1) or self.take() != "}":
            raise _Outside

    def atom(self, depth: int) -> None:
        token = self.take()
        if token == "{":
            self.group(depth)
        elif token == "\\frac":
            self.argument(depth)
            self.argument(depth)
        elif token.startswith("\\") and token[1:] in _ONE_ARGUMENT and self.peek() != "[":
            self.argument(depth)
        elif token == "\\text":
            self.text()
        elif not (
            _is_symbol(token)
            or token in _SPACES
            or (len(token) == 1 and (token.isalnum() or token in _PLAIN))
        ):
            raise _Outside

    def text(self) -> None:
        """After `\\text`: `{`, words (letters, digits, spaces), `}`."""
        if self.take() != "{" or self.peek() == "}":
            raise _Outside
        while (token := self.take()) != "}":
            if not (token == " " or (len(token) == 1 and token.isalnum())):
                raise _Outside


def _is_symbol(token: str) -> bool:
    return token.startswith("\\") and token[1:] in _SYMBOLS


def is_plainly_valid(tex: str) -> bool:
    """Whether `tex` is in the grammar (see the module docstring): valid TeX latex2mathml draws
    whole. False says nothing either way."""
    if not tex.isascii():
        return False
    tokens = _TOKEN_RE.findall(tex)
    if len(tokens) > MAX_TOKENS or not tex.strip():
        return False
    reader = _Reader(tokens)
    try:
        atoms = reader.expression(0)
    except _Outside:
        return False
    return atoms > 0 and reader.at == len(tokens)
