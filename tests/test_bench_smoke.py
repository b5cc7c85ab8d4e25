"""The benchmark (bench/) runs end to end on a small corpus. No timing is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, run_opit


def test_corpus_is_valid_and_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "30",
                        str(tmp_path / name)], check=True, capture_output=True)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert len(files) == 30
    assert {p.parts[1] for p in files} == {"cases", "workshops", "events"}
    for path in files:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    result = run_opit("--content", str(tmp_path / "a" / "content"), "validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert "ok: 30 entries, 300 organisations, 40 themes" in result.stderr


def test_corpus_refuses_the_project_content() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "5", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "refusing" in result.stderr


@pytest.mark.slow
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    committed = ROOT / "bench" / "RESULTS.md"
    before = committed.stat().st_mtime_ns if committed.exists() else None
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--entries", "200", "--quick",
         "--page-sizes", "100", "--results", str(results), "--work", str(tmp_path / "work"),
         "--notes", str(tmp_path / "no-notes.md")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    text = results.read_text("utf-8")
    for step in ("validate", "build", "rebuild", "serve reload", "reference"):
        assert f"| 200 | {step} | 1 |" in text, step
        assert f"| 200 | {step} | 1 |" in run.stdout, step
    assert "## Machine" in text and "cores:" in text
    assert "## Targets" in text and "bytes for the first search" in text
    assert "| 100 | 100 |" in text  # entry page sizes at 100 entries
    assert (committed.stat().st_mtime_ns if committed.exists() else None) == before


@pytest.mark.slow
def test_the_hostile_input_benchmark_prints_a_row_per_input() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "hostile.py"), "--runs", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and " | 1 | " in line]
    assert len(rows) == 6, run.stdout
    assert any(row.startswith("| billion laughs, `opit validate`") for row in rows)
