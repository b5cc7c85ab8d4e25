"""`opit serve`: build, serve on 127.0.0.1, and rebuild when a source file changes."""

from __future__ import annotations

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.build import build_command

GENERATOR = Path(__file__).resolve().parent
WATCHED_CODE = [GENERATOR / "templates", GENERATOR / "theme", GENERATOR / "assets",
                GENERATOR / "i18n", GENERATOR.parent / "schemas"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def snapshot(paths: list[Path]) -> dict[Path, float]:
    """Modification times of every file under the watched paths."""
    times: dict[Path, float] = {}
    for root in paths:
        if root.is_file():
            times[root] = root.stat().st_mtime
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    times[path] = path.stat().st_mtime
    return times


def serve(content: Path, config: Path, out: Path, port: int, interval: float = 0.5) -> int:
    code = build_command(content, config, out)
    if code != 0 and not out.is_dir():
        return code
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(out.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {out} on http://127.0.0.1:{server.server_port}/ (Ctrl+C to stop)",
          file=sys.stderr, flush=True)
    watched = [content, config, *WATCHED_CODE]
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watched)
            if now != seen:
                seen = now
                print("change seen; rebuilding ...", file=sys.stderr, flush=True)
                build_command(content, config, out)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
