"""Development settings of the sample portal.

`publishconf.py` imports this file and overrides only what production needs.
Plugin settings carry their plugin's prefix and are documented in each
plugin's README; portal-wide settings are documented in the top-level README.
"""

AUTHOR = "Sở Khoa học và Công nghệ tỉnh Quảng Trị"
SITENAME = "Sở Khoa học và Công nghệ tỉnh Quảng Trị"
SITEURL = ""
SITE_HOST = "http://127.0.0.1:8000"  # absolute base for canonical URLs, sitemap and feeds in development

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra/favicon.svg"]
EXTRA_PATH_METADATA = {"extra/favicon.svg": {"path": "favicon.svg"}}

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE = None
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
TYPOGRIFY = False

THEME = "theme"
# Templates escape every value unless it is trusted HTML marked |safe (article and page bodies).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]

# Vietnamese URLs. Articles carry year and month so that a title reused years
# later still gets its own address; every address ends in a folder.
ARTICLE_URL = "tin/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
# A page in another language (Lang: en) keeps its own slug as its address: /english/
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "luu-tru/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "luu-tru/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
# An article dated in the future is scheduled: Pelican treats it as a draft
# until a build runs after its date (see the editor guide).
WITH_FUTURE_DATES = False
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "search", "404"]
SEARCH_SAVE_AS = "tim-kiem/index.html"
SEARCH_URL = "tim-kiem/"
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "period_archives": None, "department": 30}

# Feeds: the whole site and each category, in Atom and RSS. Development builds
# write them too, so that what is tested is what is published.
FEED_DOMAIN = SITE_HOST
FEED_ALL_ATOM = "feeds/tat-ca.atom.xml"
FEED_ALL_RSS = "feeds/tat-ca.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30
RSS_FEED_SUMMARY_ONLY = True

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # the build task swaps a whole new output in instead
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

READERS = {"rst": None}  # articles are Markdown; reStructuredText is not offered to editors

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["vietnamese", "content_checks", "safe_html", "responsive_images", "figures", "departments", "related_news", "portal", "offline_search", "asset_pipeline"]

# --- The agency: everything the header, footer, contact blocks and metadata show.
# The people, addresses and numbers of the sample agency are illustrative.
PORTAL = {
    "parent_name": "Ủy ban nhân dân tỉnh Quảng Trị",
    "agency_name": "Sở Khoa học và Công nghệ",
    "agency_full_name": "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
    "agency_english_name": "Quang Tri Department of Science and Technology",
    "short_name": "Sở KH&CN Quảng Trị",
    "address": "Số 204 đường Hùng Vương, phường Đông Hà, tỉnh Quảng Trị",
    "phone": "0233 3 852 000",
    "fax": "0233 3 852 001",
    "email": "skhcn@quangtri.gov.vn",
    "feedback_email": "gopy.skhcn@quangtri.gov.vn",
    "responsible_person": "Ông Lê Minh Khang, Phó Giám đốc Sở",
    "licence": "Giấy phép số 12/GP-TTĐT ngày 15/3/2023 của Sở Khoa học và Công nghệ tỉnh Quảng Trị",
    "reuse_notice": "Ghi rõ nguồn “Cổng thông tin điện tử Sở Khoa học và Công nghệ tỉnh Quảng Trị” khi phát hành lại thông tin từ cổng thông tin này.",
    "copyright": "Bản quyền thuộc Sở Khoa học và Công nghệ tỉnh Quảng Trị",
    "public_services_url": "https://dichvucong.gov.vn/",
    "english_page": "english",
}

# Main menu, in order. Each entry is a page slug, a category slug, a URL
# (external links open in the same tab and are marked for screen readers)
# or a group with children. The "Sơ đồ cổng" page renders this whole tree.
PORTAL_MENU = [
    {"title": "Trang chủ", "url": "", "accesskey": "1"},
    {"title": "Giới thiệu", "page": "gioi-thieu"},
    {
        "title": "Tin tức",
        "children": [
            {"category": "tin-tuc-su-kien"},
            {"category": "cong-nghe-thong-tin"},
            {"category": "chuyen-doi-so"},
            {"category": "chinh-quyen-dien-tu"},
            {"category": "an-toan-thong-tin"},
            {"category": "khoa-hoc-cong-nghe"},
        ],
    },
    {"title": "Lưu trữ", "url": "luu-tru/"},
    {"title": "Dịch vụ công", "url": "https://dichvucong.gov.vn/", "external": True},
    {"title": "Liên hệ", "page": "lien-he"},
    {"title": "Sơ đồ cổng", "page": "so-do-cong", "accesskey": "3"},
]

# Home page: the categories shown as blocks, in order, and how many items each.
PORTAL_HOME_CATEGORIES = [
    "tin-tuc-su-kien",
    "chuyen-doi-so",
    "chinh-quyen-dien-tu",
    "cong-nghe-thong-tin",
    "an-toan-thong-tin",
    "khoa-hoc-cong-nghe",
]
PORTAL_HOME_BLOCK_SIZE = 4
PORTAL_HOME_LATEST = 10
