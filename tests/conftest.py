"""Shared test helpers. Each stage's tests live in their own test_<stage>.py file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def run_opit(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real `opit` command line as a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def opit():
    return run_opit


# The site build, web server and browser fixtures (issue 3) live in their own module.
pytest_plugins = ("tests.site_fixtures",)
