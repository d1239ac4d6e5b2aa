"""Related-news benchmarks: precision@5 on a labelled corpus, and speed on synthetic articles.

`run_related_bench(corpus_dir, json_path=None)` reads a folder of Pelican
Markdown files plus `labels.tsv` (file name<TAB>topic), computes each
article's related list with our scoring (`related_news.scoring`, default
settings) and with the plain TF-IDF reference (`related_news.reference`),
and prints precision@5 of both (the share of the five listed articles that
have the same topic), the time each took and the precision per topic. The
labels are used for the evaluation only, never for scoring.

`run_related_speed(n)` times `related_lists` on n synthetic articles
(`sitetools.synthetic`, generated once into a cache folder and reused) in a
child process and prints the seconds and the peak memory.

Command line:

    python -m sitetools.related_bench CORPUS_DIR [--json PATH]
    python -m sitetools.related_bench --speed 10000 [--speed 100000] [--json PATH]

How a Markdown file becomes a Document (the same for both figures): front
matter is the `Name: value` lines up to the first blank line (Title, Slug,
Date, Category, Tags, Summary are used; the key is Slug, or the file name
without `.md`); the body is the rest with Markdown marks, images and links
reduced to their text. The lead is the `Summary:` field; without one
(the labelled corpus has none) it is the first paragraph of the body, and
the body keeps the remaining paragraphs, as a sapo would be on the portal.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
for _folder in (PROJECT_ROOT, PROJECT_ROOT / "plugins"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from related_news.reference import tfidf_reference_lists  # noqa: E402
from related_news.scoring import TIMINGS, Document, RelatedConfig, related_lists  # noqa: E402

K = 5
SCHEMA = 1
SPEED_TARGETS = {10_000: 5.0, 100_000: 60.0}  # seconds (the budget)
MEMORY_TARGET_KB = 2 * 1024 * 1024  # < 2 GB peak at 100k

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)", re.M)
_EMPHASIS = re.compile(r"[*_`]{1,3}")


def markdown_text(markdown: str) -> str:
    """Plain text of simple Markdown: images and headings' marks dropped, links kept as their text."""
    text = _IMAGE.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _MARKS.sub("", text)
    return _EMPHASIS.sub("", text)


def read_markdown(path: Path) -> Document:
    """One Pelican Markdown file as a scoring Document (see the module docstring)."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            meta[name.strip().lower()] = value.strip()
    paragraphs = [p.strip() for p in markdown_text(body).split("\n\n") if p.strip()]
    lead = meta.get("summary", "")
    if not lead and paragraphs:
        lead, paragraphs = paragraphs[0], paragraphs[1:]
    date = None
    if meta.get("date"):
        try:
            date = datetime.fromisoformat(meta["date"])
        except ValueError:
            date = None
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return Document(key=meta.get("slug") or path.stem, title=meta.get("title", ""), lead=lead,
                    body="\n\n".join(paragraphs), category=meta.get("category", ""), tags=tags, date=date)


def read_labelled_corpus(corpus_dir: Path) -> tuple[list[Document], dict[str, str]]:
    """Documents of the files listed in labels.tsv, and key -> topic."""
    corpus_dir = Path(corpus_dir)
    documents, labels = [], {}
    for line in (corpus_dir / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, topic = line.split("\t")[:2]
        doc = read_markdown(corpus_dir / name.strip())
        if doc.key in labels:
            raise ValueError(f"{corpus_dir}: two files have the key {doc.key!r}")
        documents.append(doc)
        labels[doc.key] = topic.strip()
    return documents, labels


def precision(lists: dict[str, list[str]], labels: dict[str, str], k: int = K) -> tuple[float, dict[str, float]]:
    """Mean share of same-topic articles among each article's k listed (a missing item counts as wrong)."""
    per_topic: dict[str, list[float]] = defaultdict(list)
    for key, topic in labels.items():
        items = lists.get(key, [])[:k]
        per_topic[topic].append(sum(labels.get(other) == topic for other in items) / k)
    scores = [s for values in per_topic.values() for s in values]
    return (sum(scores) / len(scores) if scores else 0.0,
            {topic: sum(v) / len(v) for topic, v in sorted(per_topic.items())})


def run_related_bench(corpus_dir: Path, json_path: str | Path | None = None,
                      config: RelatedConfig = RelatedConfig()) -> dict:
    """Precision@5 of ours and of the reference on a labelled corpus; prints a table, returns the figures."""
    documents, labels = read_labelled_corpus(Path(corpus_dir))
    config = RelatedConfig(**{**config.__dict__, "max_items": max(config.max_items, K)})
    start = time.perf_counter()
    ours_scored = related_lists(documents, config)
    ours_seconds = time.perf_counter() - start
    ours = {key: [other for other, _ in items] for key, items in ours_scored.items()}
    start = time.perf_counter()
    reference = tfidf_reference_lists(documents, k=K)
    reference_seconds = time.perf_counter() - start
    ours_p, ours_topics = precision(ours, labels)
    ref_p, ref_topics = precision(reference, labels)
    short = sum(len(items) < K for items in ours.values())
    figures = {
        "schema": SCHEMA, "corpus": str(corpus_dir), "articles": len(documents), "k": K,
        "topics": {topic: sum(1 for t in labels.values() if t == topic) for topic in sorted(set(labels.values()))},
        "ours": {"precision": ours_p, "seconds": ours_seconds, "per_topic": ours_topics, "short_lists": short},
        "reference": {"precision": ref_p, "seconds": reference_seconds, "per_topic": ref_topics},
        "config": dict(config.__dict__),
    }
    print(format_bench(figures))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return figures


def format_bench(figures: dict) -> str:
    ours, ref = figures["ours"], figures["reference"]
    lines = [
        f"Related news on {figures['corpus']}: {figures['articles']} articles, {len(figures['topics'])} topics",
        f"{'':20}{'ours':>10}{'reference':>12}",
        f"{'precision@' + str(figures['k']):20}{ours['precision']:>10.3f}{ref['precision']:>12.3f}",
        f"{'seconds':20}{ours['seconds']:>10.2f}{ref['seconds']:>12.2f}",
    ]
    for topic, count in figures["topics"].items():
        lines.append(f"  {topic[:12] + ' (' + str(count) + ')':18}{ours['per_topic'][topic]:>10.3f}"
                     f"{ref['per_topic'][topic]:>12.3f}")
    if ours["short_lists"]:
        lines.append(f"({ours['short_lists']} articles got fewer than {figures['k']} items)")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Speed on synthetic articles
# --------------------------------------------------------------------------

def synthetic_root(n: int) -> Path:
    """Where n synthetic articles are generated once and reused (RELATED_BENCH_CACHE overrides the folder)."""
    base = Path(os.environ.get("RELATED_BENCH_CACHE", tempfile.gettempdir()))
    return base / f"related-synthetic-{n}"


def _ensure_synthetic(n: int) -> Path:
    root = synthetic_root(n)
    marker = root / ".complete"
    if not marker.exists():
        from sitetools.synthetic import generate

        generate(root, n)
        marker.write_text(str(n), encoding="utf-8")
    return root


def _rss_kb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _speed_child(root: str) -> dict:
    start = time.perf_counter()
    paths = sorted(Path(root, "articles").rglob("*.md"))
    documents = [read_markdown(path) for path in paths]
    read_seconds = time.perf_counter() - start
    rss_before = _rss_kb()
    start = time.perf_counter()
    lists = related_lists(documents)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"articles": len(documents), "read_seconds": read_seconds, "seconds": seconds,
            "rss_before_kb": rss_before, "peak_rss_kb": peak, "worker_peak_rss_kb": children,
            "stages": dict(TIMINGS),
            "empty_lists": sum(1 for items in lists.values() if not items),
            "mean_items": sum(len(items) for items in lists.values()) / max(1, len(lists))}


def run_related_speed(n: int, json_path: str | Path | None = None) -> dict:
    """Time related_lists on n synthetic articles in a child process; print and return the figures."""
    root = _ensure_synthetic(n)
    out = subprocess.run([sys.executable, "-m", "sitetools.related_bench", "_speed", str(root)],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    target = SPEED_TARGETS.get(n)
    figures["target_seconds"] = target
    print(f"related_lists on {figures['articles']} synthetic articles: {figures['seconds']:.2f} s"
          + (f" (budget {target:.0f} s)" if target else "")
          + f", peak RSS {figures['peak_rss_kb'] / 1024:.0f} MB"
          f" (documents alone {figures['rss_before_kb'] / 1024:.0f} MB; largest worker process"
          f" {figures['worker_peak_rss_kb'] / 1024:.0f} MB, pages shared with this one included;"
          f" reading the files took {figures['read_seconds']:.1f} s, not counted)\n  stages: "
          + ", ".join(f"{stage} {sec:.2f} s" for stage, sec in figures["stages"].items()))
    if json_path:
        Path(json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def main(argv: list[str]) -> int:
    if argv[:1] == ["_speed"]:
        print(json.dumps(_speed_child(argv[1])))
        return 0
    json_path = None
    if "--json" in argv:
        at = argv.index("--json")
        json_path = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    speeds = []
    while "--speed" in argv:
        at = argv.index("--speed")
        speeds.append(int(argv[at + 1]))
        argv = argv[:at] + argv[at + 2:]
    results = {}
    for n in speeds:
        results[f"speed_{n}"] = run_related_speed(n)
    if argv:
        results["bench"] = run_related_bench(Path(argv[0]))
    if not speeds and not argv:
        print(__doc__)
        return 2
    if json_path:
        Path(json_path).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
