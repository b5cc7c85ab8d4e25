"""Fixtures every test module may use; plain helpers are in tests/support.py.

Each stage's tests live in their own test_<stage>.py file. The site build, web server and
browser fixtures are in tests/site_fixtures.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import ContentFolder, run_opit


@pytest.fixture
def opit():
    return run_opit


@pytest.fixture
def folder(tmp_path: Path) -> ContentFolder:
    """A copy of the minimal fixture in tmp_path/content, to change one file and validate."""
    return ContentFolder(tmp_path)


# The site build, web server and browser fixtures (issue 3) live in their own module.
pytest_plugins = ("tests.site_fixtures",)
