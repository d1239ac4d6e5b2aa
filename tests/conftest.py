"""Shared fixtures: the project's modules on sys.path, one built sample site per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "plugins"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The sample portal built once into a temp dir with the development settings."""
    from sitetools.build import build_site, report

    folder = tmp_path_factory.mktemp("site")
    output = folder / "output"
    result = build_site(ROOT / "pelicanconf.py", output, overrides={"SEARCH_INDEX_PATH": str(folder / "search-index")})
    assert result.ok, report(result)
    return output


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built sample site served on 127.0.0.1 for the browser tests; yields its base URL."""
    from sitetools.serve import serve_in_background

    server, base_url = serve_in_background(built_site)
    yield base_url
    server.shutdown()
    server.server_close()
