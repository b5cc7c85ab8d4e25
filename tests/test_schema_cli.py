"""`opit schema`: the committed JSON Schemas are exactly what the Pydantic models give.

The schemas in schemas/json/ are generated, never edited by hand. `opit schema --check` (run
here as a subprocess) fails when someone changes the models and forgets to regenerate them. The
schemas are also what an editor uses to check the registries, so they must accept valid content
and reject unknown keys.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import schemas.jsonschema
from generator import cli
from schemas.jsonschema import JSON_DIR, schema_documents, stale_files, write_schemas
from schemas.models import ENTRY_MODELS, REGISTRY_MODELS
from tests.support import MINIMAL, run_opit

NAMES = sorted(f"{name}.schema.json" for name in [*ENTRY_MODELS, *REGISTRY_MODELS])


def as_editor_reads(value: Any) -> Any:
    """YAML as a schema-aware editor sees it: dates are text (YAML 1.2), not date objects."""
    if isinstance(value, dict):
        return {key: as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((JSON_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, data: Any) -> list[str]:
    return [error.message for error in validator(name).iter_errors(as_editor_reads(data))]


# ---------------------------------------------------------------------------------------------
# The check.
# ---------------------------------------------------------------------------------------------


def test_opit_schema_check_passes_on_the_committed_schemas() -> None:
    result = run_opit("schema", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_committed_schemas_are_exactly_what_the_models_give() -> None:
    assert sorted(path.name for path in JSON_DIR.glob("*.schema.json")) == NAMES
    assert stale_files() == []


def test_opit_schema_check_fails_and_names_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_schemas(tmp_path)
    (tmp_path / "theme.schema.json").unlink(missing_ok=True)
    (tmp_path / "themes.schema.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(schemas.jsonschema, "stale_files", lambda: stale_files(tmp_path))
    assert cli.main(["schema", "--check"]) == 1
    assert capsys.readouterr().err == (
        f"{JSON_DIR / 'themes.schema.json'}: out of date with schemas/models.py; "
        "run: opit schema\n")


def test_a_missing_or_edited_schema_file_is_stale(tmp_path: Path) -> None:
    assert sorted(stale_files(tmp_path)) == NAMES  # nothing written yet
    write_schemas(tmp_path)
    assert stale_files(tmp_path) == []
    case = tmp_path / "case.schema.json"
    case.write_text(case.read_text(encoding="utf-8").replace("5-160", "5-200"), encoding="utf-8")
    (tmp_path / "series.schema.json").unlink()
    assert sorted(stale_files(tmp_path)) == ["case.schema.json", "series.schema.json"]


def test_writing_the_schemas_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in write_schemas(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_schemas(tmp_path / "b")}
    assert first == second
    assert sorted(first) == NAMES


# ---------------------------------------------------------------------------------------------
# The schemas themselves.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_draft_2020_12_json_schema(name: str) -> None:
    schema = json.loads(schema_documents()[name])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", sorted(REGISTRY_MODELS))
def test_the_registries_of_the_minimal_fixture_match_their_schema(name: str) -> None:
    data = yaml.safe_load((MINIMAL / f"{name}.yml").read_text(encoding="utf-8"))
    assert errors(name, data) == []


@pytest.mark.parametrize("folder, name", [
    ("cases", "case"), ("workshops", "workshop"), ("events", "event")])
def test_the_front_matter_of_the_minimal_fixture_matches_its_schema(folder: str, name: str) -> None:
    for path in sorted((MINIMAL / folder).glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n")[1]
        assert errors(name, yaml.safe_load(front)) == [], path.name


def test_an_editor_flags_an_unknown_key_in_a_registry() -> None:
    data = [{"id": "digital-services", "name": {"en": "Digital services"}, "descripton": "x"}]
    assert errors("themes", data) == [
        "Additional properties are not allowed ('descripton' was unexpected)"]


def test_an_editor_flags_a_value_outside_the_allowed_list() -> None:
    data = [{"id": "example-city", "name": {"en": "Example City"}, "type": "town"}]
    [message] = errors("organisations", data)
    assert message.startswith("'town' is not one of ['ministry', 'agency', 'municipality'")


def test_an_editor_flags_a_business_id_in_the_wrong_shape() -> None:
    data = [{"id": "example-city", "name": {"en": "Example City"}, "type": "municipality",
             "business_id": "12345671"}]
    assert errors("organisations", data) == [
        "'12345671' is not valid under any of the given schemas"]  # a Business ID, or null
