"""``report monthly --pdf`` without a browser: one clear error, nothing written."""

from __future__ import annotations

import pytest

from sixsigma.cli.app import main
from sixsigma.reporting import pdf as P


def test_missing_chromium_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("SIXSIGMA_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(P.PdfError, match=r"--pdf needs headless Chromium.*apt-get install chromium"):
        P.chromium_path()


def test_a_bad_sixsigma_chromium_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("SIXSIGMA_CHROMIUM", str(tmp_path / "nope"))
    with pytest.raises(P.PdfError, match=r"SIXSIGMA_CHROMIUM=.*nope is not an executable file"):
        P.chromium_path()


def test_cli_pdf_without_chromium_writes_nothing(demo_warehouse, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SIXSIGMA_CHROMIUM", str(tmp_path / "nope"))
    out, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    code = main(["report", "monthly", "--month", "2025-10", "--warehouse", str(demo_warehouse),
                 "--out", str(out), "--pdf", str(pdf)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: SIXSIGMA_CHROMIUM=")
    assert not out.exists() and not pdf.exists()
