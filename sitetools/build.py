"""Build the portal in-process into a fresh folder and swap it in only on success.

A build that logs any error (a content file that cannot be read, a template
that fails) leaves the previous output exactly as it was and reports every
problem at once.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_COULD_NOT_PROCESS = "Could not process %s"


@dataclass
class BuildResult:
    """What a build produced: problems found, warnings, time taken."""

    output: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    articles: int = 0
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class LogCollector(logging.Handler):
    """Keep every warning and error record of one build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _summarise(records: list[logging.LogRecord]) -> tuple[list[str], list[str]]:
    """Split records into error and warning lines; drop Pelican's bare
    "Could not process X" when a check already said what is wrong with X."""
    errors = [record for record in records if record.levelno >= logging.ERROR]
    specific = [record.getMessage() for record in errors if record.msg != _COULD_NOT_PROCESS]
    lines = []
    for record in errors:
        if record.msg == _COULD_NOT_PROCESS:
            path = str(record.args[0]) if record.args else ""
            if any(path and path in message for message in specific):
                continue
            lines.append(f"{path}: không đọc được tệp này (xem lỗi phía trên hoặc chạy ./inv check)")
            continue
        lines.append(record.getMessage())
    warnings = [record.getMessage() for record in records if record.levelno < logging.ERROR]
    return lines, warnings


def build_site(
    settings_file: str | os.PathLike = PROJECT_ROOT / "pelicanconf.py",
    output: str | os.PathLike | None = None,
    overrides: dict | None = None,
    prepare=None,
) -> BuildResult:
    """Build with `settings_file` into `output` atomically; return what happened.

    The site is generated into a sibling temporary folder; only when no error
    was logged is the old output moved aside and the new one renamed into place.
    `prepare(pelican)`, when given, is called before the run (the preview uses it
    to keep the generators and record what the writer writes).
    """
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    # Records go to the collector only: the report lists them once, in order.
    init_logging(level=logging.WARNING, handler=None)
    settings = read_settings(str(settings_file), override=dict(overrides or {}))
    target = Path(output or settings["OUTPUT_PATH"]).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.building-{os.getpid()}")
    remove_abandoned(target)
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)

    collector = LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    started = time.perf_counter()
    result = BuildResult(output=target)
    try:
        pelican = Pelican(settings)
        if prepare is not None:
            prepare(pelican)
        pelican.run()
    except Exception as error:  # a template or plugin failure: report it, keep the old site
        logging.getLogger(__name__).error("Dừng dựng trang: %s: %s", type(error).__name__, error)
    finally:
        root.removeHandler(collector)
    result.seconds = time.perf_counter() - started
    result.errors, result.warnings = _summarise(collector.records)
    if result.errors:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    _swap_in(staging, target)
    result.articles = _count_html(target / "tin")
    return result


def remove_abandoned(target: Path) -> None:
    """Delete the staging and retired folders of builds that were killed (their process is gone)."""
    for folder in target.parent.glob(f"{target.name}.building-*"):
        _remove_if_orphan(folder, folder.name.rsplit("-", 1)[-1])
    for folder in target.parent.glob(f"{target.name}.old-*"):
        _remove_if_orphan(folder, folder.name.rsplit("-", 1)[-1])


def _remove_if_orphan(folder: Path, pid_text: str) -> None:
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return
    try:
        os.kill(int(pid_text), 0)  # the build that owns it still runs: leave it alone
        return
    except ProcessLookupError:
        pass
    except PermissionError:
        return
    shutil.rmtree(folder, ignore_errors=True)


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames on one file system."""
    retired = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, retired)
    os.rename(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("index.html")) if folder.exists() else 0


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def report(result: BuildResult) -> str:
    """A plain-text report of a build for the terminal."""
    warnings = [f"  cảnh báo: {_ANSI.sub('', message)}" for message in dict.fromkeys(result.warnings)]
    if result.ok:
        return "\n".join([*warnings, f"Đã dựng xong {result.output} trong {result.seconds:.1f} giây ({result.articles} bài viết)."])
    lines = [*warnings, f"Dựng trang thất bại: {len(result.errors)} lỗi. Trang đã dựng trước đó ({result.output}) được giữ nguyên.", ""]
    lines += [f"  • {_ANSI.sub('', message)}" for message in result.errors]
    return "\n".join(lines)
