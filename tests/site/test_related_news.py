"""Related news, "Các tin khác" and "Tin đã đưa" in a built tiny site."""

from pathlib import Path

from bs4 import BeautifulSoup

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
TOPICS = {
    "chu-ky-so": ("Chữ ký số", "chữ ký số chuyên dùng chứng thư số cấp phát cho lãnh đạo ký văn bản điện tử"),
    "an-toan": ("An toàn thông tin", "mã độc tấn công mạng lỗ hổng bảo mật diễn tập ứng cứu sự cố"),
    "nong-nghiep": ("Khoa học - Công nghệ", "giống lúa mới chịu mặn mô hình trình diễn năng suất vụ đông xuân"),
}


def write_site(tmp_path, extra_front_matter=None):
    folder = tmp_path / "content" / "articles" / "2024"
    folder.mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    day = 1
    for topic, (category, words) in TOPICS.items():
        for number in range(1, 5):
            front = extra_front_matter.get(f"{topic}-{number}", "") if extra_front_matter else ""
            (folder / f"{topic}-{number}.md").write_text(
                f"Title: Tin {category.lower()} số {number} về {words.split()[number]}\n"
                f"Date: 2024-03-{day:02d} 09:00\nCategory: {category}\nSlug: {topic}-{number}\n{front}\n"
                + " ".join([words] * (3 + number)) + f" bản tin thứ {number}.\n",
                encoding="utf-8")
            day += 1
    return tmp_path / "content"


def build(tmp_path, content):
    overrides = {"PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": []}
    return build_site(ROOT / "pelicanconf.py", tmp_path / "output", overrides)


def section(page, title):
    heading = page.find("h2", string=title)
    return [] if heading is None else [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in heading.parent.find_all("a")]


def test_lists_under_an_article(tmp_path):
    content = write_site(tmp_path, {"chu-ky-so-2": "Related: nong-nghiep-1", "an-toan-1": "Related: off"})
    result = build(tmp_path, content)
    assert result.ok, report(result)
    output = tmp_path / "output" / "tin" / "2024" / "03"
    page = BeautifulSoup((output / "chu-ky-so-2" / "index.html").read_text(encoding="utf-8"), "html.parser")
    related = section(page, "Tin liên quan")
    assert related[0] == "nong-nghiep-1"  # pinned first
    assert set(related[1:4]) == {"chu-ky-so-1", "chu-ky-so-3", "chu-ky-so-4"}
    assert section(page, "Các tin khác") == ["chu-ky-so-4", "chu-ky-so-3", "chu-ky-so-1"]
    assert section(page, "Tin đã đưa") == []
    text = page.find("h2", string="Các tin khác").parent.get_text(" ", strip=True)
    assert "(4/3/2024)" in text  # the seed portals' date style
    switched_off = BeautifulSoup((output / "an-toan-1" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert section(switched_off, "Tin liên quan") == []
    assert section(switched_off, "Các tin khác") != []


def test_a_pinned_slug_that_does_not_exist_names_the_file_and_the_slug(tmp_path):
    content = write_site(tmp_path, {"an-toan-3": "Related: khong-co-bai-nay"})
    result = build(tmp_path, content)
    assert not result.ok
    assert any("an-toan-3.md" in error and "khong-co-bai-nay" in error for error in result.errors), result.errors
