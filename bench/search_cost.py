"""The cost of the first search: the bytes a reader downloads, in headless Chromium or estimated."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from measure import PY, free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# --- the first search in a browser -------------------------------------------------------------


def classify(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" not in path:
        return "page (HTML, CSS, JS)"
    if name == "pagefind-entry.json":
        return "pagefind-entry.json"
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_meta"):
        return "pf_meta"
    if name.endswith(".pf_index"):
        return "index chunks"
    if name.endswith(".pf_filter"):
        return "filter files"
    if name.endswith(".pf_fragment"):
        return "fragments"
    return name


def browser_search(site: Path, query: str) -> dict:
    """Load /search/?q=<query> in headless Chromium; the path and body bytes of every response.

    `files` is what the reader downloads until the first results are shown (the search page's own
    language), `files_all` everything until the other languages' results have joined (the page
    loads them only after the first results). A URL fetched again is counted once: the browser's
    cache answers it.
    """
    from playwright.sync_api import sync_playwright

    # Tells the benchmark when the page first shows results (before the other languages).
    first_results_hook = """new MutationObserver((changes, observer) => {
      const box = document.getElementById("opit-search");
      if (box && box.dataset.firstResults === "true") {
        observer.disconnect();
        window.opitFirstResults(document.querySelectorAll("#opit-results li").length,
                                document.getElementById("opit-status").textContent);
      }
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-first-results"]});"""
    port = free_port()
    server = subprocess.Popen([PY, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("http.server did not start") from None
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        requests: list = []  # (request, made before the first results were shown)
        first: dict = {}

        def files_of(chosen: list) -> list[tuple[str, int, int]]:
            files, urls = [], set()
            for request in chosen:
                response = request.response()
                if response is None or request.url in urls:
                    continue
                urls.add(request.url)
                path = request.url.removeprefix(base).split("?")[0]
                try:
                    body = response.body()
                except Exception:  # e.g. a redirect has no body
                    body = b""
                files.append((path, len(body), _gzip_size(path, body)))
            return files

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.on("request", lambda request: requests.append((request, not first)))
                page.expose_function("opitFirstResults", lambda shown, status: first.update(
                    seconds=time.perf_counter() - started, results=shown, status=status))
                page.add_init_script(first_results_hook)
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={query}")
                page.wait_for_selector('#opit-search[data-ready="true"]', timeout=120_000)
                seconds = time.perf_counter() - started
                results = page.locator("#opit-results li").count()
                status = page.locator("#opit-status").inner_text()
                page.wait_for_load_state("networkidle")
                files = files_of([request for request, before in requests if before])
                files_all = files_of([request for request, _ in requests])
            finally:
                browser.close()
        return {"query": query, "files": files, "results": first["results"],
                "status": first["status"], "seconds": first["seconds"],
                "files_all": files_all, "results_all": results,
                "status_all": status, "seconds_all": seconds, "method": "headless Chromium"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _gzip_size(path: str, body: bytes) -> int:
    """What a compressing web server would send (Pagefind's own files are gzipped already)."""
    if path.endswith((".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind")):
        return len(body)
    return len(gzip.compress(body, 6))


def estimated_search(site: Path, query: str) -> dict:
    """Without Chromium: the files a first search loads, estimated from the bundle's files.

    `files`: the search page's own language (its WebAssembly, metadata, a median index chunk and
    the first 10 results' fragments); `files_all`: the other languages' too, and 20 fragments.
    """
    first_paint, page_size = 10, 20  # FIRST_PAINT and PAGE_SIZE in opit-search.js
    bundle = site / "pagefind"
    html = (site / "search" / "index.html").read_text("utf-8")
    match = re.search(r'<html[^>]*\slang="([^"]+)"', html)
    own = match.group(1).lower() if match else "en"
    languages = sorted({p.name.split(".")[1] for p in bundle.glob("wasm.*.pagefind")} - {"unknown"},
                       key=lambda language: language != own)

    def stored(path: Path) -> tuple[str, int]:
        return f"/pagefind/{path.relative_to(bundle)}", path.stat().st_size

    def median(paths: list[Path]) -> int:
        sizes = sorted(p.stat().st_size for p in paths)
        return sizes[len(sizes) // 2] if sizes else 0

    shared = [stored(bundle / name) for name in ("pagefind-entry.json", "pagefind.js",
                                                  "pagefind-worker.js") if (bundle / name).exists()]
    per_language = {}
    for language in languages:
        # each language's Pagefind instance reads pagefind-entry.json again (?ts=...)
        files = [stored(p) for p in bundle.glob("pagefind-entry.json")]
        files += [stored(p) for p in bundle.glob(f"wasm.{language}.pagefind")]
        files += [stored(p) for p in bundle.glob(f"pagefind.{language}_*.pf_meta")]
        files.append((f"/pagefind/index/(median {language} chunk).pf_index",
                      median(list(bundle.glob(f"index/{language}_*.pf_index")))))
        per_language[language] = files
    fragment = median(list(bundle.glob("fragment/*.pf_fragment")))
    fragments = [(f"/pagefind/fragment/(median {k}).pf_fragment", fragment) for k in range(page_size)]

    def with_gzip(files: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
        return [(path, size, size if path.endswith(("pf_meta", "pf_index", "pf_filter",
                                                    "pf_fragment", "pagefind")) else size // 3)
                for path, size in files]

    first = shared + (per_language[languages[0]] if languages else []) + fragments[:first_paint]
    everything = shared + [f for language in languages for f in per_language[language]] + fragments
    return {"query": query, "files": with_gzip(first), "results": None, "status": "",
            "seconds": None, "files_all": with_gzip(everything), "results_all": None,
            "status_all": "", "seconds_all": None, "method": "estimated from files (no Chromium)"}


def search_summary(search: dict, key: str = "files") -> dict[str, tuple[int, int, int]]:
    """Category -> (files, bytes, gzipped bytes) of search[key]: "files" until the first results
    (the page's own language), "files_all" once every language has joined."""
    summary: dict[str, tuple[int, int, int]] = {}
    for path, size, gz in search.get(key) or []:
        key = classify(path)
        count, total, total_gz = summary.get(key, (0, 0, 0))
        summary[key] = (count + 1, total + size, total_gz + gz)
    return summary


def search_bytes(search: dict) -> tuple[int, int]:
    """(bytes, gzipped bytes) of the Pagefind files the first search downloaded."""
    pagefind = [(s, g) for p, s, g in search["files"] if "/pagefind/" in p]
    return sum(s for s, _ in pagefind), sum(g for _, g in pagefind)


