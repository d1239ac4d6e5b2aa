"""A deploy that cannot go through says what failed and what to check, and the live release stays."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest

from sitetools.deploy import DeployError, deploy

from sitetools.local_sshd import free_port, keygen

from .conftest import ROOT, tree


@pytest.fixture
def live_release(config, nginx, sites):
    """Something live on the test server; yields a function that checks it is still live and unchanged."""
    if not (nginx.base / "current").exists():
        deploy(config, sites.v1, "1111111", log=lambda _: None)
    name = os.readlink(nginx.base / "current")
    status, _, home = nginx.get("/")
    assert status == 200

    def unchanged():
        assert os.readlink(nginx.base / "current") == name
        assert nginx.get("/")[2] == home
        assert not list((nginx.base / "releases").glob(".*.partial"))
    return unchanged


@pytest.mark.parametrize("change, expected", [
    (lambda c, tmp: {"port": free_port()}, "không kết nối được tới máy chủ"),
    (lambda c, tmp: {"key": str(keygen(tmp / "other_key"))}, "từ chối khóa SSH"),
    (lambda c, tmp: {"known_hosts": str((tmp / "empty_known_hosts").resolve())}, "known_hosts"),
    (lambda c, tmp: {"path": c.path + "/khong-co"}, "không có thư mục"),
], ids=["unreachable-host", "refused-key", "unknown-host-key", "missing-remote-dir"])
def test_a_deploy_that_cannot_reach_its_target_explains_and_changes_nothing(config, sites, live_release, tmp_path,
                                                                            change, expected):
    (tmp_path / "empty_known_hosts").write_text("")
    wrong = replace(config, **change(config, tmp_path))
    with pytest.raises(DeployError) as failure:
        deploy(wrong, sites.v2, "2222222", log=lambda _: None)
    assert expected in str(failure.value)
    live_release()


def test_a_full_disk_stops_the_deploy_and_keeps_the_live_release(config, sites, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    size = sum(len(data) for data in tree(sites.v1).values())
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 4_000_000}", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        small = replace(config, path=str(disk))
        first = deploy(small, sites.v1, "3333333", log=lambda _: None)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        with open(disk / "filler", "wb") as filler:
            filler.write(b"\0" * (free - 200_000))
        with pytest.raises(DeployError) as failure:
            deploy(small, sites.v3, "4444444", log=lambda _: None)
        assert "ổ đĩa máy chủ đã đầy" in str(failure.value) and "DEPLOY_KEEP" in str(failure.value)
        assert os.readlink(disk / "current") == f"releases/{first.name}"
        assert tree(disk / "current") == tree(sites.v1)
        assert not list((disk / "releases").glob(".*.partial"))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_deploy_without_an_explicit_siteurl_stops_before_building(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_SITEURL",)}
    env |= {"PORTAL_DEPLOY_HOST": "127.0.0.1", "PORTAL_DEPLOY_PATH": "/srv/cong-thong-tin"}
    output = ROOT / "output-publish"
    stamp = output.stat().st_mtime if output.exists() else None
    result = subprocess.run([sys.executable, "-m", "invoke", "deploy"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "PORTAL_SITEURL" in said and "chưa dựng gì" in said, said
    assert "Nội dung hợp lệ" not in said and "Đã dựng xong" not in said
    assert (output.stat().st_mtime if output.exists() else None) == stamp
