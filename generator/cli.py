"""The `opit` command: small verbs over the content pipeline.

It parses arguments, calls the library and prints; it is the one module that prints. It is over
300 lines because each verb's few lines of wording and its argparse definition sit together.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.diagnostics import Diagnostic, format_report
from schemas.models import ENTRY_TYPES
from schemas.types import LANGUAGES

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = handler
        return handler

    return register


def _selected(diagnostics: list[Diagnostic], paths: Sequence[str]) -> list[Diagnostic]:
    if not paths:
        return diagnostics
    # os.path.realpath, unlike Path.resolve, does not raise on a symlink loop
    wanted = [Path(os.path.realpath(p)) for p in paths]
    return [
        d for d in diagnostics
        if any((found := Path(os.path.realpath(d.path))) == w or w in found.parents
               for w in wanted)
    ]


def report(diagnostics: list[Diagnostic], fmt: str, strict: bool) -> int:
    """Print diagnostics; 1 if any error (or any warning with --strict), else 0."""
    text = format_report(diagnostics, fmt)
    if text:
        print(text, file=sys.stdout if fmt != "text" else sys.stderr)
    elif fmt == "json":
        print("[]")
    failing = [d for d in diagnostics if d.severity == "error" or strict]
    return 1 if failing else 0


@command("validate")
def _validate(args: argparse.Namespace) -> int:
    from generator.catalog.load import load_catalog

    catalog = load_catalog(Path(args.content))
    diagnostics = _selected(catalog.diagnostics, args.paths)
    diagnostics += [
        Diagnostic(path, 1, 1, "error", "no-such-path",
                   "no such file or folder; check the path, or give none to check all of content/")
        for path in args.paths if not os.path.lexists(path)
    ]
    code = report(diagnostics, args.format, args.strict)
    if code == 0 and args.format == "text":
        print(f"ok: {len(catalog.entries)} entries, {len(catalog.organisations)} organisations, "
              f"{len(catalog.themes)} themes, {len(catalog.series)} series", file=sys.stderr)
    return code


@command("new")
def _new(args: argparse.Namespace) -> int:
    from generator.intake.scaffold import new_entry
    from schemas.ids import ENTRY_ID_RULE, is_entry_id, slugify

    if not is_entry_id(args.slug):
        fixed = slugify(args.slug)
        example = fixed if is_entry_id(fixed) and fixed != args.slug else "espoo-chatbot-pilot"
        print(f"error: '{args.slug}' is not a valid id; use {ENTRY_ID_RULE}, e.g. {example}",
              file=sys.stderr)
        return 2
    try:
        path = new_entry(Path(args.content), args.type, args.slug, args.title, args.language)
    except FileExistsError as error:
        print(f"error: {error} already exists; pick another id or edit that file",
              file=sys.stderr)
        return 1
    print(f"wrote {path}: fill in the TODOs, then run: opit validate {path}")
    return 0


@command("schema")
def _schema(args: argparse.Namespace) -> int:
    from schemas.jsonschema import JSON_DIR, stale_files, write_schemas

    if args.check:
        stale = stale_files()
        for name in stale:
            print(f"{JSON_DIR / name}: out of date with schemas/models.py; run: opit schema",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas():
        print(f"wrote {path}")
    return 0


def _unknown_builder(args: argparse.Namespace) -> bool:
    """True after saying on stderr that --builder or extra.opit.builder names no builder."""
    from generator.builders import BUILDER_NAMES, UnknownBuilder, builder_for, names_text
    from generator.config import ConfigError, load_config

    if args.builder is not None:
        if args.builder in BUILDER_NAMES:
            return False
        print(f"error: --builder {args.builder}: unknown builder; use one of: {names_text()}",
              file=sys.stderr)
        return True
    try:
        builder_for(load_config(Path(args.config)))
    except ConfigError:
        return False  # the build says what is wrong with the file
    except UnknownBuilder as error:
        print(f"error: {error.reason}", file=sys.stderr)
        return True
    return False


@command("build")
def _build(args: argparse.Namespace) -> int:
    """SIGTERM or SIGINT stops the builder and Pagefind too and exits 128 + signal."""
    from generator.config import ConfigError
    from generator.errors import BuildError, ContentError
    from generator.pipeline.build import build_site, load_valid
    from generator.pipeline.messages import built, not_loaded, step_failed
    from generator.system import children

    if _unknown_builder(args):
        return 2
    out, config_path = Path(args.out), Path(args.config)
    started = time.perf_counter()
    with children.stop_children_on_signals():
        try:
            config, catalog = load_valid(Path(args.content), config_path)
        except (ConfigError, ContentError) as error:
            print(not_loaded(error, f"{out} was not changed"), file=sys.stderr)
            return 1
        for warning in config.warnings:
            print(warning, file=sys.stderr)
        if catalog.diagnostics:
            print(format_report(catalog.diagnostics, "text"), file=sys.stderr)
        validated = time.perf_counter() - started
        try:
            result = build_site(catalog, config, out, args.check_links, args.builder)
        except BuildError as error:
            print(step_failed(error, config_path, out), file=sys.stderr)
            return 1
    print(built(result, validated, time.perf_counter() - started), file=sys.stderr)
    return 0


@command("export")
def _export(args: argparse.Namespace) -> int:
    from generator.catalog.load import load_catalog
    from generator.config import ConfigError, load_config
    from generator.opendata.export import write_exports

    catalog = load_catalog(Path(args.content))
    if report(catalog.diagnostics, "text", strict=False):
        return 1
    try:
        config = load_config(Path(args.config))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    written = write_exports(catalog, config, Path(args.out))
    print(f"wrote {len(written)} open-data files to {args.out}", file=sys.stderr)
    return 0


@command("serve")
def _serve(args: argparse.Namespace) -> int:
    from generator.serve.serve import serve

    if _unknown_builder(args):
        return 2
    return serve(Path(args.content), Path(args.config), Path(args.out), args.port,
                 builder=args.builder)


@command("from-issue")
def _from_issue(args: argparse.Namespace) -> int:
    """0 and the new file's path on standard output, or 1 and what to fix."""
    from generator.intake.from_issue import FormError, entry_from_issue, write_entry

    issue_file = args.issue_body
    try:
        raw = sys.stdin.buffer.read() if issue_file == "-" else Path(issue_file).read_bytes()
        body = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {issue_file}: {error}", file=sys.stderr)
        return 1
    try:
        entry = entry_from_issue(body, Path(args.content), args.type,
                                 Path(args.out) if args.out else None)
        write_entry(entry)
    except FormError as error:
        for problem in error.problems:
            print(problem.text(), file=sys.stderr)
        print(f"{len(error.problems)} error(s); no file written. Edit the issue's answers and "
              "try again.", file=sys.stderr)
        return 1
    except FileExistsError:
        print(f"error: {entry.path} already exists; it is never overwritten", file=sys.stderr)
        return 1
    for warning in entry.warnings:
        print(warning.text(), file=sys.stderr)
    print(entry.path)
    return 0


@command("check-links")
def _check_links(args: argparse.Namespace) -> int:
    from generator.pipeline.linkcheck import check_links

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"error: {site} is not a built site (no index.html); run opit build first",
              file=sys.stderr)
        return 2
    problems = check_links(site)
    for problem in problems:
        print(f"{site}/{problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} broken link(s) in {site}", file=sys.stderr)
        return 1
    print(f"ok: no broken internal links or fragments in {site}", file=sys.stderr)
    return 0


def _add_builder_option(verb: argparse.ArgumentParser) -> None:
    from generator.builders import BUILDERS, DEFAULT_BUILDER

    named = "; ".join(f"{name}: {what}" for name, what in BUILDERS.items())
    verb.add_argument("--builder", metavar="NAME",
                      help=f"what turns the pages into HTML ({named}); default: extra.opit.builder "
                           f"in the configuration, else {DEFAULT_BUILDER}")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="opit", description=__doc__)
    top.add_argument("--content", default="content", help="content folder (default: content)")
    verbs = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = verbs.add_parser("validate", help="check content and report every problem")
    check.add_argument("paths", nargs="*", help="only report on these files or folders")
    check.add_argument("--format", choices=["text", "github", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--content", default=argparse.SUPPRESS, help="content folder")

    new = verbs.add_parser("new", help="write a new entry file to fill in")
    new.add_argument("type", choices=ENTRY_TYPES)
    new.add_argument("slug", help="the entry id and file name, e.g. espoo-chatbot-pilot")
    new.add_argument("--title", help="the entry's title")
    new.add_argument("--language", choices=LANGUAGES, default="en",
                     help="the language the entry is written in (default: en)")

    build = verbs.add_parser("build", help="build the site: validate, pages, search, open data")
    build.add_argument("--content", default=argparse.SUPPRESS, help="content folder")
    build.add_argument("--out", default="site", help="output folder (default: site)")
    build.add_argument("--config", default="site_config.yml", help="site configuration")
    build.add_argument("--check-links", action="store_true",
                       help="fail if an internal link or #fragment in the built site is broken")
    _add_builder_option(build)

    serve = verbs.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on changes")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks one)")
    serve.add_argument("--content", default=argparse.SUPPRESS, help="content folder")
    serve.add_argument("--out", default="site", help="output folder (default: site)")
    serve.add_argument("--config", default="site_config.yml", help="site configuration")
    _add_builder_option(serve)

    schema = verbs.add_parser("schema", help="write JSON Schemas to schemas/json/")
    schema.add_argument("--check", action="store_true", help="exit 1 if they are out of date")

    export = verbs.add_parser("export", help="write the open data (API, CSV, feeds, DCAT) only")
    export.add_argument("--out", required=True, help="output folder (the site root)")
    export.add_argument("--content", default=argparse.SUPPRESS, help="content folder")
    export.add_argument("--config", default="site_config.yml", help="site configuration")

    issue = verbs.add_parser("from-issue", help="turn an issue form's answers into an entry")
    issue.add_argument("issue_body", metavar="ISSUE_BODY_FILE",
                       help="the issue's Markdown body as GitHub renders it ('-' reads stdin)")
    issue.add_argument("--type", choices=ENTRY_TYPES,
                       help="the form that was used (default: recognised from the answers)")
    issue.add_argument("--out", help="write here instead of content/<type>s/<id>.md")
    issue.add_argument("--content", default=argparse.SUPPRESS,
                       help="content folder (default: content)")

    links = verbs.add_parser("check-links",
                             help="check that every internal link and #fragment of a built site "
                                  "resolves")
    links.add_argument("site", nargs="?", default="site", help="the built site (default: site)")

    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
