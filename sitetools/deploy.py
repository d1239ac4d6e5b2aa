"""Put a built portal on the web server over SSH as an atomic release; roll back; list releases.

The server keeps `DEPLOY_PATH/releases/<UTC time>-<commit>/` and a symlink
`DEPLOY_PATH/current` that nginx serves. A deploy, holding a lock on the server:

1. uploads the build with rsync into `releases/.<name>.partial/`, hard-linking
   every file whose content is unchanged from the live release (`--link-dest`,
   `--checksum`: builds rewrite every file, so only content decides);
2. verifies it there (file count and every file's sha256) and renames it;
3. switches `current` by renaming a new symlink over it;
4. removes releases beyond `DEPLOY_KEEP` (never the live one or the one before).

Until step 3 readers see the old release, whatever fails. The planning is
plain functions (names, commands, rsync output, which releases to prune,
what an error means); `Server` is the thin part that runs ssh and rsync.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REMOTE_SCRIPT = Path(__file__).with_name("deploy_remote.sh")
SETTING_KEYS = ("HOST", "PORT", "USER", "KEY", "PATH", "KNOWN_HOSTS", "KEEP")
_NAME = re.compile(r"^(?P<time>\d{8}T\d{6}Z)-(?P<commit>[0-9A-Za-z][0-9A-Za-z.-]*)$")
# Exit statuses of deploy_remote.sh
MISSING_DIR, NOT_WRITABLE, LOCKED, VERIFY_FAILED, NO_RELEASE = 3, 4, 5, 6, 7


class DeployError(RuntimeError):
    """A deploy, rollback or listing that stopped; the message says what failed and what to check."""


@dataclass(frozen=True)
class DeployConfig:
    """Where and how to reach the server."""

    host: str
    path: str
    port: int = 22
    user: str = ""
    key: str = ""
    known_hosts: str = ""
    keep: int = 5
    batch: bool = False  # never prompt (CI): BatchMode, unknown host keys refused

    @property
    def target(self) -> str:
        return f"{self.user}@{self.host}" if self.user else self.host


def config_from(settings: dict, environ: dict) -> tuple[DeployConfig | None, list[str]]:
    """The deploy settings from `DEPLOY_*` settings, overridden by `PORTAL_DEPLOY_*` variables; and problems."""
    values = {}
    for key in SETTING_KEYS:
        value = environ.get(f"PORTAL_DEPLOY_{key}")
        values[key] = value if value not in (None, "") else settings.get(f"DEPLOY_{key}", "")
    problems = []
    if not str(values["HOST"]).strip():
        problems.append("DEPLOY_HOST: chưa có máy chủ để triển khai; hãy đặt biến môi trường PORTAL_DEPLOY_HOST "
                        "(tên hoặc địa chỉ IP máy chủ web) hoặc DEPLOY_HOST trong publishconf.py")
    if not str(values["PATH"]).startswith("/"):
        problems.append(f"DEPLOY_PATH: “{values['PATH']}” phải là đường dẫn tuyệt đối trên máy chủ "
                        "(PORTAL_DEPLOY_PATH, ví dụ /srv/cong-thong-tin)")
    numbers = {}
    for key, low in (("PORT", 1), ("KEEP", 2)):
        try:
            numbers[key] = int(values[key] or (22 if key == "PORT" else 5))
            if numbers[key] < low:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(f"DEPLOY_{key}: “{values[key]}” phải là số nguyên từ {low} trở lên (PORTAL_DEPLOY_{key})")
    if values["KEY"] and not Path(str(values["KEY"])).expanduser().is_file():
        problems.append(f"DEPLOY_KEY: không có tệp khóa SSH “{values['KEY']}” (PORTAL_DEPLOY_KEY)")
    if problems:
        return None, problems
    return DeployConfig(host=str(values["HOST"]).strip(), path=str(values["PATH"]).rstrip("/") or "/",
                        port=numbers["PORT"], user=str(values["USER"] or ""),
                        key=str(Path(str(values["KEY"])).expanduser()) if values["KEY"] else "",
                        known_hosts=str(Path(str(values["KNOWN_HOSTS"])).expanduser()) if values["KNOWN_HOSTS"] else "",
                        keep=numbers["KEEP"],
                        batch=bool(environ.get("CI"))), []


# --- Pure planning -----------------------------------------------------------------------------------------


def release_name(now: datetime, commit: str, existing: list[str] = ()) -> str:
    """`20261205T215000Z-abc1234`: UTC time then commit, sortable; a suffix if that name is taken."""
    base = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{commit or 'khong-git'}"
    name, number = base, 1
    while name in existing:
        number += 1
        name = f"{base}.{number}"
    return name


def parse_release(name: str) -> dict | None:
    """{name, time (datetime, UTC), commit} of a release folder's name, or None for a foreign folder."""
    match = _NAME.match(name)
    if not match:
        return None
    return {"name": name, "time": datetime.strptime(match["time"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC),
            "commit": match["commit"]}


def previous_release(releases: list[str], live: str | None) -> str | None:
    """The newest release older than the live one (what a rollback goes back to)."""
    older = sorted(name for name in releases if live is None or name < live)
    return older[-1] if older and live in releases else None


def prune_plan(releases: list[str], live: str | None, keep: int) -> list[str]:
    """Releases to remove: beyond the newest `keep`, never the live one nor the one before it."""
    ordered = sorted(releases, reverse=True)
    protected = set(ordered[:max(keep, 2)]) | {live, previous_release(releases, live)}
    return [name for name in sorted(releases) if name not in protected]


def ssh_args(config: DeployConfig) -> list[str]:
    """The ssh command line (without the host) used for every session and by rsync."""
    args = ["ssh", "-p", str(config.port), "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15",
            "-o", "ServerAliveCountMax=4"]
    if config.key:
        args += ["-i", config.key, "-o", "IdentitiesOnly=yes"]
    if config.known_hosts:
        args += ["-o", f"UserKnownHostsFile={config.known_hosts}"]
    if config.batch:
        # CI: a prompt would hang the job; an unknown host key is an error, not a question.
        args += ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
    else:
        args += ["-o", "StrictHostKeyChecking=accept-new"]
    return args


def remote_command(command: str, base: str, *args: str) -> str:
    """The command line run by the server's shell: deploy_remote.sh passed inline, so nothing is installed there."""
    script = REMOTE_SCRIPT.read_text(encoding="utf-8")
    return shlex.join(["sh", "-c", script, "deploy-remote", command, base, *args])


def rsync_args(config: DeployConfig, site: Path, destination: str, link_dest: str | None, *,
               dry_run: bool = False, extra: tuple[str, ...] = ()) -> list[str]:
    """rsync of the build into `destination` (a folder under DEPLOY_PATH on the server).

    No `-t`: build times differ on every build, so `--checksum` decides what
    changed and unchanged files are hard-linked from `link_dest`. Permissions
    are fixed so that nginx can read every file and the links match.
    """
    args = ["rsync", "-rl", "--checksum", "--chmod=D755,F644", "-p", "--itemize-changes", "--stats",
            "--timeout=120", "-e", shlex.join(ssh_args(config))]
    if dry_run:
        args += ["--dry-run", "--delete"]
    if link_dest:
        args.append(f"--link-dest={link_dest}")
    return [*args, *extra, f"{site}/", f"{config.target}:{destination}/"]


_STAT = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]+?): (?P<value>[\d,.]+)", re.MULTILINE)


def parse_rsync_stats(output: str) -> dict[str, int]:
    """rsync --stats figures: files, files_transferred, total_bytes, transferred_bytes, literal_bytes, sent_bytes."""
    names = {"Number of files": "files", "Number of regular files transferred": "files_transferred",
             "Total file size": "total_bytes", "Total transferred file size": "transferred_bytes",
             "Literal data": "literal_bytes", "Total bytes sent": "sent_bytes"}
    found = {}
    for match in _STAT.finditer(output):
        if match["key"] in names:
            found[names[match["key"]]] = int(float(match["value"].replace(",", "")))
    return found


def parse_itemized(output: str) -> dict[str, list[str]]:
    """Files added, changed and removed, from rsync --itemize-changes (with --delete for removals)."""
    changes: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    for line in output.splitlines():
        if line.startswith("*deleting "):
            path = line[len("*deleting "):].strip()
            if not path.endswith("/"):
                changes["removed"].append(path)
        elif len(line) > 12 and line[0] in "<>c" and line[1] in "fL" and line[11] == " ":
            flags, path = line[:11], line[12:]
            if line[0] == "c" and line[1] == "f":
                continue  # a local copy of an unchanged file: nothing moved
            changes["added" if "+++++" in flags else "changed"].append(path)
    return changes


def manifest(site: Path) -> tuple[str, int, int]:
    """The build's sha256sum manifest (sorted, paths from the site's root), its file count and bytes."""
    lines, size = [], 0
    files = sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink())
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        size += path.stat().st_size
        lines.append(f"{digest.hexdigest()}  ./{path.relative_to(site).as_posix()}\n")
    return "".join(lines), len(files), size


def explain(stage: str, code: int, stderr: str, config: DeployConfig) -> str:
    """What failed and what to check, from an ssh/rsync/remote exit status and its error output."""
    where = f"{config.target}:{config.port}"
    text = stderr.strip()
    lower = text.lower()
    if "no space left on device" in lower or "disk quota exceeded" in lower:
        why = (f"ổ đĩa máy chủ đã đầy (No space left on device) khi chép vào {config.path}; "
               f"hãy giải phóng chỗ (df -h {config.path}; giảm DEPLOY_KEEP; xóa tệp thừa) rồi triển khai lại")
    elif "permission denied (publickey" in lower or "too many authentication failures" in lower:
        why = (f"máy chủ {where} từ chối khóa SSH; kiểm tra PORTAL_DEPLOY_KEY (khóa riêng), PORTAL_DEPLOY_USER và "
               "tệp ~/.ssh/authorized_keys của người dùng đó trên máy chủ (có khóa công khai tương ứng)")
    elif "host key verification failed" in lower or "remote host identification has changed" in lower:
        why = (f"khóa máy chủ của {config.host} không có hoặc khác trong known_hosts; kiểm tra rồi thêm nó "
               f"(ssh-keyscan -p {config.port} {config.host} >> tệp của PORTAL_DEPLOY_KNOWN_HOSTS)")
    elif any(s in lower for s in ("connection refused", "timed out", "no route to host", "could not resolve",
                                  "network is unreachable", "name or service not known", "connection closed")):
        why = (f"không kết nối được tới máy chủ {where} ({_last_line(text)}); kiểm tra PORTAL_DEPLOY_HOST, "
               "PORTAL_DEPLOY_PORT, mạng, tường lửa và dịch vụ sshd trên máy chủ")
    elif code == MISSING_DIR:
        why = (f"trên máy chủ không có thư mục {config.path}; hãy tạo nó (sudo mkdir -p {config.path} && "
               f"sudo chown {config.user or '$USER'} {config.path}) hoặc sửa PORTAL_DEPLOY_PATH")
    elif code == NOT_WRITABLE:
        why = f"người dùng {config.user or '(mặc định)'} không ghi được vào {config.path} trên máy chủ; hãy chown thư mục đó"
    elif code == LOCKED:
        why = (f"một lần triển khai khác đang chạy trên {config.path} (khóa .deploy.lock); chờ nó xong rồi chạy lại")
    elif code == VERIFY_FAILED:
        why = f"bản vừa chép lên không khớp với bản dựng (số tệp hoặc mã sha256: {_last_line(text)}); hãy triển khai lại"
    elif code == NO_RELEASE:
        why = f"không có bản phát hành cần thiết trên máy chủ ({_last_line(text)}); xem ./inv releases"
    elif code < 0 or code in (20, 30, 35):
        why = f"rsync bị dừng giữa chừng (mã {code}); hãy triển khai lại"
    else:
        why = f"lỗi (mã {code}): {_last_line(text) or 'không rõ'}"
    return f"{stage}: {why}."


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def parse_state(lines: list[str]) -> dict:
    """{live, releases, free_kb, removed} from the remote script's "key value" lines."""
    state = {"live": None, "releases": [], "free_kb": None, "removed": []}
    for line in lines:
        key, _, value = line.strip().partition(" ")
        if key == "current":
            state["live"] = value
        elif key == "release" and not value.startswith("."):
            state["releases"].append(value)
        elif key == "free-kb" and value.isdigit():
            state["free_kb"] = int(value)
        elif key == "removed-partial":
            state["removed"].append(value)
    state["releases"].sort()
    return state


# --- The thin I/O part -------------------------------------------------------------------------------------


@dataclass
class DeployReport:
    """What a deploy did (or, with dry_run, would do)."""

    name: str
    previous: str | None
    files: int = 0
    site_bytes: int = 0
    stats: dict[str, int] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    dry_run: bool = False


class Server:
    """ssh sessions running deploy_remote.sh, and rsync, against one configured server."""

    def __init__(self, config: DeployConfig) -> None:
        self.config = config

    def run(self, stage: str, command: str, *args: str, stdin: str = "") -> list[str]:
        completed = subprocess.run([*ssh_args(self.config), self.config.target,
                                    remote_command(command, self.config.path, *args)],
                                   input=stdin, capture_output=True, text=True, encoding="utf-8")
        if completed.returncode:
            raise DeployError(explain(stage, completed.returncode, completed.stderr, self.config))
        return completed.stdout.splitlines()

    def lock(self) -> tuple[subprocess.Popen, dict]:
        """Hold the server's deploy lock (until `unlock`); return the session and the server's state."""
        session = subprocess.Popen([*ssh_args(self.config), self.config.target,
                                    remote_command("lock", self.config.path)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8")
        lines = []
        for line in session.stdout:
            if line.strip() == "locked":
                return session, parse_state(lines)
            lines.append(line)
        session.wait()
        raise DeployError(explain("Khóa triển khai", session.returncode, session.stderr.read(), self.config))

    @staticmethod
    def unlock(session: subprocess.Popen) -> None:
        try:
            session.stdin.close()
        except OSError:
            pass
        try:
            session.wait(timeout=15)
        except subprocess.TimeoutExpired:
            session.kill()

    def rsync(self, stage: str, args: list[str], started=None) -> str:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   encoding="utf-8", errors="replace")
        if started is not None:
            started(process)
        out, err = process.communicate()
        if process.returncode:
            raise DeployError(explain(stage, process.returncode, err, self.config))
        return out


def deploy(config: DeployConfig, site: Path, commit: str, *, dry_run: bool = False, now: datetime | None = None,
           rsync_extra: tuple[str, ...] = (), rsync_started=None, log=print) -> DeployReport:
    """Upload `site` as a new release, verify it, make it live, prune; or (dry_run) only list the changes."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise DeployError(f"Bản dựng: {site} không có index.html; hãy dựng lại (./inv build --publish)")
    server = Server(config)
    releases_dir = f"{config.path}/releases"
    if dry_run:
        state = parse_state(server.run("Đọc trạng thái máy chủ", "state"))
        live = state["live"]
        target = f"{releases_dir}/{live}" if live else f"{releases_dir}/.dry-run-empty"
        out = server.rsync("Chạy thử rsync", rsync_args(config, site, target, None, dry_run=True, extra=rsync_extra))
        return DeployReport(name="", previous=live, stats=parse_rsync_stats(out), changes=parse_itemized(out),
                            dry_run=True)
    text, count, size = manifest(site)
    session, state = server.lock()
    try:
        live = state["live"]
        name = release_name(now or datetime.now(UTC), commit, state["releases"])
        partial = f"{releases_dir}/.{name}.partial"
        log(f"Đang chép lên {config.target}:{partial} ({count} tệp; bản đang chạy: {live or 'chưa có'})…")
        try:
            out = server.rsync("Chép lên máy chủ (rsync)", rsync_args(
                config, site, partial, f"{releases_dir}/{live}" if live else None, extra=rsync_extra), rsync_started)
            server.run("Kiểm tra bản vừa chép", "verify", name, str(count), stdin=text)
        except DeployError:
            _drop_partial(server, f".{name}.partial")
            raise
        server.run("Chuyển sang bản mới", "switch", name)
        report = DeployReport(name=name, previous=live, files=count, site_bytes=size, stats=parse_rsync_stats(out),
                              changes=parse_itemized(out))
        doomed = prune_plan([*state["releases"], name], name, config.keep)
        if doomed:
            lines = server.run("Xóa bản cũ", "remove", *doomed)
            report.removed = [line.split(" ", 1)[1] for line in lines if line.startswith("removed ")]
        return report
    finally:
        server.unlock(session)


def _drop_partial(server: Server, partial: str) -> None:
    """Best effort: remove an upload that failed (the next deploy removes it otherwise)."""
    try:
        server.run("Dọn bản chép dở", "remove", partial)
    except DeployError:
        pass


def rollback(config: DeployConfig) -> tuple[str, str]:
    """Make the release before the live one live again; return (from, to)."""
    server = Server(config)
    state = parse_state(server.run("Đọc trạng thái máy chủ", "state"))
    target = previous_release(state["releases"], state["live"])
    if target is None:
        raise DeployError(f"Quay lại bản trước: trên {config.path} không có bản nào cũ hơn bản đang chạy "
                          f"({state['live'] or 'chưa có'}); xem ./inv releases")
    server.run("Quay lại bản trước", "rollback", target)
    return state["live"], target


def list_releases(config: DeployConfig) -> tuple[list[dict], str | None]:
    """The releases on the server, oldest first, each {name, time, commit, live}; and the live one's name."""
    state = parse_state(Server(config).run("Đọc trạng thái máy chủ", "state"))
    found = []
    for name in state["releases"]:
        release = parse_release(name) or {"name": name, "time": None, "commit": "?"}
        found.append(release | {"live": name == state["live"]})
    return found, state["live"]


def describe(report: DeployReport, config: DeployConfig) -> str:
    """A terminal summary of a deploy or a dry run."""
    changes = report.changes
    counts = f"{len(changes.get('added', []))} tệp mới, {len(changes.get('changed', []))} tệp đổi"
    if report.dry_run:
        lines = [f"Chạy thử: so với bản đang chạy ({report.previous or 'chưa có'}) trên {config.target}:{config.path}: "
                 f"{counts}, {len(changes.get('removed', []))} tệp bỏ. Không có gì được chép hay thay đổi."]
        for kind, mark in (("added", "+"), ("changed", "~"), ("removed", "-")):
            lines += [f"  {mark} {path}" for path in changes.get(kind, [])]
        return "\n".join(lines)
    sent = report.stats.get("transferred_bytes", 0)
    share = 100 * sent / report.site_bytes if report.site_bytes else 0.0
    lines = [f"Đã triển khai {report.name} lên {config.target}:{config.path} (current → releases/{report.name}).",
             f"  {report.files} tệp, {counts}; chép {sent:,} byte ({share:.2f}% của {report.site_bytes:,} byte).",
             f"  Bản trước: {report.previous or 'không có'} (./inv rollback để quay lại)."]
    if report.removed:
        lines.append(f"  Đã xóa bản cũ: {', '.join(report.removed)}")
    return "\n".join(lines)


def git_commit(root: Path) -> str:
    """The short commit of HEAD, with `-dirty` when the working tree has changes; "" outside git."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    head = git("rev-parse", "--short=7", "HEAD")
    if head.returncode:
        return ""
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")


def environ_rsync_extra(environ: dict) -> tuple[str, ...]:
    """Extra rsync options from PORTAL_DEPLOY_RSYNC_ARGS (e.g. --bwlimit=2000 on a shared line)."""
    return tuple(shlex.split(environ.get("PORTAL_DEPLOY_RSYNC_ARGS", "")))
