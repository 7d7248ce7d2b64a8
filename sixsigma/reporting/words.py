"""The DMAIC and root-cause vocabulary a report shows, in the active language.

The records keep their English codes and names (``define``, ``green``, ``people``, the
template's deliverable names); reports translate them where they are shown:

>>> with language("zh-CN"):
...     phase("measure"), belt("green"), health("on track"), category("People")
('测量', '绿带', '正常推进', '人')

Unknown values (a project's own deliverable or category names) pass through unchanged.
"""

from __future__ import annotations

import re

from sixsigma.i18n import N_, _, ngettext

PHASES = {"define": N_("define"), "measure": N_("measure"), "analyze": N_("analyze"),
          "improve": N_("improve"), "control": N_("control"), "closed": N_("closed")}
BELTS = {"associate_blue": N_("Associate blue belt"), "blue": N_("Blue belt"),
         "associate_green": N_("Associate green belt"), "green": N_("Green belt"),
         "black": N_("Black belt"), "master_black": N_("Master black belt")}
HEALTH = {"on track": N_("on track"), "overdue": N_("overdue"), "closed": N_("closed"),
          "on_hold": N_("on hold"), "cancelled": N_("cancelled"), "active": N_("active")}
#: sixsigma.rootcause.models.SIX_M labels
CATEGORIES = {"People": N_("People"), "Machine / system": N_("Machine / system"),
              "Method / process": N_("Method / process"), "Material / information": N_("Material / information"),
              "Measurement": N_("Measurement"), "Environment": N_("Environment")}


def _lookup(table: dict[str, str], value) -> str:
    text = "" if value is None else str(value)
    return _(table[text]) if text in table else text


def phase(value) -> str:
    return _lookup(PHASES, value)


def belt(value) -> str:
    return _lookup(BELTS, value)


def health(value) -> str:
    return _lookup(HEALTH, value)


def category(value) -> str:
    return _lookup(CATEGORIES, value)


def deliverable(name) -> str:
    """A deliverable's name: the shipped templates' names are in the message catalog
    (extracted from sixsigma/dmaic/templates by :func:`sixsigma.i18n.extract_yaml`)."""
    text = "" if name is None else str(name)
    return _(text) if text else text


def grain_word(grain: str, n: int) -> str:
    """'day'/'days', 'week'/'weeks', 'month'/'months' for ``n`` points of ``grain``."""
    forms = {"day": lambda k: ngettext("day", "days", k), "week": lambda k: ngettext("week", "weeks", k),
             "month": lambda k: ngettext("month", "months", k)}
    if grain not in forms:
        return f"{grain}s" if n != 1 else grain
    return forms[grain](n)


def fishbone_figure(fig):
    """A fishbone figure (:func:`sixsigma.plots.rootcause`) with its 6M category heads
    ("<b>People</b> (12, 3 verified)") in the active language."""
    def head(m):
        return f"<b>{category(m.group(1))}</b>" + (m.group(2) or "").replace(" verified", _(" verified"))

    for a in fig.layout.annotations or ():
        if a.text:
            a.text = re.sub(r"<b>([^<]+)</b>(\s*\([^)]*\))?", head, a.text)
    return fig


__all__ = ["belt", "category", "deliverable", "fishbone_figure", "grain_word", "health", "phase"]
