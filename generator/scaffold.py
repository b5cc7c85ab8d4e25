"""`opit new`: a new entry file with every key, comments that explain them, and TODO markers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from schemas.models import ENTRY_FOLDERS, ENTRY_MODELS

TODO = "TODO"

# A YAML example per key. Required keys are written out; optional ones are commented.
EXAMPLES: dict[str, str] = {
    "type": "{type}",
    "title": "{title}",  # already quoted by scaffold()
    "summary": (
        f'"{TODO}: two or three plain sentences on what was done and what others can learn."'
    ),
    "language": "{language}  # fi, sv or en",
    "themes": f"\n  - {TODO}  # a theme id from content/themes.yml",
    "organisations": f"\n  - {TODO}  # an organisation id from content/organisations.yml",
    "published": "{today}",
    "updated": "{today}",
    "sources": (
        f'\n  - title: "{TODO}: title of the report, article or talk"'
        "\n    publisher: Ministry of Finance"
        "\n    url: https://vm.fi/"
        "\n    date: 2023-01-26"
    ),
    "links": (
        "\n  - title: Recording of the event\n    url: https://example.org/\n    kind: recording"
    ),
    "related": "\n  - another-entry-id",
    "keywords": "\n  - mentoring",
    "license": "CC-BY-4.0",
    "translations": "\n  fi: entry-id-in-finnish\n  sv: entry-id-in-swedish",
    "year": "{year}",
    "period": "\n  start: 2021-09\n  end: 2022-01",
    "level_of_government": "local  # national, regional, local or cross-government",
    "stage": "implementing  # identifying-problems, generating-ideas, developing-proposals, "
    "implementing, evaluating, diffusing-lessons",
    "series": "series-id",
    "methods": "\n  - service design\n  - user interviews",
    "lessons": f'\n  - "{TODO}: one thing you learned, as a sentence."',
    "challenges_and_failures": '\n  - "What went wrong or was hard."',
    "conditions_for_success": '\n  - "What has to be in place for this to work."',
    "replication": '"Could others repeat it, and how."',
    "addresses": "\n  - workshop-id#finding-id",
    "date": "{today}",
    "start_time": '"13:00"',
    "format": "online  # in-person, online or hybrid",
    "participants": "\n  count: 40",
    "findings": (
        f'\n  - id: {TODO}  # a short id, e.g. shared-data-model'
        f'\n    statement: "{TODO}: the finding in one or two plain sentences."'
        "\n    barrier: regulation  # regulation, resources, operating-model, data, skills, other"
        '\n    proposals:\n      - "What was proposed."'
        "\n    status: open  # open, in-progress, adopted, dropped"
    ),
    "speakers": "\n  - organisation: organisation-id\n    role: programme director",
    "takeaways": '\n  - "One thing to take away, as a sentence."',
}

BODY = f"""
{TODO}: Tell the story in plain language, in a few paragraphs. What was the situation, what was
done, what happened? Write so that someone in another organisation can learn from it, and name
your sources above. Delete this paragraph when you are done.
"""


def scaffold(entry_type: str, title: str | None = None, today: date | None = None,
             language: str = "en") -> str:
    today = today or date.today()
    model = ENTRY_MODELS[entry_type]  # type: ignore[index]
    values = {
        "type": entry_type,
        # A JSON string is a valid double-quoted YAML string: quotes and backslashes escaped.
        "title": json.dumps(title or f"{TODO}: a title that says what was learned",
                            ensure_ascii=False),
        "today": today.isoformat(),
        "year": str(today.year),
        "language": language,
    }
    lines = ["---", f"# A new {entry_type}. Replace every TODO. Optional keys are commented out:",
             "# delete the '# ' before a key to use it. Then check it: opit validate"]
    for name, info in model.model_fields.items():
        if name == "type":
            continue
        example = EXAMPLES[name].format(**values)
        required = info.is_required()
        lines.append(f"# {'' if required else '(optional) '}{info.description or name}")
        if required:
            lines.append(f"{name}: {example}".replace(": \n", ":\n"))
        else:
            block = f"{name}: {example}".replace(": \n", ":\n")
            lines.extend(f"# {row}" for row in block.splitlines())
    lines.append("---")
    return "\n".join(lines) + "\n" + BODY


def new_entry(content_dir: Path, entry_type: str, slug: str, title: str | None,
              language: str = "en") -> Path:
    folder = next(f for f, t in ENTRY_FOLDERS.items() if t == entry_type)
    path = content_dir / folder / f"{slug}.md"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(scaffold(entry_type, title, language=language))
    return path
