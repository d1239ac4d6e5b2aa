"""Department links sidebar, department pages and mentions, on the sample portal and tiny sites."""

import re
import tomllib
from pathlib import Path

from bs4 import BeautifulSoup

from departments.registry import parse_registry
from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "content" / "don-vi.toml"


def registry():
    return parse_registry(DATA.read_text(encoding="utf-8"), "content/don-vi.toml")


def test_the_sample_data_file_is_valid_and_models_the_2025_reorganisation():
    units = registry()
    assert units.problems == []
    former_local = [u for u in units.units.values() if u.group == "dia-phuong" and u.ended]
    current_local = [u for u in units.units.values() if u.group == "dia-phuong" and not u.ended]
    assert len(former_local) >= 8 and len(current_local) >= 8
    assert units.units["so-tttt"].ended and "so-khcn" in units.units["so-tttt"].successors
    assert len([u for u in units.units.values() if u.group == "so-ban-nganh"]) >= 18
    assert any(u.group == "quoc-gia" for u in units.units.values())


def test_every_html_page_carries_the_sidebar(built_site):
    pages = sorted(built_site.rglob("*.html"))
    missing = [str(p.relative_to(built_site)) for p in pages if 'id="vnp-deptlinks-title"' not in p.read_text(encoding="utf-8")]
    assert pages and missing == []


def test_the_sidebar_shows_current_units_only_with_external_links_marked(built_site):
    page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    sidebar = page.find("section", class_="vnp-deptlinks")
    names = [a.get_text(" ", strip=True) for a in sidebar.find_all("a")]
    assert any(name.startswith("Sở Khoa học và Công nghệ") for name in names)
    assert not any(name.startswith("Sở Thông tin và Truyền thông") for name in names)
    assert all("(mở trang ngoài)" in name for name in names)


def test_every_unit_has_a_page_and_former_units_say_what_became_of_them(built_site):
    for unit in registry().units.values():
        assert (built_site / "don-vi" / unit.slug / "index.html").exists(), unit.code
    page = BeautifulSoup((built_site / "don-vi" / "so-thong-tin-va-truyen-thong" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    notice = page.find(class_="vnp-notice").get_text(" ", strip=True)
    assert "kết thúc hoạt động" in notice and "Sở Khoa học và Công nghệ" in notice
    assert page.find("main").find("a", href=re.compile(r"^/tin/")) is not None  # the archived articles that name it


def test_hand_labelled_mentions_are_found_exactly(built_site):
    fixture = tomllib.loads((ROOT / "tests" / "site" / "fixtures" / "department_mentions.toml").read_text(encoding="utf-8"))
    units = registry().units
    for entry in fixture["article"]:
        source = ROOT / entry["file"]
        slug_line = next((line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("Title:")), "")
        assert slug_line
        found = None
        for html in (built_site / "tin").rglob("index.html"):
            page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            if page.find("h1").get_text(strip=True) == slug_line[len("Title:"):].strip():
                block = page.find(class_="vnp-article__departments")
                found = sorted(a["href"].strip("/").split("/")[-1] for a in block.find_all("a")) if block else []
                break
        assert found is not None, entry["file"]
        assert found == sorted(units[code].slug for code in entry["units"]), entry["file"]


def tiny(tmp_path, data, article_extra=""):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "don-vi.toml").write_text(data, encoding="utf-8")
    (content / "articles" / "a.md").write_text(
        f"Title: Sở TT&TT họp giao ban\nDate: 2024-05-02 09:00\nCategory: Tin tức - Sự kiện\n{article_extra}\n"
        "Sở Thông tin và Truyền thông chủ trì.\n", encoding="utf-8")
    return {"PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": []}


def test_a_broken_data_file_or_unknown_code_stops_the_build_and_keeps_the_site(tmp_path):
    data = DATA.read_text(encoding="utf-8")
    overrides = tiny(tmp_path, data)
    output = tmp_path / "output"
    assert build_site(ROOT / "pelicanconf.py", output, overrides).ok
    before = sorted(p.name for p in output.rglob("*"))
    broken = data.replace('website = "https://', 'website = "ftp://', 1)
    (tmp_path / "content" / "don-vi.toml").write_text(broken, encoding="utf-8")
    result = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert not result.ok and any("don-vi.toml:" in e and "không hợp lệ" in e for e in result.errors), report(result)
    assert sorted(p.name for p in output.rglob("*")) == before
    overrides = tiny(tmp_path / "again", data, "Departments: so-tttt, so-khong-co")
    result = build_site(ROOT / "pelicanconf.py", tmp_path / "again" / "output", overrides)
    assert not result.ok
    assert any("a.md:4" in e and "so-khong-co" in e for e in result.errors), result.errors
