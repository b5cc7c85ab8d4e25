"""`opit new`: a new entry file with every key, comments that explain them, and TODO markers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from schemas.models import ENTRY_MODELS, TYPE_FOLDERS
from schemas.placeholders import TODO


def _example(value: str) -> str:
    """A fact to write: TODO, with an example in a comment beside it."""
    return f"{TODO}  # example: {value}"


def _one_of(choices: str) -> str:
    """A choice to make: TODO, with the choices in a comment beside it."""
    return f"{TODO}  # one of: {choices}"


# A YAML value per key. Required keys are written out; optional ones are commented. Every fact
# is a TODO (an example beside it), so nothing in a new file passes validation until a
# contributor writes it: only the type, the language asked for and a given title are filled in.
EXAMPLES: dict[str, str] = {
    "type": "{type}",
    "title": "{title}",  # already quoted by scaffold()
    "summary": (
        f'"{TODO}: two or three plain sentences on what was done and what others can learn."'
    ),
    "language": "{language}  # fi, sv or en",
    "themes": f"\n  - {_example('digital-services')}",
    "organisations": f"\n  - {_example('ministry-of-finance')}",
    "published": _example("{today}"),
    "updated": _example("{today}"),
    "sources": (
        f'\n  - title: "{TODO}: title of the report, article or talk"'
        f"\n    publisher: {_example('Ministry of Finance')}"
        f"\n    url: {_example('https://vm.fi/')}"
        f"\n    date: {_example('2023-01-26')}"
    ),
    "links": (
        f'\n  - title: "{TODO}: what the link is, in a few words"'
        f"\n    url: {_example('https://example.org/recording')}"
        f"\n    kind: {_one_of('recording, slides, report, article, website, dataset, other')}"
    ),
    "related": f"\n  - {_example('another-entry-id')}",
    "keywords": f"\n  - {_example('mentoring')}",
    "license": _example("CC-BY-4.0"),
    "translations": (
        f"\n  fi: {_example('entry-id-in-finnish')}\n  sv: {_example('entry-id-in-swedish')}"
    ),
    "year": _example("{year}"),
    "period": f"\n  start: {_example('2021-09')}\n  end: {_example('2022-01')}",
    "level_of_government": _one_of("national, regional, local, cross-government"),
    "stage": _one_of("identifying-problems, generating-ideas, developing-proposals, "
                     "implementing, evaluating, diffusing-lessons"),
    "series": _example("series-id"),
    "methods": f"\n  - {_example('service design')}\n  - {_example('user interviews')}",
    "lessons": f'\n  - "{TODO}: one thing you learned, as a sentence."',
    "challenges_and_failures": f'\n  - "{TODO}: what went wrong or was hard."',
    "conditions_for_success": f'\n  - "{TODO}: what has to be in place for this to work."',
    "replication": f'"{TODO}: could others repeat it, and how."',
    "addresses": f"\n  - {_example('workshop-id#finding-id')}",
    "date": _example("{today}"),
    "start_time": _example('"13:00"'),
    "format": _one_of("in-person, online, hybrid"),
    "participants": f"\n  count: {_example('40')}",
    "findings": (
        f"\n  - id: {_example('shared-data-model')}"
        f'\n    statement: "{TODO}: the finding in one or two plain sentences."'
        f"\n    barrier: {_one_of('regulation, resources, operating-model, data, skills, other')}"
        f'\n    proposals:\n      - "{TODO}: what was proposed."'
        f"\n    status: {_one_of('open, in-progress, adopted, dropped')}"
    ),
    "speakers": (
        f"\n  - organisation: {_example('ministry-of-finance')}"
        f"\n    role: {_example('programme director')}"
    ),
    "takeaways": f'\n  - "{TODO}: one thing to take away, as a sentence."',
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
    lines = ["---", f"# A new {entry_type}. Replace every TODO with the real value (the comment",
             "# beside it shows an example or the choices). Optional keys are commented out:",
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
    path = content_dir / TYPE_FOLDERS[entry_type] / f"{slug}.md"
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(scaffold(entry_type, title, language=language))
    return path
