"""The pure half of deploying: settings, names, what to prune, rsync output, error messages."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pelican.settings import read_settings

from sitetools import deploy, production

ROOT = Path(__file__).resolve().parents[2]


def test_release_names_sort_by_time_and_never_collide():
    now = datetime(2026, 12, 5, 22, 30, 5, tzinfo=timezone(timedelta(hours=7)))
    name = deploy.release_name(now, "abc1234")
    assert name == "20261205T153005Z-abc1234"
    assert deploy.release_name(now, "abc1234", [name]) == name + ".2"
    assert deploy.parse_release(name) == {"name": name, "commit": "abc1234",
                                          "time": datetime(2026, 12, 5, 15, 30, 5, tzinfo=UTC)}
    assert deploy.parse_release("lost+found") is None


RELEASES = [f"2026120{day}T000000Z-c{day}" for day in range(1, 8)]


@pytest.mark.parametrize("live, keep, removed", [
    (RELEASES[-1], 3, RELEASES[:4]),
    (RELEASES[1], 3, [RELEASES[2], RELEASES[3]]),  # after rollbacks: the live one and the one before it stay
    (RELEASES[-1], 1, RELEASES[:5]),  # never fewer than two
])
def test_pruning_keeps_the_newest_the_live_and_the_previous(live, keep, removed):
    assert deploy.prune_plan(RELEASES, live, keep) == removed


def test_previous_release_is_the_newest_older_than_the_live_one():
    assert deploy.previous_release(RELEASES, RELEASES[3]) == RELEASES[2]
    assert deploy.previous_release(RELEASES, RELEASES[0]) is None
    assert deploy.previous_release(RELEASES, None) is None


def test_itemized_changes_and_stats_are_read_from_rsync_output():
    output = """cd+++++++++ tin/2026/moi/
>f+++++++++ tin/2026/moi/index.html
>fcsT...... index.html
cf..T...... theme/css/portal.css
*deleting   images/cu.svg
*deleting   tin/cu/
Number of files: 1,234 (reg: 1,000, dir: 234)
Number of regular files transferred: 2
Total file size: 8,123,456 bytes
Total transferred file size: 12,345 bytes
Literal data: 12,000 bytes
Total bytes sent: 14,002
"""
    assert deploy.parse_itemized(output) == {"added": ["tin/2026/moi/index.html"], "changed": ["index.html"],
                                             "removed": ["images/cu.svg"]}
    assert deploy.parse_rsync_stats(output) == {"files": 1234, "files_transferred": 2, "total_bytes": 8123456,
                                                "transferred_bytes": 12345, "literal_bytes": 12000,
                                                "sent_bytes": 14002}


def test_settings_come_from_publishconf_and_environment_variables_win(tmp_path):
    key = tmp_path / "id_ed25519"
    key.write_text("k")
    settings = {"DEPLOY_HOST": "web.example", "DEPLOY_PATH": "/srv/a", "DEPLOY_PORT": 22, "DEPLOY_KEEP": 5}
    config, problems = deploy.config_from(settings, {"PORTAL_DEPLOY_PORT": "2222", "PORTAL_DEPLOY_KEY": str(key),
                                                     "PORTAL_DEPLOY_USER": "portal", "CI": "true"})
    assert problems == []
    assert (config.host, config.port, config.user, config.key, config.path, config.batch) == (
        "web.example", 2222, "portal", str(key), "/srv/a", True)
    args = deploy.ssh_args(config)
    assert "BatchMode=yes" in args and "StrictHostKeyChecking=yes" in args and str(key) in args
    assert "BatchMode=yes" not in deploy.ssh_args(deploy.DeployConfig(host="h", path="/p"))


def test_missing_or_bad_deploy_settings_are_all_named():
    config, problems = deploy.config_from({"DEPLOY_PATH": "srv"}, {"PORTAL_DEPLOY_PORT": "x",
                                                                  "PORTAL_DEPLOY_KEY": "/khong/co"})
    assert config is None
    text = "\n".join(problems)
    for name in ("PORTAL_DEPLOY_HOST", "DEPLOY_PATH", "DEPLOY_PORT", "DEPLOY_KEY"):
        assert name in text


@pytest.mark.parametrize("code, stderr, expected", [
    (255, "ssh: connect to host h port 22: Connection refused", "PORTAL_DEPLOY_HOST"),
    (255, "root@h: Permission denied (publickey).", "authorized_keys"),
    (255, "Host key verification failed.", "ssh-keyscan"),
    (23, 'rsync: write failed on "/srv/a/x": No space left on device (28)', "df -h /srv/a"),
    (3, "missing-dir /srv/a", "mkdir -p /srv/a"),
    (5, "locked /srv/a/.deploy.lock", "đang chạy"),
    (-9, "", "dừng giữa chừng"),
])
def test_errors_say_what_failed_and_what_to_check(code, stderr, expected):
    message = deploy.explain("Chép lên máy chủ", code, stderr, deploy.DeployConfig(host="h", path="/srv/a"))
    assert message.startswith("Chép lên máy chủ: ") and expected in message


def test_publishconf_has_what_production_needs_once_the_address_is_set(monkeypatch):
    monkeypatch.setenv("PORTAL_SITEURL", "https://skhcn.example.gov.vn/")
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == "https://skhcn.example.gov.vn" and settings["SITEURL_SOURCE"] == "PORTAL_SITEURL"
    assert production.problems(settings) == []
    assert settings["FEED_DOMAIN"] == settings["SITE_HOST"] == settings["SITEURL"]
    assert settings["FEED_ALL_ATOM"] and not settings["RELATIVE_URLS"] and not settings["DRAFT_SAVE_AS"]


def test_the_sample_address_is_flagged_and_refused_for_a_deploy(monkeypatch):
    monkeypatch.delenv("PORTAL_SITEURL", raising=False)
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL_IS_SAMPLE"] and settings["SITEURL"] == settings["SAMPLE_SITEURL"]
    assert production.problems(settings, require_explicit=False) == []
    [problem] = production.problems(settings)
    assert "PORTAL_SITEURL" in problem and "PUBLIC_SITEURL" in problem


def test_settings_unfit_for_production_are_each_named():
    found = production.problems({"SITEURL": "/", "RELATIVE_URLS": True, "FEED_DOMAIN": "", "SITE_HOST": "",
                                 "DRAFT_SAVE_AS": "ban-nhap/{slug}/index.html", "SITEURL_SOURCE": "sample"})
    text = "\n".join(found)
    for name in ("SITEURL:", "RELATIVE_URLS", "FEED_ALL_ATOM", "DRAFT_SAVE_AS", "PORTAL_SITEURL"):
        assert name in text
