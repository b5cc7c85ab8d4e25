"""Shared test helpers. Each stage's tests live in their own test_<stage>.py file."""

from __future__ import annotations

import pytest

from tests.support import run_opit


@pytest.fixture
def opit():
    return run_opit


# The site build, web server and browser fixtures (issue 3) live in their own module.
pytest_plugins = ("tests.site_fixtures",)
