"""./inv deploy, releases and rollback as an administrator runs them, configured by PORTAL_* variables."""

from __future__ import annotations

import os
import subprocess
import sys

from sitetools.deploy import deploy

from .conftest import ROOT


def inv(config, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"CI": "true", "PORTAL_SITEURL": "https://cong.example.gov.vn",
                        "PORTAL_DEPLOY_HOST": config.host, "PORTAL_DEPLOY_PORT": str(config.port),
                        "PORTAL_DEPLOY_USER": config.user, "PORTAL_DEPLOY_KEY": config.key,
                        "PORTAL_DEPLOY_KNOWN_HOSTS": config.known_hosts, "PORTAL_DEPLOY_PATH": config.path,
                        "PORTAL_DEPLOY_KEEP": str(config.keep)}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_tasks_deploy_list_and_roll_back(config, nginx, sites):
    if not (nginx.base / "current").exists():
        deploy(config, sites.v1, "1111111", log=lambda _: None)
    dry = inv(config, "deploy", "--dry-run", "--site", str(sites.v2))
    assert dry.returncode == 0, dry.stderr
    assert "Chạy thử" in dry.stdout and "Không có gì được chép" in dry.stdout
    done = inv(config, "deploy", "--site", str(sites.v2))
    assert done.returncode == 0, done.stderr
    live = os.readlink(nginx.base / "current").removeprefix("releases/")
    assert f"Đã triển khai {live}" in done.stdout and "./inv rollback" in done.stdout

    listed = inv(config, "releases")
    assert listed.returncode == 0, listed.stderr
    first = listed.stdout.splitlines()[0]
    assert first.startswith(f"* {live}") and "(đang chạy)" in first and " UTC " in first

    back = inv(config, "rollback")
    assert back.returncode == 0, back.stderr
    assert os.readlink(nginx.base / "current") != f"releases/{live}" and f"trước đó: {live}" in back.stdout


def test_the_tasks_stop_with_a_message_when_the_server_is_unreachable(config):
    from dataclasses import replace

    from sitetools.local_sshd import free_port

    for task in ("releases", "rollback"):
        failed = inv(replace(config, port=free_port()), task)
        assert failed.returncode == 1 and "PORTAL_DEPLOY_HOST" in failed.stderr, failed.stderr
