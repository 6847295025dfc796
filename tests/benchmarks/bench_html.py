"""Benchmark the HTML export's search in real headless Chromium on a generated glossary; prints figures.

Run by hand: ``.venv/bin/python tests/benchmarks/bench_html.py [--concepts 20000] [--runs 9]
[--screenshot PATH]``. Target (issue 19): with 20,000 concepts a keystroke's search updates the page
(filter, order, count, layout) within 100 ms. Each query is timed in the page, from setting the
field's value and firing its ``input`` event to a forced layout, then to the next painted frame.
``--screenshot`` also saves a picture of the shipped glossary's page after a search (the README's).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from dipterm.export import export  # noqa: E402
from dipterm.formats import ExportOptions  # noqa: E402
from dipterm.glossary import load_glossary  # noqa: E402
from tests.benchmarks.bench_lookup import generate  # noqa: E402

TARGET_MS = 100
_TIME = """
const done = arguments[arguments.length - 1];
const field = document.getElementById('q');
const start = performance.now();
field.value = arguments[0];
field.dispatchEvent(new Event('input'));
document.body.offsetHeight;
const laid = performance.now() - start;
requestAnimationFrame(() => setTimeout(() => done([laid, performance.now() - start,
  document.getElementById('count').textContent]), 0));
"""


def browser(width: int = 1200, height: int = 900):
    """Headless Chromium through chromedriver (Debian chromium, chromium-driver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def queries(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """One query of each kind a user types, built from generated terms."""
    from dipterm.normalize import fold_diacritics

    en, vi = pairs[len(pairs) // 3]
    word = en.split()[0]
    typo = word[:2] + word[3] + word[2] + word[4:] if len(word) > 4 else word + "x"
    return {
        "one letter": en[0],
        "English word": word,
        "English term": en,
        "English typo": typo,
        "Vietnamese term": vi,
        "unaccented Vietnamese": fold_diacritics(vi),
        "no match": "zzqx",
        "cleared": "",
    }


def screenshot(path: Path) -> None:
    """The shipped glossary's page after a search, saved as PNG."""
    with tempfile.TemporaryDirectory() as tmp:
        page = export(load_glossary(ROOT / "glossary"), "html", Path(tmp))
        driver = browser(1100, 760)
        try:
            driver.get(page.as_uri() + "#q=doi%20tac%20chien%20luoc")
            time.sleep(0.5)
            driver.save_screenshot(str(path))
        finally:
            driver.quit()
    print(f"screenshot: {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        print("needs chromium and chromedriver (tools/setup.sh installs them as root)", file=sys.stderr)
        return 2
    if args.screenshot:
        screenshot(args.screenshot)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pairs = generate(folder, args.concepts)
        glossary = load_glossary(folder / "glossary")
        start = time.perf_counter()
        page = export(glossary, "html", folder / "site", ExportOptions())
        built = time.perf_counter() - start
        driver = browser()
        try:
            start = time.perf_counter()
            driver.get(page.as_uri())
            loaded = time.perf_counter() - start
            driver.set_script_timeout(30)
            print(
                f"{args.concepts:,} concepts: page {page.stat().st_size / 1e6:.1f} MB, export {built:.2f} s, "
                f"load {loaded:.2f} s (Chromium {driver.capabilities.get('browserVersion')})"
            )
            print("milliseconds, median (max) of the runs; first: from an empty field; typing on: from the")
            print("query less its last letter")
            print(f"{'query':22} {'first: laid out':>16} {'painted':>14} {'typing on: painted':>19}  shown")
            worst = 0.0
            for kind, query in queries(pairs).items():
                laid, painted, typing, shown = [], [], [], ""
                for _ in range(args.runs):
                    driver.execute_async_script(_TIME, "")
                    layout_ms, paint_ms, shown = driver.execute_async_script(_TIME, query)
                    laid.append(layout_ms)
                    painted.append(paint_ms)
                    driver.execute_async_script(_TIME, query[:-1])
                    typing.append(driver.execute_async_script(_TIME, query)[1])
                worst = max(worst, statistics.median(painted), statistics.median(typing))
                print(
                    f"{kind:22} {statistics.median(laid):9.1f} ({max(laid):3.0f}) "
                    f"{statistics.median(painted):8.1f} ({max(painted):3.0f}) "
                    f"{statistics.median(typing):13.1f} ({max(typing):3.0f})  {shown}"
                )
        finally:
            driver.quit()
    verdict = "within" if worst <= TARGET_MS else "OVER"
    print(f"slowest median to the painted frame: {worst:.1f} ms — {verdict} the {TARGET_MS} ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
