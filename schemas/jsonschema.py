"""Export the Pydantic models as JSON Schema files (schemas/json/<name>.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.models import ENTRY_MODELS, REGISTRY_MODELS

JSON_DIR = Path(__file__).resolve().parent / "json"


def schema_documents() -> dict[str, str]:
    """File name -> JSON text, for every entry type and registry."""
    models = {**{name: model for name, model in ENTRY_MODELS.items()}, **REGISTRY_MODELS}
    documents = {}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **schema,
        }
        if name in ENTRY_MODELS:
            schema["title"] = f"Opit {name} (front matter)"
        documents[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return documents


def stale_files(directory: Path = JSON_DIR) -> list[str]:
    """Names of schema files that are missing or differ from what the models give."""
    return [
        name
        for name, text in schema_documents().items()
        if not (directory / name).is_file() or (directory / name).read_text("utf-8") != text
    ]


def write_schemas(directory: Path = JSON_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
