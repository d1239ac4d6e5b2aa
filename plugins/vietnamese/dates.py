"""Vietnamese date lines, independent of the operating system's locales.

Portal convention (Nghị định 30/2020/NĐ-CP, Phụ lục II): the weekday is
capitalised at the start of a display line ("Thứ Năm, 23/11/2017 10:20");
"Chủ nhật" keeps its lower-case second word.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Indexed by datetime.weekday(): Monday is 0.
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def to_vietnam_time(moment: datetime, tz: tzinfo = VIETNAM_TZ) -> datetime:
    """Express `moment` in Vietnam's time; a naive value is taken as Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return to_vietnam_time(value)
    return datetime(value.year, value.month, value.day, tzinfo=VIETNAM_TZ)


def weekday(value: date | datetime) -> str:
    """'Thứ Năm' for a Thursday."""
    return WEEKDAYS[_as_datetime(value).weekday()]


def date_numeric(value: date | datetime) -> str:
    """'23/11/2017', zero-padded, for lists and date lines."""
    return _as_datetime(value).strftime("%d/%m/%Y")


def date_short(value: date | datetime) -> str:
    """'10/4/2019', no padding, as portals print dates in "Các tin khác" lists."""
    moment = _as_datetime(value)
    return f"{moment.day}/{moment.month}/{moment.year}"


def date_line(value: date | datetime) -> str:
    """'Thứ Năm, 23/11/2017 10:20', the line under an article's title."""
    moment = _as_datetime(value)
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y %H:%M}"


def iso(value: date | datetime) -> str:
    """ISO 8601 with the +07:00 offset, for <time datetime> and metadata."""
    return _as_datetime(value).isoformat(timespec="seconds")


def month_title(value: date | datetime) -> str:
    """'Tháng 11/2017', the title of a month's archive."""
    moment = _as_datetime(value)
    return f"Tháng {moment.month}/{moment.year}"


_VIETNAMESE_DATE = re.compile(
    r"^\s*(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2})[:hg](?P<minute>\d{2})?)?\s*$"
)
_ISO_DATE = re.compile(
    r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*$"
)


def parse_date(text: str) -> datetime:
    """Read a front-matter date in the forms editors type.

    Accepts ISO ("2017-11-23", "2017-11-23 10:20[:05]") and Vietnamese
    day-first forms ("23/11/2017", "23/11/2017 10:20", "23-11-2017 10h20").
    Returns a naive datetime in Vietnam time; raises ValueError with a
    message an editor can act on.
    """
    match = _ISO_DATE.match(text) or _VIETNAMESE_DATE.match(text)
    if not match:
        raise ValueError(
            f"không đọc được ngày “{text.strip()}”; hãy ghi dạng 2017-11-23 10:20 hoặc 23/11/2017 10:20"
        )
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    try:
        return datetime(
            parts["year"], parts["month"], parts["day"],
            parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0),
        )
    except ValueError:
        raise ValueError(
            f"ngày “{text.strip()}” không tồn tại (ngày {parts['day']}, tháng {parts['month']}); "
            "hãy kiểm tra lại ngày và tháng"
        ) from None

