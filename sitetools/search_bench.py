"""Search benchmark: our offline search against Pagefind on the same synthetic site, in one run.

`run_search_bench(n)` does, in order:

1. writes n synthetic articles (`sitetools.synthetic.generate`, unchanged), then
   *plants* query targets: for each target, a freshly written sentence holding
   its phrase is added as a paragraph to the body of ~15 chosen articles
   (`plant`). Ground truth is then found by scanning every article's indexed
   text (title, summary, tags, body): the articles holding the phrase with its
   exact diacritics (`ground_truth`). For a planted target that set must be the
   planted set (checked: the phrases are absent from the generator's
   vocabulary); "common phrase" targets are not planted: their truth is every
   article that holds the phrase ("chữ ký số": hundreds), so recall@10 there
   says whether the ten results shown hold the phrase at all;
2. builds the site with our theme and plugins (its search page and the
   browser index under tim-kiem/chi-muc/) and with bare Pelican (default
   theme) plus one template override, `article.html`, that marks the title,
   summary, tags and body of article pages `data-pagefind-body`: Pagefind then
   indexes article pages only and exactly the parts our index holds;
3. indexes the same articles with our indexer in a child process
   (Markdown → `SearchDocument`s, `export_static`, `update_index`; time and
   peak memory of each part, then a re-index after one changed article) and
   with Pagefind (`pagefind_bin`, `--force-language vi`) in a child process,
   twice (Pagefind has no incremental mode: its re-index is a full run);
4. serves both sites on 127.0.0.1 (ours with the production CSP; Pagefind's
   without it, as its WebAssembly needs 'wasm-unsafe-eval') and drives both in
   headless Chromium with the same queries: our /tim-kiem/?q=… and a harness
   page /pf-bench/?q=… that calls Pagefind's JS API and renders the same
   `<ol data-search-results data-search-state data-search-query
   data-search-ms>` contract. Per query: a fresh browser context loads the
   page with the query (first query: bytes, time from navigation start to the
   rendered list, results), then types the next query of the list into
   #vnp-search-page-q (second query: bytes, data-search-ms), then the first
   query again (warm: data-search-ms, its data is loaded);
5. prints the table with both columns, the ratios and the verdicts against
   the targets, and with json_path writes the figures as JSON.

Child entry points: `python -m sitetools.search_bench _index|_build_ours|_serve …`.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))

from sitetools.tools import CHROMIUM_ARGS, find  # noqa: E402
from sitetools.tools import chromium as chromium_path  # noqa: E402
from vietnamese.text import fold  # noqa: E402

SCHEMA = 1
PLANT_SEED = 8128
PLANTED_PER_TARGET = 15
TOP = 10
FIRST_REPEATS = 3  # our first query is timed on this many fresh pages (Pagefind's, seconds long, on one)
TARGETS_OK = {
    "recall": 0.95,             # recall@10 on every query kind and form
    "first_bytes_ratio": 0.15,  # search bytes of a first query ≤ 15 % of Pagefind's
    "warm_ms": 100,             # a query whose data is loaded
    "first_ms": 500,            # a first query on a fresh page, from navigation start
    "memory_mb": 500,           # peak memory of our indexer at 10,000 articles
    "reindex_s": 2.0,           # re-index after one changed article
}


# --------------------------------------------------------------------------
# Targets, planting, ground truth, recall
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str
    kind: str          # "common phrase" (scanned truth), "phrase", "đ place", "rare word"
    phrase: str        # what the reader types, with diacritics
    sentences: tuple[str, ...] = ()  # planted sentences ({p} = the phrase); none: truth is scanned

    @property
    def planted(self) -> bool:
        return bool(self.sentences)


TARGETS: tuple[Target, ...] = (
    Target("chu-ky-so", "common phrase", "chữ ký số"),
    Target("chuyen-doi-so", "common phrase", "chuyển đổi số"),
    Target("an-toan-thong-tin", "common phrase", "an toàn thông tin"),
    Target("duong-truyen", "phrase", "đường truyền", (
        "Sự cố {p} tại trung tâm dữ liệu của tỉnh đã được khắc phục sau hai giờ.",
        "Đơn vị được giao bảo đảm {p} thông suốt cho các điểm cầu trực tuyến.",
        "Việc nâng cấp {p} giúp các xã vùng sâu kết nối ổn định hơn.",
    )),
    Target("kho-du-lieu-dung-chung", "phrase", "kho dữ liệu dùng chung", (
        "Các hồ sơ đã số hóa được đưa vào {p} của tỉnh để các sở, ngành khai thác.",
        "Tỉnh sẽ hoàn thành việc xây dựng {p} trong quý tới.",
    )),
    Target("tap-huan-ky-nang-so", "phrase", "tập huấn kỹ năng số", (
        "Đoàn viên thanh niên tham gia lớp {p} cho người cao tuổi tại nhà văn hóa thôn.",
        "Kế hoạch {p} năm nay ưu tiên phụ nữ và hộ kinh doanh nhỏ.",
    )),
    Target("dak-lak", "đ place", "Đắk Lắk", (
        "Đoàn công tác tỉnh {p} đã đến trao đổi kinh nghiệm về mô hình này.",
        "Kết quả được đánh giá cao khi so sánh với các địa phương như {p}.",
    )),
    Target("dak-nong", "đ place", "Đắk Nông", (
        "Nhiều cán bộ từ tỉnh {p} đã tham dự hội nghị theo hình thức trực tuyến.",
        "Sản phẩm này cũng được giới thiệu tại hội chợ ở {p}.",
    )),
    Target("khinh-khi-cau", "rare word", "khinh khí cầu", (
        "Lễ hội {p} ở thành phố Đông Hà thu hút đông đảo người dân.",
        "Một đơn vị khởi nghiệp đề xuất dùng {p} gắn cảm biến để quan trắc không khí.",
    )),
    Target("sau-rieng", "rare word", "sầu riêng", (
        "Hợp tác xã đã ứng dụng mã QR truy xuất nguồn gốc cho vườn {p} của các hộ dân.",
        "Sàn thương mại điện tử của tỉnh giới thiệu thêm sản phẩm {p} Hướng Hóa.",
    )),
)

FORMS = ("exact", "folded", "quoted")


@dataclass(frozen=True)
class Query:
    target: str
    kind: str
    form: str   # "exact" (with diacritics), "folded" (none, đ → d), "quoted" (exact, in double quotes)
    text: str


def queries_of(targets=TARGETS) -> list[Query]:
    out = []
    for target in targets:
        texts = {"exact": target.phrase, "folded": fold(target.phrase).lower(), "quoted": f'"{target.phrase}"'}
        out += [Query(target.name, target.kind, form, texts[form]) for form in FORMS]
    return out


def _split(text: str) -> tuple[list[str], str]:
    head, _, body = text.partition("\n\n")
    return head.split("\n"), body


def plant(content: Path, manifest: list[dict], seed: int = PLANT_SEED, per_target: int = PLANTED_PER_TARGET,
          targets=TARGETS) -> dict[str, list[str]]:
    """Add a planted sentence to the body of `per_target` articles per planted target; return their paths.

    Each chosen article (never one chosen for another target) gets one new
    paragraph, at a drawn place among its paragraphs. Deterministic for a
    given manifest and seed.
    """
    rng = random.Random(seed)
    paths = [item["path"] for item in manifest]
    planted_targets = [t for t in targets if t.planted]
    wanted = min(per_target, len(paths) // max(len(planted_targets), 1))
    chosen = rng.sample(paths, wanted * len(planted_targets)) if wanted else []
    planted: dict[str, list[str]] = {}
    for number, target in enumerate(planted_targets):
        mine = sorted(chosen[number * wanted:(number + 1) * wanted])
        planted[target.name] = mine
        for path in mine:
            file = content / path
            head, body = _split(file.read_text(encoding="utf-8"))
            blocks = body.rstrip("\n").split("\n\n")
            sentence = rng.choice(target.sentences).replace("{p}", target.phrase)
            blocks.insert(rng.randint(1, len(blocks)), sentence)
            file.write_text(unicodedata.normalize("NFC", "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n"),
                            encoding="utf-8")
    return planted


_FIELDS = ("title", "summary", "tags")
_WORD = re.compile(r"\w+")


def indexed_text(text: str) -> str:
    """The parts of an article file both indexes hold: title, summary, tags and body (Markdown as is)."""
    head, body = _split(text)
    parts = []
    for line in head:
        key, _, value = line.partition(":")
        if key.strip().lower() in _FIELDS:
            parts.append(value.strip())
    return "\n".join(parts + [body])


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(unicodedata.normalize("NFC", text).lower())) + " "


def ground_truth(texts: dict[str, str], targets=TARGETS) -> dict[str, dict]:
    """Per target: the articles holding its phrase with exact diacritics (`exact`), and folded (`folded`).

    Matching is on whole words, case-insensitive; `texts` maps article path → indexed text.
    """
    exact_words = {path: _words(text) for path, text in texts.items()}
    folded_words = {path: fold(words) for path, words in exact_words.items()}
    truth = {}
    for target in targets:
        phrase = _words(target.phrase)
        folded = fold(phrase)
        truth[target.name] = {
            "exact": sorted(path for path, words in exact_words.items() if phrase in words),
            "folded": sorted(path for path, words in folded_words.items() if folded in words),
        }
    return truth


def recall_at(found: list[str], truth: set[str] | list[str], k: int = TOP) -> float | None:
    """|top k ∩ truth| / min(k, |truth|); None when there is no truth."""
    truth = set(truth)
    if not truth:
        return None
    return len(set(found[:k]) & truth) / min(k, len(truth))


def check_truth(planted: dict[str, list[str]], truth: dict[str, dict], targets=TARGETS) -> list[str]:
    """Problems that would make recall meaningless: a planted phrase found outside its planted set."""
    problems = []
    for target in targets:
        sets = truth[target.name]
        if not sets["exact"]:
            problems.append(f"{target.name}: no article holds {target.phrase!r}")
        if target.planted and set(sets["exact"]) != set(planted.get(target.name, ())):
            extra = sorted(set(sets["exact"]) - set(planted.get(target.name, ())))
            problems.append(f"{target.name}: {target.phrase!r} also in unplanted articles {extra[:5]}")
        if target.planted and set(sets["folded"]) != set(sets["exact"]):
            problems.append(f"{target.name}: its folded form also matches other articles "
                            f"{sorted(set(sets['folded']) - set(sets['exact']))[:5]}")
    return problems


# --------------------------------------------------------------------------
# URLs of an article on each site
# --------------------------------------------------------------------------

def our_url(item: dict) -> str:
    stamp = datetime.strptime(item["date"], "%Y-%m-%d %H:%M")
    return f"tin/{stamp:%Y}/{stamp:%m}/{item['slug']}/"


def bare_url(item: dict) -> str:
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return DEFAULT_CONFIG["ARTICLE_URL"].format(
        slug=slugify(item["title"], regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))


def normalise_url(href: str) -> str:
    path = unquote(urlparse(href).path).lstrip("/")
    return path[:-len("index.html")] if path.endswith("/index.html") else path


# --------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------

def _python() -> str:
    venv = PROJECT_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), str(PROJECT_ROOT / "plugins")])
    return env


def run_measured(args: list[str], log_file: Path, nice: int = 0) -> dict:
    """Run a command as a child; its wall time, CPU time, peak RSS (its own and its children's) and status."""
    started = time.perf_counter()
    with open(log_file, "wb") as log:
        process = subprocess.Popen(args, cwd=PROJECT_ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=(lambda: os.nice(nice)) if nice else None)
        _, status, usage = os.wait4(process.pid, 0)
    return {"seconds": round(time.perf_counter() - started, 3), "exit_status": os.waitstatus_to_exitcode(status),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def read_documents(content: Path, workers: int = 0) -> list:
    """Our SearchDocuments of the synthetic articles, straight from the Markdown (as the build makes them).

    The files are read by `workers` processes (0: one per CPU, at most 4), as Pagefind uses every core.
    """
    files = sorted((content / "articles").rglob("*.md"))
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(files) < 1000:
        return _documents_of(content, files)
    import multiprocessing

    runs = [files[i::workers] for i in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.starmap(_documents_of, [(content, run) for run in runs])
    return sorted((d for part in parts for d in part), key=lambda d: d.key)


def _documents_of(content: Path, files: list[Path]) -> list:
    from zoneinfo import ZoneInfo

    import markdown

    from offline_search.index import SearchDocument
    from vietnamese.text import html_to_text

    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    converter = markdown.Markdown(extensions=["extra"])
    documents = []
    for file in files:
        head, body = _split(file.read_text(encoding="utf-8"))
        meta = {}
        for line in head:
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        when = datetime.strptime(meta["date"], "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        text = html_to_text(converter.reset().convert(body))
        lead = meta.get("summary", "")
        category = meta.get("category", "")
        words = (lead or text).split()
        documents.append(SearchDocument(
            key=file.relative_to(content).as_posix(),
            url=f"tin/{when:%Y}/{when:%m}/{file.stem}/",
            title=meta["title"], lead=lead, body=text, category=category,
            category_slug=fold(category).lower().replace(" - ", "-").replace(" ", "-"),
            labels=tuple(tag.strip() for tag in meta.get("tags", "").split(",") if tag.strip()),
            date=when, kind="article",
            snippet=" ".join(words[:40]) + (" …" if len(words) > 40 else ""),
        ))
    return documents


def _child_index(content: str, export: str, whoosh: str, result: str) -> int:
    """Our indexer on the Markdown, as a first build runs it: documents, browser export, whoosh."""
    from offline_search.bulk import BulkJob
    from offline_search.incremental import export_incremental
    from offline_search.index import index_size

    figures = {}
    started = time.perf_counter()
    documents = read_documents(Path(content))
    figures["documents_seconds"] = round(time.perf_counter() - started, 3)
    figures["documents"] = len(documents)
    figures["peak_mb_after_documents"] = _peak_mb()
    started = time.perf_counter()
    bulk = BulkJob(Path(whoosh))  # as the build does: whoosh written from the export's postings, beside it
    exported, _ = export_incremental(documents, Path(export), Path(whoosh) / "export", on_postings=bulk)
    figures["export_seconds"] = round(time.perf_counter() - started, 3)
    figures["export"] = {"terms": exported.terms, "postings": exported.postings, "shards": exported.shards,
                         "chunks": exported.chunks, "bytes": exported.bytes}
    figures["peak_mb_after_export"] = _peak_mb()
    started = time.perf_counter()
    written = bulk.wait()
    figures["whoosh_wait_seconds"] = round(time.perf_counter() - started, 3)  # after the export was done
    figures["whoosh_seconds"] = round(written.seconds, 3)  # the writer's own time, mostly beside the export
    figures["whoosh_bytes"] = index_size(Path(whoosh))
    figures["whoosh_children_peak_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    figures["peak_mb_after_whoosh"] = _peak_mb()
    figures["peak_mb"] = max(_peak_mb(), figures["whoosh_children_peak_mb"])
    Path(result).write_text(json.dumps(figures), encoding="utf-8")
    return 0


def _child_reindex(content: str, export: str, whoosh: str, result: str) -> int:
    """A later build after one article changed: whoosh update and incremental export, each timed.

    Its own process, as a build is: the first indexing's memory does not carry over.
    """
    from dataclasses import replace

    from offline_search.incremental import export_incremental
    from offline_search.index import update_index

    documents = read_documents(Path(content))
    changed = len(documents) // 2
    documents[changed] = replace(documents[changed],
                                 body=documents[changed].body + " Bài viết được cập nhật thêm thông tin mới.")
    figures = {}
    started = time.perf_counter()
    stats = update_index(Path(whoosh), documents)
    figures["reindex_whoosh_seconds"] = round(time.perf_counter() - started, 3)
    figures["reindex_replaced"] = stats.replaced
    started = time.perf_counter()
    _, done = export_incremental(documents, Path(export).with_name(Path(export).name + "-reindexed"),
                                 Path(whoosh) / "export")
    figures["reindex_export_seconds"] = round(time.perf_counter() - started, 3)
    figures["reindex_mode"] = done["mode"]
    Path(result).write_text(json.dumps(figures), encoding="utf-8")
    return 0


def _child_build_ours(content: str, output: str, whoosh: str) -> int:
    from sitetools.build import build_site

    result = build_site(PROJECT_ROOT / "pelicanconf.py", output, overrides={
        "PATH": content, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "SEARCH_INDEX_PATH": whoosh})
    for message in result.errors:
        print("ERROR:", message)
    return 0 if result.ok else 1


def _child_serve(folder: str, csp: str, port_file: str, traffic_file: str) -> int:
    """Serve `folder` on 127.0.0.1; append "path<TAB>bytes" of every response to `traffic_file`.

    Bytes are counted here, on the server, because Pagefind fetches its index
    from a Web Worker, whose requests the page's DevTools session does not see.
    """
    from sitetools.serve import PortalRequestHandler, make_server

    log = open(traffic_file, "a", encoding="utf-8", buffering=1)

    class Counting(PortalRequestHandler):
        def send_header(self, keyword, value):
            if keyword.lower() == "content-length":
                self._length = int(value)
            self._header_bytes = getattr(self, "_header_bytes", 0) + len(keyword) + len(str(value)) + 4
            super().send_header(keyword, value)

        def end_headers(self):
            if csp == "nocsp":  # Pagefind's WebAssembly needs 'wasm-unsafe-eval', which our policy forbids
                SimpleHTTPRequestHandler.end_headers(self)
            else:
                super().end_headers()
            body = getattr(self, "_length", 0) if self.command != "HEAD" else 0
            log.write(f"{self.path}\t{body}\t{getattr(self, '_header_bytes', 0)}\n")
            self._length = self._header_bytes = 0

    from http.server import SimpleHTTPRequestHandler

    import sitetools.serve as serve_module

    serve_module.PortalRequestHandler = Counting
    server = make_server(folder, port=0)
    Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()
    return 0


# --------------------------------------------------------------------------
# Pagefind
# --------------------------------------------------------------------------

BARE_ARTICLE_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ article.title|striptags }}{% endblock %}
{% block content %}
<section id="content" class="body"><article>
<div class="entry-content">{% include 'article_infos.html' %}</div>
<div data-pagefind-body>
<h1 class="entry-title">{{ article.title }}</h1>
{% if article.summary %}<p class="summary">{{ article.summary }}</p>{% endif %}
{% if article.tags %}<p class="tags">{% for tag in article.tags %}{{ tag }}{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
{{ article.content }}
</div>
</article></section>
{% endblock %}
"""

HARNESS_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Pagefind (bench)</title></head>
<body><input id="vnp-search-page-q" type="search" autocomplete="off">
<ol data-search-results></ol>
<script type="module" src="/pf-bench/harness.js"></script></body></html>
"""

# The same contract as our search page: <ol data-search-results> with data-search-state, -query, -ms.
HARNESS_JS = """const list = document.querySelector('[data-search-results]');
const input = document.getElementById('vnp-search-page-q');
let pagefind = null, sequence = 0, timer = null;
async function run(query) {
  const mine = ++sequence;
  const started = performance.now();
  list.setAttribute('data-search-state', 'loading');
  list.setAttribute('data-search-query', query);
  try {
    if (!pagefind) { pagefind = await import('/pagefind/pagefind.js'); await pagefind.init(); }
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    if (mine !== sequence) return;
    list.replaceChildren(...data.map((d) => {
      const li = document.createElement('li'), a = document.createElement('a');
      a.href = d.url; a.textContent = (d.meta && d.meta.title) || d.url; li.append(a); return li;
    }));
    list.setAttribute('data-search-total', String(search.results.length));
    list.setAttribute('data-search-ms', String(Math.round(performance.now() - started)));
    list.setAttribute('data-search-state', 'done');
  } catch (error) {
    if (mine === sequence) { list.setAttribute('data-search-state', 'error'); console.error(error); }
  }
}
input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => run(input.value), 200); });
const initial = new URLSearchParams(location.search).get('q') || '';
input.value = initial;
if (initial) run(initial);
"""


def pagefind_binary() -> Path | None:
    try:
        import pagefind_bin  # noqa: F401
    except ImportError:
        return None
    import pagefind_bin as module

    binary = Path(module.__file__).parent / "pagefind"
    return binary if binary.exists() else None


def ensure_pagefind() -> Path:
    """Pagefind's binary from PyPI (requirements-bench.txt), installed into this Python's env when missing."""
    binary = pagefind_binary()
    if binary is None:
        print("Installing Pagefind from requirements-bench.txt …", flush=True)
        subprocess.run([_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(PROJECT_ROOT / "requirements-bench.txt")], check=True)
        import importlib

        importlib.invalidate_caches()
        binary = pagefind_binary()
    if binary is None:
        raise SystemExit("Pagefind's binary (pagefind_bin) could not be installed")
    return binary


def pagefind_version(binary: Path) -> str:
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()


def run_pagefind(binary: Path, site: Path, log: Path) -> dict:
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    figures = run_measured([str(binary), "--site", str(site), "--force-language", "vi"], log)
    text = log.read_text(encoding="utf-8", errors="replace")
    pages = re.search(r"Indexed (\d+) pages?", text)
    words = re.search(r"Indexed (\d+) words?", text)
    figures["pages"] = int(pages.group(1)) if pages else None
    figures["words"] = int(words.group(1)) if words else None
    return figures


def folder_bytes(folder: Path, keep=lambda path: True) -> tuple[int, int]:
    total = files = 0
    for path in Path(folder).rglob("*"):
        if path.is_file() and keep(path.relative_to(folder).as_posix()):
            total += path.stat().st_size
            files += 1
    return total, files


def _pagefind_data(relative: str) -> bool:
    """Pagefind's index data, without its UI bundles and playground."""
    name = relative.rsplit("/", 1)[-1]
    return not (name.startswith("pagefind-") or "playground" in relative or name.endswith(".css"))


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------

# Records when the results of a query are rendered (both pages follow the same contract) and
# reports each record on the console, where the bench waits for it: a wait that polls the page
# (Playwright's wait_for_function) runs script in it every few ms and injects Playwright's own
# script while the page loads, competing with the page for its one thread.
DONE_PREFIX = "__benchDone "
DONE_OBSERVER = """(() => {
  window.__benchDone = [];
  const seen = new WeakMap();
  const observer = new MutationObserver(() => {
    const list = document.querySelector('[data-search-results]');
    if (!list || list.getAttribute('data-search-state') !== 'done') return;
    const key = list.getAttribute('data-search-query') + '|' + list.getAttribute('data-search-ms');
    if (seen.get(list) === key) return;
    seen.set(list, key);
    window.__benchDone.push({query: list.getAttribute('data-search-query'),
                             ms: Number(list.getAttribute('data-search-ms')), at: performance.now(),
                             hrefs: Array.from(list.querySelectorAll('li a[href]')).map((a) => a.getAttribute('href')),
                             total: list.getAttribute('data-search-total')});
    console.debug('%s' + JSON.stringify(window.__benchDone[window.__benchDone.length - 1]));
  });
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.documentElement, {subtree: true, childList: true, attributes: true,
                                                attributeFilter: ['data-search-state', 'data-search-ms']});
  });
})();""" % DONE_PREFIX


# nginx serves the self-signed certificate of sitetools.local_nginx.
CONTEXT = {"viewport": {"width": 1280, "height": 900}, "ignore_https_errors": True}


class _Traffic:
    """Bytes served per phase, read from the server's log (body bytes; headers apart), search data apart.

    A log line is "path<TAB>body bytes<TAB>header bytes" (our server) or, with `sent_total`,
    "path<TAB>body bytes<TAB>bytes sent" (nginx's access log, `sitetools.local_nginx`).
    """

    def __init__(self, log: Path, is_search, sent_total: bool = False) -> None:
        self.log = log
        self.is_search = is_search
        self.sent_total = sent_total
        self.offset = log.stat().st_size if log.exists() else 0
        self.bytes: dict[str, dict[str, int]] = {}
        self.files: dict[str, list[str]] = {}

    def close_phase(self, phase: str) -> None:
        with open(self.log, "rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        complete = data[:data.rfind(b"\n") + 1]
        self.offset += len(complete)
        bucket = self.bytes.setdefault(phase, {"all": 0, "search": 0, "headers": 0, "requests": 0})
        for line in complete.decode("utf-8").splitlines():
            path, body, third = line.split("\t")
            bucket["all"] += int(body)
            bucket["headers"] += int(third) - int(body) if self.sent_total else int(third)
            bucket["requests"] += 1
            if self.is_search(path):
                bucket["search"] += int(body)
                self.files.setdefault(phase, []).append(path.split("?", 1)[0])


def _done_after(page, action, text: str, timeout_ms: int = 120_000) -> dict:
    """Run `action` (a navigation, a typed query), then wait for the observer's record of `text`'s results."""
    def done(message) -> bool:
        return message.text.startswith(DONE_PREFIX) and json.loads(message.text[len(DONE_PREFIX):])["query"] == text

    with page.expect_console_message(done, timeout=timeout_ms) as message:
        action()
    return json.loads(message.value.text[len(DONE_PREFIX):])


def first_query_ms(browser, url: str, text: str) -> float:
    """Navigation start → results shown, for `url` (with its ?q=) on a fresh page: the first query again."""
    context = browser.new_context(**CONTEXT)
    try:
        page = context.new_page()
        page.add_init_script(DONE_OBSERVER)
        return round(_done_after(page, lambda: page.goto(url, wait_until="commit"), text)["at"], 1)
    finally:
        context.close()


HEADER_BOX = "#vnp-search-q"  # the search box in our portal's header, on every page


def from_header_box_ms(browser, base: str, text: str) -> tuple[float, int]:
    """A reader on the portal's home page types `text` into the header's search box and presses Enter, in a
    fresh browser: (navigation start of the search page → results, index requests the home page made).
    The home page leaves the theme's files in the cache, and no search data (checked: the second figure, 0)."""
    context = browser.new_context(**CONTEXT)
    try:
        page = context.new_page()
        page.add_init_script(DONE_OBSERVER)
        early = []
        page.on("request", lambda request: early.append(request.url) if "/chi-muc/" in request.url else None)
        page.goto(f"{base}/", wait_until="load")
        before = len(early)
        page.fill(HEADER_BOX, text)
        return round(_done_after(page, lambda: page.press(HEADER_BOX, "Enter"), text)["at"], 1), before
    finally:
        context.close()


def drive(browser, base: str, path: str, queries: list[Query], is_search, engine: str, log: Path,
          first_repeats: int = 1, sent_total: bool = False, from_portal: bool = False) -> list[dict]:
    """Every query on a fresh page (first), then the next query typed (second), then the first again (warm);
    then the first query on `first_repeats` - 1 more fresh pages (timed only: the machine's noise); with
    `from_portal` (our portal), the first query once more as typed into the home page's header box."""
    results = []
    for number, query in enumerate(queries):
        following = queries[(number + 1) % len(queries)]
        context = browser.new_context(**CONTEXT)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.add_init_script(DONE_OBSERVER)
        traffic = _Traffic(log, is_search, sent_total)
        record = {"engine": engine, "target": query.target, "kind": query.kind, "form": query.form,
                  "query": query.text}
        try:
            url = f"{base}{path}?q={quote(query.text)}"
            first = _done_after(page, lambda: page.goto(url, wait_until="commit"), query.text)
            try:
                page.wait_for_load_state("networkidle", timeout=10_000)
            except Exception:  # noqa: BLE001 (a page that keeps polling: count what came)
                pass
            page.wait_for_timeout(100)
            traffic.close_phase("first")
            second = _done_after(page, lambda: page.fill("#vnp-search-page-q", following.text), following.text)
            page.wait_for_timeout(100)
            traffic.close_phase("second")
            warm = _done_after(page, lambda: page.fill("#vnp-search-page-q", query.text), query.text)
            page.wait_for_timeout(100)
            traffic.close_phase("warm")
            record.update({
                "hrefs": [normalise_url(href) for href in first["hrefs"]],
                "total": first["total"],
                "first_ms_from_navigation": round(first["at"], 1),
                "first_search_ms": first["ms"],
                "second_query": following.text, "second_search_ms": second["ms"],
                "warm_search_ms": warm["ms"],
                "warm_same": [normalise_url(h) for h in warm["hrefs"]] == [normalise_url(h) for h in first["hrefs"]],
                "bytes": traffic.bytes, "search_files_first": traffic.files.get("first", []),
            })
        except Exception as error:  # noqa: BLE001 (reported in the table)
            record["error"] = f"{type(error).__name__}: {str(error)[:300]}"
        record["console_errors"] = errors[:5]
        context.close()
        if "error" not in record:
            runs = [record["first_ms_from_navigation"]]
            for _ in range(first_repeats - 1):
                try:
                    runs.append(first_query_ms(browser, url, query.text))
                except Exception:  # noqa: BLE001 (a timed-out repeat counts as missing)
                    runs.append(None)
            record["first_ms_runs"] = runs
            if from_portal:
                try:
                    record["from_header_ms"], record["home_search_requests"] = from_header_box_ms(
                        browser, base, query.text)
                except Exception as error:  # noqa: BLE001 (reported, not fatal)
                    record["from_header_error"] = f"{type(error).__name__}: {str(error)[:200]}"
        results.append(record)
    return results


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

def _our_search_file(url: str) -> bool:
    """Whether a request is for our search: its script or its index data."""
    return "/tim-kiem/chi-muc/" in url or bool(re.search(r"/js/search(\.[0-9a-f]{10})?\.js$", url))


def drive_nginx(browser, site: Path, work: Path, queries: list[Query]) -> dict:
    """Our search page served by nginx with the shipped config (HTTPS, HTTP/2), driven as on our server.

    `site` becomes `current` of a DEPLOY_PATH, as `./inv deploy` leaves it; nginx runs with Debian's
    default `worker_processes auto`. Returns {"server", "workers", "records"}, or {"skipped": why}.
    """
    from sitetools.local_nginx import local_nginx, nginx_binary

    binary = nginx_binary()
    if not binary or not find("openssl"):
        why = "nginx or openssl is not installed (apt-get install nginx openssl)"
        print(f"  nginx rows skipped: {why}", flush=True)
        return {"skipped": why}
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr.strip().removeprefix(
        "nginx version: ")
    deploy_path = work / "nginx-srv"
    deploy_path.mkdir(exist_ok=True)
    (deploy_path / "current").unlink(missing_ok=True)
    (deploy_path / "current").symlink_to(site.resolve())
    with local_nginx(work / "nginx", deploy_path, workers="auto") as server:
        records = drive(browser, server.https, "/tim-kiem/", queries, _our_search_file, "ours-nginx",
                        server.access_log, first_repeats=FIRST_REPEATS, sent_total=True, from_portal=True)
    print("  ours via nginx done", flush=True)
    return {"server": version, "workers": "auto", "records": records}


def _start_server(folder: Path, csp: str, work: Path) -> tuple[subprocess.Popen, str, Path]:
    port_file = work / f"port-{folder.name}"
    traffic_file = work / f"traffic-{folder.name}.tsv"
    port_file.unlink(missing_ok=True)
    traffic_file.write_text("")
    process = subprocess.Popen([_python(), "-m", "sitetools.search_bench", "_serve", str(folder), csp, str(port_file),
                                str(traffic_file)],
                               cwd=PROJECT_ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        if port_file.exists() and port_file.read_text().strip():
            return process, f"http://127.0.0.1:{port_file.read_text().strip()}", traffic_file
        time.sleep(0.05)
    process.kill()
    raise SystemExit(f"the server for {folder} did not start")


def _chromium() -> str:
    path = chromium_path()
    if not path:
        raise SystemExit("the search benchmark needs Debian's chromium (apt-get install chromium)")
    return path


def summarise_recall(records: list[dict], truth: dict[str, dict], to_key: dict[str, str]) -> dict:
    """Recall@10 per (kind, form): mean and min over the targets, and per query."""
    by_group: dict[str, list[float]] = {}
    for record in records:
        if "hrefs" not in record:
            record["recall"] = None
            continue
        keys = [to_key.get(href, "?" + href) for href in record["hrefs"]]
        record["recall"] = recall_at(keys, truth[record["target"]]["exact"])
        if record["recall"] is not None:
            by_group.setdefault(f"{record['kind']} / {record['form']}", []).append(record["recall"])
    return {group: {"mean": round(statistics.mean(values), 3), "min": round(min(values), 3), "queries": len(values)}
            for group, values in by_group.items()}


def _median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def _max(values):
    values = [v for v in values if v is not None]
    return round(max(values), 1) if values else None


def summarise_browser(records: list[dict]) -> dict:
    ok = [r for r in records if "bytes" in r]

    def phase(record, name, part):
        return record["bytes"].get(name, {}).get(part, 0)

    # every timed first query (a record from before the repeats has one: its own)
    first_runs = [ms for r in ok for ms in r.get("first_ms_runs", [r["first_ms_from_navigation"]])]
    return {
        "queries": len(records), "failed": len(records) - len(ok),
        "first_search_bytes_median": _median([phase(r, "first", "search") for r in ok]),
        "first_search_bytes_max": _max([phase(r, "first", "search") for r in ok]),
        "first_all_bytes_median": _median([phase(r, "first", "all") for r in ok]),
        "second_search_bytes_median": _median([phase(r, "second", "search") for r in ok]),
        "second_search_bytes_max": _max([phase(r, "second", "search") for r in ok]),
        "warm_search_bytes_max": _max([phase(r, "warm", "search") for r in ok]),
        "first_ms_median": _median(first_runs),
        "first_ms_max": _max(first_runs),
        "first_ms_runs": len(first_runs),
        # ours: the first query typed into the home page's header box (theme cached, no search data)
        "from_header_ms_median": _median([r["from_header_ms"] for r in ok if "from_header_ms" in r]),
        "from_header_ms_max": _max([r["from_header_ms"] for r in ok if "from_header_ms" in r]),
        "from_header_runs": sum("from_header_ms" in r for r in ok),
        "home_search_requests": sum(r.get("home_search_requests", 0) for r in ok),
        "first_search_ms_median": _median([r["first_search_ms"] for r in ok]),
        "second_search_ms_median": _median([r["second_search_ms"] for r in ok]),
        "second_search_ms_max": _max([r["second_search_ms"] for r in ok]),
        "warm_search_ms_median": _median([r["warm_search_ms"] for r in ok]),
        "warm_search_ms_max": _max([r["warm_search_ms"] for r in ok]),
    }


def twin_recall(index_folder: Path, queries: list[Query], truth: dict, to_key: dict[str, str]) -> dict:
    """Recall@10 of the Python twin of our browser search (`StaticIndex`) and the files it would fetch."""
    from offline_search.static import StaticIndex

    records = []
    for query in queries:
        index = StaticIndex(index_folder)
        total, hits = index.search(query.text)
        hrefs = [normalise_url(row[1]) for _, _, row in hits]
        records.append({"target": query.target, "kind": query.kind, "form": query.form, "query": query.text,
                        "hrefs": hrefs, "total": total,
                        "fetched_bytes": sum((index_folder / name).stat().st_size for name in index.fetched)})
    return {"records": records}


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("OK" if ok else "MISSED")


def run_search_bench(n: int = 10_000, json_path: str | None = None, keep: bool = False, *,
                     browser: bool = True, seed: int | None = None) -> dict:
    from sitetools import bench, synthetic

    if n < 1:
        raise SystemExit("--articles must be at least 1")
    seed = synthetic.DEFAULT_SEED if seed is None else seed
    binary = ensure_pagefind()
    work = Path(tempfile.mkdtemp(prefix=f"portal-search-bench-{n}-"))
    content = work / "content"
    servers: list[subprocess.Popen] = []
    try:
        print(f"Generating {n:,} synthetic articles into {content} and planting the query targets …", flush=True)
        stats = synthetic.generate(content, n, seed)
        manifest = stats["manifest"]
        planted = plant(content, manifest)
        texts = {item["path"]: indexed_text((content / item["path"]).read_text(encoding="utf-8")) for item in manifest}
        # Our search also finds the portal's pages (Pagefind here indexes article pages only): a page that
        # holds a phrase is a right answer too.
        pages = {page.relative_to(content).as_posix(): page for page in sorted((content / "pages").rglob("*.md"))}
        texts.update({key: indexed_text(page.read_text(encoding="utf-8")) for key, page in pages.items()})
        truth = ground_truth(texts)
        problems = check_truth(planted, truth)
        for problem in problems:
            print("  ground truth problem:", problem, flush=True)
        ours_key = {our_url(item): item["path"] for item in manifest}
        ours_key.update({f"{synthetic._page_slug(page)}/": key for key, page in pages.items()})
        bare_key = {bare_url(item): item["path"] for item in manifest}

        # Builds: not what is measured here, so niced.
        templates = bench._bare_template_overrides(content, work) or (work / "bare-templates")
        templates.mkdir(parents=True, exist_ok=True)
        (templates / "article.html").write_text(BARE_ARTICLE_TEMPLATE, encoding="utf-8")
        ours_out, bare_out = work / "output-ours", work / "output-bare"
        print("Building the site with our theme and plugins, and with bare Pelican …", flush=True)
        build_ours = run_measured([_python(), "-m", "sitetools.search_bench", "_build_ours", str(content),
                                   str(ours_out), str(work / "whoosh-build")], work / "log-build-ours.txt", nice=5)
        build_bare = run_measured([_python(), "-m", "sitetools.bench", "_child", "bare", str(content), str(bare_out),
                                   str(work / "result-bare.json"), str(templates)], work / "log-build-bare.txt", nice=5)
        for name, figures in (("ours", build_ours), ("bare", build_bare)):
            print(f"  {name}: {figures['seconds']:.1f} s, exit status {figures['exit_status']}", flush=True)
            if figures["exit_status"]:
                print((work / f"log-build-{name}.txt").read_text(encoding="utf-8", errors="replace")[-3000:])
                raise SystemExit(f"the {name} build failed")

        print("Indexing with our indexer (child process) …", flush=True)
        ours_index = run_measured([_python(), "-m", "sitetools.search_bench", "_index", str(content),
                                   str(work / "index-ours"), str(work / "whoosh-ours"), str(work / "result-index.json")],
                                  work / "log-index-ours.txt")
        if ours_index["exit_status"]:
            print((work / "log-index-ours.txt").read_text(encoding="utf-8", errors="replace")[-3000:])
            raise SystemExit("our indexer failed")
        ours_index.update(json.loads((work / "result-index.json").read_text(encoding="utf-8")))
        print(f"  {ours_index['seconds']:.1f} s, peak {ours_index['peak_rss_mb']:.0f} MB", flush=True)
        print("Re-indexing after one changed article (another child process, as a later build) …", flush=True)
        reindex = run_measured([_python(), "-m", "sitetools.search_bench", "_reindex", str(content),
                                str(work / "index-ours"), str(work / "whoosh-ours"), str(work / "result-reindex.json")],
                               work / "log-reindex-ours.txt")
        if reindex["exit_status"]:
            print((work / "log-reindex-ours.txt").read_text(encoding="utf-8", errors="replace")[-3000:])
            raise SystemExit("our re-index failed")
        ours_index.update(json.loads((work / "result-reindex.json").read_text(encoding="utf-8")))
        print(f"  whoosh {ours_index['reindex_whoosh_seconds']:.2f} s, browser index "
              f"{ours_index['reindex_export_seconds']:.2f} s ({ours_index['reindex_mode']})", flush=True)
        print(f"Indexing with Pagefind {pagefind_version(binary)} (twice: full run, then the re-index) …", flush=True)
        pagefind_run = run_pagefind(binary, bare_out, work / "log-pagefind.txt")
        pagefind_again = run_pagefind(binary, bare_out, work / "log-pagefind-2.txt")
        print(f"  {pagefind_run['seconds']:.1f} s and {pagefind_again['seconds']:.1f} s, "
              f"peak {pagefind_run['peak_rss_mb']:.0f} MB, {pagefind_run['pages']} pages", flush=True)
        if pagefind_run["exit_status"]:
            raise SystemExit("Pagefind failed: see " + str(work / "log-pagefind.txt"))

        served_index = ours_out / "tim-kiem" / "chi-muc"
        sizes = {
            "ours_bytes": folder_bytes(served_index)[0], "ours_files": folder_bytes(served_index)[1],
            "ours_child_export_bytes": folder_bytes(work / "index-ours")[0],
            "ours_whoosh_bytes": ours_index["whoosh_bytes"],
            "pagefind_bytes": folder_bytes(bare_out / "pagefind", _pagefind_data)[0],
            "pagefind_files": folder_bytes(bare_out / "pagefind", _pagefind_data)[1],
            "pagefind_folder_bytes": folder_bytes(bare_out / "pagefind")[0],
        }
        queries = queries_of()
        twin = twin_recall(served_index, queries, truth, ours_key)
        twin_summary = summarise_recall(twin["records"], truth, ours_key)

        report = {
            "schema": SCHEMA,
            "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
            "machine": bench._machine() | {"pagefind": pagefind_version(binary)},
            "articles": n, "seed": seed, "plant_seed": PLANT_SEED,
            "targets": [{"name": t.name, "kind": t.kind, "phrase": t.phrase, "planted": planted.get(t.name, []),
                         "truth": len(truth[t.name]["exact"]), "truth_folded": len(truth[t.name]["folded"])}
                        for t in TARGETS],
            "truth_problems": problems,
            "builds": {"ours": build_ours, "bare": build_bare},
            "index": {"ours": ours_index, "pagefind": pagefind_run, "pagefind_reindex": pagefind_again},
            "sizes": sizes,
            "twin": {"recall": twin_summary, "records": twin["records"]},
        }
        if browser:
            from playwright.sync_api import sync_playwright

            ours_server, ours_base, ours_log = _start_server(ours_out, "csp", work)
            servers.append(ours_server)
            (bare_out / "pf-bench").mkdir(exist_ok=True)
            (bare_out / "pf-bench" / "index.html").write_text(HARNESS_HTML, encoding="utf-8")
            (bare_out / "pf-bench" / "harness.js").write_text(HARNESS_JS, encoding="utf-8")
            bare_server, bare_base, bare_log = _start_server(bare_out, "nocsp", work)
            servers.append(bare_server)
            print(f"Driving headless Chromium: {len(queries)} queries on each engine …", flush=True)
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS)
                try:
                    ours_records = drive(chromium, ours_base, "/tim-kiem/", queries, _our_search_file,
                                         "ours", ours_log, first_repeats=FIRST_REPEATS, from_portal=True)
                    print("  ours done", flush=True)
                    pf_records = drive(chromium, bare_base, "/pf-bench/", queries,
                                       lambda url: "/pagefind/" in url, "pagefind", bare_log)
                    print("  pagefind done", flush=True)
                    via_nginx = drive_nginx(chromium, ours_out, work, queries)
                finally:
                    chromium.close()
            report["browser"] = {
                "ours": {"recall": summarise_recall(ours_records, truth, ours_key),
                         **summarise_browser(ours_records)},
                "pagefind": {"recall": summarise_recall(pf_records, truth, bare_key),
                             **summarise_browser(pf_records)},
                "records": ours_records + pf_records + via_nginx.pop("records", []),
            }
            nginx_records = [r for r in report["browser"]["records"] if r["engine"] == "ours-nginx"]
            report["browser"]["nginx"] = via_nginx if "skipped" in via_nginx else via_nginx | {
                "recall": summarise_recall(nginx_records, truth, ours_key), **summarise_browser(nginx_records)}
        report["verdicts"] = verdicts(report)
        bench.publish_report(report, format_report(report), json_path)
        return report
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
        if keep:
            print(f"\nKept everything in {work} (content/, output-ours/, output-bare/ with pagefind/, logs).")
        else:
            shutil.rmtree(work, ignore_errors=True)


def verdicts(report: dict) -> dict:
    index, sizes = report["index"], report["sizes"]
    ours = index["ours"]
    index_seconds = ours["documents_seconds"] + ours["export_seconds"] + ours["whoosh_seconds"]
    browser_index = ours["documents_seconds"] + ours["export_seconds"]
    out = {
        "index_size": sizes["ours_bytes"] <= sizes["pagefind_bytes"],
        "index_time": ours["seconds"] <= index["pagefind"]["seconds"],
        # What the build does for the browser's search (whoosh is only for ./inv search since 8795121)
        "index_time_browser": browser_index <= index["pagefind"]["seconds"],
        "index_seconds_browser": round(browser_index, 3),
        "reindex_browser": ours["reindex_export_seconds"] <= TARGETS_OK["reindex_s"],
        "index_memory": ours["peak_rss_mb"] <= TARGETS_OK["memory_mb"],
        "reindex": ours["reindex_whoosh_seconds"] + ours["reindex_export_seconds"] <= TARGETS_OK["reindex_s"],
        "index_seconds_in_child": round(index_seconds, 3),
    }
    browser = report.get("browser")
    if browser:
        recall = browser["ours"]["recall"]
        out["recall"] = bool(recall) and all(group["min"] >= TARGETS_OK["recall"] for group in recall.values())
        ours_b, pf_b = browser["ours"], browser["pagefind"]
        ratios = per_query_byte_ratios(browser["records"])
        out["first_bytes_ratio_max"] = round(max(ratios), 3) if ratios else None
        out["first_bytes"] = bool(ratios) and max(ratios) <= TARGETS_OK["first_bytes_ratio"]
        out["warm_latency"] = ours_b["warm_search_ms_max"] is not None and \
            ours_b["warm_search_ms_max"] < TARGETS_OK["warm_ms"]
        # The first-query target is judged on nginx, the production server, when it was measured.
        out["first_latency_python_server"] = _under(ours_b["first_ms_max"], TARGETS_OK["first_ms"])
        nginx = browser.get("nginx") or {}
        measured = "first_ms_max" in nginx
        out["first_latency_server"] = "nginx" if measured else "python"
        out["first_latency"] = _under(nginx["first_ms_max"], TARGETS_OK["first_ms"]) if measured else \
            out["first_latency_python_server"]
        out["complete"] = ours_b["failed"] == 0 and pf_b["failed"] == 0 and nginx.get("failed", 0) == 0
    return out


def _under(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def per_query_byte_ratios(records: list[dict]) -> list[float]:
    """Ours/Pagefind search bytes of each first query, matched by query text."""
    pf = {r["query"]: r for r in records if r["engine"] == "pagefind" and "bytes" in r}
    ratios = []
    for record in records:
        other = pf.get(record["query"])
        if record["engine"] == "ours" and "bytes" in record and other:
            theirs = other["bytes"].get("first", {}).get("search", 0)
            if theirs:
                ratios.append(record["bytes"].get("first", {}).get("search", 0) / theirs)
    return ratios


def _fmt(value, unit="", digits=0):
    if value is None:
        return "—"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}{unit}"
    return str(value)


def format_report(report: dict) -> str:
    index, sizes, verdict = report["index"], report["sizes"], report["verdicts"]
    ours, pf = index["ours"], index["pagefind"]
    lines = [
        f"Search benchmark: {report['articles']:,} synthetic articles (seed {report['seed']}), "
        f"{sum(len(t['planted']) for t in report['targets'])} planted sentences; "
        f"Pagefind {report['machine']['pagefind']}; {report['machine']['cpu_count']} CPUs; {report['date']}",
    ]
    for problem in report["truth_problems"]:
        lines.append(f"  ground truth problem: {problem}")
    lines += ["", f"{'':44}{'ours':>18}{'Pagefind':>18}{'ours/Pf':>10}"]

    def row(label, left, right, ratio=None, note=""):
        lines.append(f"{label:44}{left:>18}{right:>18}{ratio or '':>10}  {note}".rstrip())

    def ratio(a, b):
        return f"{a / b:.2f}" if a is not None and b else None

    row("indexing time (child process, wall)", _fmt(ours["seconds"], " s", 1), _fmt(pf["seconds"], " s", 1),
        ratio(ours["seconds"], pf["seconds"]), _verdict(verdict["index_time"]))
    row("  browser index only: documents + export", _fmt(verdict["index_seconds_browser"], " s", 1),
        _fmt(pf["seconds"], " s", 1), ratio(verdict["index_seconds_browser"], pf["seconds"]),
        _verdict(verdict["index_time_browser"]))
    row("  of which: Markdown → documents", _fmt(ours["documents_seconds"], " s", 1), "")
    row("  of which: browser export", _fmt(ours["export_seconds"], " s", 1), "")
    row("  of which: whoosh index (beside the export)", _fmt(ours["whoosh_seconds"], " s", 1), "")
    row("  of which: waited for whoosh after the export", _fmt(ours.get("whoosh_wait_seconds"), " s", 1), "")
    row("indexing CPU time", _fmt(ours["cpu_seconds"], " s", 1), _fmt(pf["cpu_seconds"], " s", 1),
        ratio(ours["cpu_seconds"], pf["cpu_seconds"]))
    row("indexer peak RSS", _fmt(ours["peak_rss_mb"], " MB"), _fmt(pf["peak_rss_mb"], " MB"),
        ratio(ours["peak_rss_mb"], pf["peak_rss_mb"]), _verdict(verdict["index_memory"]) + " (≤ 500 MB)")
    row("  after documents / export / whoosh", f"{ours['peak_mb_after_documents']:.0f}/"
        f"{ours['peak_mb_after_export']:.0f}/{ours['peak_mb_after_whoosh']:.0f} MB", "")
    reindex = ours["reindex_whoosh_seconds"] + ours["reindex_export_seconds"]
    row("re-index after one changed article", _fmt(reindex, " s", 2),
        _fmt(index["pagefind_reindex"]["seconds"], " s", 1), ratio(reindex, index["pagefind_reindex"]["seconds"]),
        _verdict(verdict["reindex"]) + " (< 2 s)")
    row(f"  whoosh update / browser index ({ours.get('reindex_mode', 'full')})",
        f"{ours['reindex_whoosh_seconds']:.2f}/{ours['reindex_export_seconds']:.2f} s",
        "(full run)", None, "browser index alone: " + _verdict(verdict["reindex_browser"]))
    row("index size (served data)", _fmt(sizes["ours_bytes"] / 1e6, " MB", 2), _fmt(sizes["pagefind_bytes"] / 1e6, " MB", 2),
        ratio(sizes["ours_bytes"], sizes["pagefind_bytes"]), _verdict(verdict["index_size"]))
    row("  files", _fmt(sizes["ours_files"]), _fmt(sizes["pagefind_files"]))
    row("  whoosh index (build cache) / Pf folder", _fmt(sizes["ours_whoosh_bytes"] / 1e6, " MB", 2),
        _fmt(sizes["pagefind_folder_bytes"] / 1e6, " MB", 2))
    browser = report.get("browser")
    if browser:
        bo, bp = browser["ours"], browser["pagefind"]
        lines += ["", f"Browser (headless Chromium, 127.0.0.1), {bo['queries']} queries each "
                  f"(failed: ours {bo['failed']}, Pagefind {bp['failed']}); medians unless said:"]
        row("first query: search bytes", _fmt(bo["first_search_bytes_median"], " B"),
            _fmt(bp["first_search_bytes_median"], " B"), ratio(bo["first_search_bytes_median"], bp["first_search_bytes_median"]),
            f"{_verdict(verdict['first_bytes'])} (worst query {_fmt(verdict['first_bytes_ratio_max'], '', 3)} ≤ 0.15)")
        row("first query: search bytes, max", _fmt(bo["first_search_bytes_max"], " B"),
            _fmt(bp["first_search_bytes_max"], " B"))
        row("first query: all bytes (page + search)", _fmt(bo["first_all_bytes_median"], " B"),
            _fmt(bp["first_all_bytes_median"], " B"), ratio(bo["first_all_bytes_median"], bp["first_all_bytes_median"]))
        row("second query: search bytes (median/max)",
            f"{_fmt(bo['second_search_bytes_median'])}/{_fmt(bo['second_search_bytes_max'])}",
            f"{_fmt(bp['second_search_bytes_median'])}/{_fmt(bp['second_search_bytes_max'])}")
        row(f"first query, navigation → results (med, {bo.get('first_ms_runs', bo['queries'])} runs)",
            _fmt(bo["first_ms_median"], " ms"),
            _fmt(bp["first_ms_median"], " ms"), ratio(bo["first_ms_median"], bp["first_ms_median"]))
        python_verdict = verdict.get("first_latency_python_server", verdict["first_latency"])
        judged_here = verdict.get("first_latency_server", "python") == "python"
        row("first query, navigation → results (max)", _fmt(bo["first_ms_max"], " ms"), _fmt(bp["first_ms_max"], " ms"),
            ratio(bo["first_ms_max"], bp["first_ms_max"]),
            _verdict(python_verdict) + (" (< 500 ms)" if judged_here else " (< 500 ms on our dev server; judged via nginx)"))
        row("first query, search only (data-search-ms)", _fmt(bo["first_search_ms_median"], " ms"),
            _fmt(bp["first_search_ms_median"], " ms"))
        row("second query (med/max)", f"{_fmt(bo['second_search_ms_median'])}/{_fmt(bo['second_search_ms_max'])} ms",
            f"{_fmt(bp['second_search_ms_median'])}/{_fmt(bp['second_search_ms_max'])} ms")
        row("warm query, data loaded (med/max)", f"{_fmt(bo['warm_search_ms_median'])}/{_fmt(bo['warm_search_ms_max'])} ms",
            f"{_fmt(bp['warm_search_ms_median'])}/{_fmt(bp['warm_search_ms_max'])} ms", None,
            _verdict(verdict["warm_latency"]) + " (< 100 ms)")
        nginx_rows(browser, verdict, lines, row)
        lines += ["", f"recall@10 by query kind / form (mean, min over targets); target ≥ 0.95 on every one: "
                  f"{_verdict(verdict['recall'])}"]
        groups = sorted(set(bo["recall"]) | set(bp["recall"]) | set(report["twin"]["recall"]))
        lines.append(f"{'':44}{'ours':>18}{'Pagefind':>18}{'ours (Py twin)':>16}")
        for group in groups:
            cells = []
            for source in (bo["recall"], bp["recall"], report["twin"]["recall"]):
                value = source.get(group)
                cells.append(f"{value['mean']:.2f} ({value['min']:.2f})" if value else "—")
            lines.append(f"{group:44}{cells[0]:>18}{cells[1]:>18}{cells[2]:>16}")
        lines += ["", "per query: recall@10 ours / Pagefind; first-query search bytes ours / Pagefind; "
                  "first query ms ours / Pagefind"]
        pf = {r["query"]: r for r in browser["records"] if r["engine"] == "pagefind"}
        for record in browser["records"]:
            if record["engine"] != "ours":
                continue
            other = pf.get(record["query"], {})

            def cell(r, key):
                return "err" if "error" in r else _fmt(r.get(key), "", 2 if key == "recall" else 0)

            def b(r):
                return "err" if "bytes" not in r else _fmt(r["bytes"].get("first", {}).get("search", 0))
            lines.append(f"  {record['query'][:30]:32}{cell(record, 'recall'):>6} /{cell(other, 'recall'):>6}"
                         f"{b(record):>12} /{b(other):>12}{cell(record, 'first_ms_from_navigation'):>8} /"
                         f"{cell(other, 'first_ms_from_navigation'):>8}")
            for r in (record, other):
                if r.get("error"):
                    lines.append(f"      {r['engine']}: {r['error']}")
    else:
        lines += ["", "recall@10 (Python twin of our browser search, no browser run):"]
        for group, value in sorted(report["twin"]["recall"].items()):
            lines.append(f"  {group:42}{value['mean']:.2f} (min {value['min']:.2f})")
    return "\n".join(lines)


def nginx_rows(browser: dict, verdict: dict, lines: list[str], row) -> None:
    """Our search served by nginx (the production server): a heading added to `lines`, then rows through `row`."""
    nginx, python = browser.get("nginx"), browser["ours"]
    if not nginx:  # a run from before nginx was measured
        return
    if "skipped" in nginx:
        lines += ["", f"Ours via nginx: skipped ({nginx['skipped']})."]
        return
    lines += ["", f"Ours via nginx {nginx['server']} (deploy/nginx/portal.conf: HTTPS, HTTP/2, gzip; "
               f"worker_processes {nginx['workers']}), same queries and protocol (failed: {nginx['failed']}); "
               "first query = navigation → results; the Python server's figures beside:"]
    row(f"first query via nginx (med, {nginx['first_ms_runs']} runs)",
        _fmt(nginx["first_ms_median"], " ms"), "", None, f"Python server {_fmt(python['first_ms_median'], ' ms')}")
    row("first query via nginx (max)", _fmt(nginx["first_ms_max"], " ms"), "", None,
        f"{_verdict(verdict['first_latency'])} (< 500 ms, production server; "
        f"Python server {_fmt(python['first_ms_max'], ' ms')})")
    if nginx.get("from_header_runs"):
        row("first query from the header box (med/max)",
            f"{_fmt(nginx['from_header_ms_median'])}/{_fmt(nginx['from_header_ms_max'])} ms", "", None,
            f"theme cached, index not ({nginx['home_search_requests']} index requests before); Python server "
            f"{_fmt(python.get('from_header_ms_median'))}/{_fmt(python.get('from_header_ms_max'))} ms")
    row("first query via nginx, search only", _fmt(nginx["first_search_ms_median"], " ms"), "",
        None, f"Python server {_fmt(python['first_search_ms_median'], ' ms')}")
    row("first query via nginx: search/all bytes",
        f"{_fmt(nginx['first_search_bytes_median'])}/{_fmt(nginx['first_all_bytes_median'])} B", "", None,
        f"Python server {_fmt(python['first_search_bytes_median'])}/{_fmt(python['first_all_bytes_median'])} B "
        "(nginx sends gzip)")
    row("second query via nginx (med/max)",
        f"{_fmt(nginx['second_search_ms_median'])}/{_fmt(nginx['second_search_ms_max'])} ms", "", None,
        f"Python server {_fmt(python['second_search_ms_median'])}/{_fmt(python['second_search_ms_max'])} ms")
    row("warm query via nginx (med/max)",
        f"{_fmt(nginx['warm_search_ms_median'])}/{_fmt(nginx['warm_search_ms_max'])} ms", "", None,
        f"Python server {_fmt(python['warm_search_ms_median'])}/{_fmt(python['warm_search_ms_max'])} ms")


def _report(json_file: str) -> int:
    """Print the table of a saved run again (verdicts recomputed)."""
    report = json.loads(Path(json_file).read_text(encoding="utf-8"))
    report["verdicts"] = verdicts(report)
    print(format_report(report))
    return 0


if __name__ == "__main__":
    commands = {"_index": _child_index, "_reindex": _child_reindex, "_build_ours": _child_build_ours,
                "_serve": _child_serve, "_report": _report}
    if len(sys.argv) > 1 and sys.argv[1] in commands:
        sys.exit(commands[sys.argv[1]](*sys.argv[2:]))
    sys.exit("usage: ./inv bench --search [--articles N] [--json FILE] [--keep]")
