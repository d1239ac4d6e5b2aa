"""The sanitizer keeps what news articles use and removes everything that could run script."""

import pytest

from safe_html.clean import clean

# Known XSS vectors (OWASP filter-evasion cheat sheet and friends), as an editor might paste them.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"x:expression(alert(1))\">x</p>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<video><source onerror=\"alert(1)\"></video>",
    "<<script>alert(1);//<</script>",
    "<img \"\"\"><script>alert(1)</script>\">",
]
DANGEROUS = ("<script", "onerror", "onload", "ontoggle", "onfocus", "javascript:", "data:text", "expression(",
             "<iframe", "<object", "<embed", "<form", "<input", "<meta", "<base", "<link", "<svg", "<math", "style=")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_known_payload_survives(payload):
    cleaned = clean(f"<p>Trước {payload} sau</p>").lower()
    assert not [d for d in DANGEROUS if d in cleaned], cleaned


def test_what_articles_use_is_kept():
    html = ('<h2 id="muc-1">Mục</h2><p><strong>Đậm</strong> <em>nghiêng</em> <a href="{static}/tai-lieu.pdf">tệp</a> '
            '<a href="https://vbpl.vn/">VBPL</a> <a href="mailto:a@b.vn">thư</a></p><ul><li>một</li></ul>'
            '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>'
            '<figure class="figure"><img src="{static}/images/a.svg" alt="Ảnh" width="800" height="600" loading="lazy">'
            '<figcaption>Chú thích</figcaption></figure><blockquote>Trích</blockquote>')
    cleaned = clean(html)
    for kept in ('<h2 id="muc-1">', '<strong>Đậm</strong>', 'href="{static}/tai-lieu.pdf"', 'href="https://vbpl.vn/"',
                 'href="mailto:a@b.vn"', "<li>một</li>", '<th scope="col">', 'colspan="2"', '<figure class="figure">',
                 'src="{static}/images/a.svg"', 'alt="Ảnh"', 'loading="lazy"', "<figcaption>Chú thích</figcaption>",
                 "<blockquote>Trích</blockquote>"):
        assert kept in cleaned, kept
    assert 'rel="noopener noreferrer"' in cleaned


def test_iframes_stay_only_from_allowed_https_hosts():
    html = ('<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
            '<iframe src="http://www.youtube-nocookie.com/embed/abc"></iframe>'
            '<iframe src="https://evil.example/x"></iframe>')
    assert clean(html) == ""
    allowed = clean(html, frozenset({"www.youtube-nocookie.com"}))
    assert allowed == '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
