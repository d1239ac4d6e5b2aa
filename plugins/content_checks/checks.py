"""Check the front matter of a Markdown content file, with line numbers.

Plain functions: they take the file's text and return every problem found,
so that an editor sees all of them at once and not one per build.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vietnamese.dates import parse_date

_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:\s?(?P<value>.*)$")

# Front-matter keys the portal or Pelican reads (lower case). Other keys are
# allowed (Pelican keeps them as metadata), unless they look like a typo of one
# of these: "Catgory" would leave an article without its category, silently.
KNOWN_KEYS = (
    "title", "date", "modified", "category", "tags", "summary", "author", "authors", "source", "featured",
    "slug", "status", "departments", "related", "lang", "translation", "template", "save_as", "url",
)


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix, located by file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the problem when it is not UTF-8 (an old Vietnamese encoding, a Word file)."""
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(path, line, f"tệp không phải văn bản UTF-8 (ký tự lạ ở cột {column}), có thể được lưu "
                                          "bằng bảng mã cũ (TCVN3, VNI) hoặc là tệp Word; hãy mở bằng trình soạn thảo "
                                          "và lưu lại với bảng mã UTF-8 (Unicode)")]


def front_matter(text: str) -> dict[str, tuple[int, str]]:
    """Return {lower-case key: (line number, value)} of the header lines.

    The header ends at the first blank line or at the first line that is not
    a `Key: value` pair (as Python-Markdown's meta extension reads it);
    indented lines continue the previous value.
    """
    fields: dict[str, tuple[int, str]] = {}
    last_key = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and last_key:
            line_no, value = fields[last_key]
            fields[last_key] = (line_no, f"{value} {line.strip()}")
            continue
        match = _FIELD.match(line)
        if not match:
            break
        last_key = match["key"].lower()
        fields[last_key] = (number, match["value"].strip())
    return fields


def check_front_matter(text: str, path: str, *, require_date: bool) -> list[Problem]:
    """List the problems of one file's front matter (empty when it is fine)."""
    problems = []
    if not unicodedata.is_normalized("NFC", text):
        problems.append(Problem(path, 1, "văn bản chưa ở dạng Unicode dựng sẵn (NFC); hãy lưu lại tệp bằng trình soạn thảo hỗ trợ Unicode dựng sẵn"))
    fields = front_matter(text)
    title_line, title = fields.get("title", (1, ""))
    if not title:
        problems.append(Problem(path, title_line, "thiếu tiêu đề; hãy thêm dòng “Title: Tiêu đề bài viết” ở đầu tệp"))
    for key, label in (("date", "Date"), ("modified", "Modified")):
        if key in fields:
            line, value = fields[key]
            try:
                parse_date(value)
            except ValueError as error:
                problems.append(Problem(path, line, f"{label}: {error}"))
    if require_date and "date" not in fields:
        problems.append(Problem(path, 1, "thiếu ngày đăng; hãy thêm dòng “Date: 2026-11-23 10:20” ở đầu tệp"))
    for key, (line, _) in fields.items():
        typo_of = likely_typo(key)
        if typo_of:
            problems.append(Problem(path, line, f"dòng “{key.title()}:” có lẽ là gõ nhầm “{typo_of.title()}:”; "
                                                "hãy sửa lại tên dòng (nếu không, thông tin này bị bỏ qua)"))
    return problems


def likely_typo(key: str) -> str | None:
    """The known key that `key` (lower case) looks like a misspelling of, or None."""
    import difflib

    if key in KNOWN_KEYS or len(key) < 4:
        return None
    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)
    return close[0] if close else None


IMAGE_MAX_BYTES = 20 * 1024 * 1024  # a phone photo is 2–8 MB; past this, a file is probably not a photo
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>\{(?:static|filename|attach)\}[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def check_references(text: str, shown: str, content_root, source_folder) -> list[Problem]:
    """Images and internal links of a Markdown body: the file must exist, an image needs alt text and a sane size."""
    from pathlib import Path

    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _IMAGE.finditer(line):
            target = match["target"]
            if not match["alt"].strip():
                problems.append(Problem(shown, number, f"ảnh {target} thiếu mô tả (văn bản thay thế); hãy viết mô tả "
                                                       "trong [ ]: ai, đang làm gì, ở đâu (xem mục 6 hướng dẫn)"))
            problems += _missing(target, number, shown, Path(content_root), Path(source_folder), image=True)
        for match in _LINK.finditer(line):
            problems += _missing(match["target"], number, shown, Path(content_root), Path(source_folder), image=False)
    return problems


def _missing(target: str, line: int, shown: str, content_root, source_folder, *, image: bool) -> list[Problem]:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", target):
        return []  # an address on another site, or an anchor
    internal = re.match(r"^\{(static|filename|attach)\}", target)
    relative = target[internal.end():] if internal else target
    relative = relative.split("#", 1)[0].split("?", 1)[0]
    path = content_root / relative.lstrip("/") if relative.startswith("/") else source_folder / relative
    what = "ảnh" if image else "tệp liên kết"
    if not path.is_file():
        return [Problem(shown, line, f"{what} {target} không có trong thư mục content; hãy kiểm tra tên tệp "
                                     "(viết đúng từng chữ, chữ thường) hoặc thêm tệp vào content/images/")]
    if image and path.stat().st_size > IMAGE_MAX_BYTES:
        return [Problem(shown, line, f"ảnh {target} nặng {path.stat().st_size / 1048576:.0f} MB (tối đa "
                                     f"{IMAGE_MAX_BYTES // 1048576} MB); hãy dùng ảnh JPG hoặc PNG thông thường")]
    return []


_MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
_HTML_LINK = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["'](?P<target>[^"']+)["']""", re.I)


def site_path(target: str, site_hosts: tuple[str, ...] = ()) -> str | None:
    """The path on this site a link points to ("tin/2017/11/x/"), or None for another
    site, an anchor, a mail or phone link, a relative or a {filename} link."""
    from urllib.parse import unquote, urlsplit

    if target.startswith("{"):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") or target.startswith("//"):
        if (parts.hostname or "").lower() not in site_hosts:
            return None
    elif parts.scheme or not target.startswith("/"):
        return None
    return unquote(parts.path).lstrip("/")


def html_site_links(html: str, site_hosts: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(link as written, site path) of each <a href> of rendered HTML to a page of this site."""
    return [(match["target"], path) for match in _HTML_LINK.finditer(html)
            if (path := site_path(match["target"], site_hosts)) is not None]


def line_of(text: str, needle: str) -> int:
    """The line of `text` where `needle` first appears (1 when it does not)."""
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def site_links(text: str, site_hosts: tuple[str, ...] = ()) -> list[tuple[int, str, str]]:
    """(line, link as written, site path) of each link of a Markdown or HTML body to a page of this site."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern in (_MARKDOWN_LINK, _HTML_LINK):
            for match in pattern.finditer(line):
                path = site_path(match["target"], site_hosts)
                if path is not None:
                    found.append((number, match["target"], path))
    return found


@dataclass
class SiteAddresses:
    """The addresses of the pages a build makes, to check internal links against.

    Only links under `checked` prefixes are judged (articles, categories,
    tags, static folders): the portal also makes archives, unit pages and
    feeds, whose addresses are not all known before a build."""

    checked: tuple[str, ...]
    addresses: set[str]
    static_root: object = None  # content folder: a link to /images/x.jpg is fine when the file is there

    def broken(self, path: str) -> bool:
        last = path.rsplit("/", 1)[-1]
        address = path if not path or path.endswith("/") or "." in last else path + "/"
        if not address.startswith(self.checked) or address in self.addresses:
            return False
        if address.endswith("index.html") and address[: -len("index.html")] in self.addresses:
            return False
        return not (self.static_root is not None and (self.static_root / path).is_file())


def url_prefix(pattern: str) -> str:
    """The fixed start of an address pattern: "tin/" for "tin/{date:%Y}/{slug}/"."""
    return pattern.split("{", 1)[0]


def broken_link_problem(shown: str, line: int, target: str) -> Problem:
    return Problem(shown, line, f"liên kết {target} trỏ tới địa chỉ không có trên cổng (không có bài, chuyên mục, "
                                "thẻ hay tệp nào ở đó); hãy chép lại địa chỉ đúng từ trang của bài đó trên cổng, "
                                "hoặc liên kết bằng tên tệp: [chữ]({filename}/articles/…/ten-bai.md)")


def check_tree(content_root, shown_from, article_folder: str = "articles",
               department_codes: set[str] | None = None, departments_file: str = "",
               categories: dict[str, str] | None = None, urls: dict[str, str] | None = None,
               site_hosts: tuple[str, ...] = (), static_folders: tuple[str, ...] = ("images",)) -> list[Problem]:
    """Check every Markdown file under `content_root`; also find duplicate slugs and tag variants.

    Paths in the messages are relative to `shown_from` (the project root).
    With `department_codes` (the codes of the departments data file, shown as
    `departments_file`), a `Departments:` code that is not one of them is a problem;
    with `categories` ({slug: name}, the portal's menu; a name of None is shown as the articles
    write it), so is an article's category outside it. With `urls` (the ARTICLE_URL,
    PAGE_URL, CATEGORY_URL and TAG_URL settings), a link to an article, category,
    tag or static file of this site (`site_hosts`: its host names) that will not exist
    is a problem too.
    """
    from pathlib import Path

    from vietnamese.text import slugify

    content_root, shown_from = Path(content_root), Path(shown_from)
    problems: list[Problem] = []
    claimed: dict[tuple[str, str], str] = {}
    written: dict[str, str] = {}  # category slug -> its name as the first article writes it
    outside: list[tuple[int, str, int, str]] = []  # categories outside the menu: (place in problems, file, line, name)
    tag_uses: dict[str, dict[str, list[tuple[str, int]]]] = {}  # slug -> spelling -> [(file, line)]
    addresses: set[str] = set()
    links: list[tuple[str, int, str, str]] = []  # (file, line, link as written, site path)
    for path in sorted(content_root.rglob("*.md")):
        shown = str(path.relative_to(shown_from))
        text, unreadable = decode(path.read_bytes(), shown)
        if text is None:
            problems += unreadable
            continue
        is_article = path.relative_to(content_root).parts[0] == article_folder
        problems += check_front_matter(text, shown, require_date=is_article)
        problems += check_references(text, shown, content_root, path.parent)
        fields = front_matter(text)
        if categories is not None and is_article and fields.get("category", (0, ""))[1]:
            line, name = fields["category"]
            written.setdefault(slugify(name), name)
            if slugify(name) not in categories:
                outside.append((len(problems), shown, line, name))
                problems.append(None)  # written below, once every category's name has been seen
        if department_codes is not None and "departments" in fields:
            line, value = fields["departments"]
            for code in (c.strip() for c in value.split(",")):
                if code and code not in department_codes:
                    problems.append(Problem(shown, line, f"Departments: không có đơn vị mã “{code}” trong "
                                                         f"{departments_file}; hãy sửa mã cho đúng (xem tệp đó)"))
        if "tags" in fields:
            line, value = fields["tags"]
            for tag in (t.strip() for t in value.split(",")):
                if tag and slugify(tag):
                    tag_uses.setdefault(slugify(tag), {}).setdefault(tag, []).append((shown, line))
        slug = fields.get("slug", (0, ""))[1] or slugify(fields.get("title", (0, ""))[1])
        lang = fields.get("lang", (0, ""))[1]
        if urls is not None:
            links += [(shown, line, target, site) for line, target, site in site_links(text, site_hosts)]
            addresses.update(_addresses_of(fields, slug, is_article, urls, slugify))
        if not slug:
            continue
        key = ("article" if is_article else "page", f"{lang}/{slug}")
        first = claimed.setdefault(key, shown)
        if first != shown:
            problems.append(Problem(shown, fields.get("slug", fields.get("title", (1, "")))[0],
                                    f"đường dẫn (slug) “{slug}” trùng với bài {first}; "
                                    "hãy đổi tiêu đề hoặc ghi dòng “Slug: …” khác nhau cho hai bài"))
    if outside:
        known = ", ".join(f"“{name or written.get(slug, slug)}”" for slug, name in categories.items())
        for index, shown, line, name in outside:
            problems[index] = Problem(shown, line, f"Category: chuyên mục “{name}” không có trong menu của cổng; "
                                                   f"hãy chọn một trong: {known} (hoặc thêm chuyên mục mới vào "
                                                   "PORTAL_MENU trong pelicanconf.py)")
    problems += tag_variants(tag_uses)
    if urls is not None:
        checked = tuple(url_prefix(urls[key]) for key in ("ARTICLE_URL", "CATEGORY_URL", "TAG_URL")
                        if url_prefix(urls[key])) + tuple(folder.rstrip("/") + "/" for folder in static_folders)
        known = SiteAddresses(checked, addresses, content_root)
        problems += [broken_link_problem(shown, line, target) for shown, line, target, site in links
                     if known.broken(site)]
    return problems


def _addresses_of(fields: dict, slug: str, is_article: bool, urls: dict[str, str], slugify) -> list[str]:
    """The addresses a published file gives the site: its own, its category's and its tags'."""
    if fields.get("status", (0, ""))[1].strip().lower() == "draft":
        return []  # never public: a link to it would be broken on the portal
    found = []
    if "url" in fields:
        found.append(fields["url"][1].lstrip("/"))
    elif slug and is_article and "date" in fields:
        try:
            found.append(urls["ARTICLE_URL"].format(date=parse_date(fields["date"][1]), slug=slug))
        except (ValueError, KeyError, IndexError):
            pass  # an unreadable date is reported on its own
    elif slug and not is_article:
        found.append(urls["PAGE_URL"].format(slug=slug))
    if is_article and fields.get("category", (0, ""))[1]:
        found.append(urls["CATEGORY_URL"].format(slug=slugify(fields["category"][1])))
    for tag in (t.strip() for t in fields.get("tags", (0, ""))[1].split(",")):
        if tag and slugify(tag):
            found.append(urls["TAG_URL"].format(slug=slugify(tag)))
    return found


def tag_variants(tag_uses: dict[str, dict[str, list[tuple[str, int]]]]) -> list[Problem]:
    """Tags written in several ways that differ only by case or diacritics ("Chuyển đổi số", "chuyen doi so").

    They share one tag page, shown under one of the spellings: every use of a
    spelling other than the most used one is reported, naming that one.
    """
    problems = []
    for spellings in tag_uses.values():
        if len(spellings) < 2:
            continue
        usual = max(spellings, key=lambda tag: (len(spellings[tag]), tag))
        for tag, uses in sorted(spellings.items()):
            if tag == usual:
                continue
            for shown, line in uses:
                problems.append(Problem(shown, line, f"thẻ “{tag}” viết khác với “{usual}” "
                                                     f"(dùng ở {len(spellings[usual])} bài); hãy viết thống nhất là “{usual}”"))
    return problems
