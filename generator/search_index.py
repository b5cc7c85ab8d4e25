"""The search stage: index the built entry pages with Pagefind (run from its PyPI package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.site import BuildStepError

# Only entry pages are searchable, and only their article (not navigation, header or footer).
ENTRY_GLOB = "{cases,workshops,events}/*/index.html"
ROOT_SELECTOR = "article"


def index_site(site: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site),
        "--glob", ENTRY_GLOB,
        "--root-selector", ROOT_SELECTOR,
        "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BuildStepError("pagefind", f"cannot start Pagefind: {error}") from None
    if result.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (result.stderr + result.stdout).strip()[-2000:] or f"exit code {result.returncode}"
        if "No module named pagefind" in detail:
            detail += "\nPagefind is not installed: run ./build.sh, which installs pagefind[bin]"
        elif "Traceback (most recent call last)" in detail:  # the wrapper could not start it
            detail = (f"the Pagefind program cannot be run ({detail.splitlines()[-1]}); "
                      "reinstall it with ./build.sh (pip install --force-reinstall "
                      "'pagefind[bin]'), or check PAGEFIND_BINARY_PATH if it is set")
        raise BuildStepError("pagefind", detail)
