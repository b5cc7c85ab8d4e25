"""YAML composed into plain data that remembers where every value came from.

YAML is composed into nodes by PyYAML's safe composer (the C one when available) and turned into
Python data here, so that nothing is ever constructed from a tag, duplicate keys are errors
instead of silent overwrites, aliases cannot expand, and every key and value keeps its line and
column. Plain scalars stay strings (YAML 1.2 style): `no` is the text "no", never `False`; the
schemas then parse dates and numbers from that text.

Over 300 lines because the fast path (_plain_data, for well-formed files) and the
position-tracking builder must accept exactly the same YAML; they are kept side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from generator.diagnostics import Diagnostic

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 32
# PyYAML's C composer recurses once per nesting level and, past some 20,000 levels (a few
# thousand in a thread with a small stack), overflows the C stack and kills the interpreter; a
# 1 MB file can nest 500,000 levels. Every collection starts at its own '[', '{', '-', '?' or
# ':', so their count bounds the depth: text with more of them than this is first measured with
# the parser's events, which do not recurse. Real content has a few hundred at most.
COMPOSE_SAFE_DEPTH = 1_000
NULLS = {"", "~", "null", "Null", "NULL"}
SAFE_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

Path_ = tuple[str | int, ...]
_SCALAR, _SEQUENCE = yaml.ScalarNode, yaml.SequenceNode
_KIND_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
              yaml.MappingNode: "tag:yaml.org,2002:map"}


class _StringLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe composer without implicit typing: every untagged scalar is a string.

    PyYAML calls `resolve` (a dozen regular expressions) for every node; a third of reading time.
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _KIND_TAGS[kind]

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Mark(NamedTuple):  # a tuple: cheap to make for every key and value
    line: int
    column: int


@dataclass
class Document:
    """One file's data, with the position of every key and value (1-based).

    A well-formed file is read without positions (most never need them); they are found from
    `source` the first time `keys`, `values` or `where` is asked for.
    """

    path: str
    data: Any
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    has_todo: bool = True  # False only when the file's text has no TODO marker at all
    source: tuple[str, int] | None = None  # (YAML text, line offset) until positions are found

    def _positions(self) -> None:
        if self.source is not None:
            text, line_offset = self.source
            tracked = _tracked(yaml.compose(text, Loader=_StringLoader), text, self.path, line_offset)
            self.key_marks, self.value_marks, self.source = tracked.keys, tracked.values, None

    @property
    def keys(self) -> dict[Path_, Mark]:
        self._positions()
        return self.key_marks

    @property
    def values(self) -> dict[Path_, Mark]:
        self._positions()
        return self.value_marks

    def where(self, loc: Path_, *, key: bool = False) -> Mark:
        """The best position for a location: the key, the value, or the nearest parent."""
        loc = tuple(loc)
        while True:
            table = (self.keys, self.values) if key else (self.values, self.keys)
            for positions in table:
                if loc in positions:
                    return positions[loc]
            if not loc:
                return Mark(1, 1)
            loc = loc[:-1]


class ReadError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.text() for d in diagnostics))
        self.diagnostics = diagnostics


def error_at(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message)



class _Builder:
    """Turns composed YAML nodes into Python data, recording positions and problems."""

    def __init__(self, shown: str, line_offset: int) -> None:
        self.shown = shown
        self.offset = line_offset
        self.keys: dict[Path_, Mark] = {}
        self.values: dict[Path_, Mark] = {}
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        mark = self.mark(node)
        self.problems.append(error_at(self.shown, mark.line, mark.column, code, message))

    def build(self, node: yaml.Node, loc: Path_ = (), depth: int = 0) -> Any:
        self.values[loc] = self.mark(node)
        if id(node) in self._seen:
            self.problem(node, "yaml-alias",
                "YAML aliases (*name) are not allowed in content; write the value out in full")
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, "yaml-too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep; flatten the structure")
            return None
        if node.tag not in SAFE_TAGS:
            self.problem(node, "yaml-tag",
                f"YAML tag '{node.tag}' is not allowed; remove it and write a plain value")
            return None
        if isinstance(node, yaml.ScalarNode):
            # A plain scalar's style is None in PyYAML and '' in its C parser.
            if not node.style and node.value in NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self._mapping(node, loc, depth)

    def _mapping(self, node: yaml.MappingNode, loc: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self._seen:  # an alias used as a key
                self.problem(key_node, "yaml-alias",
                    "YAML aliases (*name) are not allowed in content; write the value out in full")
                continue
            self._seen.add(id(key_node))
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<":
                self.problem(key_node, "yaml-merge",
                    "YAML merge keys ('<<') are not allowed; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in SAFE_TAGS:
                self.problem(key_node, "yaml-key",
                    "a key must be a plain name such as 'title', not a list or a mapping")
                continue
            key = key_node.value
            if key in result:
                first = self.keys[(*loc, key)]
                self.problem(key_node, "duplicate-key",
                    f"duplicate key '{key}' (first given on line {first.line}); "
                    "keep one and delete the other")
                continue
            self.keys[(*loc, key)] = self.mark(key_node)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


def _check_depth(text: str, shown: str, line_offset: int) -> None:
    """ReadError if values nest deeper than MAX_DEPTH, found without composing (see above)."""
    if sum(text.count(char) for char in "[{-?:") <= COMPOSE_SAFE_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.NodeEvent) and depth > MAX_DEPTH:
                mark = event.start_mark
                raise ReadError([error_at(shown, mark.line + 1 + line_offset, mark.column + 1,
                    "yaml-too-deep",
                    f"values are nested more than {MAX_DEPTH} levels deep; flatten the structure")])
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # composing reports the syntax error, with its position


def _character_error(error: yaml.reader.ReaderError, text: str, shown: str,
                     line_offset: int) -> Diagnostic:
    """A control character written as itself in the YAML, at its line and column."""
    at = error.position
    char = error.character if isinstance(error.character, str) else chr(error.character)
    what = "a NUL character" if char == "\x00" else "a control character"
    return error_at(shown, text.count("\n", 0, at) + 1 + line_offset, at - text.rfind("\n", 0, at),
                  "control-character", f"contains {what} (U+{ord(char):04X}), which is "
                  "invisible; delete it (retype the words around it if unsure)")


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Document:
    """Parse one YAML document; ReadError lists every problem found."""
    _check_depth(text, shown, line_offset)
    try:
        node = yaml.compose(text, Loader=_StringLoader)
    except yaml.MarkedYAMLError as error:
        raise ReadError([_yaml_syntax_error(error, text, shown, line_offset)]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        raise ReadError([_character_error(error, text, shown, line_offset)]) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise ReadError([error_at(shown, 1 + line_offset, 1, "yaml-syntax",
            f"invalid YAML: {error}")]) from None
    if node is None:
        return Document(shown, None)
    if "*" not in text:  # no alias can be there: positions are found only if needed
        try:
            return Document(shown, _plain_data(node), source=(text, line_offset))
        except _Unusual:
            pass
    return _tracked(node, text, shown, line_offset)


def _tracked(node: yaml.Node, text: str, shown: str, line_offset: int) -> Document:
    builder = _Builder(shown, line_offset)
    data = builder.build(node)
    if builder.problems:
        raise ReadError(_place_aliases(builder.problems, text, shown, line_offset))
    return Document(shown, data, builder.keys, builder.values)


class _Unusual(Exception):
    """Something the position-tracking builder must look at and explain."""


def _plain_data(node: yaml.Node, depth: int = 0) -> Any:
    """The data of a well-formed document, fast: no positions, and any oddity -> _Unusual."""
    if depth >= MAX_DEPTH or node.tag not in SAFE_TAGS:  # (deep ones: the builder explains)
        raise _Unusual
    kind = node.__class__
    if kind is _SCALAR:
        return None if not node.style and node.value in NULLS else node.value
    if kind is _SEQUENCE:
        return [_plain_scalar(item) if item.__class__ is _SCALAR else _plain_data(item, depth + 1)
                for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key_node.__class__ is not _SCALAR or key_node.tag not in SAFE_TAGS or key == "<<" or (
            key in result
        ):
            raise _Unusual
        if value_node.__class__ is _SCALAR:  # most values: no call deeper
            result[key] = _plain_scalar(value_node)
        else:
            result[key] = _plain_data(value_node, depth + 1)
    return result


def _plain_scalar(node: yaml.ScalarNode) -> str | None:
    if node.tag not in SAFE_TAGS:
        raise _Unusual
    return None if not node.style and node.value in NULLS else node.value


def _place_aliases(
    problems: list[Diagnostic], text: str, shown: str, line_offset: int
) -> list[Diagnostic]:
    """Point alias problems at each '*name' rather than at the anchored value it repeats.

    A composed alias is the anchored node itself, so only the parser's events know where the
    alias was written; they are read again only when a file has aliases.
    """
    if not any(problem.code == "yaml-alias" for problem in problems):
        return problems
    kept = [problem for problem in problems if problem.code != "yaml-alias"]
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            kept.append(error_at(shown, mark.line + 1 + line_offset, mark.column + 1, "yaml-alias",
                f"YAML aliases (*{event.anchor}) are not allowed in content; "
                "write the value out in full"))
    return sorted(kept)


def _yaml_syntax_error(
    error: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int
) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = (mark.line if mark else 0)
    column = (mark.column if mark else 0) + 1
    problem = error.problem or "cannot be read"
    lines = text.splitlines()
    hint = "check the indentation and that text containing ': ' or '#' is in quotes"
    if "\t" in text:
        tab_line = next(i for i, row in enumerate(lines) if "\t" in row)
        if "tab" in problem or abs(tab_line - line) <= 1:
            line, column = tab_line, lines[tab_line].index("\t") + 1
            problem, hint = "a tab character", "YAML allows only spaces for indentation"
    if "expected a single document" in f"{error.context} {problem}":
        hint = "a YAML file holds one document here; remove the extra '---' line"
    return error_at(shown, line + 1 + line_offset, column, "yaml-syntax",
                  f"invalid YAML: {problem}; {hint}")
