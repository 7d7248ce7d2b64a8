"""One headless Chromium for every browser test, driven through playwright.

``browser`` is session-scoped: Debian's ``/usr/bin/chromium`` (``.ci/run`` installs it) is
launched once with playwright's ``executable_path`` — no ``playwright install`` download.
``page`` is a fresh page (own context, 1,366 x 768, no network beyond ``file:``) per test,
``page_factory`` makes longer-lived ones for module-scoped fixtures; ``page.errors`` collects
page errors, console error/warning messages and blocked requests so a test can assert that
the page logged nothing.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--no-default-browser-check"]


def chromium_path() -> str:
    """Path of a system Chromium; fail on CI (it must run there), skip elsewhere."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    missing = "headless Chromium is not installed: `apt-get install chromium` (.ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(missing)
    pytest.skip(missing)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (playwright Browser) for the whole session."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield b
        finally:
            b.close()


def open_page(browser, width: int = 1366, height: int = 768, locale: str = "en-US"):
    """A new page in its own context; ``page.errors`` lists page errors, console
    error/warning messages and blocked requests (anything but file:, data:, blob:, about:).
    Close it with ``page.context.close()``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}")
          if m.type in ("error", "warning") else None)

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            errors.append(f"external request: {url}")
            route.abort()

    context.route("**/*", guard)
    pg.errors = errors
    return pg


@pytest.fixture
def page(browser):
    """A fresh page (1,366 x 768) per test; see ``open_page``."""
    pg = open_page(browser)
    try:
        yield pg
    finally:
        pg.context.close()


@pytest.fixture(scope="session")
def page_factory(browser):
    """``page_factory(width=..., height=..., locale=...)`` for module-scoped fixtures that keep
    one page open for several tests; every page is closed at the end of the session."""
    pages = []

    def make(**kw):
        pages.append(open_page(browser, **kw))
        return pages[-1]

    yield make
    for pg in pages:
        pg.context.close()
