#!/usr/bin/env python3
"""Benchmark: synthetic sites of 1,000 and 10,000 entries against bare MkDocs + Material.

Prints, for each size: validation time, full build time, peak memory of the whole
process tree (workers included), output size and page count; then the same page
count built by bare mkdocs-material (search plugin on, entries outside the nav).

    python scripts/benchmark.py                 # 1,000 and 10,000 entries
    python scripts/benchmark.py --sizes 1000    # one size
    python scripts/benchmark.py --photos 1000   # with generated phone photos
    python scripts/benchmark.py --honours 2000  # one honour roll of 2,000 recipients: PDF time and size
    python scripts/benchmark.py --weight-only   # page weight of the sample site only (a few seconds)

Page weight: the home page, a person page and the search page with a query, as a phone's
Chromium fetches them on a first visit from a server that gzips text as static hosts do: every
response (fonts, images and favicon included), bytes as sent and uncompressed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from dienhinh.publish import folder_size  # noqa: E402
from dienhinh.synthetic import generate  # noqa: E402

CACHE = ROOT / ".cache" / "benchmark"
TODAY = "2026-11-21"  # every build of a run as on the same day
GZIPPED = {".html", ".js", ".css", ".json", ".svg", ".xml"}  # what static hosts compress on the fly


def _memory(pid: int) -> int:
    """Proportional set size: pages shared with forked workers are counted once across the tree
    (summing RSS would count a parent's memory again in every worker)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root_pid: int) -> int:
    """Memory (PSS) of a process and all its descendants, in bytes."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    family, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                frontier.append(pid)
    total = 0
    for pid in family:
        try:
            total += _memory(pid)
        except OSError:
            continue
    return total


def environment(extra: dict | None = None) -> dict:
    """The commands run as on a staff member's machine: Python keeps the compiled code of dienhinh (a sandbox
    or CI may set PYTHONDONTWRITEBYTECODE, and every run then compiles the package again: 0.35 s)."""
    found = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**found, **(extra or {})}


def measure(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Wall time and peak tree memory of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment(env), text=True)
    peak = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(0.2)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, err = process.communicate()
    stop.set()
    poller.join()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{out}\n{err[-3000:]}")
    return {"seconds": elapsed, "peak_mb": peak / 1e6, "stderr": err}


def project_for(size: int, photos: int) -> Path:
    """Generated content is cached between runs; configuration, theme and templates always come
    fresh from the repository, so the benchmark measures the code as it is now."""
    target = CACHE / f"site-{size}-{photos}"
    marker = target / ".generated"
    if not marker.exists():
        print(f"  tạo nội dung giả lập: {size} mục, {photos} ảnh …", flush=True)
        generate(target, size, photos=photos)
        (target / "build" / "docs").mkdir(parents=True, exist_ok=True)
        marker.write_text("ok")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("theme", "templates"):
        if (target / folder).exists():
            shutil.rmtree(target / folder)
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, target / folder)
    return target


def bare_project(pages: int) -> Path:
    """The same number of pages, each with comparable text, for bare MkDocs + Material."""
    target = CACHE / f"bare-{pages}"
    marker = target / ".generated"
    if marker.exists():
        return target
    docs = target / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    paragraph = ("Đoàn viên công đoàn đã chủ động áp dụng giải pháp giúp tiết kiệm chi phí, nâng cao năng suất "
                 "và bảo đảm an toàn lao động tại cơ sở, được nhân rộng trong toàn tỉnh. ") * 4
    (docs / "index.md").write_text("# Trang chủ\n\n" + paragraph, encoding="utf-8")
    for number in range(1, pages):
        (docs / f"trang-{number}.md").write_text(
            f"# Mô hình số {number}\n\n{paragraph}\n\n## Kết quả\n\n- {paragraph[:120]}\n- {paragraph[:90]}\n\n"
            f"{paragraph}\n", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        "site_name: Bare\ntheme:\n  name: material\n  language: vi\nnav:\n  - index.md\n", encoding="utf-8")
    marker.write_text("ok")
    return target


SEARCH_QUERIES = ("nguyen thi", "dao viet hung", "cong doan", "tra than uyen", "bang khen")
SEARCH_FILES = ("/tim-kiem/chi-muc/", "/assets/javascripts/search")  # the index, the page script and engine


@contextlib.contextmanager
def _gzip_server(site: Path):
    """The base URL of `site` served on localhost with text gzip-compressed, as GitHub Pages,
    GitLab Pages and nginx's gzip do, when the request accepts gzip."""
    import functools
    import gzip
    import http.server
    import io

    class Gzipped(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if (path.suffix not in GZIPPED or not path.is_file()
                    or "gzip" not in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Gzipped, directory=str(site)))
    server.handle_error = lambda *args: None  # the browser closing while a font still loads
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _chromium():
    """Debian's Chromium, headless, driven by Playwright; None when either is missing."""
    browser = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser = None
    if not browser:
        yield None
        return
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def _site_in_chromium(site: Path):
    """A new Chromium tab and the base URL of `site` (see _gzip_server); None when Chromium or
    Playwright is missing."""
    with _gzip_server(site) as base, _chromium() as chromium:
        yield None if chromium is None else (chromium.new_page(), base)


# The search is done when the status line says how many results there are, or that there are none.
_SEARCH_DONE = ("(query) => { const s = document.getElementById('dh-status').textContent;"
                " return new URLSearchParams(location.search).get('q') === query && s"
                " && s !== document.getElementById('dh-search').dataset.loading }")


def first_query_bytes(site: Path, query: str = "nguyen thi", top: int = 5) -> dict | None:
    """Bytes the browser fetches for the search page's first query, as sent on the wire: every
    request the search makes (its scripts, the index manifest, facet table, term files and the
    cards of the first results), not the page itself, fonts or result thumbnails."""
    sizes: dict[str, int] = {}
    with _site_in_chromium(site) as opened:
        if opened is None:
            return None
        page, base = opened

        def finished(request) -> None:
            transfer = request.sizes()
            sizes[request.url] = transfer["responseBodySize"] + transfer["responseHeadersSize"]

        page.on("requestfinished", finished)
        started = time.perf_counter()
        page.goto(f"{base}tim-kiem/?q={query.replace(' ', '+')}")
        try:
            page.wait_for_function(_SEARCH_DONE, arg=query, timeout=60000)
        except Exception as error:  # a benchmark reports what it could not measure and goes on
            print(f"  (không đo được truy vấn tìm kiếm: {error})")
            return None
        elapsed = time.perf_counter() - started
        page.wait_for_timeout(1000)  # result cards still arriving
        results = page.locator(".dh-result").count()
    search = {u: n for u, n in sizes.items() if any(part in u for part in SEARCH_FILES)}
    largest = sorted(search.items(), key=lambda item: -item[1])[:top]
    return {"search_bytes": sum(search.values()), "page_bytes": sum(sizes.values()), "files": len(search),
            "seconds": elapsed, "results": results,
            "largest": [(url.split("/", 3)[3].split("?")[0], n) for url, n in largest]}


def typed_query_seconds(site: Path, query: str) -> float | None:
    """Seconds from the last key typed in the search box (page and index manifest loaded, as when
    someone starts typing) until the results of the whole query, or that there are none, are on
    screen; those of its beginning may be there already. Includes the page's 150 ms pause for
    more keys."""
    with _site_in_chromium(site) as opened:
        if opened is None:
            return None
        page, base = opened
        page.goto(f"{base}tim-kiem/")
        page.wait_for_function("document.getElementById('dh-status').textContent !== ''")
        page.click("#dh-q")
        page.keyboard.type(query, delay=80)
        started = time.perf_counter()
        page.wait_for_function(_SEARCH_DONE, arg=query, timeout=30000)
        return time.perf_counter() - started


WEIGHT_VIEWPORT = {"width": 360, "height": 740}  # a phone: what most people here browse with


def weight_pages(site: Path, query: str = SEARCH_QUERIES[0]) -> dict[str, str]:
    """The pages weighed, by name: the home page, the first person page, the search page with a query."""
    people = sorted(path.parent.name for path in (site / "ca-nhan").glob("*/index.html"))
    pages = {"trang chủ": ""}
    if people:
        pages[f"cá nhân ({people[0]})"] = f"ca-nhan/{people[0]}/"
    pages[f"tìm \"{query}\""] = "tim-kiem/?q=" + query.replace(" ", "+")
    return pages


def page_weight(site: Path, query: str = SEARCH_QUERIES[0]) -> list[dict] | None:
    """Requests and bytes of a first visit to each of weight_pages, in a fresh browser profile
    (nothing cached), until the network is idle (the search: once its results are on screen):
    every response, fonts, images and favicon included; `sent` is each response's Content-Length
    (gzip-compressed where the server compressed it), `uncompressed` its decoded body."""
    rows = []
    with _gzip_server(site) as base, _chromium() as chromium:
        if chromium is None:
            return None
        for name, path in weight_pages(site, query).items():
            context = chromium.new_context(viewport=WEIGHT_VIEWPORT)
            page = context.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            try:
                page.goto(base + path, wait_until="load")
                if path.startswith("tim-kiem/"):
                    page.wait_for_function(_SEARCH_DONE, arg=query, timeout=60000)
                page.wait_for_load_state("networkidle")
                sent = uncompressed = 0
                for response in responses:
                    sent += int(response.all_headers().get("content-length", 0))
                    uncompressed += len(response.body())
            except Exception as error:  # a benchmark reports what it could not measure and goes on
                print(f"  (không đo được {name}: {error})")
                continue
            finally:
                context.close()
            rows.append({"page": name, "path": path, "requests": len(responses), "sent": sent,
                         "uncompressed": uncompressed,
                         "files": sorted(r.url[len(base):].split("?")[0] for r in responses)})
    return rows


def print_weight(rows: list[dict] | None) -> None:
    if not rows:
        print("  dung lượng trang: không đo được (thiếu Chromium hoặc Playwright)")
        return
    width = max(len(row["page"]) for row in rows)
    print(f"  dung lượng trang, lần mở đầu trên điện thoại {WEIGHT_VIEWPORT['width']}×{WEIGHT_VIEWPORT['height']} "
          f"(máy chủ nén gzip):")
    print(f"    {'trang':<{width}}  {'số yêu cầu':>10}  {'KB tải (gzip)':>13}  {'KB chưa nén':>11}")
    for row in rows:
        print(f"    {row['page']:<{width}}  {row['requests']:>10}  {row['sent'] / 1024:>13.1f}  "
              f"{row['uncompressed'] / 1024:>11.1f}")


def weight_summary(rows: list[dict] | None) -> str:
    return "; ".join(f"{row['page']} {row['requests']} yêu cầu, {row['sent'] / 1024:.0f} KB"
                     for row in rows or []) or "không đo được"


def sample_project() -> Path:
    """The repository's sample site (content/), copied fresh so that its build leaves the work tree alone."""
    target = CACHE / "sample"
    shutil.rmtree(target, ignore_errors=True)
    for item in ("content", "theme", "templates"):
        shutil.copytree(ROOT / item, target / item)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "build" / "docs").mkdir(parents=True)
    return target


def run_weight_only() -> None:
    print("== trang mẫu (content/) ==", flush=True)
    project = sample_project()
    print("  dựng trang mẫu …", flush=True)
    built = measure([sys.executable, "-m", "dienhinh", "--today", TODAY, "build"], project)
    print(f"  dựng xong sau {built['seconds']:.1f} s; đo dung lượng trang trong Chromium …", flush=True)
    rows = page_weight(project / "site")
    print_weight(rows)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "weight.json").write_text(json.dumps({"sample": rows}, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Xong: trang mẫu — {weight_summary(rows)}.")


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def forget(project: Path) -> None:
    """Remove everything a previous build left, caches included, so the next run starts cold."""
    for leftover in (project / ".cache", project / "build", project / "site"):
        shutil.rmtree(leftover, ignore_errors=True)
    (project / "build" / "docs").mkdir(parents=True)


def _edited(path: Path, mark: str) -> None:
    """Change an entry's summary (shown on its page and in the lists it is in)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^summary: .*$", f"summary: Tóm tắt sửa lần {mark}.", text, count=1, flags=re.M) \
        if re.search(r"^summary: ", text, re.M) else text.replace("---\n", f"---\nsummary: Tóm tắt sửa lần {mark}.\n", 1)
    path.write_text(text, encoding="utf-8")


def edit_builds(project: Path, build: list[str], repeats: int) -> tuple[list[float], list[float]]:
    """Seconds of `dienhinh build` after one entry's summary was edited, and after one entry was added."""
    models = sorted((project / "content" / "models").glob("*.md"))
    edits, adds = [], []
    for run in range(repeats):
        _edited(models[run], f"{run} {time.time_ns()}")
        edits.append(measure(build, project)["seconds"])
    for run in range(repeats):
        added = project / "content" / "models" / f"mo-hinh-them-{run}.md"
        added.write_text(models[-1 - run].read_text(encoding="utf-8").replace("title: ", "title: Thêm ", 1),
                         encoding="utf-8")
        adds.append(measure(build, project)["seconds"])
    for run in range(repeats):
        (project / "content" / "models" / f"mo-hinh-them-{run}.md").unlink()
    return edits, adds


def serve_latency(project: Path, repeats: int) -> dict:
    """`dienhinh serve`: seconds to the first preview, then from saving an edit to the changed page being served
    (polling it), and how many rebuilds each save caused."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / ".cache" / "benchmark-serve.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    model = sorted((project / "content" / "models").glob("*.md"))[repeats]
    url = f"http://127.0.0.1:{port}/mo-hinh/{model.stem}/"

    def wait_for(text: str, limit: float = 900) -> float:
        started = time.monotonic()
        while time.monotonic() - started < limit:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit(f"serve: {text!r} never appeared at {url}")

    with log.open("w", encoding="utf-8") as output:
        started = time.monotonic()
        server = subprocess.Popen([sys.executable, "-m", "dienhinh", "--today", TODAY, "serve", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=output,
                                  env=environment({"PYTHONUTF8": "1"}))
    try:
        wait_for("<html")
        first = time.monotonic() - started
        latencies = []
        for run in range(repeats):
            mark = f"xem thử {run} {time.time_ns()}"
            _edited(model, mark)
            latencies.append(wait_for(f"Tóm tắt sửa lần {mark}."))
            time.sleep(3)  # a rebuild the build set off itself would start in this time
    finally:
        server.terminate()
        server.wait(timeout=30)
    rebuilds = log.read_text(encoding="utf-8").count("Dựng HTML (MkDocs)") - 1
    return {"first_s": first, "edit_s": statistics.median(latencies), "edit_runs": latencies,
            "rebuilds_per_save": rebuilds / repeats}


def run_size(size: int, photos: int, repeats: int, cold_repeats: int = 1) -> dict:
    project = project_for(size, photos)
    dienhinh = [sys.executable, "-m", "dienhinh"]
    forget(project)
    first_validation = measure(dienhinh + ["validate", "-q"], project)["seconds"]
    validations = [measure(dienhinh + ["validate", "-q"], project)["seconds"] for _ in range(repeats)]
    forget(project)
    build = dienhinh + ["--today", TODAY, "build"]
    cold = measure(build, project)
    warms = [measure(build, project) for _ in range(repeats)]
    warm = sorted(warms, key=lambda run: run["seconds"])[len(warms) // 2]
    edits, adds = edit_builds(project, build, repeats)
    served = serve_latency(project, repeats)
    site = project / "site"
    pages = count_pages(site)
    bare = bare_project(pages)
    bare_command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    bare_run = measure(bare_command, bare)
    colds, bares = [cold["seconds"]], [bare_run["seconds"]]
    for _ in range(cold_repeats - 1):  # pairs taken one after the other: the shared machine's speed drifts
        forget(project)
        again = measure(build, project)
        colds.append(again["seconds"])
        cold["peak_mb"] = max(cold["peak_mb"], again["peak_mb"])
        shutil.rmtree(bare / "site", ignore_errors=True)
        bares.append(measure(bare_command, bare)["seconds"])
    result = {
        "entries": size, "photos": photos, "pages": pages,
        "validate_cold_s": first_validation,
        "validate_s": statistics.median(validations), "validate_runs": validations,
        "build_cold_s": statistics.median(colds), "build_cold_runs": colds,
        "build_warm_s": warm["seconds"], "build_warm_runs": [w["seconds"] for w in warms],
        "edit_s": statistics.median(edits), "edit_runs": edits, "add_s": statistics.median(adds), "add_runs": adds,
        "serve": served,
        "peak_mb": max(cold["peak_mb"], *(w["peak_mb"] for w in warms)),
        "site_mb": folder_size(site) / 1e6,
        "bare_pages": count_pages(bare / "site"), "bare_s": statistics.median(bares), "bare_runs": bares,
        "bare_peak_mb": bare_run["peak_mb"],
        "bare_site_mb": folder_size(bare / "site") / 1e6,
        "stages_cold": [line for line in cold["stderr"].splitlines() if line.startswith("•")],
        "stages": [line for line in warm["stderr"].splitlines() if line.startswith("•")],
    }
    result["ratio"] = result["build_warm_s"] / result["bare_s"]
    result["ratio_cold"] = result["build_cold_s"] / result["bare_s"]
    result["search"] = {query: first_query_bytes(site, query) for query in SEARCH_QUERIES}
    result["typed_s"] = typed_query_seconds(site, SEARCH_QUERIES[0])
    result["search_index_mb"] = folder_size(site / "tim-kiem" / "chi-muc") / 1e6
    print("  đo dung lượng trang trong Chromium …", flush=True)
    result["weight"] = page_weight(site)
    return result


def honours_project(recipients: int) -> Path:
    """A project with one award decision listing `recipients` fictional names (5% collectives)."""
    import random

    from dienhinh.synthetic import FAMILY, GIVEN, MIDDLE, PLACES, POSITIONS, UNIT_KINDS

    target = CACHE / f"honours-{recipients}"
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", target / "content" / "data")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "build" / "docs").mkdir(parents=True)
    rng = random.Random(2025)
    lines = ["---", "title: Tập thể, cá nhân được tặng Giấy khen năm 2024", "issuer: ldld-tinh", "decision:",
             "  number: 99/QĐ-LĐLĐ", "  date: 2025-01-20", "award: giay-khen",
             "signer:", "  authority: TM. BAN THƯỜNG VỤ", "  title: PHÓ CHỦ TỊCH", "  name: Nguyễn Văn Bình",
             "date: 2025-02-01", "recipients:"]
    for index in range(recipients):
        unit = f"{rng.choice(UNIT_KINDS)} {rng.choice(PLACES)}"
        if index % 20 == 0:
            lines += ["  - kind: tap-the", f"    name: Tổ công đoàn số {index // 20 + 1}", f"    unit: {unit}"]
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            lines += ["  - kind: ca-nhan", f"    name: {name}", f"    position: {rng.choice(POSITIONS)}",
                      f"    unit: {unit}"]
    (target / "content" / "honours").mkdir()
    (target / "content" / "honours" / "giay-khen-2024.md").write_text("\n".join(lines + ["---", ""]),
                                                                      encoding="utf-8")
    return target


def run_honours(recipients: int) -> None:
    project = honours_project(recipients)
    build = [sys.executable, "-m", "dienhinh", "--today", TODAY, "build"]
    cold = measure(build, project)
    warm = measure(build, project)
    pdf = project / "site" / "vinh-danh" / "giay-khen-2024" / "giay-khen-2024.pdf"
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    page_count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    stage = lambda text: next((line for line in text.splitlines() if "(PDF)" in line), "")
    print(f"== danh sách vinh danh {recipients} người ==")
    print(f"  dựng trang lần đầu {cold['seconds']:.1f} s, bộ nhớ đỉnh {cold['peak_mb']:.0f} MB")
    print(f"    {stage(cold['stderr'])}")
    print(f"  dựng lại (PDF dùng lại từ .cache) {warm['seconds']:.1f} s")
    print(f"    {stage(warm['stderr'])}")
    print(f"  PDF: {pdf.stat().st_size / 1e6:.2f} MB, {page_count} trang")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--photos", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3, help="validation runs and later builds (medians are reported)")
    parser.add_argument("--cold-repeats", type=int, default=1,
                        help="first builds (no .cache/) and bare MkDocs builds, taken in pairs (medians are reported)")
    parser.add_argument("--honours", type=int, default=0,
                        help="only measure one honour roll of this many recipients (PDF time and size)")
    parser.add_argument("--weight-only", action="store_true",
                        help="only measure the page weight of the sample site (content/): requests and bytes")
    args = parser.parse_args()
    if args.honours:
        run_honours(args.honours)
        return 0
    if args.weight_only:
        run_weight_only()
        return 0
    results = []
    for size in args.sizes:
        print(f"== {size} mục ==", flush=True)
        result = run_size(size, args.photos, args.repeats, args.cold_repeats)
        results.append(result)
        print(f"  kiểm tra: lần đầu (không có .cache) {result['validate_cold_s']:.2f} s; lần sau (trung vị "
              f"{args.repeats} lần) {result['validate_s']:.2f} s ({', '.join(f'{v:.2f}' for v in result['validate_runs'])})")
        print(f"  dựng trang: lần đầu (không có .cache) {result['build_cold_s']:.1f} s, lần sau {result['build_warm_s']:.1f} s (trung vị "
              f"{args.repeats} lần: {', '.join(f'{v:.1f}' for v in result['build_warm_runs'])}); "
              f"bộ nhớ đỉnh {result['peak_mb']:.0f} MB; {result['pages']} trang, {result['site_mb']:.1f} MB")
        print(f"  không đổi gì: {result['build_warm_s']:.1f} s; sửa một mục: {result['edit_s']:.1f} s "
              f"({', '.join(f'{v:.1f}' for v in result['edit_runs'])}); thêm một mục: {result['add_s']:.1f} s "
              f"({', '.join(f'{v:.1f}' for v in result['add_runs'])})")
        served = result["serve"]
        print(f"  xem thử (serve): trang đầu sau {served['first_s']:.1f} s; sửa → trang mới hiện sau "
              f"{served['edit_s']:.2f} s (trung vị; {', '.join(f'{v:.2f}' for v in served['edit_runs'])}); "
              f"{served['rebuilds_per_save']:.1f} lần dựng mỗi lần lưu")
        for title, stages in (("lần đầu", result["stages_cold"]), ("lần sau", result["stages"])):
            print(f"   {title}:")
            for stage in stages:
                print(f"    {stage}")
        if len(result["build_cold_runs"]) > 1:
            print("  lần đầu và thuần, từng cặp: " + "; ".join(
                f"{cold:.1f} / {bare:.1f} s" for cold, bare in zip(result["build_cold_runs"], result["bare_runs"])))
        print(f"  MkDocs + Material thuần, {result['bare_pages']} trang: {result['bare_s']:.1f} s, "
              f"bộ nhớ đỉnh {result['bare_peak_mb']:.0f} MB, {result['bare_site_mb']:.1f} MB")
        print(f"  tỉ lệ thời gian dựng / thuần: lần sau {result['ratio']:.2f}, lần đầu {result['ratio_cold']:.2f}")
        print(f"  tìm kiếm: chỉ mục {result['search_index_mb']:.1f} MB; gõ \"{SEARCH_QUERIES[0]}\" vào ô tìm: có kết quả "
              f"sau {result['typed_s'] or 0:.2f} s từ phím cuối; truy vấn đầu tiên khi mở trang:")
        for query, search in result["search"].items():
            if search:
                print(f"    \"{query}\": tải {search['search_bytes'] / 1024:.0f} KB cho tìm kiếm ({search['files']} tệp, "
                      f"{search['results']} kết quả hiện ra), "
                      f"cả trang {search['page_bytes'] / 1024:.0f} KB, có kết quả sau {search['seconds']:.1f} s; lớn nhất: "
                      + ", ".join(f"{name} {n / 1024:.0f} KB" for name, n in search.get("largest", [])))
        print_weight(result["weight"])
        print(f"Xong: {size} mục — dựng lại {result['build_warm_s']:.1f} s, {result['pages']} trang; "
              f"{weight_summary(result['weight'])}.", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
