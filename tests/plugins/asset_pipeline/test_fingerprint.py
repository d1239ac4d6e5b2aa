"""Hashed names of theme files, and stylesheets pointing at them (asset_pipeline/fingerprint.py)."""

import hashlib

import pytest

from asset_pipeline.fingerprint import (FingerprintError, content_hash, css_references, fingerprint, hashed_name,
                                        rewrite_css_urls)
from asset_pipeline.glue import AssetPipelineSettingError, settings_of


def test_content_hash_is_the_first_ten_hex_digits_of_sha256():
    assert content_hash(b"body{}") == hashlib.sha256(b"body{}").hexdigest()[:10]


@pytest.mark.parametrize(("name", "hashed"), [
    ("css/portal.css", "css/portal.3fa9c01b2e.css"),
    ("portal.css", "portal.3fa9c01b2e.css"),
    ("fonts/be-vietnam-pro.min.woff2", "fonts/be-vietnam-pro.min.3fa9c01b2e.woff2"),
    ("LICENSE", "LICENSE.3fa9c01b2e"),
])
def test_hashed_name_puts_the_hash_before_the_extension(name, hashed):
    assert hashed_name(name, "3fa9c01b2e") == hashed


NAMES = {"fonts/a.woff2": "fonts/a.1111111111.woff2", "img/logo.svg": "img/logo.2222222222.svg"}


@pytest.mark.parametrize(("css", "rewritten"), [
    ("src:url(../fonts/a.woff2) format('woff2')", "src:url(../fonts/a.1111111111.woff2) format('woff2')"),
    ('background:url("../img/logo.svg")', 'background:url("../img/logo.2222222222.svg")'),
    ("background:url( '../img/logo.svg#icon' )", "background:url('../img/logo.2222222222.svg#icon')"),
    ("src:url(../fonts/a.woff2?v=2)", "src:url(../fonts/a.1111111111.woff2?v=2)"),
    ("src:url(../fonts/./a.woff2)", "src:url(../fonts/a.1111111111.woff2)"),
    # left alone: other sites, data:, absolute paths, fragments, names the theme does not have
    ("src:url(https://cdn.example/a.woff2)", "src:url(https://cdn.example/a.woff2)"),
    ("src:url(//cdn.example/a.woff2)", "src:url(//cdn.example/a.woff2)"),
    ("background:url(data:image/svg+xml;utf8,<svg/>)", "background:url(data:image/svg+xml;utf8,<svg/>)"),
    ("background:url(/img/logo.svg)", "background:url(/img/logo.svg)"),
    ("filter:url(#shadow)", "filter:url(#shadow)"),
    ("src:url(../fonts/missing.woff2)", "src:url(../fonts/missing.woff2)"),
])
def test_css_urls_point_at_the_hashed_names(css, rewritten):
    assert rewrite_css_urls(css, "css/portal.css", NAMES) == rewritten


def test_a_stylesheet_at_the_root_and_one_beside_its_files():
    assert rewrite_css_urls("a{b:url(fonts/a.woff2)}", "site.css", NAMES) == "a{b:url(fonts/a.1111111111.woff2)}"
    assert rewrite_css_urls("a{b:url(a.woff2)}", "fonts/faces.css", NAMES) == "a{b:url(a.1111111111.woff2)}"


def test_css_references_are_resolved_against_the_stylesheet_folder():
    css = "a{b:url(../fonts/a.woff2)} c{d:url('x/y.png?z')} e{f:url(data:,x)}"
    assert css_references(css, "css/portal.css") == ["fonts/a.woff2", "css/x/y.png"]


def test_the_stylesheet_hash_covers_the_fonts_it_loads():
    css = b"@font-face{src:url(../fonts/a.woff2)}"
    first = fingerprint({"css/portal.css": css, "fonts/a.woff2": b"font one"})
    second = fingerprint({"css/portal.css": css, "fonts/a.woff2": b"font two"})
    assert first.names["fonts/a.woff2"] != second.names["fonts/a.woff2"]
    assert first.names["css/portal.css"] != second.names["css/portal.css"]  # same CSS source, new font
    font = first.names["fonts/a.woff2"]
    written = first.files[first.names["css/portal.css"]].decode()
    assert written == "@font-face{src:url(../" + font + ")}"
    assert first.names["css/portal.css"] == hashed_name("css/portal.css", content_hash(written.encode()))
    assert first.files[font] == b"font one"


def test_stylesheets_importing_stylesheets_are_hashed_after_them():
    table = fingerprint({"a.css": b"@import url(b.css);", "b.css": b"x{y:url(c.svg)}", "c.svg": b"<svg/>"})
    assert table.files[table.names["a.css"]] == f"@import url({table.names['b.css']});".encode()
    assert table.files[table.names["b.css"]] == f"x{{y:url({table.names['c.svg']})}}".encode()


def test_a_stylesheet_loop_is_an_error():
    with pytest.raises(FingerprintError, match="a.css"):
        fingerprint({"a.css": b"@import url(b.css);", "b.css": b"@import url(a.css);"})


def test_same_files_same_names():
    files = {"css/portal.css": b"a{b:url(../img/e.svg)}", "img/e.svg": b"<svg/>", "js/portal.js": b"1"}
    assert fingerprint(files) == fingerprint(dict(reversed(files.items())))


def test_settings_are_checked_once_with_the_name_and_the_value():
    assert settings_of({})["ASSET_PIPELINE_GZIP"] is False
    assert settings_of({"ASSET_PIPELINE_GZIP_EXTENSIONS": [".html"]})["ASSET_PIPELINE_GZIP_EXTENSIONS"] == (".html",)
    with pytest.raises(AssetPipelineSettingError, match="unknown setting ASSET_PIPELINE_GZIPP"):
        settings_of({"ASSET_PIPELINE_GZIPP": True})
    with pytest.raises(AssetPipelineSettingError, match="ASSET_PIPELINE_GZIP_LEVEL must be .* not 12"):
        settings_of({"ASSET_PIPELINE_GZIP_LEVEL": 12})
    with pytest.raises(AssetPipelineSettingError, match="ASSET_PIPELINE_GZIP_MIN_SAVING .* not 10"):
        settings_of({"ASSET_PIPELINE_GZIP_MIN_SAVING": 10})
    with pytest.raises(AssetPipelineSettingError, match="ASSET_PIPELINE_GZIP must be True or False, not 'yes'"):
        settings_of({"ASSET_PIPELINE_GZIP": "yes"})
    with pytest.raises(AssetPipelineSettingError, match="GZIP_EXTENSIONS"):
        settings_of({"ASSET_PIPELINE_GZIP_EXTENSIONS": ["html"]})
