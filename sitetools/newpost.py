"""Write a new draft article with every front-matter field the portal reads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from vietnamese.dates import VIETNAM_TZ
from vietnamese.text import nfc, slugify

TEMPLATE = """\
Title: {title}
Date: {date}
Category: {category}
Tags:
Summary:
Author:
Source:
Status: draft

Viết nội dung bài ở đây. Mỗi đoạn cách nhau một dòng trống.

<!-- Chèn ảnh có chú thích (ảnh đặt trong content/images/{year}/):
![Mô tả ảnh cho người khiếm thị]({{static}}/images/{year}/ten-anh.jpg "Chú thích hiển thị dưới ảnh")
Xóa dòng "Status: draft" khi bài sẵn sàng đăng. -->
"""


def write_new_article(articles_root: Path, title: str, category: str, now: datetime | None = None) -> Path:
    """Create articles_root/YEAR/slug.md; refuse to overwrite an existing file."""
    title, category = nfc(title.strip()), nfc(category.strip())
    if not title:
        raise ValueError("Tiêu đề trống: hãy ghi tiêu đề bài viết trong dấu ngoặc kép.")
    now = now or datetime.now(VIETNAM_TZ)
    path = Path(articles_root) / f"{now:%Y}" / f"{slugify(title)}.md"
    if path.exists():
        raise FileExistsError(f"{path} đã có; hãy chọn tiêu đề khác hoặc sửa tệp đó.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(title=title, date=f"{now:%Y-%m-%d %H:%M}", category=category, year=f"{now:%Y}"),
                    encoding="utf-8")
    return path
