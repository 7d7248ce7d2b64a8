"""The language of what the toolkit prints: gettext catalogs (through babel) and locale-aware
number, percent and date formatting.

>>> from sixsigma.i18n import use_language, _, fmt_month
>>> use_language("zh-CN")
>>> _("Scorecard")                       # '计分卡'
>>> fmt_month(datetime.date(2025, 10, 1))  # '2025年10月'

- English is the default and needs no catalog; ``use_language(None)`` goes back to it (or to
  ``SIXSIGMA_LANG`` when set). Known languages: ``LANGUAGES``; anything else is refused.
- Messages live in ``sixsigma/locale/<locale>/LC_MESSAGES/sixsigma.po``; the ``.po`` is
  compiled in memory by babel the first time a language is used (no stale ``.mo`` can ship).
- ``_`` / ``gettext`` / ``ngettext`` follow the active language; ``N_`` marks a string for
  extraction where it is defined and translates nothing (call ``_`` where it is shown).
- babel is imported only when a language other than English is active.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path

from sixsigma.errors import InputError

LANGUAGES = {"en": "en", "zh-CN": "zh_CN"}  # option value -> babel / gettext locale
DEFAULT = "en"
DOMAIN = "sixsigma"
LOCALE_DIR = Path(__file__).with_name("locale")

_state: dict[str, str | None] = {"lang": None}


def normalize(lang: str) -> str:
    """'zh-cn', 'zh_CN', 'zh' -> 'zh-CN'; 'en', 'EN', 'en-US' -> 'en'; else an InputError."""
    key = str(lang).strip().replace("_", "-").lower()
    aliases = {"zh": "zh-CN", "zh-hans": "zh-CN", "zh-hans-cn": "zh-CN", "en-us": "en", "en-gb": "en"}
    for code in LANGUAGES:
        aliases[code.lower()] = code
    if key in aliases:
        return aliases[key]
    raise InputError(f"unknown language {lang!r}; known languages are: {', '.join(LANGUAGES)} "
                     "(--lang, SIXSIGMA_LANG or language: in the report config)")


def use_language(lang: str | None) -> str:
    """Make ``lang`` the active language (None: SIXSIGMA_LANG, else English); returns it."""
    if lang is None:  # never raises: the CLI calls this in a finally
        _state["lang"] = None
        return DEFAULT if os.environ.get("SIXSIGMA_LANG") is None else os.environ["SIXSIGMA_LANG"]
    code = normalize(lang)
    if code != DEFAULT:
        translations(code)  # a broken catalog fails here, not halfway through a report
    _state["lang"] = code
    return code


def chosen() -> str | None:
    """The language set with ``use_language`` (or ``--lang``), None when none was."""
    return _state["lang"]


def active() -> str:
    """The active language: the one chosen, else ``SIXSIGMA_LANG``, else English."""
    if _state["lang"] is not None:
        return _state["lang"]
    env = os.environ.get("SIXSIGMA_LANG")
    return normalize(env) if env else DEFAULT


class language:
    """``with language("zh-CN"): ...`` — the language for a block, the previous one after."""

    def __init__(self, lang: str | None):
        self.lang = lang

    def __enter__(self) -> str:
        self.previous = _state["lang"]
        return use_language(self.lang) if self.lang is not None else active()

    def __exit__(self, *exc) -> None:
        _state["lang"] = self.previous


def locale() -> str:
    """The babel locale of the active language ('en', 'zh_CN')."""
    return LANGUAGES[active()]


def po_path(code: str) -> Path:
    return LOCALE_DIR / LANGUAGES[code] / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(code: str):
    """The compiled catalog of language ``code`` (babel.support.Translations)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = po_path(code)
    if not path.is_file():
        raise InputError(f"no message catalog for {code} at {path}; reinstall sixsigma")
    with path.open("rb") as f:
        cat = read_po(f, locale=LANGUAGES[code], domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, cat)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the active language (itself when untranslated)."""
    code = active()
    return message if code == DEFAULT else translations(code).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the active language."""
    code = active()
    if code == DEFAULT:
        return singular if n == 1 else plural
    return translations(code).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate it where shown)."""
    return message


def label(labels: dict[str, str] | None, fallback: str) -> str:
    """A catalog label ({'en': ..., 'zh-CN': ...}) in the active language, else English, else
    ``fallback``."""
    labels = labels or {}
    return labels.get(active()) or labels.get(DEFAULT) or fallback


# -- numbers and dates (babel's CLDR data; plain Python in English) -----------------------------

def fmt_decimal(v: float, fmt: str = "#,##0.####") -> str:
    """A number with the locale's separators (CLDR pattern ``fmt``)."""
    if active() == DEFAULT:
        return _pattern_en(v, fmt)
    from babel.numbers import format_decimal

    return format_decimal(v, format=fmt, locale=locale())


def _pattern_en(v: float, fmt: str) -> str:
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    optional = "." in fmt and fmt.split(".")[1].startswith("#")
    text = f"{v:,.{decimals}f}"
    if optional and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_percent(v: float, digits: int = 1) -> str:
    """A fraction as a percentage (0.1234 -> '12.3%')."""
    if active() == DEFAULT:
        return f"{100 * v:.{digits}f}%"
    from babel.numbers import format_percent

    return format_percent(v, format="0." + "0" * digits + "%" if digits else "0%", locale=locale())


def fmt_date(d: dt.date, form: str = "medium") -> str:
    """A date in the locale's ``form`` (short/medium/long) — '2025-10-31' style stays ISO."""
    if form == "iso":
        return d.isoformat()
    if active() == DEFAULT:
        return {"short": d.isoformat(), "medium": f"{d.day} {d:%b %Y}", "long": f"{d.day} {d:%B %Y}"}[form]
    from babel.dates import format_date

    return format_date(d, format=form, locale=locale())


def fmt_month(d: dt.date) -> str:
    """A month as people name it: 'October 2025', '2025年10月'."""
    if active() == DEFAULT:
        return f"{d:%B %Y}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", d, locale=locale())


def plotly_locale() -> dict | None:
    """The active language as a plotly.js locale module (``Plotly.register``): month and day
    names and separators from babel's CLDR data, so date axes read '10月' not 'Oct'; None in
    English (plotly.js's built-in locale)."""
    if active() == DEFAULT:
        return None
    from babel.dates import get_day_names, get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = locale()
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # babel: 0 = Monday; plotly.js: Sunday first
    return {
        "moduleType": "locale", "name": active(), "dictionary": {},
        "format": {
            "days": [get_day_names("wide", locale=loc)[i] for i in sunday_first],
            "shortDays": [get_day_names("abbreviated", locale=loc)[i] for i in sunday_first],
            "months": [get_month_names("wide", locale=loc)[i] for i in range(1, 13)],
            "shortMonths": [get_month_names("abbreviated", locale=loc)[i] for i in range(1, 13)],
            "date": "%Y-%m-%d", "decimal": get_decimal_symbol(loc), "thousands": get_group_symbol(loc),
        },
    }


def extract_yaml(fileobj, keywords, comment_tags, options):
    """Babel extractor for the DMAIC templates (babel.cfg ``[extractors]``): every
    deliverable ``name`` and the template ``description`` are messages, shown through
    ``sixsigma.reporting.words.deliverable``."""
    import yaml

    data = yaml.safe_load(fileobj.read().decode("utf-8")) or {}
    desc = (data.get("template") or {}).get("description")
    if desc:
        yield 1, "_", desc, ["DMAIC template description"]
    for ph in data.get("phases") or []:
        for d in ph.get("deliverables") or []:
            if d.get("name"):
                yield 1, "_", d["name"], [f"deliverable of the {ph.get('name')} phase"]


__all__ = [
    "DEFAULT", "LANGUAGES", "N_", "_", "active", "chosen", "extract_yaml", "fmt_date", "fmt_decimal", "fmt_month", "fmt_percent",
    "gettext", "label", "language", "locale", "ngettext", "normalize", "plotly_locale", "translations",
    "use_language",
]
