"""`./inv bench --deploy`: what a second deploy transfers after one article is edited.

On N synthetic articles (default 10,000): publish build, deploy to a
throwaway sshd on 127.0.0.1 (the real `./inv deploy` code: rsync over SSH with
`--link-dest` and `--checksum`), edit one article's body, build again with the
build cache kept, deploy again; report the bytes and files that moved, as a
share of the site, and which folders they were in.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TARGET_SHARE = 0.01  # issue 8: a one-article deploy moves under 1 % of the site's bytes
EDIT = "\n\nĐoạn văn bổ sung khi đo lần triển khai thứ hai: số liệu được cập nhật sau cuộc họp.\n"


def _build(content: Path, output: Path, work: Path) -> float:
    from sitetools.build import build_site, report

    started = time.perf_counter()
    result = build_site(PROJECT_ROOT / "publishconf.py", output, overrides={
        "PATH": str(content), "CACHE_PATH": str(work / "cache"), "SEARCH_INDEX_PATH": str(work / "cache" / "search")})
    if not result.ok:
        raise SystemExit(report(result))
    return time.perf_counter() - started


def folder_of(path: str) -> str:
    """The first folder of a site path ("tin/2020/01/x/index.html" -> "tin/"), or the file at the root."""
    return path.split("/", 1)[0] + "/" if "/" in path else path


def summarise(first, second, edited: str) -> dict:
    """Figures of the two deploys (DeployReport objects) for the report and the JSON file."""
    changes = second.changes
    moved = changes["added"] + changes["changed"]
    sent = second.stats.get("transferred_bytes", 0)
    return {
        "site_bytes": second.site_bytes, "site_files": second.files, "edited_article": edited,
        "first_deploy": {"transferred_bytes": first.stats.get("transferred_bytes", 0),
                         "files_transferred": first.stats.get("files_transferred", 0)},
        "second_deploy": {
            "files_added": len(changes["added"]), "files_changed": len(changes["changed"]),
            "files_transferred": second.stats.get("files_transferred", 0),
            "transferred_bytes": sent, "literal_bytes": second.stats.get("literal_bytes", 0),
            "sent_bytes": second.stats.get("sent_bytes", 0),
            "by_folder": dict(Counter(folder_of(path) for path in moved).most_common()),
        },
        "share": round(sent / second.site_bytes, 5) if second.site_bytes else None,
        "share_on_wire": round(second.stats.get("sent_bytes", 0) / second.site_bytes, 5) if second.site_bytes else None,
        "target": TARGET_SHARE,
        "ok": bool(second.site_bytes) and sent / second.site_bytes < TARGET_SHARE,
    }


def format_report(figures: dict) -> str:
    second = figures["second_deploy"]
    folders = ", ".join(f"{folder} {count}" for folder, count in second["by_folder"].items())
    return "\n".join([
        f"Deploy after editing one article ({figures['articles']:,} articles; site {figures['site_bytes']:,} bytes "
        f"in {figures['site_files']:,} files):",
        f"  first deploy: {figures['first_deploy']['transferred_bytes']:,} bytes of files",
        f"  second deploy: {second['files_transferred']:,} files moved ({second['files_added']} new, "
        f"{second['files_changed']} changed), {second['transferred_bytes']:,} bytes of files = "
        f"{figures['share']:.2%} of the site (target < {figures['target']:.0%}: "
        f"{'OK' if figures['ok'] else 'MISSED'}); on the wire {second['sent_bytes']:,} bytes "
        f"({figures['share_on_wire']:.2%}, rsync's delta transfer)",
        f"  files moved by folder: {folders}",
        f"  builds: {figures['build_seconds'][0]:.0f} s and {figures['build_seconds'][1]:.0f} s; "
        f"deploys: {figures['deploy_seconds'][0]:.1f} s and {figures['deploy_seconds'][1]:.1f} s",
    ])


def run_deploy_bench(n: int = 10_000, json_path: str | None = None, keep: bool = False) -> dict:
    """Generate n articles, build and deploy twice around a one-article edit; print and return the figures."""
    from sitetools import synthetic
    from sitetools.deploy import DeployConfig, deploy
    from sitetools.local_sshd import current_user, local_sshd

    work = Path(tempfile.mkdtemp(prefix=f"portal-deploy-bench-{n}-"))
    os.environ.setdefault("PORTAL_SITEURL", "https://cong.example.gov.vn")
    try:
        content, output, server = work / "content", work / "output", work / "server"
        print(f"Generating {n:,} synthetic articles into {content} …", flush=True)
        stats = synthetic.generate(content, n, synthetic.DEFAULT_SEED)
        server.mkdir()
        builds, deploys = [], []
        with local_sshd(work / "sshd") as ssh:
            config = DeployConfig(host="127.0.0.1", port=ssh.port, user=current_user(), key=str(ssh.key),
                                  known_hosts=str(ssh.known_hosts), path=str(server), batch=True)
            reports = []
            edited = stats["manifest"][len(stats["manifest"]) // 2]["path"]
            for run, commit in enumerate(("bench01", "bench02")):
                if run:
                    with (content / edited).open("a", encoding="utf-8") as article:
                        article.write(EDIT)
                builds.append(_build(content, output, work))
                print(f"  build {run + 1}: {builds[-1]:.1f} s", flush=True)
                started = time.perf_counter()
                reports.append(deploy(config, output, commit, log=lambda _: None))
                deploys.append(time.perf_counter() - started)
                print(f"  deploy {run + 1}: {deploys[-1]:.1f} s", flush=True)
        figures = {"articles": n, "build_seconds": [round(s, 1) for s in builds],
                   "deploy_seconds": [round(s, 2) for s in deploys]} | summarise(*reports, edited)
        figures["second_deploy"]["files"] = reports[1].changes["added"] + reports[1].changes["changed"]
        print(format_report(figures), flush=True)
        if json_path:
            Path(json_path).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return figures
    finally:
        if keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
