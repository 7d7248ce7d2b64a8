"""Languages: every message the code marks has a Simplified Chinese translation with the same
placeholders, languages are chosen by --lang / SIXSIGMA_LANG / the report config in that
order, unknown ones are refused, and numbers and dates follow CLDR."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sixsigma import i18n
from sixsigma.cli.app import main
from sixsigma.errors import InputError

PKG = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)s|%\{[^}]*\}")


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("SIXSIGMA_LANG", raising=False)
    i18n.use_language(None)
    yield
    i18n.use_language(None)


def extracted() -> dict:
    """{msgid: locations} extracted from the package now, with the mapping of babel.cfg."""
    from babel.messages.extract import extract_from_dir

    found: dict = {}
    for path, line, msgid, _, _ in extract_from_dir(
            str(PKG), method_map=[("**/templates/**.j2", "jinja2"), ("**.py", "python"),
                                  ("**/dmaic/templates/*.yaml", "sixsigma.i18n:extract_yaml")],
            options_map={"**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}):
        found.setdefault(msgid, []).append(f"{path}:{line}")
    return found


def zh_catalog():
    from babel.messages.pofile import read_po

    with i18n.po_path("zh-CN").open("rb") as f:
        return read_po(f, locale="zh_CN")


def names(text: str) -> list[str]:
    return sorted(m.group(0) if m.group(0).startswith("%{") else (m.group(1) or m.group(2) or "")
                  for m in PLACEHOLDER.finditer(text))


def test_every_message_in_the_code_has_a_chinese_translation():
    cat = zh_catalog()
    code = extracted()
    assert len(code) > 300
    assert "Baseline with confidence interval and control chart" in code  # a template deliverable
    missing = []
    for msgid, where in code.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        m = cat.get(key)
        strings = (m.string if isinstance(m.string, tuple) else (m.string,)) if m is not None else ("",)
        if not all(strings):
            missing.append(f"{where[0]}: {msgid!r}")
    assert missing == [], "untranslated (run pybabel update, see sixsigma/locale/babel.cfg):\n" + "\n".join(missing)


def test_translations_keep_every_placeholder():
    bad = []
    for m in zh_catalog():
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        for s in (m.string if isinstance(m.string, tuple) else (m.string,)):
            if names(s) != names(ids[-1]) and names(s) != names(ids[0]):
                bad.append((m.id, s))
    assert bad == []


def test_the_po_compiles_without_errors():
    from babel.messages.mofile import write_mo

    cat = zh_catalog()
    assert not cat.fuzzy
    errors = [(m.id, e) for m, e in cat.check()]  # babel's placeholder checks (python-format)
    assert errors == []
    import io

    write_mo(io.BytesIO(), cat)


def test_english_by_default_chinese_on_request():
    assert i18n.active() == "en" and i18n._("Scorecard") == "Scorecard"
    i18n.use_language("zh-CN")
    assert i18n._("Scorecard") == "计分卡"
    assert i18n.ngettext("{n} signal", "{n} signals", 3).format(n=3) == "3 个信号"
    i18n.use_language(None)
    assert i18n._("Scorecard") == "Scorecard"


@pytest.mark.parametrize("given", ["zh-CN", "zh_CN", "zh-cn", "ZH", "zh-Hans"])
def test_language_spellings(given):
    assert i18n.normalize(given) == "zh-CN"


def test_unknown_language_is_refused_with_the_known_ones():
    with pytest.raises(InputError, match=r"unknown language 'fr'; known languages are: en, zh-CN"):
        i18n.use_language("fr")
    assert i18n.active() == "en"


def test_environment_and_the_context_manager(monkeypatch):
    monkeypatch.setenv("SIXSIGMA_LANG", "zh-CN")
    assert i18n.active() == "zh-CN" and i18n.chosen() is None
    with i18n.language("en"):
        assert i18n._("Scorecard") == "Scorecard"
    assert i18n._("Scorecard") == "计分卡"


def test_cldr_month_percent_and_date_formats():
    # CLDR zh: yMMM "y年M月", long date "y年M月d日", percent "#,##0%"; en: "October 2025".
    d = dt.date(2025, 10, 1)
    assert i18n.fmt_month(d) == "October 2025"
    with i18n.language("zh-CN"):
        assert i18n.fmt_month(d) == "2025年10月"
        assert i18n.fmt_date(dt.date(2025, 10, 31), "long") == "2025年10月31日"
        assert i18n.fmt_percent(0.1234) == "12.3%"
        assert i18n.fmt_decimal(1234567.5) == "1,234,567.5"
    assert i18n.fmt_percent(0.1234) == "12.3%" and i18n.fmt_decimal(1234567.5) == "1,234,567.5"


def test_catalog_labels_follow_the_language():
    assert i18n.label({"en": "Contacts", "zh-CN": "联络量"}, "x") == "Contacts"
    with i18n.language("zh-CN"):
        assert i18n.label({"en": "Contacts", "zh-CN": "联络量"}, "x") == "联络量"
        assert i18n.label({"en": "Orders"}, "x") == "Orders"  # English when no translation
        assert i18n.label(None, "x") == "x"


def test_cli_refuses_an_unknown_language_in_one_line(capsys):
    code = main(["data", "metrics", "--lang", "klingon"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "error: unknown language 'klingon'; known languages are: en, zh-CN "
        "(--lang, SIXSIGMA_LANG or language: in the report config)"]


def test_cli_language_is_undone_after_the_command(capsys):
    main(["--lang", "zh-CN", "data", "metrics"])
    capsys.readouterr()
    assert i18n.chosen() is None and i18n.active() == "en"


def test_report_config_language(tmp_path):
    from sixsigma.reporting.config import load_config
    from sixsigma.reporting.monthly import report_language

    src = Path(load_config.__globals__["DEFAULT_CONFIG"]).read_text(encoding="utf-8")
    p = tmp_path / "zh.yaml"
    p.write_text("language: zh-CN\n" + src, encoding="utf-8")
    cfg = load_config(p)
    assert cfg.language == "zh-CN" and report_language(cfg) == "zh-CN"
    with i18n.language("zh-CN"):
        assert cfg.heading == "客户体验中心月度绩效报告"
    assert cfg.heading == "Customer-experience center: monthly performance report"
    i18n.use_language("en")  # --lang wins over the config
    assert report_language(cfg) == "en"
    bad = tmp_path / "bad.yaml"
    bad.write_text("language: fr\n" + src, encoding="utf-8")
    with pytest.raises(Exception, match=r"language.*unknown language 'fr'; known languages are: en, zh-CN"):
        load_config(bad)


def test_plotly_locale_from_cldr():
    # CLDR zh: abbreviated months "1月".."12月", wide days "星期日".."星期六" (Sunday first for plotly.js)
    assert i18n.plotly_locale() is None
    with i18n.language("zh-CN"):
        loc = i18n.plotly_locale()
    f = loc["format"]
    assert loc["moduleType"] == "locale" and loc["name"] == "zh-CN"
    assert f["shortMonths"] == [f"{m}月" for m in range(1, 13)]
    assert f["days"][0] == "星期日" and f["days"][1] == "星期一" and len(f["shortDays"]) == 7
    assert (f["decimal"], f["thousands"]) == (".", ",")


def test_a_chinese_page_registers_its_plotly_locale():
    from sixsigma.reporting.monthly import DRAW_SCRIPT, draw_script

    assert draw_script() == DRAW_SCRIPT
    with i18n.language("zh-CN"):
        js = draw_script()
    assert js.startswith('Plotly.register({"moduleType": "locale", "name": "zh-CN"')
    assert js.count("Plotly.newPlot(") == 1 and '"locale": "zh-CN"}' in js.split("Plotly.newPlot(")[1]
