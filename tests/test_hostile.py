"""Hostile and broken content: every case gets its expected outcome from ONE table (`OUTCOMES`).

The corpus and the table are in tests/hostile_corpus.py: the committed files of
tests/fixtures/hostile/content plus the generated ones that cannot (or should not) be committed
(a file that is not UTF-8, NUL bytes, a file over the size limit, CRLF line endings and a BOM,
nesting deep enough to crash a recursive parser, a symlink pointing outside content/).

The real `opit validate` runs once, as a subprocess, over the whole corpus. Each refused case
must get an error at its expected line with its code and message (its first diagnostic, ordered
by line and column); each accepted case (`VALID`) must get no diagnostic at all. Accepted cases
are also built and opened in Chromium by tests/test_hostile_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

from generator.catalog.load import load_catalog
from generator.read.positions import ReadError, parse_yaml
from tests.hostile_corpus import (
    ALIAS,
    BAD_REGISTRY_ITEMS,
    BIG_LAUGHS,
    GENERATED,
    HOSTILE,
    OUTCOMES,
    VALID,
    Refused,
    entry_text,
    make_corpus,
)
from tests.support import ROOT, run_opit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def validated(corpus: Path) -> dict[str, subprocess.CompletedProcess]:
    """`opit validate` over the corpus, in text and JSON, run from the corpus's parent folder."""
    return {fmt: run_opit("--content", "content", "validate", "--format", fmt, cwd=corpus.parent)
            for fmt in ("text", "json")}


def test_the_table_covers_every_file_of_the_corpus() -> None:
    committed = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file()}
    assert committed | set(GENERATED) == set(OUTCOMES)
    assert not committed & set(GENERATED)


def test_every_case_has_its_expected_outcome(
    corpus: Path, validated: dict[str, subprocess.CompletedProcess]
) -> None:
    result = validated["json"]
    assert result.returncode == 1, result.stderr
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.stdout):
        found.setdefault(item["path"].removeprefix("content/"), []).append(item)
    wrong = []
    for name, outcome in OUTCOMES.items():
        got = sorted(found.pop(name, []), key=lambda d: (d["line"], d["column"]))
        if outcome == VALID:
            if got:
                wrong.append(f"{name}: expected no diagnostic, got {got}")
            continue
        assert isinstance(outcome, Refused)
        if not got:
            wrong.append(f"{name}: expected {outcome}, got nothing")
            continue
        first = got[0]
        if (first["line"], first["code"]) != (outcome.line, outcome.code) or (
                outcome.message not in first["message"]):
            wrong.append(f"{name}: expected {outcome}, got {first}")
        if any(d["severity"] != "error" for d in got):
            wrong.append(f"{name}: a hostile case must be an error, not only a warning: {got}")
        if name.endswith(".yml"):
            bad = {(name, d["line"], d["message"].split("; ")[0]) for d in got}
            expected = {item for item in BAD_REGISTRY_ITEMS if item[0] == name}
            if bad != {(n, line, message.split("; ")[0]) for n, line, message in expected}:
                wrong.append(f"{name}: expected {sorted(expected)}, got {sorted(bad)}")
    wrong += [f"{name}: not in the table but got {got}" for name, got in found.items()]
    assert not wrong, "\n".join(wrong)
    assert not (corpus.parent / "opit-hostile-pwned").exists(), "a YAML tag ran a command"


def test_every_error_names_its_file_and_line_and_there_is_no_traceback(
    validated: dict[str, subprocess.CompletedProcess],
) -> None:
    result = validated["text"]
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", lines[-1])
    pattern = re.compile(r"content/(?P<path>.+?):(?P<line>\d+):\d+: error: \S.*")
    named = set()
    for line in lines[:-1]:
        match = pattern.fullmatch(line)
        assert match, f"not 'file:line:column: error: message': {line!r}"
        named.add(match["path"])
    assert named == {name for name, outcome in OUTCOMES.items() if outcome != VALID}


def test_the_build_refuses_the_corpus_without_a_traceback(corpus: Path) -> None:
    out = corpus.parent / "site"
    result = run_opit("--content", "content", "build", "--out", str(out),
                      "--config", str(ROOT / "site_config.yml"), cwd=corpus.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(rf"error: validate: \d+ error\(s\) in content; {out} was not changed",
                     result.stderr)
    assert not out.exists()


def test_norway_words_and_numbers_stay_the_text_that_was_written(corpus: Path) -> None:
    catalog = load_catalog(corpus)
    words = catalog.entries["yaml-boolean-words"].data
    assert words.keywords == ["no", "yes", "on", "off", "NO", "y", "n"]
    numbers = catalog.entries["yaml-number-for-text"].data
    assert numbers.replication == "1e3"
    assert numbers.methods == ["0o17", "0x1F", ".inf", "1_000"]
    for name in ("crlf-line-endings", "byte-order-mark", "byte-order-mark-and-crlf"):
        entry = catalog.entries[name]
        assert entry.data.title.startswith("Hostile case with")
        assert "\r" not in entry.data.title and "\ufeff" not in entry.data.title
        assert entry.body.strip() == "Text."


def test_an_entry_folder_linked_to_outside_content_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("themes.yml", "organisations.yml"):
        shutil.copy(HOSTILE / name, content / name)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret-entry.md").write_text(entry_text("An entry from outside content/"), "utf-8")
    (content / "cases").symlink_to(outside, target_is_directory=True)
    result = run_opit("--content", "content", "validate", "--format", "json", cwd=tmp_path)
    diagnostics = json.loads(result.stdout)
    assert {(d["path"], d["line"], d["code"], d["message"]) for d in diagnostics
            if d["path"].startswith("content/cases")} == {
        ("content/cases", 1, "symlink-outside",
         "this is a link to a folder outside content/; copy the folder in instead")}


# --- YAML bombs: refused, bounded memory, no crash (bench/hostile.py measures their time) ------


def test_a_billion_laughs_is_refused_with_bounded_memory() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ReadError) as raised:
            parse_yaml(BIG_LAUGHS, "content/cases/laughs.md", line_offset=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    problems = raised.value.diagnostics
    assert {d.code for d in problems} == {"yaml-alias"}
    assert (problems[0].line, problems[0].column) == (3, 10)
    assert problems[0].message == ALIAS.format("l0")
    assert peak < 20_000_000, f"peak Python memory {peak:,} bytes"


def test_a_billion_laughs_through_the_cli_stays_small(tmp_path: Path) -> None:
    """Whole-process peak memory (ru_maxrss, which includes C allocations) for a real run."""
    content = tmp_path / "content"
    (content / "cases").mkdir(parents=True)
    for name in ("themes.yml", "organisations.yml", "series.yml"):
        shutil.copy(HOSTILE / name, content / name)
    (content / "cases" / "laughs.md").write_text(
        entry_text("Hostile case billion laughs", extra=BIG_LAUGHS), "utf-8")
    script = textwrap.dedent("""
        import resource, sys
        from generator.cli import main
        code = main(["--content", sys.argv[1], "validate"])
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)
        sys.exit(code)
    """)
    result = subprocess.run([sys.executable, "-c", script, str(content)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cases/laughs.md:17:10: error: " + ALIAS.format("l0") in result.stderr
    peak_kib = int(result.stdout.strip())
    assert peak_kib < 300_000, f"peak resident memory {peak_kib:,} KiB"


@pytest.mark.parametrize("text", [
    pytest.param("a: " + "[" * 500_000 + "]" * 500_000 + "\n", id="flow-sequences"),
    pytest.param("a: " + "{b: " * 200_000 + "}" * 200_000 + "\n", id="flow-mappings"),
    pytest.param("a:\n" + "- " * 400_000 + "x\n", id="block-sequences"),
    pytest.param("".join(" " * i + "a:\n" for i in range(1_400)) + " " * 1_400 + "x\n",
                 id="block-mappings"),
    pytest.param("a: " + "[" * 500_000 + "\n", id="unclosed"),
])
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    """In a subprocess: a C stack overflow would kill the interpreter, not raise."""
    script = textwrap.dedent("""
        import sys
        from generator.read.positions import ReadError, parse_yaml
        try:
            parse_yaml(sys.stdin.read(), "content/x.yml")
        except ReadError as error:
            print(error.diagnostics[0].code)
            print(error.diagnostics[0].message)
    """)
    result = subprocess.run([sys.executable, "-c", script], input=text, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode} (-11 is a crash): {result.stderr}"
    assert result.stdout.splitlines()[0] == "yaml-too-deep", result.stdout


def test_deep_nesting_in_a_thread_with_a_small_stack_is_an_error_not_a_crash() -> None:
    script = textwrap.dedent("""
        import threading
        from generator.read.positions import ReadError, parse_yaml
        text = "a: " + "[" * 5000 + "]" * 5000
        result = []
        def run():
            try:
                parse_yaml(text, "x.yml")
            except ReadError as error:
                result.append(error.diagnostics[0].code)
        threading.stack_size(512 * 1024)
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        print(result[0])
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ})
    assert (result.returncode, result.stdout.strip()) == (0, "yaml-too-deep"), result.stderr
