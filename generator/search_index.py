"""The search stage: index the built entry pages with Pagefind (run from its PyPI package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.site import BuildStepError

# Only entry pages are searchable, and only their article (not navigation, header or footer).
ENTRY_GLOB = "{cases,workshops,events}/*/index.html"
ROOT_SELECTOR = "article"


def start_indexing(site: Path) -> subprocess.Popen:
    """Start Pagefind on the built site; it runs while the build writes the open data."""
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site),
        "--glob", ENTRY_GLOB,
        "--root-selector", ROOT_SELECTOR,
        "--silent",
    ]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as error:
        raise BuildStepError("pagefind", f"cannot start Pagefind: {error}") from None


def finish_indexing(process: subprocess.Popen, site: Path) -> None:
    """Wait for Pagefind; BuildStepError saying what is wrong and how to fix it if it failed."""
    output, _ = process.communicate()
    if process.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (output or "").strip()[-2000:] or f"exit code {process.returncode}"
        if "No module named pagefind" in detail:
            detail += "\nPagefind is not installed: run ./build.sh, which installs pagefind[bin]"
        elif "Traceback (most recent call last)" in detail:  # the wrapper could not start it
            detail = (f"the Pagefind program cannot be run ({detail.splitlines()[-1]}); "
                      "reinstall it with ./build.sh (pip install --force-reinstall "
                      "'pagefind[bin]'), or check PAGEFIND_BINARY_PATH if it is set")
        raise BuildStepError("pagefind", detail)
