"""A report page as a PDF: the same HTML printed by headless Chromium through playwright.

>>> html_to_pdf(report.html(), "reports/2025-10.pdf")

The system's Chromium is launched with playwright's ``executable_path`` (no browser download;
``SIXSIGMA_CHROMIUM`` names another binary). The page is opened from a temporary file, every
Plotly chart is drawn at the printed width before printing, and the page's print CSS puts
each section on a new page and keeps charts whole. The PDF is written atomically.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from sixsigma.errors import SixSigmaError
from sixsigma.paths import ensure_dir

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions"]
# A4 with 12 mm margins is 186 mm = 703 CSS px wide; the page is laid out at WIDTH px and
# printed at 703 / WIDTH of that size, so charts keep their on-screen proportions.
WIDTH = 1000
PRINT_SCALE = 0.70
ALL_DRAWN = """() => Array.from(document.querySelectorAll('div.plot'))
  .every(d => d.querySelector('svg.main-svg'))"""


class PdfError(SixSigmaError):
    """The PDF cannot be made (no Chromium, or it failed to print the page)."""


def chromium_path() -> str:
    """The Chromium binary: ``SIXSIGMA_CHROMIUM``, else the first of CHROMIUM_NAMES on PATH."""
    env = os.environ.get("SIXSIGMA_CHROMIUM")
    if env:
        if not (Path(env).is_file() and os.access(env, os.X_OK)):
            raise PdfError(f"SIXSIGMA_CHROMIUM={env} is not an executable file; point it at a Chromium "
                           "binary or unset it")
        return env
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("--pdf needs headless Chromium, which is not installed: `apt-get install chromium` "
                   "(or set SIXSIGMA_CHROMIUM to a Chromium binary); the HTML report needs no browser")


def html_to_pdf(html: str, out: str | Path, timeout_s: float = 180) -> Path:
    """Print ``html`` (a self-contained page) to the PDF file ``out`` (A4, backgrounds on)."""
    out = Path(out)
    if out.is_dir():
        raise PdfError(f"cannot write {out}: it is a folder; give a file name, e.g. {out / 'report.pdf'}")
    exe = chromium_path()
    ensure_dir(out.parent)
    # In a thread of its own: playwright's sync API refuses to run where an asyncio loop runs
    # (a Jupyter kernel, or another playwright session in the same thread).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, html, out, exe, timeout_s).result()


def _print(html: str, out: Path, exe: str, timeout_s: float) -> Path:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sixsigma-pdf-") as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        pdf_tmp = out.with_name(f".{out.name}.tmp")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=exe, headless=True, args=FLAGS)
                try:
                    page = browser.new_page(viewport={"width": WIDTH, "height": 1400})
                    page.goto(page_file.as_uri(), wait_until="load", timeout=timeout_s * 1000)
                    page.emulate_media(media="print")
                    page.wait_for_function(ALL_DRAWN, timeout=timeout_s * 1000)
                    page.pdf(path=str(pdf_tmp), format="A4", print_background=True, scale=PRINT_SCALE,
                             margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
                finally:
                    browser.close()
            os.replace(pdf_tmp, out)
        except PlaywrightError as exc:
            pdf_tmp.unlink(missing_ok=True)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise PdfError(f"Chromium ({exe}) could not print the report: {first}") from None
        except BaseException:
            pdf_tmp.unlink(missing_ok=True)
            raise
    return out


__all__ = ["PdfError", "chromium_path", "html_to_pdf"]
