"""report.html as a student sees it: opened in headless Chromium (Debian's `chromium`, driven by Playwright with that
executable; no browser download), in both languages, on a laptop screen and a phone.

The screenshots go to out/screenshots/ (CI keeps them as artifacts): look at them after a change of the page.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM = os.environ.get("CONVKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

playwright = pytest.importorskip("playwright.sync_api", reason="make setup installs playwright")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no chromium (make setup installs it as root)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """report.html of a submission with one mistake (a flipped kernel), checked as `python -m grader.instructor
    check SUBMISSION -o OUT --lang L` writes it, in English and in Chinese."""
    from grader.instructor.mistakes import CATALOG, make_submission
    tmp = tmp_path_factory.mktemp("html")
    submission = make_submission(next(m for m in CATALOG if m.name == "flipped_kernel"), tmp / "student")
    pages = {}
    for lang in ("en", "zh"):
        run = subprocess.run([sys.executable, "-m", "grader.instructor", "check", str(submission), "-o",
                              str(tmp / lang), "--lang", lang], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        pages[lang] = tmp / lang / "report.html"
    return pages


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _open(browser, page_file: Path, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(page_file.as_uri())
    return page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_and_first_fix_are_above_the_fold_on_a_laptop(reports, browser, lang):
    """At 1366x768, are the score and the whole first-thing-to-fix box (what is wrong, file:line, the hint) on the
    first screen, without scrolling?"""
    page = _open(browser, reports[lang], 1366, 768)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-1366x768.png"))
    for selector in ("#score", "#first-to-fix"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 768, (selector, box)
    first = page.locator("#first-to-fix").inner_text()
    assert "assignment/layers.py:" in first and ("392 of 392" in first or "392 个" in first), first
    page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_folded_passing_checks_open_on_a_click(reports, browser, lang):
    """Are the passing functions folded (their checks hidden), and does a click on the fold show them?"""
    page = _open(browser, reports[lang], 1366, 768)
    fold = page.locator("details.folded.passed")
    first_passing = fold.locator("section").first
    assert fold.count() == 1 and not first_passing.is_visible()
    fold.locator("summary").click()
    assert first_passing.is_visible() and fold.evaluate("d => d.open")
    # the green "passed" badge must stand out from what surrounds it (not green on green)
    badge, around = fold.locator(".badge").first.evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b.closest('details')).backgroundColor]")
    assert badge != around, (badge, around)
    first_passing.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-passed-opened.png"))
    page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_horizontal_scroll_on_a_phone(reports, browser, lang):
    """At a 390-px phone width, does the page fit (no horizontal scroll of the page; wide numbers scroll inside
    their own box)?"""
    page = _open(browser, reports[lang], 390, 844)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-390.png"), full_page=True)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert max(widths[:2]) <= widths[2], widths
    page.close()


def test_chinese_glyphs_are_drawn(reports, browser):
    """In the zh report, are Chinese characters drawn with real glyphs in the page's own font (two different
    characters give two different pictures, and neither is the missing-glyph box)?"""
    page = _open(browser, reports["zh"], 1366, 768)
    pictures = page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector('#first-to-fix')).font;
        const draw = (text) => {
            const canvas = document.createElement('canvas');
            canvas.width = 64; canvas.height = 64;
            const ctx = canvas.getContext('2d');
            ctx.font = font.replace(/\\d+(\\.\\d+)?px/, '48px');
            ctx.fillText(text, 4, 52);
            return canvas.toDataURL();
        };
        return [draw('首'), draw('改'), draw('\\u{10FFFD}'), draw('\\u{10FFFC}')];
    }""")
    first, second, missing, also_missing = pictures
    assert missing == also_missing  # the check itself: two missing characters draw the same box
    assert first != second and missing not in (first, second)
    assert "首先要改" in page.locator("#first-to-fix").inner_text()
    page.close()
