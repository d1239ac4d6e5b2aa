"""Build benchmark: our theme and plugins against bare Pelican on the same synthetic content.

`run_build_bench(n)` writes n synthetic Vietnamese articles once
(`sitetools.synthetic`), then builds them in separate child processes,
alternating bare, ours, bare, ours… so that time and peak memory belong to
one build each:

* ours: `sitetools.build.build_site(pelicanconf.py, …)` with the portal's own
  settings; only PATH (the synthetic tree) and the output folder differ,
  caching is off (as in pelicanconf.py);
* bare: `Pelican(read_settings(None, override=…)).run()` with Pelican's
  default theme and every default setting, except PATH, OUTPUT_PATH,
  PLUGINS = [], TIMEZONE, SITENAME and caching off (DEFAULT_LANG stays "en":
  "vi" makes docutils warn that it has no Vietnamese localisation). Our real
  pages name a template the default theme lacks (`Template: sitemap`), so bare
  gets a one-line override `{% extends "page.html" %}` for each such name.

It prints a table (see docs/benchmarks.md for what every figure means) and,
with json_path, writes the same figures as JSON. The child entry point is
`python -m sitetools.bench _child KIND CONTENT OUTPUT RESULT [TEMPLATES]`.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PAGE_BUDGET_BYTES = 30_000  # "≤ 30 KB gzipped" for an article page with its CSS and JS
RATIO_TARGET = 1.3  # our full build ≤ 1.3 × bare Pelican at 10,000 articles
SCHEMA = 1


# --------------------------------------------------------------------------
# Child process: one build, then its figures as JSON
# --------------------------------------------------------------------------

def _build_bare(content: str, output: str, templates: str | None) -> tuple[list[str], list[str]]:
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from sitetools.build import LogCollector

    init_logging(level=logging.WARNING, handler=None)
    override = {
        "PATH": content, "OUTPUT_PATH": output, "PLUGINS": [], "TIMEZONE": "Asia/Ho_Chi_Minh",
        "SITENAME": "Bench", "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    }
    if templates:
        override["THEME_TEMPLATES_OVERRIDES"] = [templates]
    collector = LogCollector()
    logging.getLogger().addHandler(collector)
    try:
        Pelican(read_settings(None, override=override)).run()
    except Exception as error:  # reported, like build_site does
        logging.getLogger(__name__).error("%s: %s", type(error).__name__, error)
    errors = [record.getMessage() for record in collector.records if record.levelno >= logging.ERROR]
    warnings = [record.getMessage() for record in collector.records if record.levelno < logging.ERROR]
    return errors, warnings


def _build_ours(content: str, output: str) -> tuple[list[str], list[str]]:
    from sitetools.build import build_site

    # A fresh search index each run: the search plugin's full indexing is part of a cold build.
    search_index = tempfile.mkdtemp(prefix="search-index-", dir=Path(output).parent)
    try:
        result = build_site(PROJECT_ROOT / "pelicanconf.py", output,
                            overrides={"PATH": content, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
                                       "SEARCH_INDEX_PATH": search_index})
    finally:
        shutil.rmtree(search_index, ignore_errors=True)
    return result.errors, result.warnings


PREVIEW_MARK = "Đoạn văn thêm vào khi đo xem trước nhanh."


def _preview_edit(content: str, output: str) -> dict:
    """Full build with the preview's recording, then one saved body edit through the watcher.

    The figure is what an editor waits for: from the moment the edited file is
    saved until the article's page on disk carries the new sentence (the
    watcher's debounce, the re-read, the pages rewritten, the search delta).
    """
    import threading

    from sitetools.preview import PreviewSite

    search_index = tempfile.mkdtemp(prefix="search-index-", dir=Path(output).parent)
    site = PreviewSite(PROJECT_ROOT / "pelicanconf.py", output,
                       {"PATH": content, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
                        "SEARCH_INDEX_PATH": search_index})
    started = time.perf_counter()
    result = site.build()
    full_seconds = time.perf_counter() - started
    if not result.ok:
        return {"errors": result.errors, "warnings": result.warnings}
    articles = next(generator for generator in site.generators if hasattr(generator, "articles")).articles
    article = articles[len(articles) // 2]  # an article in the middle of every listing
    page = Path(output) / article.save_as
    source = Path(article.source_path)
    refreshed, stop = [], threading.Event()
    watcher = threading.Thread(target=site.watch, args=(refreshed.append, stop), daemon=True)
    watcher.start()
    time.sleep(1.0)  # the watcher is set up
    saved = time.perf_counter()
    source.write_text(source.read_text(encoding="utf-8") + f"\n\n{PREVIEW_MARK}\n", encoding="utf-8")
    while PREVIEW_MARK not in page.read_text(encoding="utf-8") and time.perf_counter() - saved < 600:
        time.sleep(0.01)
    shown_seconds = time.perf_counter() - saved
    while not refreshed and time.perf_counter() - saved < 600:
        time.sleep(0.01)
    stop.set()
    watcher.join(10)
    shutil.rmtree(search_index, ignore_errors=True)
    refresh = refreshed[0] if refreshed else None
    return {"errors": list(refresh.errors) if refresh else ["the watcher saw no change"], "warnings": [],
            "full_seconds": full_seconds, "shown_seconds": shown_seconds,
            "mode": refresh.mode if refresh else None, "refresh_seconds": refresh.seconds if refresh else None,
            "files_written": len(refresh.written) if refresh else 0, "article": str(source.name)}


def _child(argv: list[str]) -> int:
    started = time.perf_counter()
    kind, content, output, result_file = argv[:4]
    templates = argv[4] if len(argv) > 4 else None
    if kind == "preview":
        figures = _preview_edit(content, output)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        figures.update(seconds=time.perf_counter() - started, maxrss_kb=usage.ru_maxrss)
        Path(result_file).write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
        return 1 if figures["errors"] else 0
    if kind == "ours":
        errors, warnings = _build_ours(content, output)
    elif kind == "bare":
        errors, warnings = _build_bare(content, output, templates)
    else:
        raise SystemExit(f"unknown build kind {kind!r}")
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    Path(result_file).write_text(json.dumps({
        "seconds": seconds, "maxrss_kb": usage.ru_maxrss, "errors": errors, "warnings": warnings,
    }, ensure_ascii=False), encoding="utf-8")
    return 1 if errors else 0


# --------------------------------------------------------------------------
# Parent: generate, run the children, measure the outputs
# --------------------------------------------------------------------------

def _python() -> str:
    venv = PROJECT_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _run_child(kind: str, content: Path, output: Path, work: Path, templates: Path | None) -> dict:
    """Run one build in its own process; return its figures (wall, build time, peak RSS, CPU, messages)."""
    result_file = work / f"result-{kind}.json"
    log_file = work / f"log-{kind}.txt"
    result_file.unlink(missing_ok=True)
    args = [_python(), "-m", "sitetools.bench", "_child", kind, str(content), str(output), str(result_file)]
    if templates is not None:
        args.append(str(templates))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), str(PROJECT_ROOT / "plugins")])
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    started = time.perf_counter()
    with open(log_file, "wb") as log:
        process = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    figures = {"errors": [], "warnings": []}
    if result_file.exists():
        figures = json.loads(result_file.read_text(encoding="utf-8"))
    else:
        figures["errors"] = [f"the {kind} build crashed (exit status {process.returncode}); log:\n"
                             + log_file.read_text(encoding="utf-8", errors="replace")[-4000:]]
        figures["seconds"] = wall
    figures.update({
        "process_seconds": wall, "exit_status": process.returncode,
        "peak_rss_kb": usage.ru_maxrss, "cpu_seconds": usage.ru_utime + usage.ru_stime,
    })
    return figures


def _bare_template_overrides(content: Path, work: Path) -> Path | None:
    """Templates named by pages (`Template: x`) that Pelican's default theme lacks: extend page.html."""
    import pelican

    default_templates = Path(pelican.__file__).parent / "themes" / "notmyidea" / "templates"
    names = set()
    for page in sorted((content / "pages").rglob("*.md")):
        head = page.read_text(encoding="utf-8").split("\n\n", 1)[0]
        for line in head.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "template" and value.strip():
                names.add(value.strip())
    missing = sorted(name for name in names if not (default_templates / f"{name}.html").exists())
    if not missing:
        return None
    folder = work / "bare-templates"
    folder.mkdir(parents=True, exist_ok=True)
    for name in missing:
        (folder / f"{name}.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    return folder


def _tree_size(folder: Path) -> dict:
    total = files = html = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            files += 1
            html += name.endswith(".html")
            total += os.stat(os.path.join(directory, name)).st_size
    return {"output_bytes": total, "output_mb": round(total / 1e6, 1), "files": files, "html_files": html}


class _AssetParser(HTMLParser):
    """Collect <link rel="stylesheet" href> and <script src> in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").lower().split() and values.get("href"):
            self.assets.append(("css", values["href"]))
        elif tag == "script" and values.get("src"):
            self.assets.append(("js", values["src"]))


_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?""", re.IGNORECASE)


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def _local_file(output: Path, base: Path, href: str) -> Path | None:
    """The output file an href points to, or None for another origin."""
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", href, re.IGNORECASE) or href.startswith("data:"):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    target = output / path.lstrip("/") if path.startswith("/") else base / path
    return Path(os.path.normpath(target))


def page_weight(output: Path, page: Path) -> dict:
    """Bytes and gzip -9 bytes of an HTML page plus every local CSS (with its @imports) and JS it loads."""
    output = Path(output)
    html = page.read_bytes()
    parser = _AssetParser()
    parser.feed(html.decode("utf-8", errors="replace"))
    assets: list[dict] = []
    external: list[str] = []
    seen: set[Path] = set()
    queue = [(kind, href, page.parent) for kind, href in parser.assets]
    while queue:
        kind, href, base = queue.pop(0)
        target = _local_file(output, base, href)
        if target is None:
            external.append(href)
            continue
        if target in seen:
            continue
        seen.add(target)
        if not target.is_file():
            assets.append({"path": href, "kind": kind, "bytes": None, "gzip": None, "missing": True})
            continue
        data = target.read_bytes()
        assets.append({"path": target.relative_to(output).as_posix(), "kind": kind,
                       "bytes": len(data), "gzip": _gzip_size(data)})
        if kind == "css":
            queue += [("css", imported, target.parent)
                      for imported in _CSS_IMPORT.findall(data.decode("utf-8", errors="replace"))]
    present = [asset for asset in assets if asset["bytes"] is not None]
    html_gzip = _gzip_size(html)
    return {
        "page": page.relative_to(output).as_posix(),
        "html_bytes": len(html), "html_gzip": html_gzip,
        "assets": assets, "external": external,
        "css_gzip": sum(asset["gzip"] for asset in present if asset["kind"] == "css"),
        "js_gzip": sum(asset["gzip"] for asset in present if asset["kind"] == "js"),
        "total_bytes": len(html) + sum(asset["bytes"] for asset in present),
        "total_gzip": html_gzip + sum(asset["gzip"] for asset in present),
    }


def _sample_articles(manifest: list[dict]) -> dict[str, dict]:
    """The article of median body length ("typical") and the longest one ("largest")."""
    by_words = sorted(manifest, key=lambda item: (item["words"], item["path"]))
    return {"typical": by_words[len(by_words) // 2], "largest": by_words[-1]}


def _our_page(output: Path, item: dict) -> Path:
    stamp = datetime.strptime(item["date"], "%Y-%m-%d %H:%M")
    return output / "tin" / f"{stamp:%Y}" / f"{stamp:%m}" / item["slug"] / "index.html"


def _bare_page(output: Path, item: dict) -> Path:
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return output / DEFAULT_CONFIG["ARTICLE_SAVE_AS"].format(
        slug=slugify(item["title"], regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))


def _summarise_runs(runs: list[dict], n: int, output: Path) -> dict:
    seconds = [run["seconds"] for run in runs]
    median = statistics.median(seconds)
    return {
        "seconds": round(median, 3),
        "seconds_min": round(min(seconds), 3),
        "seconds_runs": [round(value, 3) for value in seconds],
        "process_seconds_runs": [round(run["process_seconds"], 3) for run in runs],
        "cpu_seconds": round(statistics.median(run["cpu_seconds"] for run in runs), 3),
        "cpu_seconds_runs": [round(run["cpu_seconds"], 3) for run in runs],
        "seconds_per_1000_articles": round(median / n * 1000, 3),
        "peak_rss_mb": round(max(run["peak_rss_kb"] for run in runs) / 1024, 1),
        **_tree_size(output),
        "warnings": len(runs[-1]["warnings"]),
        "warning_samples": list(dict.fromkeys(runs[-1]["warnings"]))[:5],
    }


PREVIEW_SHARE_TARGET = 0.10  # issue 7: an edit shows in the preview within 10 % of a full build
CHECK_SHARE_TARGET = 0.20  # ./inv check ≤ 20 % of a full build


def _time_check(content: Path, build_seconds: float) -> dict:
    """How long `./inv check`'s content checks take on the same content, against our fastest build."""
    from content_checks.checks import check_tree

    started = time.perf_counter()
    problems = check_tree(content, content.parent)
    seconds = time.perf_counter() - started
    share = seconds / build_seconds if build_seconds else None
    return {"seconds": round(seconds, 3), "problems": len(problems), "share_of_build": round(share, 3),
            "target": CHECK_SHARE_TARGET, "ok": share is not None and share <= CHECK_SHARE_TARGET}


def _time_preview(content: Path, work: Path, build_seconds: float) -> dict:
    """The preview after one saved article edit, against our fastest full build (last: it edits the content)."""
    output = work / "output-preview"
    figures = _run_child("preview", content, output, work, None)
    shutil.rmtree(output, ignore_errors=True)
    if figures["errors"]:
        return {"errors": figures["errors"][:5], "ok": False, "target": PREVIEW_SHARE_TARGET}
    share = figures["shown_seconds"] / build_seconds if build_seconds else None
    return {"shown_seconds": round(figures["shown_seconds"], 3), "refresh_seconds": round(figures["refresh_seconds"], 3),
            "mode": figures["mode"], "files_written": figures["files_written"],
            "preview_full_build_seconds": round(figures["full_seconds"], 2), "peak_rss_mb": round(figures["peak_rss_kb"] / 1024),
            "share_of_build": round(share, 4), "target": PREVIEW_SHARE_TARGET,
            "ok": share is not None and share <= PREVIEW_SHARE_TARGET and figures["mode"] == "quick"}


def publish_report(report: dict, text: str, json_path: str | None) -> None:
    """Print a benchmark's table and, when asked, write its figures as JSON."""
    print()
    print(text, flush=True)
    if json_path:
        Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nFigures written to {json_path}")


def _machine() -> dict:
    from importlib.metadata import version

    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            memory = round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": memory,
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "jinja2": version("jinja2"),
        "platform": platform.platform(),
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _kb(value: int | None) -> str:
    return "missing" if value is None else f"{value:,} B"


def format_report(figures: dict) -> str:
    """The table printed by `./inv bench`."""
    ours, bare = figures["ours"], figures["bare"]
    n = figures["articles"]
    runs = figures["runs"]
    content = figures["content"]
    lines = [
        f"Build benchmark: {n:,} synthetic articles + {content['pages']} pages "
        f"({content['words']:,} words, {content['images']:,} with an image; seed {figures['seed']}), "
        f"{runs} run{'s' if runs > 1 else ''} of each build, order bare/ours alternating",
        f"{figures['machine']['cpu_count']} CPUs, Python {figures['machine']['python']}, "
        f"Pelican {figures['machine']['pelican']}, {figures['date']}",
        "",
        f"{'':34}{'ours (theme + plugins)':>26}{'bare Pelican':>26}",
    ]

    def row(label, left, right):
        lines.append(f"{label:34}{left:>26}{right:>26}")

    row("build time, median (min)", f"{ours['seconds']:.2f} s ({ours['seconds_min']:.2f})",
        f"{bare['seconds']:.2f} s ({bare['seconds_min']:.2f})")
    row("seconds per 1,000 articles", f"{ours['seconds_per_1000_articles']:.2f}",
        f"{bare['seconds_per_1000_articles']:.2f}")
    row("CPU time (user+sys), median", f"{ours['cpu_seconds']:.2f} s", f"{bare['cpu_seconds']:.2f} s")
    row("process wall time, runs", " ".join(f"{value:.1f}" for value in ours["process_seconds_runs"]),
        " ".join(f"{value:.1f}" for value in bare["process_seconds_runs"]))
    row("peak RSS", f"{ours['peak_rss_mb']:.0f} MB", f"{bare['peak_rss_mb']:.0f} MB")
    row("output size", f"{ours['output_mb']:.1f} MB", f"{bare['output_mb']:.1f} MB")
    row("output files (HTML)", f"{ours['files']:,} ({ours['html_files']:,})",
        f"{bare['files']:,} ({bare['html_files']:,})")
    row("warnings logged", f"{ours['warnings']}", f"{bare['warnings']}")
    verdict = "OK" if figures["ratio_ok"] else "ABOVE TARGET"
    lines += [
        "",
        f"ratio ours/bare: {figures['ratio']:.2f} median/median, {figures['ratio_min']:.2f} min/min, "
        f"{figures['ratio_cpu']:.2f} CPU time",
        f"target at 10,000 articles ≤ {RATIO_TARGET} (judged on min/min: load from other processes "
        f"only ever adds time): {verdict}",
    ]
    check = figures.get("check")
    if check:
        lines.append(f"content checks (./inv check): {check['seconds']:.1f} s, {check['share_of_build']:.0%} of our "
                     f"fastest build (target ≤ {check['target']:.0%}): {'OK' if check['ok'] else 'ABOVE TARGET'}"
                     + (f"; {check['problems']} problems found" if check["problems"] else ""))
    preview = figures.get("preview")
    if preview and preview.get("errors"):
        lines.append(f"preview after one edit: FAILED: {preview['errors'][0]}")
    elif preview:
        lines.append(f"preview after one saved edit (./inv serve): shown in {preview['shown_seconds']:.2f} s "
                     f"({preview['mode']} refresh {preview['refresh_seconds']:.2f} s, {preview['files_written']} files), "
                     f"{preview['share_of_build']:.1%} of our fastest build (target ≤ {preview['target']:.0%}): "
                     f"{'OK' if preview['ok'] else 'ABOVE TARGET'}")
    lines += [
        "",
        f"Article page weight, gzip -9 of the HTML plus every local CSS and JS it loads "
        f"(budget {PAGE_BUDGET_BYTES:,} B):",
    ]
    for name in ("typical", "largest"):
        sample = figures["article_page"][name]
        item = sample["article"]
        lines.append(f"  {name}: {item['words']} words{', with image' if item['image'] else ''} — {item['title']}")
        for kind in ("ours", "bare"):
            weight = sample[kind]
            if weight is None:
                lines.append(f"    {kind}: page not found")
                continue
            lines.append(f"    {kind:4} {weight['page']}")
            lines.append(f"         {'HTML':40}{_kb(weight['html_bytes']):>14} → {_kb(weight['html_gzip']):>10}")
            for asset in weight["assets"]:
                lines.append(f"         {asset['kind'].upper() + ' ' + asset['path']:40}"
                             f"{_kb(asset['bytes']):>14} → {_kb(asset['gzip']):>10}")
            for href in weight["external"]:
                lines.append(f"         {'(other origin, not counted) ' + href}")
            lines.append(f"         {'total':40}{_kb(weight['total_bytes']):>14} → {_kb(weight['total_gzip']):>10}")
    verdict = "OK" if figures["page_budget_ok"] else "OVER BUDGET"
    largest = figures["article_page"]["largest"]["ours"]
    if largest is not None:
        lines.append(f"  budget verdict (ours, largest article): {largest['total_gzip']:,} B "
                     f"of {PAGE_BUDGET_BYTES:,} B: {verdict}")
    for kind in ("ours", "bare"):
        for message in figures[kind]["warning_samples"]:
            lines.append(f"  {kind} warning: {message}")
    return "\n".join(lines)


def run_build_bench(n: int, json_path: str | None = None, keep: bool = False, *,
                    runs: int | None = None, seed: int | None = None) -> dict:
    """Generate n articles, build them with our setup and with bare Pelican, print and return the figures.

    Each build runs `runs` times (default 2, 1 from 20,000 articles; the
    environment variable PORTAL_BENCH_RUNS overrides the default).
    """
    from sitetools import synthetic

    if n < 1:
        raise SystemExit("--articles must be at least 1")
    runs = runs or int(os.environ.get("PORTAL_BENCH_RUNS", 0)) or (1 if n >= 20_000 else 2)
    seed = synthetic.DEFAULT_SEED if seed is None else seed
    work = Path(tempfile.mkdtemp(prefix=f"portal-bench-{n}-"))
    content = work / "content"
    try:
        print(f"Generating {n:,} synthetic articles into {content} …", flush=True)
        started = time.perf_counter()
        stats = synthetic.generate(content, n, seed)
        generate_seconds = time.perf_counter() - started
        print(f"  {generate_seconds:.1f} s: {stats['words']:,} words, {stats['images']:,} articles with an image, "
              f"{stats['pages']} pages" + (f" (stubs: {', '.join(stats['stub_pages'])})" if stats["stub_pages"] else ""),
              flush=True)
        templates = _bare_template_overrides(content, work)
        measured: dict[str, list[dict]] = {"bare": [], "ours": []}
        for run in range(1, runs + 1):
            for kind in ("bare", "ours"):
                output = work / f"output-{kind}"
                shutil.rmtree(output, ignore_errors=True)
                figures = _run_child(kind, content, output, work, templates if kind == "bare" else None)
                if figures["errors"]:
                    print(f"The {kind} build failed:", *[f"  • {message}" for message in figures["errors"][:20]],
                          sep="\n", flush=True)
                    raise SystemExit(1)
                measured[kind].append(figures)
                print(f"  run {run}/{runs} {kind:4}: {figures['seconds']:.1f} s build, "
                      f"{figures['peak_rss_kb'] / 1024:.0f} MB peak RSS, {len(figures['warnings'])} warnings",
                      flush=True)
        ours_out, bare_out = work / "output-ours", work / "output-bare"
        report = {
            "schema": SCHEMA,
            "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
            "machine": _machine(),
            "articles": n,
            "seed": seed,
            "runs": runs,
            "content": {key: stats[key] for key in ("articles", "pages", "images", "words")}
            | {"generate_seconds": round(generate_seconds, 3)},
            "ours": _summarise_runs(measured["ours"], n, ours_out),
            "bare": _summarise_runs(measured["bare"], n, bare_out),
        }
        report["ratio"] = round(report["ours"]["seconds"] / report["bare"]["seconds"], 3)
        report["ratio_min"] = round(report["ours"]["seconds_min"] / report["bare"]["seconds_min"], 3)
        report["ratio_cpu"] = round(report["ours"]["cpu_seconds"] / report["bare"]["cpu_seconds"], 3)
        report["ratio_target"] = RATIO_TARGET
        report["ratio_ok"] = report["ratio_min"] <= RATIO_TARGET
        report["check"] = _time_check(content, report["ours"]["seconds_min"])
        report["preview"] = _time_preview(content, work, report["ours"]["seconds_min"])
        samples = {}
        for name, item in _sample_articles(stats["manifest"]).items():
            ours_page, bare_page = _our_page(ours_out, item), _bare_page(bare_out, item)
            samples[name] = {
                "article": {key: item[key] for key in ("path", "title", "words", "image")},
                "ours": page_weight(ours_out, ours_page) if ours_page.is_file() else None,
                "bare": page_weight(bare_out, bare_page) if bare_page.is_file() else None,
            }
        report["article_page"] = samples
        report["page_budget_bytes"] = PAGE_BUDGET_BYTES
        largest = samples["largest"]["ours"]
        report["page_budget_ok"] = largest is not None and largest["total_gzip"] <= PAGE_BUDGET_BYTES
        publish_report(report, format_report(report), json_path)
        return report
    finally:
        if keep:
            print(f"\nKept the content and both outputs in {work} "
                  "(content/, output-ours/, output-bare/, log-*.txt).")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        sys.exit(_child(sys.argv[2:]))
    sys.exit("usage: ./inv bench [--articles N] [--json FILE] [--keep]")
