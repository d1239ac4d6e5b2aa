"""The programs the deploy tests and benches run for real, where Debian puts them and which package
brings each: `./inv test` installs the missing packages with apt from this table, and the tests skip
what `find` does not find."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Flags of every headless Chromium the tests and benches start (a container: no sandbox, no GPU, no updates).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# name -> (Debian's path, or a name looked up on PATH; Debian package)
DEPLOY_TOOLS = {
    "sshd": ("/usr/sbin/sshd", "openssh-server"),
    "ssh": ("ssh", "openssh-client"),
    "ssh-keygen": ("ssh-keygen", "openssh-client"),
    "nginx": ("/usr/sbin/nginx", "nginx"),
    "rsync": ("rsync", "rsync"),
    "openssl": ("openssl", "openssl"),
}


def find(name: str) -> str | None:
    """The program's path: on PATH, else where Debian installs it (sbin is not on every user's PATH)."""
    program = DEPLOY_TOOLS[name][0]
    return shutil.which(Path(program).name) or (program if Path(program).exists() else None)


def missing_packages() -> list[str]:
    """The Debian packages of the tools `find` does not find, sorted."""
    return sorted({package for name, (_, package) in DEPLOY_TOOLS.items() if not find(name)})


def chromium() -> str | None:
    """Debian's Chromium (CHROMIUM_PATH first), which Playwright drives: `playwright install` cannot download here."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
