"""Compare or rewrite tests/fixtures/expected_docs/, the docs tree render writes for the minimal fixture.

    python -m tests.regenerate_expected_docs           # list what differs; exit 1 if anything does
    python -m tests.regenerate_expected_docs --write   # replace the stored tree with a fresh render

Rewrite it only on purpose, when a change to render (or to the minimal fixture, site_config.yml or
the page assets) is meant to change the tree, and review the diff: the tree is the contract every
builder must accept (tests/test_render_tree.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tests.support import EXPECTED_DOCS, ROOT, render_minimal_docs, tree_files


def differences(expected: dict[str, bytes], rendered: dict[str, bytes]) -> list[str]:
    """One line per file that is missing, new or changed in `rendered`."""
    lines = [f"missing: {name}" for name in sorted(expected.keys() - rendered.keys())]
    lines += [f"new: {name}" for name in sorted(rendered.keys() - expected.keys())]
    lines += [f"changed: {name}" for name in sorted(expected.keys() & rendered.keys())
              if expected[name] != rendered[name]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="replace tests/fixtures/expected_docs/ with a fresh render")
    args = parser.parse_args(argv)
    where = EXPECTED_DOCS.relative_to(ROOT)
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs"
        render_minimal_docs(docs)
        found = differences(tree_files(EXPECTED_DOCS) if EXPECTED_DOCS.is_dir() else {},
                            tree_files(docs))
        if args.write:
            shutil.rmtree(EXPECTED_DOCS, ignore_errors=True)
            shutil.copytree(docs, EXPECTED_DOCS)
    for line in found:
        print(line)
    if args.write:
        print(f"wrote {where}: {len(found)} file(s) differed from the stored tree", file=sys.stderr)
        return 0
    if found:
        print(f"{where} differs from a fresh render; if that is intended, rerun with --write and "
              "review the diff", file=sys.stderr)
        return 1
    print(f"{where} matches a fresh render", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
