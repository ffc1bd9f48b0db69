"""Open the HTML report in a real browser at desktop and phone widths, and look.

    python benchmarks/check_report_browser.py [REPORT_DIR] [--out DIR]

Without ``REPORT_DIR`` it first writes the report of the bundled corpus. With
Playwright (``pip install playwright``) and a Chromium — Playwright's own
(``playwright install chromium``) or the system's (``chromium``,
``chromium-browser``, ``google-chrome``) — it loads ``index.html`` at
1280×800 and 390×844 and checks that

- the page never scrolls sideways (tables and figures scroll in their own boxes),
- the browser logs no console error and the page requests nothing from the network,
- the smallest figure text is at least 9 CSS pixels as drawn,

then renders a :func:`framing.highlight` display at 320 px — on a plain page and,
where nbconvert is installed, as a notebook exported with JupyterLab's template,
each in the light and the dark theme — and checks that no legend chip breaks
inside. Screenshots of everything
go to ``--out`` (default ``out/browser-check``). Without Playwright or a
browser it prints why and exits 0, so CI without a browser passes; a failed
check exits 1. Printed numbers, not timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
MIN_TEXT_PX = 9.0

_MEASURE = """() => {
  const doc = document.documentElement;
  let smallest = Infinity;
  for (const svg of document.querySelectorAll('figure svg')) {
    const box = svg.getBoundingClientRect();
    const view = svg.viewBox.baseVal;
    if (!view || !view.width || !box.width) continue;
    const scale = box.width / view.width;
    for (const text of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize);
      if (size && text.textContent.trim()) smallest = Math.min(smallest, size * scale);
    }
  }
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, smallestText: smallest};
}"""

_CHIPS = """() => Array.from(document.querySelectorAll('.framing-legend > span'))
  .map(chip => ({text: chip.textContent, boxes: chip.getClientRects().length}))"""


def find_browser():
    """A launch function for Chromium, or the reason there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "Playwright is not installed (pip install playwright)"
    system = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )

    def launch(playwright):
        try:
            return playwright.chromium.launch()
        except Exception:
            if system is None:
                raise
            return playwright.chromium.launch(executable_path=system)

    try:
        with sync_playwright() as playwright:
            launch(playwright).close()
    except Exception as exc:  # no browser binary, or it cannot start here
        return None, f"no Chromium could be started ({str(exc).splitlines()[0]})"
    return launch, None


def check_report(index: Path, out: Path, launch) -> list[str]:
    """Load the report at each width; return the problems found (empty when all is well)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            outside: list[str] = []
            page.on(
                "request",
                lambda r, o=outside: (
                    None if r.url.startswith(("file:", "data:", "about:")) else o.append(r.url)
                ),
            )
            page.goto(index.resolve().as_uri())
            page.wait_for_load_state("load")
            seen = page.evaluate(_MEASURE)
            page.screenshot(path=str(out / f"report-{name}.png"), full_page=True)
            print(
                f"{name:8s} {width}x{height}: page {seen['scrollWidth']} px wide in a "
                f"{seen['clientWidth']} px window; smallest figure text "
                f"{seen['smallestText']:.1f} px; {len(errors)} console errors; "
                f"{len(outside)} network requests"
            )
            if seen["scrollWidth"] > seen["clientWidth"]:
                problems.append(f"{name}: the page scrolls sideways ({seen['scrollWidth']} px)")
            if seen["smallestText"] < MIN_TEXT_PX - 0.05:
                problems.append(f"{name}: figure text {seen['smallestText']:.1f} px < 9 px")
            problems += [f"{name}: console error: {e}" for e in errors]
            problems += [f"{name}: request to {u}" for u in outside]
            page.close()
        browser.close()
    return problems


def _display_pages(shown: str) -> dict[str, str]:
    """The display on a plain page and, with nbconvert, in a notebook exported to HTML."""
    themes = {"light": ("#ffffff", "#1b1b1b"), "dark": ("#111111", "#e6e6e6")}
    pages = {
        f"page-{theme}": f'<!DOCTYPE html><html lang="en"><body style="background:{bg};'
        f'color:{fg};font:14px system-ui;margin:8px">{shown}</body></html>'
        for theme, (bg, fg) in themes.items()
    }
    try:
        import nbformat
        from nbconvert import HTMLExporter
    except ImportError:
        return pages
    cell = nbformat.v4.new_code_cell("framing.highlight(corpus.iloc[0])")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": shown, "text/plain": "<Highlight>"}
        )
    ]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    for theme in themes:
        try:
            exporter = HTMLExporter(template_name="lab", theme=theme)
            pages[f"nbconvert-{theme}"] = exporter.from_notebook_node(notebook)[0]
        except Exception as exc:  # no JupyterLab template where this Python looks
            print(f"display  nbconvert {theme}: skipped ({str(exc).splitlines()[0]})")
    return pages


def check_display(out: Path, launch) -> list[str]:
    """A highlight display at 320 px, light and dark, plain and as nbconvert HTML: no chip breaks."""
    from playwright.sync_api import sync_playwright

    import framing

    corpus = framing.load_corpus("pow-exchange-2025")
    shown = framing.highlight(corpus.iloc[0], "pow-exchange").to_html()
    problems = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for name, html in _display_pages(shown).items():
            page = browser.new_page(viewport={"width": 320, "height": 700})
            # nbconvert pages name scripts on the web; nothing may be fetched
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("data:", "about:"))
                    else route.abort()
                ),
            )
            page.set_content(html, wait_until="domcontentloaded")
            chips = page.evaluate(_CHIPS)
            page.screenshot(path=str(out / f"display-{name}.png"), full_page=True)
            broken = [c["text"] for c in chips if c["boxes"] != 1]
            print(f"display  {name:16s} 320 px: {len(chips)} legend chips, {len(broken)} broken")
            if not chips:
                problems.append(f"display ({name}): no legend chips found")
            problems += [f"display ({name}): chip {t!r} breaks inside" for t in broken]
            page.close()
        browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", help="a report folder (default: build one)")
    parser.add_argument("--out", default="out/browser-check", help="folder for screenshots")
    args = parser.parse_args(argv)
    launch, why = find_browser()
    if launch is None:
        print(f"skipped: {why}")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.report) if args.report else Path(scratch) / "report"
        if not args.report:
            from framing.report import write_report

            write_report("pow-exchange-2025", folder, n_boot=500, n_perm=500, progress=False)
        problems = check_report(folder / "index.html", out, launch)
    problems += check_display(out, launch)
    print(f"screenshots in {out.resolve()}")
    for problem in problems:
        print(f"FAILED {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
