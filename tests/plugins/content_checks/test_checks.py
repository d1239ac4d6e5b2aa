import unicodedata

from content_checks.checks import check_front_matter, check_tree, front_matter

GOOD = "Title: Hội nghị chuyển đổi số\nDate: 23/11/2017 10:20\nCategory: Chuyển đổi số\n\nNội dung.\n"


def test_front_matter_has_line_numbers_and_stops_at_the_blank_line():
    fields = front_matter(GOOD + "\nNotAField: x\n")
    assert fields["title"] == (1, "Hội nghị chuyển đổi số")
    assert fields["date"] == (2, "23/11/2017 10:20")
    assert "notafield" not in fields


def test_indented_lines_continue_a_value():
    fields = front_matter("Title: Một\nSummary: dòng đầu\n    dòng hai\n\nx")
    assert fields["summary"] == (2, "dòng đầu dòng hai")


def test_a_good_file_has_no_problem():
    assert check_front_matter(GOOD, "a.md", require_date=True) == []


def test_every_problem_is_listed_at_once_with_its_line():
    text = "Date: 31/02/2017\nModified: mai\n\nx"
    problems = check_front_matter(text, "content/articles/x.md", require_date=True)
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (1, "thiếu tiêu đề"),
        (1, "Date: ngày “31/02/2017” không tồn tại (ngày 31, tháng 2)"),
        (2, "Modified: không đọc được ngày “mai”"),
    ]
    assert str(problems[0]).startswith("content/articles/x.md:1: thiếu tiêu đề")


def test_missing_date_is_required_for_articles_only():
    text = "Title: Giới thiệu\n\nx"
    assert check_front_matter(text, "p.md", require_date=False) == []
    assert "thiếu ngày đăng" in check_front_matter(text, "a.md", require_date=True)[0].message


def test_nfd_text_is_reported():
    problems = check_front_matter(unicodedata.normalize("NFD", GOOD), "a.md", require_date=True)
    assert any("NFC" in p.message for p in problems)


def test_check_tree_finds_duplicate_slugs_naming_both_files(tmp_path):
    content = tmp_path / "content"
    (content / "articles" / "2017").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "2017" / "a.md").write_text(GOOD, encoding="utf-8")
    (content / "articles" / "2017" / "b.md").write_text(GOOD.replace("Hội nghị", "HỘI NGHỊ"), encoding="utf-8")
    (content / "pages" / "p.md").write_text("Title: Hội nghị chuyển đổi số\n\nx", encoding="utf-8")
    problems = check_tree(content, tmp_path)
    assert len(problems) == 1
    assert problems[0].path == "content/articles/2017/b.md"
    assert "content/articles/2017/a.md" in problems[0].message


def test_a_key_that_looks_like_a_typo_of_a_known_one_is_reported_on_its_line():
    text = "Title: Bài\nDate: 2026-11-20\nCatgory: Chuyển đổi số\nTgas: a\nSumary: Tóm tắt\nPhotographer: An\n\nNội dung.\n"
    problems = check_front_matter(text, "a.md", require_date=True)
    found = {(p.line, p.message.split("”")[0]) for p in problems}
    assert found == {(3, "dòng “Catgory:"), (5, "dòng “Sumary:")}
    assert "“Category:”" in str(problems[0]) and str(problems[0]).startswith("a.md:3: ")
    # a custom key that resembles nothing (Photographer) and a short one (Tgas) are allowed


def test_tags_spelled_differently_are_reported_against_the_usual_spelling(tmp_path):
    from content_checks.checks import check_tree

    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    for name, tags in (("a", "Chuyển đổi số, Hạ tầng"), ("b", "Chuyển đổi số"), ("c", "chuyen doi so"),
                       ("d", "CHUYỂN ĐỔI SỐ, hạ tầng")):
        (articles / f"{name}.md").write_text(f"Title: Bài {name}\nDate: 2026-11-20\nTags: {tags}\n\nNội dung.\n",
                                            encoding="utf-8")
    problems = [str(p) for p in check_tree(tmp_path / "content", tmp_path)]
    assert sorted(problems) == [
        "content/articles/a.md:3: thẻ “Hạ tầng” viết khác với “hạ tầng” (dùng ở 1 bài); hãy viết thống nhất là “hạ tầng”",
        "content/articles/c.md:3: thẻ “chuyen doi so” viết khác với “Chuyển đổi số” (dùng ở 2 bài); hãy viết thống nhất là “Chuyển đổi số”",
        "content/articles/d.md:3: thẻ “CHUYỂN ĐỔI SỐ” viết khác với “Chuyển đổi số” (dùng ở 2 bài); hãy viết thống nhất là “Chuyển đổi số”",
    ]


def test_unknown_department_codes_are_reported_with_file_and_line(tmp_path):
    from content_checks.checks import check_tree

    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "a.md").write_text("Title: Bài\nDate: 2026-11-20\nDepartments: so-tttt, so-khong-co ,ubnd-tinh\n\nX.\n",
                                   encoding="utf-8")
    problems = [str(p) for p in check_tree(tmp_path / "content", tmp_path, department_codes={"so-tttt", "ubnd-tinh"},
                                           departments_file="content/don-vi.toml")]
    assert problems == ["content/articles/a.md:3: Departments: không có đơn vị mã “so-khong-co” trong "
                        "content/don-vi.toml; hãy sửa mã cho đúng (xem tệp đó)"]
    assert check_tree(tmp_path / "content", tmp_path) == []  # without the data file, codes are not judged


def test_a_file_in_an_old_encoding_is_named_with_its_line_not_a_traceback(tmp_path):
    from content_checks.checks import check_tree

    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "tcvn3.md").write_bytes(b"Title: Bai\nDate: 2026-11-20\n\nN\xe1i dung \xb8 c\xf3.\n")
    (articles / "tot.md").write_text("Title: Tốt\nDate: 2026-11-20\n\nTốt.\n", encoding="utf-8")
    problems = [str(p) for p in check_tree(tmp_path / "content", tmp_path)]
    assert len(problems) == 1 and problems[0].startswith("content/articles/tcvn3.md:4: tệp không phải văn bản UTF-8")


def test_a_category_outside_the_portal_menu_is_reported(tmp_path):
    from content_checks.checks import check_tree

    articles = tmp_path / "content" / "articles"
    pages = tmp_path / "content" / "pages"
    articles.mkdir(parents=True)
    pages.mkdir()
    (articles / "a.md").write_text("Title: A\nDate: 2026-11-20\nCategory: Chuyển Đổi Số\n\nX.\n", encoding="utf-8")
    (articles / "b.md").write_text("Title: B\nDate: 2026-11-20\nCategory: Chuyen doi so moi\n\nX.\n", encoding="utf-8")
    (pages / "p.md").write_text("Title: P\nCategory: Bất kỳ\n\nX.\n", encoding="utf-8")
    menu = {"chuyen-doi-so": "Chuyển đổi số", "tin-tuc-su-kien": "Tin tức - Sự kiện"}
    problems = [str(p) for p in check_tree(tmp_path / "content", tmp_path, categories=menu)]
    assert problems == ["content/articles/b.md:3: Category: chuyên mục “Chuyen doi so moi” không có trong menu của "
                        "cổng; hãy chọn một trong: “Chuyển đổi số”, “Tin tức - Sự kiện” (hoặc thêm chuyên mục mới "
                        "vào PORTAL_MENU trong pelicanconf.py)"]


def test_images_and_internal_links_must_exist_and_images_need_alt_text(tmp_path):
    from content_checks.checks import check_tree

    articles = tmp_path / "content" / "articles"
    images = tmp_path / "content" / "images"
    articles.mkdir(parents=True)
    images.mkdir()
    (images / "co.jpg").write_bytes(b"\xff\xd8")
    (articles / "a.md").write_text(
        "Title: A\nDate: 2026-11-20\n\n"
        "![Toàn cảnh]({static}/images/co.jpg \"Chú thích\")\n\n"
        "![]({static}/images/co.jpg)\n\n"
        "![Sai tên]({static}/images/Co.JPG)\n\n"
        "Xem [văn bản]({static}/tai-lieu/khong-co.pdf) và [cổng](https://chinhphu.vn/), [mục](#a).\n",
        encoding="utf-8")
    problems = [str(p) for p in check_tree(tmp_path / "content", tmp_path)]
    assert [p.split(": ", 1)[0] for p in problems] == ["content/articles/a.md:6", "content/articles/a.md:8",
                                                      "content/articles/a.md:10"]
    assert "thiếu mô tả" in problems[0] and "Co.JPG không có" in problems[1] and "khong-co.pdf không có" in problems[2]


URLS = {"ARTICLE_URL": "tin/{date:%Y}/{date:%m}/{slug}/", "PAGE_URL": "{slug}/",
        "CATEGORY_URL": "chuyen-muc/{slug}/", "TAG_URL": "the/{slug}/"}


def test_site_path_keeps_only_links_to_this_site():
    from content_checks.checks import site_path

    hosts = ("skhcn.quangtri.gov.vn",)
    assert site_path("/tin/2017/11/hoi-nghi/#doan-2", hosts) == "tin/2017/11/hoi-nghi/"
    assert site_path("https://skhcn.quangtri.gov.vn/the/c%E1%BB%95ng/?x=1", hosts) == "the/cổng/"
    for other in ("https://chinhphu.vn/tin/", "//example.org/tin/", "mailto:a@b.vn", "tel:0233", "#top",
                  "../khac/", "{filename}/articles/a.md", "http://[::1"):
        assert site_path(other, hosts) is None, other


def test_links_to_articles_categories_tags_and_images_that_will_not_exist_are_reported(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "so-do.png").write_bytes(b"png")
    (content / "articles" / "a.md").write_text(
        "Title: Hội nghị chuyển đổi số\nDate: 23/11/2017 10:20\nCategory: Chuyển đổi số\nTags: Chữ ký số\n\nNội dung.\n",
        encoding="utf-8")
    (content / "articles" / "nhap.md").write_text(
        "Title: Bản nháp\nDate: 2017-11-24\nCategory: Chuyển đổi số\nStatus: draft\n\nNháp.\n", encoding="utf-8")
    (content / "articles" / "b.md").write_text(
        "Title: Bài có liên kết\nDate: 2017-12-01\nCategory: Chuyển đổi số\n\n"
        "Xem [bài trước](/tin/2017/11/hoi-nghi-chuyen-doi-so/), [chuyên mục](/chuyen-muc/chuyen-doi-so/),\n"
        "[thẻ](https://skhcn.quangtri.gov.vn/the/chu-ky-so/) và [sơ đồ](/images/so-do.png).\n"
        "Sai: [bài gõ nhầm](/tin/2017/11/hoi-nghi-chuyen-doi/) và <a href=\"/chuyen-muc/khong-co/\">đây</a>,\n"
        "[nháp](/tin/2017/11/ban-nhap/), [ảnh](/images/khong-co.png), [trang ngoài](https://chinhphu.vn/x/),\n"
        "[lưu trữ](/luu-tru/2017/) và [sơ đồ XML](/sitemap.xml).\n", encoding="utf-8")
    problems = [str(p) for p in check_tree(content, tmp_path, urls=URLS, site_hosts=("skhcn.quangtri.gov.vn",))]
    assert problems[0] == (
        "content/articles/b.md:7: liên kết /tin/2017/11/hoi-nghi-chuyen-doi/ trỏ tới địa chỉ không có trên cổng"
        " (không có bài, chuyên mục, thẻ hay tệp nào ở đó); hãy chép lại địa chỉ đúng từ trang của bài đó trên cổng,"
        " hoặc liên kết bằng tên tệp: [chữ]({filename}/articles/…/ten-bai.md)")
    assert [p.split(": liên kết ")[1].split(" ")[0] for p in problems] == [
        "/tin/2017/11/hoi-nghi-chuyen-doi/", "/chuyen-muc/khong-co/", "/tin/2017/11/ban-nhap/", "/images/khong-co.png"]
    assert [p.split(":")[1] for p in problems] == ["7", "7", "8", "8"]
    assert check_tree(content, tmp_path) == []  # without the address settings, links are not judged
