"""Read and validate the departments data file (TOML) into plain data.

Every problem is reported at once with the file, the line and the fix, so an
editor who broke the file can repair it in one go.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vietnamese.text import nfc, slugify

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Unit:
    """One department, board, local committee or national portal."""

    code: str
    name: str
    aliases: tuple[str, ...]
    website: str
    group: str
    slug: str
    ended: date | None = None
    successors: tuple[str, ...] = ()

    def current(self, today: date) -> bool:
        return self.ended is None or self.ended > today


@dataclass
class Registry:
    """Groups in order, units by code, banners; `problems` lists what is wrong."""

    groups: list[dict[str, str]] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    banners: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _line_of(text: str, key: str, value: str, start: int = 0) -> int:
    """Line number (1-based) of `key = "value"` at or after line `start`, else of the value alone."""
    lines = text.splitlines()
    quoted = re.compile(rf'^\s*{re.escape(key)}\s*=\s*["\']{re.escape(value)}["\']')
    for number in range(start, len(lines)):
        if quoted.match(lines[number]):
            return number + 1
    for number, line in enumerate(lines, start=1):
        if value and value in line:
            return number
    return 1


def _unit_lines(text: str) -> list[int]:
    """Line numbers of each [[unit]] header, in order."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[unit]]"]


def parse_registry(text: str, path: str) -> Registry:
    """Parse and validate the data file's text; never raises for bad content."""
    registry = Registry()
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        registry.problems.append(f"{path}: tệp dữ liệu đơn vị sai cú pháp TOML ({error}); hãy sửa dòng đó "
                                 "(mỗi dòng dạng khoá = \"giá trị\", chuỗi trong dấu ngoặc kép)")
        return registry
    if not unicodedata.is_normalized("NFC", text):
        registry.problems.append(f"{path}:1: tệp chưa ở dạng Unicode dựng sẵn (NFC); hãy lưu lại bằng trình soạn thảo hỗ trợ NFC")

    for number, group in enumerate(data.get("group", []), start=1):
        code, name = str(group.get("code", "")), nfc(str(group.get("name", "")))
        if not _CODE.match(code) or not name:
            registry.problems.append(f"{path}:{_line_of(text, 'code', code)}: nhóm thứ {number} cần có code (chữ thường, "
                                     "không dấu, nối bằng gạch ngang) và name")
            continue
        registry.groups.append({"code": code, "name": name})
    group_codes = {group["code"] for group in registry.groups}

    unit_lines = _unit_lines(text)
    raw_units = data.get("unit", [])
    for index, raw in enumerate(raw_units):
        line = unit_lines[index] if index < len(unit_lines) else 1
        where = f"{path}:{line}"
        code = str(raw.get("code", "")).strip()
        name = nfc(str(raw.get("name", "")).strip())
        label = f"đơn vị “{name or code or index + 1}”"
        if not _CODE.match(code):
            registry.problems.append(f"{where}: {label} cần code là chữ thường không dấu nối bằng gạch ngang, ví dụ code = \"so-khcn\"")
            continue
        if code in registry.units:
            registry.problems.append(f"{where}: mã đơn vị “{code}” bị trùng; mỗi đơn vị một mã riêng, không dùng lại mã cũ")
            continue
        if not name:
            registry.problems.append(f"{where}: {label} thiếu tên đầy đủ; hãy thêm name = \"Sở …\"")
            continue
        website = str(raw.get("website", "")).strip()
        if not _URL.match(website):
            registry.problems.append(f"{where}: địa chỉ website “{website}” của {label} không hợp lệ; "
                                     "hãy ghi địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://")
        group = str(raw.get("group", ""))
        if group not in group_codes:
            registry.problems.append(f"{where}: {label} thuộc nhóm “{group}” không có; các nhóm: {', '.join(sorted(group_codes))}")
        ended = raw.get("ended")
        if ended is not None and not isinstance(ended, date):
            registry.problems.append(f"{where}: ngày kết thúc của {label} phải ghi dạng ended = 2025-07-01 (không có ngoặc kép)")
            ended = None
        successors = tuple(str(code) for code in raw.get("successors", []))
        if successors and ended is None:
            registry.problems.append(f"{where}: {label} có successors nhưng không có ended; hãy thêm ngày kết thúc")
        aliases = tuple(dict.fromkeys(nfc(str(alias)).strip() for alias in [name, *raw.get("aliases", [])] if str(alias).strip()))
        registry.units[code] = Unit(code=code, name=name, aliases=aliases, website=website, group=group,
                                    slug=str(raw.get("slug") or slugify(name)), ended=ended, successors=successors)

    for unit in registry.units.values():
        for successor in unit.successors:
            if successor not in registry.units:
                registry.problems.append(f"{path}:{_line_of(text, 'code', unit.code)}: đơn vị kế thừa “{successor}” của "
                                         f"“{unit.name}” không có trong tệp; hãy sửa mã hoặc thêm đơn vị đó")
    slugs: dict[str, str] = {}
    for unit in registry.units.values():
        other = slugs.setdefault(unit.slug, unit.code)
        if other != unit.code:
            registry.problems.append(f"{path}:{_line_of(text, 'code', unit.code)}: “{unit.code}” và “{other}” có cùng đường dẫn "
                                     f"/don-vi/{unit.slug}/; hãy thêm slug = \"…\" khác cho một đơn vị")
    for number, banner in enumerate(data.get("banner", []), start=1):
        url = str(banner.get("url", ""))
        if not banner.get("title") or not _URL.match(url):
            registry.problems.append(f"{path}:{_line_of(text, 'url', url)}: banner thứ {number} cần title và url bắt đầu bằng https://")
            continue
        registry.banners.append({"title": nfc(str(banner["title"])), "text": nfc(str(banner.get("text", ""))), "url": url,
                                 "link_text": nfc(str(banner.get("link_text", "Xem chi tiết")))})
    return registry
