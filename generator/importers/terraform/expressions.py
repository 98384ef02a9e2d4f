"""Evaluate Terraform expressions as far as the files alone decide them.

Values are plain Python data with markers for what only Terraform knows (:mod:`.values`):
``${aws_sqs_queue.jobs.arn}`` for a resource attribute, ``${var.x}`` for a variable with no
value, ``${?}`` for anything else, as CloudFormation's ``!Sub`` keeps references. ``jsonencode`` returns JSON text; ``file`` and ``templatefile`` read files of
the configuration (never outside its folder).

>>> ev = Evaluator(lambda root, steps: None)
>>> ev.text('"arn:aws:sqs:${var.region}:${aws_sqs_queue.q.name}"')
'arn:aws:sqs:${var.region}:${aws_sqs_queue.q.name}'
>>> ev.text('jsonencode({Statement = [{Resource = aws_sqs_queue.q[0].arn}]})')
'{"Statement": [{"Resource": "${aws_sqs_queue.q.arn}"}]}'
>>> ev.text('[for n in ["a", "b"] : upper(n)]'), ev.text('true ? 1 : 2')
(['A', 'B'], 1)
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .values import MAX_DEPTH, UNKNOWN, apply_steps, as_text, is_known, iterate, marker, unknown

_SIMPLE_REF = re.compile(r"^\s*([A-Za-z_][\w-]*(?:\s*(?:\.\s*[\w-]+|\[[^\[\]]*\]|\.\*|\[\*\]))*)\s*$")
_REF_STEP = re.compile(r"\.\s*([\w-]+)|\[\s*\"([^\"]*)\"\s*\]|\[\s*(\d+)\s*\]|\[[^\]]*\]|\.\*")

Lookup = Callable[[str, list], Any]
"""``lookup(root, steps)``: the value of a reference such as ``var.x`` (root ``var``, steps
``[("attr", "x")]``), or None when the scope does not know the root."""


class Evaluator:
    """Evaluates expression trees (python-hcl2's Lark trees) in a scope."""

    def __init__(self, lookup: Lookup, read_file: Callable[[str], str | None] | None = None):
        self.lookup = lookup
        self.read_file = read_file or (lambda path: None)

    # -- entry points --------------------------------------------------------------------
    def text(self, source: str, env: dict | None = None) -> Any:
        """Evaluate expression source text (used for templates and doctests)."""
        tree = parse_expression(source)
        return self.eval(tree, env or {}) if tree is not None else unknown()

    def eval(self, node: Any, env: dict, depth: int = 0) -> Any:
        """The value of an expression node; JSON values (from ``.tf.json``) evaluate their
        string templates."""
        if depth > MAX_DEPTH:
            return UNKNOWN
        if not hasattr(node, "data"):
            return self._json(node, env, depth)
        handler = getattr(self, "_" + node.data, None)
        if handler is None:
            return UNKNOWN
        try:
            return handler(node, env, depth + 1)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, ZeroDivisionError):
            return unknown()

    def _json(self, value: Any, env: dict, depth: int) -> Any:
        if isinstance(value, str):
            return self.template(value, env, depth) if "${" in value else value
        if isinstance(value, list):
            return [self._json(v, env, depth + 1) for v in value]
        if isinstance(value, dict):
            return {k: self._json(v, env, depth + 1) for k, v in value.items()}
        return value

    # -- terms ---------------------------------------------------------------------------
    def _expr_term(self, node, env, depth):
        parts = _parts(node)
        return self.eval(parts[0], env, depth) if len(parts) == 1 else UNKNOWN

    def _int_lit(self, node, env, depth):
        return int(str(node.children[0]))

    def _float_lit(self, node, env, depth):
        return float(str(node.children[0]))

    def _literal_value(self, node, env, depth):
        return {"true": True, "false": False, "null": None}[str(node.children[0])]

    def _identifier(self, node, env, depth):
        return self.reference(str(node.children[0]), [], env)

    def _string(self, node, env, depth):
        out: list[str] = []
        for part in node.children:
            if getattr(part, "data", None) != "string_part":
                continue
            inner = part.children[0]
            if not hasattr(inner, "data"):
                kind = getattr(inner, "type", "")
                raw = str(inner)
                if kind in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    out.append(raw[1:])
                else:
                    out.append(_unescape(raw))
            elif inner.data == "interpolation":
                value = self.eval(_parts(inner)[0], env, depth)
                if not isinstance(value, (str, int, float, bool)) and value is not None:
                    value = unknown(value)
                out.append(as_text(value))
        return "".join(out)

    def _template_string(self, node, env, depth):
        return str(node.children[0])[2:-2]

    def _heredoc_template(self, node, env, depth):
        raw = str(node.children[0])
        body = raw.split("\n", 1)[1] if "\n" in raw else ""
        body = body.rstrip("\n")
        body = body[:body.rfind("\n") + 1] if "\n" in body else ""
        return self.template(body, env, depth)

    def _heredoc_template_trim(self, node, env, depth):
        raw = str(node.children[0])
        body = raw.split("\n", 1)[1] if "\n" in raw else ""
        body = body.rstrip("\n")
        body = body[:body.rfind("\n") + 1] if "\n" in body else ""
        lines = body.split("\n")
        indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
        cut = min(indents) if indents else 0
        return self.template("\n".join(line[cut:] for line in lines), env, depth)

    def template(self, text: str, env: dict, depth: int = 0) -> str:
        """A string template (heredoc body, ``templatefile`` content): its ``${...}``
        interpolations evaluated, ``$${`` kept as a literal ``${``, directives dropped."""
        out: list[str] = []
        i = 0
        while True:
            j = _next_template_start(text, i)
            if j < 0:
                out.append(text[i:])
                break
            out.append(text[i:j])
            if text.startswith("$${", j) or text.startswith("%%{", j):
                out.append(text[j + 1:j + 3])
                i = j + 3
                continue
            end = _closing(text, j + 2)
            if end < 0:
                out.append(text[j:])
                break
            if text[j] == "$":
                value = self._inner(text[j + 2:end], env, depth)
                if not isinstance(value, (str, int, float, bool)) and value is not None:
                    value = unknown(value)
                out.append(as_text(value))
            i = end + 1
        return "".join(out)

    def _inner(self, source: str, env: dict, depth: int) -> Any:
        match = _SIMPLE_REF.match(source)
        if match:
            path = match.group(1).replace(" ", "")
            root = re.match(r"[A-Za-z_][\w-]*", path).group(0)
            steps = []
            for m in _REF_STEP.finditer(path, len(root)):
                if m.group(1) is not None:
                    steps.append(("attr", m.group(1)))
                elif m.group(2) is not None:
                    steps.append(("index", m.group(2)))
                elif m.group(3) is not None:
                    steps.append(("index", int(m.group(3))))
                else:
                    steps.append(("splat", None))
            return self.reference(root, steps, env)
        tree = parse_expression(source)
        return self.eval(tree, env, depth) if tree is not None else UNKNOWN

    # -- references ----------------------------------------------------------------------
    def _chain(self, node, env, depth):
        """``a.b[0].c``: a root identifier and its steps (or None when the root is an
        expression, e.g. a function call's result)."""
        steps: list = []
        while True:
            data = getattr(node, "data", None)
            if data == "expr_term":
                parts = _parts(node)
                if len(parts) != 1:
                    return None, steps
                node = parts[0]
                continue
            if data == "get_attr_expr_term":
                term, attr = _parts(node)
                steps.insert(0, ("attr", name_text(_parts(attr)[0])))
                node = term
                continue
            if data == "index_expr_term":
                term, index = _parts(node)
                if index.data == "short_index":
                    steps.insert(0, ("index", int(str(index.children[-1]))))
                else:
                    steps.insert(0, ("index", self.eval(_parts(index)[0], env, depth)))
                node = term
                continue
            if data in ("attr_splat_expr_term", "full_splat_expr_term"):
                term, splat = _parts(node)
                rest = []
                for s in _parts(splat):
                    if s.data == "get_attr":
                        rest.append(("attr", name_text(_parts(s)[0])))
                    else:
                        rest.append(("index", UNKNOWN))
                steps[0:0] = [("splat", None)] + rest
                node = term
                continue
            if data == "identifier":
                return str(node.children[0]), steps
            return node, steps

    def _get_attr_expr_term(self, node, env, depth):
        root, steps = self._chain(node, env, depth)
        if isinstance(root, str):
            return self.reference(root, steps, env)
        if root is None:
            return UNKNOWN
        return apply_steps(self.eval(root, env, depth), steps)

    _index_expr_term = _get_attr_expr_term
    _attr_splat_expr_term = _get_attr_expr_term
    _full_splat_expr_term = _get_attr_expr_term

    def reference(self, root: str, steps: list, env: dict) -> Any:
        """The value of ``root.steps...``: a binding of ``env`` (``each``, ``count``, a
        ``for`` variable, a ``dynamic`` iterator), else what the scope's lookup says, else a
        marker naming it."""
        if root in env:
            return apply_steps(env[root], steps)
        found = self.lookup(root, steps)
        if found is not None:
            return found
        return marker(root, steps)

    # -- collections ---------------------------------------------------------------------
    def _tuple(self, node, env, depth):
        return [self.eval(p, env, depth) for p in _parts(node)]

    def _object(self, node, env, depth):
        out: dict = {}
        for elem in _parts(node):
            if elem.data != "object_elem":
                continue
            key_node, value_node = _parts(elem)[0], _parts(elem)[-1]
            key = self._key(key_node, env, depth)
            out[key] = self.eval(value_node, env, depth)
        return out

    def _key(self, node, env, depth) -> str:
        inner = _parts(node)[0] if getattr(node, "data", None) == "object_elem_key" else node
        bare = _bare_identifier(inner)
        if bare is not None:
            return bare
        value = self.eval(inner, env, depth)
        return as_text(value) if isinstance(value, (str, int, float, bool)) else unknown(value)

    def _for_tuple_expr(self, node, env, depth):
        intro, body, cond = _for_parts(node)
        out = []
        for scope in self._for_scopes(intro, env, depth):
            if cond is not None and self.eval(cond, scope, depth) is False:
                continue
            out.append(self.eval(body[0], scope, depth))
        return out

    def _for_object_expr(self, node, env, depth):
        intro, body, cond = _for_parts(node)
        out: dict = {}
        for scope in self._for_scopes(intro, env, depth):
            if cond is not None and self.eval(cond, scope, depth) is False:
                continue
            key = self.eval(body[0], scope, depth)
            key = as_text(key) if isinstance(key, (str, int, float, bool)) else unknown(key)
            out[key] = self.eval(body[1], scope, depth)
        return out

    def _for_scopes(self, intro, env, depth):
        names = [str(p.children[0]) for p in _parts(intro) if p.data == "identifier"]
        coll = self.eval(_parts(intro)[-1], env, depth)
        for key, value in iterate(coll):
            scope = dict(env)
            if len(names) == 2:
                scope[names[0]], scope[names[1]] = key, value
            elif names:
                scope[names[0]] = value
            yield scope

    # -- operators -----------------------------------------------------------------------
    def _conditional(self, node, env, depth):
        cond, yes, no = _parts(node)
        test = self.eval(cond, env, depth)
        if isinstance(test, bool):
            return self.eval(yes if test else no, env, depth)
        return unknown(self.eval(yes, env, depth), self.eval(no, env, depth))

    def _unary_op(self, node, env, depth):
        op = str(node.children[0])
        value = self.eval(_parts(node)[0], env, depth)
        if op == "!" and isinstance(value, bool):
            return not value
        if op == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value
        return unknown(value)

    def _binary_op(self, node, env, depth):
        left_node, term = _parts(node)[0], _parts(node)[1]
        op_node, right_node = _parts(term)[0], _parts(term)[-1]
        op = str(op_node.children[0])
        left, right = self.eval(left_node, env, depth), self.eval(right_node, env, depth)
        if op in ("&&", "||"):
            if isinstance(left, bool) and isinstance(right, bool):
                return (left and right) if op == "&&" else (left or right)
            return unknown(left, right)
        if not (is_known(left) and is_known(right)):
            return unknown(left, right)
        if op == "==":
            return left == right
        if op == "!=":
            return left != right
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                      for v in (left, right))
        if not numbers:
            return unknown(left, right)
        ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
               "/": lambda a, b: a / b, "%": lambda a, b: a % b, "<": lambda a, b: a < b,
               ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
        return ops[op](left, right) if op in ops else UNKNOWN

    # -- functions -----------------------------------------------------------------------
    def _function_call(self, node, env, depth):
        from .functions import call

        parts = _parts(node)
        name = [str(p.children[0]) for p in parts if p.data == "identifier"][-1]  # provider::x::f
        args_node = next((p for p in parts if p.data == "arguments"), None)
        args = [self.eval(a, env, depth) for a in _parts(args_node)] if args_node else []
        return call(self, name, args, env, depth)


# -- helpers -------------------------------------------------------------------------------
def name_text(node) -> str:
    return str(node.children[0]) if hasattr(node, "children") else str(node)


def _bare_identifier(node) -> str | None:
    while getattr(node, "data", None) == "expr_term" and len(_parts(node)) == 1:
        node = _parts(node)[0]
    if getattr(node, "data", None) in ("identifier", "keyword"):
        return str(node.children[0])
    return None


def _parts(node) -> list:
    """The child trees that matter (no tokens, no newlines or comments)."""
    return [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]


def _for_parts(node):
    parts = _parts(node)
    intro = parts[0]
    cond = next((p for p in parts if p.data == "for_cond"), None)
    body = [p for p in parts[1:] if p.data != "for_cond"]
    return intro, body, _parts(cond)[0] if cond is not None else None


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return re.sub(r"\\([ntr\"\\])", lambda m: _ESCAPES[m.group(1)], raw)


def _next_template_start(text: str, start: int) -> int:
    a = text.find("${", start)
    b = text.find("%{", start)
    if a > 0 and text[a - 1] == "$":
        a -= 1
    if b > 0 and text[b - 1] == "%":
        b -= 1
    candidates = [x for x in (a, b) if x >= 0]
    return min(candidates) if candidates else -1


def _closing(text: str, start: int) -> int:
    """Index of the ``}`` closing an interpolation whose expression starts at ``start``."""
    level, i, quote = 0, start, False
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch == "{":
            level += 1
        elif ch == "}":
            if level == 0:
                return i
            level -= 1
        i += 1
    return -1


_EXPRESSIONS: dict[str, Any] = {}


def parse_expression(source: str):
    """The expression tree of ``source`` (None when it does not parse); cached."""
    if source in _EXPRESSIONS:
        return _EXPRESSIONS[source]
    import hcl2
    from lark.exceptions import LarkError

    try:
        tree = hcl2.parses_to_tree("x = " + source.strip() + "\n")
        body = tree.children[0]
        attr = next(c for c in body.children if getattr(c, "data", None) == "attribute")
        expr = _parts(attr)[-1]
    except (LarkError, StopIteration, IndexError, RecursionError):
        expr = None
    if len(_EXPRESSIONS) < 4096:
        _EXPRESSIONS[source] = expr
    return expr
