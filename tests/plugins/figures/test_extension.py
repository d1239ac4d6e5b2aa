import markdown

from figures.extension import FigureExtension


def render(text):
    return markdown.markdown(text, extensions=[FigureExtension()], output_format="html5")


def test_a_lone_image_becomes_a_figure_with_its_caption():
    html = render('![Đại biểu dự hội nghị](/images/a.svg "Các đại biểu tại điểm cầu Quảng Trị")')
    assert html == (
        '<figure class="figure"><img alt="Đại biểu dự hội nghị" fetchpriority="high" src="/images/a.svg">'
        "<figcaption>Các đại biểu tại điểm cầu Quảng Trị</figcaption></figure>"
    )


def test_only_a_photo_opening_the_body_loads_at_once_the_others_lazily():
    html = render("Đoạn mở đầu.\n\n![Ảnh một](/1.jpg)\n\n![Ảnh hai](/2.jpg)\n\nĐoạn.\n\nĐoạn.\n\n![Ảnh ba](/3.jpg)")
    first, second, third = html.split("<img")[1:]
    assert 'fetchpriority="high"' in first and "lazy" not in first
    assert 'loading="lazy"' in second and "fetchpriority" not in second
    assert 'loading="lazy"' in third
    late = render("Một.\n\nHai.\n\nBa.\n\n![Ảnh](/4.jpg)")
    assert 'loading="lazy"' in late and "fetchpriority" not in late


def test_an_image_without_title_gets_no_empty_caption():
    assert "<figcaption>" not in render("![Biểu đồ](/images/b.svg)")


def test_inline_images_stay_in_their_paragraph():
    html = render("Trước ![biểu tượng](/i.svg) sau")
    assert html.startswith("<p>") and "<figure" not in html


def test_caption_text_is_escaped():
    assert "&lt;script&gt;" in render('![a](/a.svg "<script>alert(1)</script>")')
