"""The CI pipelines of deploy/ci/ check on every push, deploy main, and name only documented variables."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_a_pipeline_checks_builds_and_deploys_main_with_documented_variables(name):
    text = (ROOT / "deploy" / "ci" / name).read_text(encoding="utf-8")
    assert "./inv check" in text and "./inv build --publish" in text and "./inv deploy" in text
    assert "PORTAL_SSH_PRIVATE_KEY" in text and "PORTAL_SSH_KNOWN_HOSTS" in text
    assert "cache" in text and ".venv" in text  # dependencies and build cache kept between runs
    for variable in set(re.findall(r"\bPORTAL_[A-Z_]+", text)):
        assert f"`{variable}`" in README, f"{variable} (used in {name}) is not documented in README.md"
    assert "\t" not in text


def test_every_deploy_setting_and_variable_is_documented():
    from sitetools.deploy import SETTING_KEYS

    for key in SETTING_KEYS:
        assert f"`DEPLOY_{key}` / `PORTAL_DEPLOY_{key}`" in README
    for name in ("PORTAL_SITEURL", "PUBLIC_SITEURL", "PORTAL_DEPLOY_RSYNC_ARGS", "SITEURL_SOURCE"):
        assert name in README
