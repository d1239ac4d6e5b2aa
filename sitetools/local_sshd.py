"""A throwaway OpenSSH server on 127.0.0.1 for the deploy tests and `./inv bench --deploy`.

It runs as the current user from a folder of its own (host key, client key,
authorized_keys, known_hosts, config), on a free high port, until the context exits.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitetools.tools import DEPLOY_TOOLS, find

@dataclass(frozen=True)
class LocalSsh:
    """How to reach the server: port, a key it accepts, a known_hosts file holding its host key."""

    port: int
    key: Path
    known_hosts: Path
    folder: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def keygen(path: Path) -> Path:
    """A new ed25519 key pair without passphrase at `path` and `path`.pub."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy-test", "-f", str(path)], check=True)
    return path


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 10) -> None:
    """Return once 127.0.0.1:port accepts connections; raise with the server's log if it exits or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def local_sshd(folder: Path):
    """Run `sshd -D` for the current user on 127.0.0.1; yield a LocalSsh."""
    sshd = find("sshd") or DEPLOY_TOOLS["sshd"][0]
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = keygen(folder / "host_key"), keygen(folder / "user_key")
    (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
    port = free_port()
    kind, key_text = (folder / "host_key.pub").read_text().split()[:2]
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {kind} {key_text}\n")
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}", f"PidFile {folder / 'sshd.pid'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PubkeyAuthentication yes",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
        "StrictModes no", "UsePAM no", "X11Forwarding no", "AllowTcpForwarding no", "PrintMotd no",
        "LogLevel ERROR", ""]), encoding="utf-8")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
    log = folder / "sshd.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, log)
        yield LocalSsh(port, user_key, folder / "known_hosts", folder)
    finally:
        stop(process)


def current_user() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name
