from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from vietnamese import dates

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 11, 23), "Thứ Hai"),
        (date(2026, 11, 24), "Thứ Ba"),
        (date(2026, 11, 25), "Thứ Tư"),
        (date(2017, 11, 23), "Thứ Năm"),
        (date(2009, 9, 18), "Thứ Sáu"),
        (date(2026, 11, 28), "Thứ Bảy"),
        (date(2026, 11, 29), "Chủ nhật"),
    ],
)
def test_weekday_names(day, name):
    assert dates.weekday(day) == name


def test_date_line_as_portals_print_it():
    assert dates.date_line(datetime(2017, 11, 23, 10, 20, tzinfo=HCM)) == "Thứ Năm, 23/11/2017 10:20"


def test_date_line_converts_other_time_zones_to_vietnam_time():
    utc = datetime(2017, 11, 23, 3, 20, tzinfo=timezone.utc)
    assert dates.date_line(utc) == "Thứ Năm, 23/11/2017 10:20"


def test_naive_datetimes_are_taken_as_vietnam_time():
    assert dates.iso(datetime(2017, 11, 23, 10, 20)) == "2017-11-23T10:20:00+07:00"


def test_short_and_numeric_dates():
    moment = datetime(2019, 4, 10, 8, 0, tzinfo=HCM)
    assert dates.date_short(moment) == "10/4/2019"
    assert dates.date_numeric(moment) == "10/04/2019"
    assert dates.month_title(moment) == "Tháng 4/2019"


def test_iso_has_the_plus_seven_offset():
    assert dates.iso(datetime(2026, 1, 5, 7, 30, tzinfo=HCM)) == "2026-01-05T07:30:00+07:00"
    assert dates.iso(date(2026, 1, 5)) == "2026-01-05T00:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-11-23 10:20", datetime(2017, 11, 23, 10, 20)),
        ("2017-11-23", datetime(2017, 11, 23)),
        ("2017-11-23T10:20:05", datetime(2017, 11, 23, 10, 20, 5)),
        ("23/11/2017 10:20", datetime(2017, 11, 23, 10, 20)),
        ("10/4/2019", datetime(2019, 4, 10)),
        ("05-03-2020 8h30", datetime(2020, 3, 5, 8, 30)),
    ],
)
def test_parse_date_reads_iso_and_day_first_forms(text, expected):
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize("text", ["hôm qua", "2017/23/11", "31/02/2017", "", "23/11/17"])
def test_parse_date_refuses_with_an_actionable_message(text):
    with pytest.raises(ValueError, match="ngày"):
        dates.parse_date(text)


def test_no_dependency_on_the_process_locale(monkeypatch):
    import locale

    monkeypatch.setattr(locale, "setlocale", lambda *a, **k: (_ for _ in ()).throw(AssertionError("locale used")))
    assert dates.date_line(datetime(2017, 11, 23, 10, 20, tzinfo=HCM)) == "Thứ Năm, 23/11/2017 10:20"
