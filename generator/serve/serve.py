"""`opit serve`: build, serve on 127.0.0.1, and show each change within seconds.

A change to content updates only the pages whose text changed: the catalog is loaded again (only
changed files are read again), every page's Markdown is rendered in memory and compared with what
is served, and the builder builds just the changed pages (with the pages its navigation names),
which then replace their old versions one file at a time. After that a complete
`opit build` runs in the background: it brings the search index, the open data and the sitemap up
to date and swaps the whole site in. A newer change stops it and starts over. A change to the
configuration, the theme, the templates or the schemas rebuilds everything.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.builders import Builder, UnknownBuilder, builder_for
from generator.catalog.catalog import Catalog
from generator.catalog.dates import source_date_epoch
from generator.config import ConfigError, SiteConfig
from generator.diagnostics import format_report
from generator.errors import BuildError, BuildIOError, BuildStepError, ContentError
from generator.pipeline.build import build_site, load_valid
from generator.pipeline.messages import built, not_loaded, step_failed
from generator.read.content_folder import ReadCache
from generator.render.render import digest, page_texts
from generator.system import children

GENERATOR = Path(__file__).resolve().parents[1]
WATCHED_CODE = [GENERATOR / "render" / "templates", GENERATOR / "builders",
                GENERATOR / "render" / "assets",
                GENERATOR / "render" / "i18n", GENERATOR.parent / "schemas"]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site. A path with no file (or a folder with no index.html) is a 404 with
    the site's own 404 page: the nearest 404.html above the path (a language folder's, such as
    fi/404.html, before the root one), or a plain 404 while the site has none. A file that goes
    away or changes while it is looked up (a rebuild swaps pages in) is such a 404 too, never an
    error in the server.

    The site is also served under its site_url's path (/opit/ for https://x.github.io/opit/):
    the builder links the 404 page's stylesheets and scripts from there."""

    def __init__(self, *args: Any, site_path: Callable[[], str] = lambda: "/",
                 **kwargs: Any) -> None:
        self.site_path = site_path  # set before the base class handles the request
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        prefix = self.site_path()
        if prefix != "/" and (path + "/").startswith(prefix):  # "/opit" too: it redirects
            path = "/" + path[len(prefix):]
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        try:
            return super().send_head()
        except ConnectionError:
            raise
        except OSError:  # found, then gone (or a folder now) before it was read
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """A folder is not a page: the published site answers 404 for it, and so does this."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        body = self.not_found_page() if code == HTTPStatus.NOT_FOUND else None
        if body is None:
            super().send_error(code, message, explain)
            return
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found_page(self) -> bytes | None:
        """The nearest 404.html at or above the requested folder, or None if there is none.

        The builder links its 404 page's stylesheets and scripts from the site root, so the page
        works from any unknown URL."""
        root = Path(self.directory)
        requested = self.translate_path(self.path)  # inside root: it drops '..'
        folder = Path(requested) if requested.endswith("/") else Path(requested).parent
        for candidate in [folder, *folder.parents]:
            if not candidate.is_relative_to(root):
                break
            with contextlib.suppress(OSError):  # none here, or gone meanwhile: look further up
                return (candidate / "404.html").read_bytes()
        return None


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: tuple) -> None:
        """One line, not a traceback: a browser that closed the connection is no error."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            say(f"error: serving a request from {client_address[0]}: {error!r}")


def snapshot(paths: list[Path]) -> dict[Path, float]:
    """Modification times of every regular file under the watched paths.

    A file or folder that goes away while it is looked at is left out (it is a change the next
    look sees); os.walk skips folders it cannot list and does not follow links to folders.
    """
    times: dict[Path, float] = {}
    for root in paths:
        for folder, folders, names in os.walk(root) if root.is_dir() else [("", [], [root])]:
            folders[:] = [name for name in folders if name != "__pycache__"]
            for name in names:
                path = Path(folder, name)
                try:
                    status = path.stat()
                except OSError:
                    continue
                if stat.S_ISREG(status.st_mode):
                    times[path] = status.st_mtime
    return times


class LiveSite:
    """The served site and what is needed to update it: the read cache and each page's digest."""

    def __init__(self, content: Path, config_path: Path, out: Path,
                 builder: str | None = None) -> None:
        self.content, self.config_path, self.out = content, config_path, out
        self.builder = builder  # None: extra.opit.builder, read again at each build
        self.cache = ReadCache()
        self.digests: dict[str, bytes] | None = None  # None: unknown, the next change builds all
        self.background: subprocess.Popen | None = None
        self.stopped: weakref.WeakSet[subprocess.Popen] = weakref.WeakSet()
        self.site_path = "/"  # site_url's path, as of the last configuration read

    def build_all(self) -> bool:
        self.stop_background()
        gc.unfreeze()  # the last catalog's objects may be freed now
        self.digests = None
        started = time.perf_counter()
        loaded = self._load(f"{self.out} was not changed")
        if loaded is None:
            return False
        validated = time.perf_counter() - started
        config, catalog = loaded
        try:
            report = build_site(catalog, config, self.out, builder=self.builder)
        except BuildError as error:
            say(step_failed(error, self.config_path, self.out))
            return False
        say(built(report, validated, time.perf_counter() - started))
        self.digests = report.digests
        return True

    def _load(self, unchanged: str) -> tuple[SiteConfig, Catalog] | None:
        """The configuration and the catalog, or None after saying what is wrong."""
        try:
            config, catalog = load_valid(self.content, self.config_path, self.cache)
        except (ConfigError, ContentError) as error:
            say(not_loaded(error, unchanged))
            return None
        self.site_path = urlsplit(config.url).path or "/"
        if catalog.diagnostics:
            say(format_report(catalog.diagnostics, "text"))
        return config, catalog

    def update(self) -> None:
        """Rebuild the pages whose text changed; then refresh everything in the background."""
        if self.digests is None:
            self.build_all()
            return
        started = time.perf_counter()
        self.stop_background()
        gc.unfreeze()
        loaded = self._load("the served site was not changed")
        if loaded is None:
            return
        config, catalog = loaded
        try:
            builder = builder_for(config, self.builder)
        except UnknownBuilder as error:
            say(f"error: {error.reason}; the served site was not changed")
            return
        nav = set(builder.nav_pages)
        digests: dict[str, bytes] = {}
        changed: dict[str, str] = {}
        nav_texts: dict[str, str] = {}
        for path, text in page_texts(catalog, config):
            digests[path] = digest(text)
            if self.digests.get(path) != digests[path]:
                changed[path] = text
            if path in nav:
                nav_texts[path] = text
        removed = [path for path in self.digests if path not in digests]
        try:
            self._replace_pages(builder, config, changed, nav_texts, removed,
                                source_date_epoch(catalog))
        except BuildStepError as error:
            say(step_failed(error, self.config_path, self.out))
            return
        except OSError as error:  # a full disk, a folder gone: some pages may be the old ones
            problem = BuildIOError.of("update", error, self.out)
            say(f"error: update: {problem.path}: {problem.why}\nstill serving the previous "
                "pages; the next change rebuilds everything")
            self.digests = None
            return
        self.digests = digests
        say(f"updated {len(changed)} page(s) and removed {len(removed)} in "
            f"{time.perf_counter() - started:.1f}s; updating search and open data in the "
            "background ...")
        self.start_background()

    def _replace_pages(self, builder: Builder, config: SiteConfig, changed: dict[str, str],
                       nav_texts: dict[str, str], removed: list[str], epoch: str) -> None:
        work = self.out.parent / f".{self.out.name}.update-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        try:
            if changed:
                site = builder.build_pages(config, {**nav_texts, **changed}, work, epoch)
            for path in changed:
                target = self.out / path / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(site / path / "index.html", target)
            for path in removed:
                (self.out / path / "index.html").unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # left if something else is in it
                    (self.out / path).rmdir()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def start_background(self) -> None:
        started = time.perf_counter()
        try:
            process = children.popen(  # its own process group; it dies with `opit serve`
                [sys.executable, "-m", "generator", "--content", str(self.content), "build",
                 "--config", str(self.config_path), "--out", str(self.out),
                 *(["--builder", self.builder] if self.builder else [])],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
        except OSError as error:
            say(f"error: cannot start the background build: {error.strerror}; "
                "search may be out of date")
            return
        self.background = process

        def report() -> None:
            _, output = process.communicate()
            if process.returncode == 0:
                say(f"search and open data are up to date ({time.perf_counter() - started:.1f}s)")
            elif process not in self.stopped:  # not stopped by a newer change
                say(f"error: the background build failed; search may be out of date:\n{output}")

        threading.Thread(target=report, daemon=True).start()

    def stop_background(self) -> None:
        process, self.background = self.background, None
        if process is not None and process.poll() is None:
            # An interrupted build leaves the served site as it was (see build.py); SIGTERM
            # makes it stop its builder and Pagefind too (children.stop_children_on_signals).
            self.stopped.add(process)
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except ProcessLookupError:  # it finished meanwhile
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def serve(content: Path, config: Path, out: Path, port: int, interval: float = 0.5,
          builder: str | None = None) -> int:
    live = LiveSite(content, config, out, builder)
    code = [config, *WATCHED_CODE]
    # Taken before the first build, so that a change saved while it runs is not missed.
    seen_content, seen_code = snapshot([content]), snapshot(code)
    if not live.build_all() and not out.is_dir():
        return 1
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(out.resolve()),
                                site_path=lambda: live.site_path)
    server = QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    also = f", also under {live.site_path}" if live.site_path != "/" else ""
    say(f"serving {out} on http://127.0.0.1:{server.server_port}/{also} (Ctrl+C to stop)")
    try:
        while True:
            time.sleep(interval)
            now_content, now_code = snapshot([content]), snapshot(code)
            if now_code != seen_code:
                which = sorted(str(p) for p in now_code.keys() ^ seen_code.keys() | {
                    p for p in now_code.keys() & seen_code.keys() if now_code[p] != seen_code[p]})
                seen_content, seen_code = now_content, now_code
                say(f"{which[0]} changed; rebuilding everything ...")
                live.build_all()
            elif now_content != seen_content:
                seen_content = now_content
                say("change seen; rebuilding the changed pages ...")
                live.update()
    except KeyboardInterrupt:
        return 0
    finally:
        live.stop_background()
        server.shutdown()
