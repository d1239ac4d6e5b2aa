from datetime import date

from departments.matcher import MentionMatcher
from departments.registry import parse_registry

GOOD = '''
[[group]]
code = "so-ban-nganh"
name = "Sở, ban, ngành"
[[group]]
code = "dia-phuong"
name = "Ủy ban nhân dân xã, phường"

[[unit]]
code = "so-tttt"
name = "Sở Thông tin và Truyền thông"
aliases = ["Sở TT&TT", "Sở TT-TT", "Sở TTTT"]
website = "https://stttt.quangtri.gov.vn/"
group = "so-ban-nganh"
ended = 2025-03-01
successors = ["so-khcn"]

[[unit]]
code = "so-khcn"
name = "Sở Khoa học và Công nghệ"
aliases = ["Sở KH&CN"]
website = "https://skhcn.quangtri.gov.vn/"
group = "so-ban-nganh"

[[unit]]
code = "so-tu-phap"
name = "Sở Tư pháp"
website = "https://stp.quangtri.gov.vn/"
group = "so-ban-nganh"

[[unit]]
code = "so-tai-chinh"
name = "Sở Tài chính"
website = "https://stc.quangtri.gov.vn/"
group = "so-ban-nganh"

[[unit]]
code = "ubnd-huyen-vinh-linh"
name = "Ủy ban nhân dân huyện Vĩnh Linh"
aliases = ["UBND huyện Vĩnh Linh", "huyện Vĩnh Linh"]
website = "https://vinhlinh.quangtri.gov.vn/"
group = "dia-phuong"
ended = 2025-07-01

[[banner]]
title = "Cổng Dịch vụ công Quốc gia"
text = "Nộp hồ sơ trực tuyến."
url = "https://dichvucong.gov.vn/"
'''


def test_a_good_file_gives_units_groups_and_banners():
    registry = parse_registry(GOOD, "content/don-vi.toml")
    assert registry.problems == []
    assert [group["code"] for group in registry.groups] == ["so-ban-nganh", "dia-phuong"]
    tttt = registry.units["so-tttt"]
    assert tttt.aliases[0] == "Sở Thông tin và Truyền thông" and "Sở TT&TT" in tttt.aliases
    assert tttt.slug == "so-thong-tin-va-truyen-thong"
    assert not tttt.current(date(2026, 11, 23)) and tttt.current(date(2024, 1, 1))
    assert registry.banners[0]["link_text"] == "Xem chi tiết"


def test_every_problem_is_listed_with_its_line():
    bad = GOOD.replace('code = "so-tu-phap"', 'code = "so-khcn"') \
              .replace('website = "https://stc.quangtri.gov.vn/"', 'website = "stc.quangtri.gov.vn"') \
              .replace('group = "dia-phuong"\nended', 'group = "huyen"\nended') \
              .replace('name = "Sở Tài chính"', 'name = ""')
    problems = parse_registry(bad, "content/don-vi.toml").problems
    text = "\n".join(problems)
    assert "mã đơn vị “so-khcn” bị trùng" in text
    assert "thiếu tên đầy đủ" in text
    assert "nhóm “huyen” không có" in text
    duplicate_line = next(p for p in problems if "bị trùng" in p).split(":")[1]
    assert GOOD.splitlines()[int(duplicate_line) - 1] == "[[unit]]"


def test_a_successor_that_does_not_exist_and_bad_toml():
    problems = parse_registry(GOOD.replace('successors = ["so-khcn"]', 'successors = ["so-moi"]'), "f.toml").problems
    assert any("so-moi" in p for p in problems)
    assert "sai cú pháp TOML" in parse_registry("[[unit]\ncode=", "f.toml").problems[0]


def test_matching_is_on_whole_words_with_exact_diacritics():
    registry = parse_registry(GOOD, "f.toml")
    matcher = MentionMatcher({code: unit.aliases for code, unit in registry.units.items()})
    text = ("Sở TT&TT phối hợp với Sở Tư pháp; UBND huyện Vĩnh Linh báo cáo. "
            "Sở Tài chínhx không phải là tên đơn vị; Sở Tư pháp lại được nhắc.")
    assert matcher.find(text) == ["so-tttt", "so-tu-phap", "ubnd-huyen-vinh-linh"]
    assert matcher.find("Sở Tu phap và So Tai chinh") == []
    assert matcher.find("sở khoa học và công nghệ") == ["so-khcn"]  # case does not matter, diacritics do
    assert matcher.find("") == []
