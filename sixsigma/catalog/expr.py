"""The catalog's small expression language: conditions and values over a source's columns.

A metric's ``where`` (``handled_by = 'agent' AND NOT outbound``) and ``sum`` (``handle_s``,
``CASE WHEN nps >= 9 THEN 1 WHEN nps <= 6 THEN -1 ELSE 0 END``) are written in SQL syntax and
parsed once, when the catalog loads, into an :class:`Expr`. Only a closed set of forms is
accepted — column names of the source, string / number / boolean literals, NULL, comparison,
``AND`` / ``OR`` / ``NOT``, ``IN (...)``, ``IS [NOT] NULL``, ``BETWEEN``, ``CASE WHEN``,
``+ - * /`` and parentheses — so an expression can name no function, table or file and is
compiled to the same Ibis expression on every engine (:mod:`sixsigma.warehouse.compile`).
"""

from __future__ import annotations

from dataclasses import dataclass

_ALLOWED = {
    "Column", "Identifier", "Literal", "Boolean", "Null", "Paren", "Neg",
    "And", "Or", "Not", "EQ", "NEQ", "GT", "GTE", "LT", "LTE", "In", "Is", "Between",
    "Case", "If", "Add", "Sub", "Mul", "Div", "Tuple",
}


class ExprError(ValueError):
    """An expression the catalog cannot accept; the message says why."""


@dataclass(frozen=True)
class Expr:
    """A parsed, validated expression: its text, the syntax tree and the columns it reads."""

    text: str
    tree: object  # a sqlglot expression of the accepted forms only
    columns: frozenset[str]

    def __str__(self) -> str:
        return self.text


def parse(text: str, columns=None) -> Expr:
    """Parse ``text``; refuse forms outside the language, and columns not in ``columns``."""
    import sqlglot
    from sqlglot import exp

    if not isinstance(text, str) or not text.strip():
        raise ExprError("an expression is empty; write a condition such as \"channel = 'phone'\"")
    try:
        tree = sqlglot.parse_one(text, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        first = str(exc).splitlines()[0]
        raise ExprError(f"cannot parse {text!r}: {first}") from None
    used: set[str] = set()
    for node in tree.walk():
        name = type(node).__name__
        if name not in _ALLOWED:
            what = node.sql(dialect="duckdb")[:40]
            raise ExprError(
                f"{text!r}: {what!r} is not allowed; expressions use column names, literals, "
                "comparisons, AND/OR/NOT, IN, IS NULL, BETWEEN, CASE WHEN and + - * /"
            )
        if isinstance(node, exp.Column):
            if node.table:
                raise ExprError(f"{text!r}: write the column without a table ({node.name!r})")
            used.add(node.name)
    if columns is not None:
        missing = sorted(used - set(columns))
        if missing:
            raise ExprError(
                f"{text!r} names unknown column(s) {', '.join(missing)}; "
                f"the source has: {', '.join(sorted(columns))}"
            )
    return Expr(text.strip(), tree, frozenset(used))


def literals_by_column(expr: Expr) -> dict[str, set]:
    """String literals compared with each column (``col = 'x'``, ``col IN ('x', 'y')``)."""
    from sqlglot import exp

    out: dict[str, set] = {}
    for node in expr.tree.walk():
        if isinstance(node, (exp.EQ, exp.NEQ)):
            pair = (node.this, node.expression)
            cols = [p for p in pair if isinstance(p, exp.Column)]
            lits = [p for p in pair if isinstance(p, exp.Literal) and p.is_string]
            if cols and lits:
                out.setdefault(cols[0].name, set()).add(lits[0].this)
        elif isinstance(node, exp.In) and isinstance(node.this, exp.Column):
            vals = {e.this for e in node.expressions if isinstance(e, exp.Literal) and e.is_string}
            out.setdefault(node.this.name, set()).update(vals)
    return out
