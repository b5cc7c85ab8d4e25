"""The test fixtures themselves: a missing browser fails a test, and the markers follow the needs.

Each check runs pytest in a subprocess on a small test file, with the project's pytest settings,
tests/site_fixtures.py loaded as a plugin and CHROMIUM_PATH pointing at nothing, so no browser is
started.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

NEEDS_BROWSER = '''
def test_with_a_browser(browser):
    pass


def test_without_anything():
    pass
'''


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    (folder / "test_needs.py").write_text(NEEDS_BROWSER, "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         "-p", "tests.site_fixtures", "-p", "no:cacheprovider", str(folder / "test_needs.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "CHROMIUM_PATH": str(folder / "no-chromium")})


def test_a_missing_browser_fails_the_test_that_needs_it_and_does_not_skip_it(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "-rA")
    assert result.returncode == 1, result.stdout
    assert "1 passed, 1 error" in result.stdout
    assert "skipped" not in result.stdout
    assert "Debian chromium is missing" in result.stdout


def test_a_test_that_needs_the_browser_is_marked_browser(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "-m", "not browser")
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 deselected" in result.stdout
