"""Deterministic synthetic Vietnamese news articles for the build benchmark.

`generate(root, n)` writes a content tree shaped like the portal's own:

    root/articles/YYYY/<slug>.md      n articles, front matter + Markdown body
    root/images/synthetic/img-K.svg   a few small illustrations (~10 % of articles show one)
    root/pages/, root/extra/          copied from the real content/ (the menu needs the pages)
    root/*.toml                       the departments data file, copied from the real content/

The text is built from phrase templates and word lists written for this
module: administrative-news Vietnamese (agencies, districts, communes,
document citations, figures), not copied from any corpus. Everything is
drawn from one `random.Random(seed)` in a fixed order, so the same `n` and
`seed` always give byte-identical files.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20261123

try:  # the portal's own slugs, so that uniqueness is checked the way the build checks it
    from vietnamese.text import SLUG_MAX_LENGTH, fold, slugify
except ImportError:  # imported without the plugins on sys.path (tests put them there)
    sys.path.insert(0, str(PROJECT_ROOT / "plugins"))
    from vietnamese.text import SLUG_MAX_LENGTH, fold, slugify

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

# (category, weight): the general news category dominates, as on real portals.
CATEGORIES = [
    ("Tin tức - Sự kiện", 30),
    ("Chuyển đổi số", 20),
    ("Chính quyền điện tử", 15),
    ("Công nghệ thông tin", 15),
    ("An toàn thông tin", 10),
    ("Khoa học - Công nghệ", 10),
]

PROVINCE = "tỉnh Quảng Trị"

DISTRICTS = [
    "huyện Gio Linh", "huyện Vĩnh Linh", "huyện Cam Lộ", "huyện Triệu Phong", "huyện Hải Lăng",
    "huyện Hướng Hóa", "huyện Đakrông", "huyện đảo Cồn Cỏ", "thị xã Quảng Trị", "thành phố Đông Hà",
]

COMMUNES = [
    "xã Gio Mỹ", "xã Gio Châu", "xã Vĩnh Tú", "xã Vĩnh Long", "xã Cam Thành", "xã Cam Hiếu",
    "xã Triệu Độ", "xã Triệu Giang", "xã Hải Thượng", "xã Hải Phong", "xã Tân Lập", "xã Hướng Phùng",
    "xã Ba Lòng", "xã Tà Rụt", "phường Đông Lương", "phường Đông Giang", "phường An Đôn", "thị trấn Khe Sanh",
    "thị trấn Cửa Tùng", "thị trấn Ái Tử", "xã Linh Thượng", "xã Trung Sơn", "xã Hải Định", "xã Vĩnh Hòa",
]

AGENCIES = [
    "Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tư pháp", "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Công Thương", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Công nghệ thông tin và Truyền thông",
    "Công an tỉnh", "Bưu điện tỉnh", "Viễn thông Quảng Trị", "Viettel Quảng Trị",
    "Ban Quản lý Khu kinh tế tỉnh", "Đài Phát thanh - Truyền hình tỉnh", "Báo Quảng Trị",
    "Trung tâm Thông tin và Thống kê khoa học và công nghệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Bảo hiểm xã hội tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh",
]

CENTRAL = [
    "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", "Cục An toàn thông tin",
    "Cục Chuyển đổi số quốc gia", "Cục Bưu điện Trung ương", "Văn phòng Chính phủ",
    "Trung tâm Giám sát an toàn không gian mạng quốc gia", "Cục Sở hữu trí tuệ",
    "Tổng cục Tiêu chuẩn Đo lường Chất lượng", "Ban Cơ yếu Chính phủ", "Cục Tin học hóa",
]

PARTNERS = [
    "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)", "Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)",
    "Tổng công ty Bưu điện Việt Nam", "Công ty Cổ phần FPT", "Tổng công ty Viễn thông MobiFone",
    "Trường Đại học Bách khoa Đà Nẵng", "Đại học Huế", "Hiệp hội An toàn thông tin Việt Nam",
    "Học viện Công nghệ Bưu chính Viễn thông", "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Trương", "Đoàn", "Hà", "Mai", "Lương", "Thái", "Văn"]
MIDDLE_MEN = ["Văn", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Công", "Xuân", "Quang", "Bảo", "Ngọc", "Trọng"]
MIDDLE_WOMEN = ["Thị", "Thu", "Hồng", "Ngọc", "Thanh", "Minh", "Diệu", "Phương", "Kim", "Mỹ"]
GIVEN_MEN = ["Hùng", "Dũng", "Nam", "Bình", "Phong", "Thắng", "Tuấn", "Sơn", "Hải", "Trung", "Khánh", "Phúc",
             "Vinh", "Long", "Cường", "Hiếu", "Duy", "Toàn", "Lâm", "Quân", "Thành", "Đạt", "Kiên", "Tín"]
GIVEN_WOMEN = ["Lan", "Hương", "Hà", "Linh", "Thảo", "Nga", "Tâm", "Quyên", "Trang", "Hằng", "Yến", "Nhung",
               "Vân", "Mai", "Hạnh", "Oanh", "Thủy", "Uyên"]

POSITIONS = [
    "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch Thường trực UBND tỉnh",
    "Giám đốc Sở Thông tin và Truyền thông", "Phó Giám đốc Sở Thông tin và Truyền thông",
    "Giám đốc Sở Khoa học và Công nghệ", "Phó Giám đốc Sở Khoa học và Công nghệ", "Chánh Văn phòng UBND tỉnh",
    "Giám đốc Trung tâm Công nghệ thông tin và Truyền thông", "Trưởng phòng Công nghệ thông tin",
    "Trưởng phòng Quản lý khoa học", "Trưởng phòng Bưu chính - Viễn thông", "Chánh Thanh tra Sở",
    "Giám đốc Trung tâm Phục vụ hành chính công tỉnh", "Phó Cục trưởng Cục An toàn thông tin",
    "Vụ trưởng Vụ Kế hoạch - Tài chính", "Chủ tịch UBND {district}", "Phó Chủ tịch UBND {district}",
    "Bí thư Đảng ủy {commune}", "Chủ tịch UBND {commune}",
]

BYLINES = ["Thu Hà", "Minh Đức", "Hoàng Anh", "Trung Kiên", "Thanh Tâm", "Ngọc Lan", "Quang Huy", "Phương Thảo",
           "Hữu Phúc", "Diệu Linh", "Xuân Trường", "Bảo Ngọc", "Thiện Đạt", "Hồng Nhung", "Văn Sơn", "Mai Anh",
           "Phòng Công nghệ thông tin", "Văn phòng Sở", "Phòng Quản lý khoa học", "Trung tâm CNTT&TT"]

SOURCES = [
    "Sở Thông tin và Truyền thông tỉnh Quảng Trị", "Sở Khoa học và Công nghệ tỉnh Quảng Trị",
    "Trung tâm Công nghệ thông tin và Truyền thông", "Báo Quảng Trị", "Cổng thông tin điện tử tỉnh Quảng Trị",
    "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", "Đài Phát thanh - Truyền hình Quảng Trị",
]

# Topics per category: what an article is about (noun phrases, lower case).
TOPICS = {
    "Tin tức - Sự kiện": [
        "công tác thông tin cơ sở", "công tác tuyên truyền", "quản lý nhà nước về báo chí", "hoạt động xuất bản",
        "công tác thi đua, khen thưởng", "cải cách hành chính", "công tác phòng, chống thiên tai",
        "phát triển bưu chính", "công tác dân vận chính quyền", "hoạt động của hệ thống đài truyền thanh cơ sở",
        "công tác cải cách chế độ công vụ", "công tác phòng, chống tham nhũng", "thông tin đối ngoại",
        "quản lý quảng cáo", "công tác văn thư, lưu trữ", "công tác kiểm soát thủ tục hành chính",
    ],
    "Chuyển đổi số": [
        "chuyển đổi số", "phát triển kinh tế số", "xây dựng xã hội số", "chính quyền số",
        "Đề án 06", "ứng dụng nền tảng số", "thanh toán không dùng tiền mặt", "tổ công nghệ số cộng đồng",
        "phổ cập kỹ năng số cho người dân", "đưa hộ sản xuất lên sàn thương mại điện tử", "nông nghiệp số",
        "du lịch thông minh", "Trung tâm giám sát, điều hành thông minh", "phát triển dữ liệu số", "bản đồ số",
        "đô thị thông minh",
    ],
    "Chính quyền điện tử": [
        "dịch vụ công trực tuyến", "Cổng dịch vụ công của tỉnh", "sử dụng chữ ký số", "hệ thống một cửa điện tử",
        "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "kiến trúc chính quyền điện tử",
        "tiếp nhận hồ sơ qua dịch vụ bưu chính công ích", "định danh và xác thực điện tử", "họp không giấy",
        "gửi, nhận văn bản điện tử", "hệ thống thông tin báo cáo", "đánh giá chỉ số cải cách hành chính",
        "mức độ hài lòng của người dân", "liên thông văn bản bốn cấp chính quyền",
    ],
    "Công nghệ thông tin": [
        "hệ thống quản lý văn bản và điều hành", "mạng truyền số liệu chuyên dùng", "hạ tầng công nghệ thông tin",
        "hệ thống hội nghị truyền hình trực tuyến", "trung tâm dữ liệu của tỉnh", "nền tảng tích hợp, chia sẻ dữ liệu",
        "ứng dụng công nghệ thông tin trong cơ quan nhà nước", "thư điện tử công vụ", "hạ tầng viễn thông thụ động",
        "phủ sóng di động 4G, 5G", "điện toán đám mây", "phần mềm nguồn mở", "cơ sở dữ liệu dùng chung",
        "chuyển đổi sang giao thức IPv6",
    ],
    "An toàn thông tin": [
        "bảo đảm an toàn thông tin mạng", "bảo đảm an toàn hệ thống thông tin theo cấp độ",
        "diễn tập ứng cứu sự cố an toàn thông tin", "phòng, chống mã độc", "giám sát an toàn thông tin",
        "phòng, chống lừa đảo trực tuyến", "bảo vệ dữ liệu cá nhân", "khắc phục lỗ hổng bảo mật",
        "ứng cứu sự cố máy tính", "kiểm tra, đánh giá an toàn thông tin", "phòng, chống tin giả trên mạng xã hội",
        "mô hình bốn lớp bảo vệ",
    ],
    "Khoa học - Công nghệ": [
        "nhiệm vụ khoa học và công nghệ cấp tỉnh", "bảo hộ quyền sở hữu trí tuệ", "tiêu chuẩn, đo lường, chất lượng",
        "truy xuất nguồn gốc sản phẩm", "hệ sinh thái khởi nghiệp đổi mới sáng tạo", "chuyển giao công nghệ",
        "ứng dụng tiến bộ kỹ thuật vào sản xuất", "an toàn bức xạ", "mã số, mã vạch", "chỉ dẫn địa lý",
        "phát triển tài sản trí tuệ", "năng suất, chất lượng", "thị trường khoa học và công nghệ",
        "ứng dụng trí tuệ nhân tạo",
    ],
}

RESEARCH = [
    "Nghiên cứu xây dựng mô hình trồng dược liệu dưới tán rừng",
    "Ứng dụng công nghệ sinh học trong nhân giống cây lâm nghiệp",
    "Xây dựng cơ sở dữ liệu số về di tích lịch sử trên địa bàn tỉnh",
    "Nghiên cứu giải pháp cảnh báo sớm sạt lở đất ở vùng núi",
    "Phát triển sản phẩm hồ tiêu theo chuỗi giá trị",
    "Ứng dụng Internet vạn vật trong nuôi tôm thâm canh",
    "Đánh giá chất lượng nguồn nước sinh hoạt nông thôn",
    "Xây dựng nhãn hiệu chứng nhận cho sản phẩm cà phê vùng cao",
    "Ứng dụng hệ thống thông tin địa lý trong quản lý đất đai cấp huyện",
    "Nghiên cứu chế biến sâu sản phẩm từ cây sắn",
    "Bảo tồn nguồn gen cây bản địa có giá trị kinh tế",
    "Xây dựng bộ công cụ đánh giá kỹ năng số cho học sinh trung học",
]

THREATS = [
    "chiến dịch lừa đảo giả mạo cơ quan nhà nước", "mã độc tống tiền nhắm vào hệ thống văn bản",
    "lỗ hổng nghiêm trọng trong phần mềm quản lý nội dung", "tin nhắn giả mạo ngân hàng",
    "thư điện tử giả mạo chứa tệp đính kèm độc hại", "tài khoản mạng xã hội giả mạo lãnh đạo",
    "cuộc gọi giả danh cơ quan công an", "ứng dụng giả mạo dịch vụ công",
    "lỗ hổng trên thiết bị tường lửa", "trang web giả mạo Cổng dịch vụ công",
]

EVENTS = [
    "Ngày Chuyển đổi số quốc gia", "Ngày Báo chí cách mạng Việt Nam", "Ngày Khoa học và Công nghệ Việt Nam",
    "Ngày Sở hữu trí tuệ thế giới", "Ngày An toàn thông tin Việt Nam", "Ngày truyền thống ngành Thông tin và Truyền thông",
    "Ngày Pháp luật Việt Nam", "Ngày Tiêu chuẩn thế giới", "Tuần lễ Đổi mới sáng tạo",
]

# A document citation: (kind, symbol after the number, issuer).
DOCUMENTS = [
    ("Quyết định", "QĐ-UBND", "UBND tỉnh"), ("Kế hoạch", "KH-UBND", "UBND tỉnh"),
    ("Chỉ thị", "CT-UBND", "UBND tỉnh"), ("Công văn", "UBND-KGVX", "UBND tỉnh"),
    ("Nghị quyết", "NQ-HĐND", "HĐND tỉnh"), ("Thông báo", "TB-UBND", "UBND tỉnh"),
    ("Nghị định", "NĐ-CP", "Chính phủ"), ("Quyết định", "QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Thông tư", "TT-BTTTT", "Bộ Thông tin và Truyền thông"), ("Thông tư", "TT-BKHCN", "Bộ Khoa học và Công nghệ"),
    ("Kế hoạch", "KH-STTTT", "Sở Thông tin và Truyền thông"), ("Công văn", "STTTT-CNTT", "Sở Thông tin và Truyền thông"),
    ("Quyết định", "QĐ-SKHCN", "Sở Khoa học và Công nghệ"), ("Chỉ thị", "CT-TTg", "Thủ tướng Chính phủ"),
]

VERBS = ["triển khai", "thực hiện", "rà soát", "tăng cường", "đẩy mạnh", "nâng cao", "hoàn thiện", "phối hợp",
         "tổng hợp", "đánh giá", "hướng dẫn", "kiểm tra", "bố trí", "củng cố", "duy trì", "mở rộng", "cập nhật",
         "theo dõi", "đôn đốc", "chuẩn hóa"]
OBJECTS = ["nguồn lực", "kinh phí", "nhân lực", "hạ tầng", "dữ liệu", "quy trình", "thủ tục", "văn bản",
           "hồ sơ", "kế hoạch", "nhiệm vụ", "giải pháp", "chỉ tiêu", "cơ chế", "chính sách", "tiêu chí",
           "nội dung", "phần mềm", "thiết bị", "đội ngũ", "quy chế", "lộ trình", "báo cáo", "mô hình"]
QUALITIES = ["thiết thực", "hiệu quả", "đồng bộ", "kịp thời", "chặt chẽ", "quyết liệt", "toàn diện", "bền vững",
             "minh bạch", "thuận lợi", "thống nhất", "khoa học", "cụ thể", "nghiêm túc", "an toàn"]
GROUPS = ["cán bộ, công chức", "người dân và doanh nghiệp", "các cơ quan, đơn vị", "cán bộ chuyên trách",
          "lãnh đạo các phòng, ban", "đoàn viên thanh niên", "học sinh, sinh viên", "các hợp tác xã",
          "cán bộ cấp xã", "các doanh nghiệp nhỏ và vừa"]
HEADINGS = ["Kết quả đạt được", "Nhiệm vụ thời gian tới", "Một số khó khăn, vướng mắc", "Giải pháp trọng tâm",
            "Ý kiến tại hội nghị", "Kết luận của lãnh đạo", "Những con số nổi bật", "Bài học kinh nghiệm",
            "Kiến nghị, đề xuất", "Mục tiêu đến năm {year2}"]

# 150 tags: about twenty per category, plus general ones.
TAGS = {
    "Tin tức - Sự kiện": [
        "hội nghị", "giao ban báo chí", "thông tin cơ sở", "thi đua khen thưởng", "cải cách hành chính",
        "đài truyền thanh", "phòng chống thiên tai", "bưu chính", "xuất bản", "báo chí",
        "kỷ niệm ngày truyền thống", "tiếp công dân", "công tác dân vận", "quảng cáo", "thông tin đối ngoại",
        "văn thư lưu trữ", "kiểm soát thủ tục hành chính", "tổng kết năm", "sơ kết 6 tháng", "đoàn công tác",
    ],
    "Chuyển đổi số": [
        "chuyển đổi số", "kinh tế số", "xã hội số", "chính quyền số", "đề án 06", "nền tảng số",
        "thanh toán không dùng tiền mặt", "tổ công nghệ số cộng đồng", "kỹ năng số", "thương mại điện tử",
        "nông nghiệp số", "du lịch thông minh", "trung tâm điều hành thông minh", "dữ liệu số", "bản đồ số",
        "đô thị thông minh", "chỉ số dti", "ngày chuyển đổi số quốc gia", "học liệu số", "y tế số",
    ],
    "Chính quyền điện tử": [
        "dịch vụ công trực tuyến", "cổng dịch vụ công", "chữ ký số", "một cửa điện tử", "số hóa hồ sơ",
        "kiến trúc chính quyền điện tử", "bưu chính công ích", "định danh điện tử", "vneid", "họp không giấy",
        "văn bản điện tử", "hệ thống báo cáo", "chỉ số par index", "mức độ hài lòng", "liên thông văn bản",
        "chứng thư số", "thủ tục hành chính", "trung tâm phục vụ hành chính công", "hồ sơ trực tuyến", "sipas",
    ],
    "Công nghệ thông tin": [
        "quản lý văn bản và điều hành", "mạng truyền số liệu chuyên dùng", "hạ tầng công nghệ thông tin",
        "hội nghị truyền hình", "trung tâm dữ liệu", "lgsp", "ứng dụng cntt", "thư điện tử công vụ",
        "hạ tầng viễn thông", "sóng di động", "điện toán đám mây", "phần mềm nguồn mở", "cơ sở dữ liệu",
        "ipv6", "internet vạn vật", "phần mềm dùng chung", "ban chỉ đạo cntt", "nhân lực cntt",
        "cổng thông tin điện tử", "trang thiết bị",
    ],
    "An toàn thông tin": [
        "an toàn thông tin", "diễn tập", "hệ thống thông tin theo cấp độ", "mã độc", "giám sát an toàn thông tin",
        "lừa đảo trực tuyến", "dữ liệu cá nhân", "lỗ hổng bảo mật", "ứng cứu sự cố", "mô hình 4 lớp",
        "tin giả", "mạng xã hội", "mã độc tống tiền", "tấn công mạng", "cảnh báo", "an ninh mạng",
        "đội ứng cứu sự cố", "tường lửa", "mật khẩu", "sao lưu dữ liệu",
    ],
    "Khoa học - Công nghệ": [
        "nhiệm vụ khoa học", "đề tài nghiên cứu", "sở hữu trí tuệ", "tiêu chuẩn đo lường chất lượng",
        "truy xuất nguồn gốc", "khởi nghiệp", "đổi mới sáng tạo", "chuyển giao công nghệ", "sáng kiến",
        "an toàn bức xạ", "mã số mã vạch", "chỉ dẫn địa lý", "nhãn hiệu chứng nhận", "năng suất chất lượng",
        "hội đồng khoa học", "nghiệm thu", "trí tuệ nhân tạo", "công nghệ sinh học", "ocop", "sàn giao dịch công nghệ",
    ],
}
GENERAL_TAGS = [
    "quảng trị", "đông hà", "gio linh", "vĩnh linh", "cam lộ", "triệu phong", "hải lăng", "hướng hóa",
    "đakrông", "cồn cỏ", "ubnd tỉnh", "sở thông tin và truyền thông", "sở khoa học và công nghệ", "tập huấn",
    "hội thảo", "kiểm tra", "ký kết hợp tác", "kế hoạch", "văn bản mới", "thông báo", "doanh nghiệp",
    "người dân", "cán bộ công chức", "cấp xã", "nông thôn mới", "giáo dục", "y tế", "du lịch", "thanh niên",
    "phụ nữ",
]

# --------------------------------------------------------------------------
# Phrase templates. Slots: {unit} an agency, {place} district or commune,
# {district}, {commune}, {topic}, {topic2}, {person} name with position,
# {doc} a document citation, {day} a date d/m/yyyy near the article's date,
# {year}, {num}, {small}, {pct}, {verb}, {verb2}, {obj}, {obj2}, {quality},
# {quality2}, {group}, {central}, {partner}, {count}.
# --------------------------------------------------------------------------

TITLES = [
    "{unit} triển khai {topic} năm {year}",
    "{unit} tổ chức hội nghị tổng kết {topic} năm {prev_year}",
    "Tập huấn {topic} cho {group} {district}",
    "{District} đẩy mạnh {topic} năm {year}",
    "Nâng cao hiệu quả {topic} tại {commune}, {district}",
    "{unit} ban hành kế hoạch {topic} giai đoạn {year} - {year5}",
    "Kiểm tra {topic} tại {unit} năm {year}",
    "{District} sơ kết {small} tháng thực hiện {topic} năm {year}",
    "Hội thảo “{Topic}: thực trạng và giải pháp” tại {district}",
    "{unit} ký kết thỏa thuận hợp tác về {topic} với {partner}",
    "{Central} làm việc với {unit} về {topic}",
    "{unit} phát động cuộc thi tìm hiểu về {topic} năm {year}",
    "Triển khai {doc_short} về {topic}",
    "{Commune} ({district}) ra mắt mô hình {topic}",
    "Góp ý dự thảo quy chế {topic} của {unit}",
    "{District}: đánh giá kết quả {topic} {small} tháng đầu năm {year}",
    "{unit} hướng dẫn {topic} đối với {group}",
    "Lãnh đạo tỉnh làm việc với {partner} về {topic} tại {district}",
    "{Commune} dẫn đầu {district} về {topic} năm {year}",
]
TITLES_BY_CATEGORY = {
    "An toàn thông tin": ["{unit} cảnh báo {threat}", "Cảnh báo {threat} trong dịp {holiday} năm {year}",
                          "{unit} diễn tập ứng cứu sự cố an toàn thông tin mạng năm {year}"],
    "Khoa học - Công nghệ": ["Nghiệm thu đề tài “{research}” tại {district}",
                             "{unit} xét duyệt đề tài “{research}”",
                             "Chuyển giao kết quả đề tài “{research}” cho {commune}"],
    "Tin tức - Sự kiện": ["{unit} kỷ niệm {event} năm {year}", "{District} hưởng ứng {event} năm {year}"],
    "Chuyển đổi số": ["{District} hưởng ứng {event} năm {year}", "{Commune} ({district}) hưởng ứng {event} năm {year}"],
}
HOLIDAYS = ["Tết Nguyên đán", "nghỉ lễ 30/4 - 1/5", "nghỉ lễ Quốc khánh 2/9", "cao điểm mua sắm cuối năm",
            "mùa tuyển sinh", "kỳ nộp thuế cuối năm"]

LEADS = [
    "Ngày {day}, {unit} tổ chức hội nghị {meeting} {topic} với sự tham dự của đại diện {group}.",
    "Sáng {day}, tại {venue}, {unit} phối hợp với {unit2} tổ chức {meeting} về {topic}.",
    "Chiều {day}, đoàn công tác của {central} do {person} làm trưởng đoàn đã làm việc với tỉnh về {topic}.",
    "Thực hiện {doc}, {unit} đã ban hành văn bản hướng dẫn các cơ quan, đơn vị {verb} {topic}.",
    "Trong {small} tháng đầu năm {year}, {topic} trên địa bàn tỉnh tiếp tục có những chuyển biến {quality}.",
    "Nhằm {verb} {topic}, {district} vừa ban hành kế hoạch với nhiều nhiệm vụ, giải pháp {quality}.",
]
MEETINGS = ["sơ kết", "tổng kết", "triển khai", "tập huấn", "giao ban", "đối thoại", "trực tuyến", "chuyên đề"]
VENUES = ["Hội trường UBND tỉnh", "trụ sở {unit}", "Trung tâm Hội nghị tỉnh", "Nhà văn hóa {commune}",
          "Hội trường UBND {district}", "điểm cầu trực tuyến của tỉnh"]

SENTENCES = [
    "Tham dự có {person}; lãnh đạo {unit} cùng đại diện {count} cơ quan, đơn vị và {place}.",
    "Theo báo cáo của {unit}, đến nay toàn tỉnh đã có {num} hồ sơ được tiếp nhận và xử lý trực tuyến, đạt tỷ lệ {pct}.",
    "Phát biểu tại hội nghị, {person} đề nghị các cơ quan, đơn vị tiếp tục {verb} {obj}, {verb2} {obj2} một cách {quality}.",
    "Năm {year}, {unit} đã {verb} {count} nhiệm vụ trọng tâm về {topic}, trong đó nhiều nhiệm vụ hoàn thành trước thời hạn.",
    "Bên cạnh kết quả đạt được, {topic} vẫn còn một số hạn chế như {obj} chưa {quality}, {obj2} ở một số nơi còn thiếu.",
    "Theo {doc}, các sở, ban, ngành và UBND các huyện, thị xã, thành phố có trách nhiệm {verb} {obj} liên quan đến {topic}.",
    "Tại {place}, mô hình {topic} bước đầu mang lại kết quả {quality}, được {group} đồng tình hưởng ứng.",
    "Ông {short_person} cho biết, thời gian tới đơn vị sẽ tập trung {verb} {obj} và {verb2} {obj2} để {topic} đi vào chiều sâu.",
    "Đến hết tháng {month}/{year}, tỷ lệ {obj} được {verb} trên môi trường mạng đạt {pct}, tăng {small} điểm phần trăm so với cùng kỳ.",
    "Hội nghị đã dành nhiều thời gian thảo luận, làm rõ nguyên nhân của những tồn tại và đề xuất giải pháp {quality} cho {topic2}.",
    "Các đại biểu thống nhất cần có cơ chế phối hợp {quality} giữa {unit} với {unit2} trong {topic}.",
    "Dịp này, {unit} đã trao giấy khen cho {count} tập thể và {count2} cá nhân có thành tích xuất sắc trong {topic}.",
    "Tổng kinh phí thực hiện là {money} đồng từ nguồn ngân sách tỉnh và nguồn huy động hợp pháp khác.",
    "Kết quả khảo sát cho thấy {pct} {group} đánh giá hài lòng với {topic2}, nhất là về thời gian và chi phí.",
    "Lãnh đạo {district} cho biết, địa phương đã {verb} {obj} tại {count} xã, thị trấn và sẽ nhân rộng trong năm {next_year}.",
    "{Person} nhấn mạnh, {topic} là nhiệm vụ chính trị quan trọng, đòi hỏi sự vào cuộc {quality} của cả hệ thống chính trị.",
    "Để bảo đảm tiến độ, {unit} được giao chủ trì, phối hợp với các đơn vị liên quan {verb} {obj} trước ngày {deadline}.",
    "Qua kiểm tra, đoàn công tác ghi nhận {unit} đã {verb} {obj} {quality}, song việc {verb2} {obj2} còn chậm.",
    "Theo kế hoạch, đến năm {year5}, tỉnh phấn đấu {pct} {obj} được {verb} và {pct2} {group} sử dụng thành thạo các tiện ích số.",
    "Chương trình tập huấn gồm {small} chuyên đề, tập trung hướng dẫn {group} {verb} {obj} và xử lý các tình huống thường gặp.",
    "Đại diện {partner} cam kết hỗ trợ tỉnh về kỹ thuật, nhân lực và giải pháp để {verb} {topic2}.",
    "Trước đó, {unit2} đã {verb} {obj} tại {place} và ghi nhận nhiều ý kiến góp ý {quality} của {group}.",
    "Ngay sau hội nghị, các đơn vị cần xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
    "Đây là hoạt động thiết thực nhằm {verb} nhận thức của {group} về {topic}, góp phần thực hiện thắng lợi nhiệm vụ năm {year}.",
    "Với {count} điểm cầu kết nối từ tỉnh đến cấp xã, hội nghị đã thu hút hơn {num} lượt người theo dõi.",
    "Đồng thời, các cơ quan, đơn vị cần {verb} việc công khai, minh bạch thông tin để người dân dễ dàng tra cứu, giám sát.",
    "Sở Thông tin và Truyền thông sẽ tiếp tục hướng dẫn, đôn đốc và tổng hợp báo cáo UBND tỉnh trước ngày {deadline}.",
    "Theo thống kê, trong năm {year} hệ thống đã ghi nhận và xử lý {count} sự kiện bất thường, không để xảy ra sự cố nghiêm trọng.",
    "Nhiều ý kiến cho rằng, cần ưu tiên bố trí {obj} cho cấp xã, nơi trực tiếp giải quyết công việc của người dân.",
    "{Place} hiện có {num} hộ dân được hỗ trợ cài đặt, sử dụng ứng dụng, chiếm {pct} tổng số hộ trên địa bàn.",
    "Kết thúc hội nghị, {person} đã ký ban hành kết luận, giao nhiệm vụ cụ thể cho từng cơ quan, đơn vị.",
    "Việc {verb} {topic2} không chỉ giúp tiết kiệm thời gian, chi phí mà còn góp phần {verb2} {obj} {quality} hơn.",
]
# Security articles carry advice; science articles carry council decisions.
SENTENCES_BY_CATEGORY = {
    "An toàn thông tin": [
        "Người dùng không nên truy cập đường dẫn lạ, không cung cấp mật khẩu hay mã xác thực cho bất kỳ ai.",
        "Các cơ quan, đơn vị cần kiểm tra, cập nhật bản vá cho phần mềm, thiết bị và sao lưu dữ liệu định kỳ.",
        "Khi phát hiện dấu hiệu bất thường, đề nghị thông báo ngay cho {unit} qua đường dây nóng {phone}.",
        "Theo {central}, trong {small} tháng qua đã có {num} cuộc tấn công mạng gây ra sự cố vào các hệ thống thông tin tại Việt Nam.",
    ],
    "Khoa học - Công nghệ": [
        "Hội đồng đánh giá đề tài đạt loại {rank}, đề nghị đơn vị chủ trì hoàn thiện báo cáo và chuyển giao kết quả cho địa phương.",
        "Đề tài được thực hiện trong {small} năm với tổng kinh phí {money} đồng, do {unit} chủ trì.",
        "Kết quả nghiên cứu có thể nhân rộng tại {district} và các địa phương có điều kiện tương tự.",
    ],
}
RANKS = ["xuất sắc", "khá", "đạt"]

SUMMARY_TAILS = [
    "Hội nghị cũng đề ra nhiều giải pháp {quality} cho thời gian tới.",
    "Đây là bước đi quan trọng nhằm {verb} {topic2} trên địa bàn tỉnh.",
    "Kết quả này góp phần {verb} chất lượng phục vụ {group}.",
    "Các đơn vị được yêu cầu {verb} {obj} bảo đảm tiến độ đề ra.",
]

IMAGE_ALTS = [
    ("Quang cảnh hội nghị, đại biểu ngồi theo dãy bàn trước màn hình trình chiếu",
     "Quang cảnh hội nghị {meeting} về {topic}"),
    ("Cán bộ hướng dẫn người dân thao tác trên điện thoại tại quầy tiếp nhận hồ sơ",
     "Cán bộ hướng dẫn người dân tại {place}"),
    ("Lãnh đạo tỉnh phát biểu tại bục, phía sau là phông nền hội nghị",
     "{Person} phát biểu chỉ đạo"),
    ("Các đại biểu ký kết văn bản thỏa thuận hợp tác trên bàn phủ khăn đỏ",
     "Lễ ký kết thỏa thuận hợp tác về {topic}"),
    ("Học viên thực hành trên máy tính trong phòng tập huấn",
     "Học viên thực hành tại lớp tập huấn về {topic}"),
    ("Biểu đồ cột thể hiện tỷ lệ hồ sơ trực tuyến tăng qua các năm",
     "Tỷ lệ hồ sơ trực tuyến qua các năm (nguồn: {unit})"),
    ("Đoàn công tác kiểm tra phòng máy chủ của trung tâm dữ liệu",
     "Đoàn công tác kiểm tra hạ tầng tại {unit}"),
    ("Người dân quét mã QR để thanh toán tại một gian hàng ở chợ",
     "Thanh toán không dùng tiền mặt tại {place}"),
]
N_IMAGES = len(IMAGE_ALTS)


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------

START = date(2009, 1, 5)
END = date(2026, 11, 20)
MIN_WORDS, MAX_WORDS = 250, 600
MENU_PAGES = {  # pages PORTAL_MENU needs; written as stubs only if the real content/pages lacks them
    "gioi-thieu": ("Giới thiệu", ""),
    "lien-he": ("Liên hệ", ""),
    "so-do-cong": ("Sơ đồ cổng", "sitemap"),
}
_SLOT = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> tuple[tuple[str, str, bool], ...]:
    """Split a template into (literal, slot, capitalise) parts once, for fast filling."""
    parts = []
    position = 0
    for match in _SLOT.finditer(template):
        slot = match.group(1)
        parts.append((template[position:match.start()], slot.lower(), slot[0].isupper()))
        position = match.end()
    parts.append((template[position:], "", False))
    return tuple(parts)


def _compile_all(templates):
    return [_compile(template) for template in templates]


_TITLES = {name: _compile_all(TITLES + TITLES_BY_CATEGORY.get(name, []) * 3) for name, _ in CATEGORIES}
_SENTENCES = {name: _compile_all(SENTENCES + SENTENCES_BY_CATEGORY.get(name, [])) for name, _ in CATEGORIES}
_LEADS = _compile_all(LEADS)
_TAILS = _compile_all(SUMMARY_TAILS)
_VENUES = _compile_all(VENUES)
_CAPTIONS = _compile_all(caption for _, caption in IMAGE_ALTS)


_FOLDED_WORDS: dict[str, str] = {}
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_BARE_DROP = re.compile(r"[^\w\s-]")
_BARE_JOIN = re.compile(r"[-\s]+")


def _fold_lower(title: str) -> str:
    """fold(title).lower(), word by word through a cache (titles reuse a small vocabulary)."""
    out = []
    for word in title.split(" "):
        folded = _FOLDED_WORDS.get(word)
        if folded is None:
            folded = _FOLDED_WORDS[word] = fold(word).lower()
        out.append(folded)
    return " ".join(out)


def _slug_keys(title: str) -> tuple[str, str]:
    """(our slug, roughly bare Pelican's slug) of a title, without slugify's per-character cost.

    Same steps as vietnamese.text.slugify, including the cut at a hyphen past
    SLUG_MAX_LENGTH characters (tests check that the two agree).
    """
    folded = _fold_lower(title)
    ours = _NON_SLUG.sub("-", folded).strip("-")
    if len(ours) > SLUG_MAX_LENGTH:
        cut = ours.rfind("-", 0, SLUG_MAX_LENGTH + 1)
        ours = ours[: cut if cut > 0 else SLUG_MAX_LENGTH].strip("-")
    bare = _BARE_JOIN.sub("-", _BARE_DROP.sub("", folded).strip())
    return ours, bare


def _vn_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _d(moment: date) -> str:
    return f"{moment.day}/{moment.month}/{moment.year}"


class _Writer:
    """Fills templates for one article; every value is drawn from the shared generator."""

    def __init__(self, rng: random.Random, category: str, when: datetime) -> None:
        self.random = rng.random
        self.category = category
        self.when = when
        self.day0 = when.date()
        self.year = when.year
        self.topic = self.pick(TOPICS[category])
        self.unit = self.pick(AGENCIES)
        self.district = self.pick(DISTRICTS)

    def pick(self, sequence):
        return sequence[int(self.random() * len(sequence))]

    def number(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def name(self) -> tuple[str, str]:
        if self.random() < 0.75:
            return "ông", f"{self.pick(FAMILY)} {self.pick(MIDDLE_MEN)} {self.pick(GIVEN_MEN)}"
        return "bà", f"{self.pick(FAMILY)} {self.pick(MIDDLE_WOMEN)} {self.pick(GIVEN_WOMEN)}"

    def person(self) -> str:
        title, name = self.name()
        position = self.pick(POSITIONS).replace("{district}", self.district).replace("{commune}", self.pick(COMMUNES))
        return f"{title} {name}, {position}"

    def other_unit(self) -> str:
        unit = self.pick(AGENCIES)
        return unit if unit != self.unit else AGENCIES[(AGENCIES.index(unit) + 1) % len(AGENCIES)]

    def doc(self) -> str:
        kind, symbol, issuer = self.pick(DOCUMENTS)
        issued = self.day0 - timedelta(days=self.number(10, 400))
        return f"{kind} số {self.number(12, 3890)}/{symbol} ngày {_d(issued)} của {issuer}"

    def doc_short(self) -> str:
        kind, symbol, _ = self.pick(DOCUMENTS)
        return f"{kind} số {self.number(12, 3890)}/{symbol}"

    def money(self) -> str:
        if self.random() < 0.6:
            return f"{self.number(1, 48)},{self.number(1, 9)} tỷ"
        return f"{self.number(150, 950)} triệu"

    def fill(self, parts) -> str:
        out = []
        for literal, slot, capital in parts:
            out.append(literal)
            if slot:
                text = _SLOTS[slot](self)
                out.append(text[0].upper() + text[1:] if capital else text)
        return "".join(out)


_SLOTS = {
    "unit": lambda w: w.unit,
    "unit2": _Writer.other_unit,
    "topic": lambda w: w.topic,
    "topic2": lambda w: w.pick(TOPICS[w.category]),
    "district": lambda w: w.district,
    "commune": lambda w: w.pick(COMMUNES),
    "place": lambda w: w.pick(COMMUNES) if w.random() < 0.5 else w.district,
    "person": _Writer.person,
    "short_person": lambda w: w.name()[1],
    "doc": _Writer.doc,
    "doc_short": _Writer.doc_short,
    "day": lambda w: _d(w.day0 - timedelta(days=w.number(0, 3))),
    "deadline": lambda w: _d(w.day0 + timedelta(days=w.number(10, 120))),
    "month": lambda w: str(w.number(1, w.when.month)),
    "year": lambda w: str(w.year),
    "prev_year": lambda w: str(w.year - 1),
    "next_year": lambda w: str(w.year + 1),
    "year5": lambda w: str(w.year + 5),
    "num": lambda w: _vn_number(w.number(120, 98000)),
    "money": _Writer.money,
    "count": lambda w: str(w.number(3, 140)),
    "count2": lambda w: str(w.number(3, 140)),
    "small": lambda w: str(w.number(2, 9)),
    "pct": lambda w: f"{w.number(35, 99)},{w.number(0, 9)}%",
    "pct2": lambda w: f"{w.number(35, 99)},{w.number(0, 9)}%",
    "verb": lambda w: w.pick(VERBS),
    "verb2": lambda w: w.pick(VERBS),
    "obj": lambda w: w.pick(OBJECTS),
    "obj2": lambda w: w.pick(OBJECTS),
    "quality": lambda w: w.pick(QUALITIES),
    "group": lambda w: w.pick(GROUPS),
    "central": lambda w: w.pick(CENTRAL),
    "partner": lambda w: w.pick(PARTNERS),
    "meeting": lambda w: w.pick(MEETINGS),
    "venue": lambda w: w.fill(w.pick(_VENUES)),
    "threat": lambda w: w.pick(THREATS),
    "research": lambda w: w.pick(RESEARCH),
    "event": lambda w: w.pick(EVENTS),
    "holiday": lambda w: w.pick(HOLIDAYS),
    "rank": lambda w: w.pick(RANKS),
    "phone": lambda w: f"0233 3 {w.number(500, 899)} {w.number(100, 999)}",
}


def _body(writer: _Writer, image: str | None) -> tuple[str, int]:
    """Markdown body and its word count: 4–9 paragraphs of 250–600 words in all,
    sometimes a subheading, and the image paragraph if any."""
    target = writer.number(MIN_WORDS, MAX_WORDS)
    n_paragraphs = writer.number(4, 9)
    pool = _SENTENCES[writer.category]
    used: set[int] = set()

    def sentence() -> tuple[str, int]:
        index = int(writer.random() * len(pool))
        while index in used and len(used) < len(pool):  # no sentence template twice in an article
            index = (index + 1) % len(pool)
        used.add(index)
        text = writer.fill(pool[index])
        return text[0].upper() + text[1:], text.count(" ") + 1

    paragraphs: list[list[tuple[str, int]]] = []
    total = 0
    for index in range(n_paragraphs):
        budget = (target - total) / (n_paragraphs - index)
        current: list[tuple[str, int]] = []
        length = 0
        if index == 0:
            lead = writer.fill(writer.pick(_LEADS))
            current.append((lead, lead.count(" ") + 1))
            length = current[0][1]
        while length < budget - 10 or not current:
            item = sentence()
            current.append(item)
            length += item[1]
        paragraphs.append(current)
        total += length
    while total > MAX_WORDS:  # drop the last sentence of the longest paragraph
        longest = max((p for p in paragraphs if len(p) > 1), key=lambda p: sum(n for _, n in p))
        total -= longest.pop()[1]
    while total < MIN_WORDS:
        item = sentence()
        paragraphs[-1].append(item)
        total += item[1]
    blocks = [" ".join(text for text, _ in paragraph) for paragraph in paragraphs]
    if n_paragraphs >= 5 and writer.random() < 0.3:
        heading = writer.pick(HEADINGS).replace("{year2}", str(writer.year + writer.pick((2, 3, 5))))
        blocks.insert(writer.number(2, n_paragraphs - 2), f"## {heading}")
    if image is not None:
        blocks.insert(writer.number(1, 2), image)
    return "\n\n".join(blocks) + "\n", total


def _summary(writer: _Writer) -> str:
    """A 30–50 word lead (sapo) of whole sentences; cut with "…" only when the opening sentence is too long."""
    words = writer.fill(writer.pick(_LEADS)).split()
    for _ in range(8):
        if len(words) >= 30:
            break
        tail = writer.fill(writer.pick(_TAILS)).split()
        if len(words) + len(tail) <= 50:
            words += tail
    if len(words) > 50 or len(words) < 30:
        while len(words) < 30:
            words += writer.fill(writer.pick(_TAILS)).split()
        words = words[:50]
        words[-1] = words[-1].rstrip(",;:.") + "…"
    return " ".join(words)


def _dates(rng: random.Random, n: int) -> list[datetime]:
    """n working-hour moments (Monday–Friday, 07:30–17:00) from 2009 to 2026, more in later years, sorted."""
    years = list(range(START.year, END.year + 1))
    weights = [1 + 0.15 * (year - START.year) for year in years]
    moments = []
    for year in rng.choices(years, weights=weights, k=n):
        first = max(date(year, 1, 1), START)
        last = min(date(year, 12, 31), END)
        day = first + timedelta(days=int(rng.random() * ((last - first).days + 1)))
        if day.weekday() == 5:
            day -= timedelta(days=1)
        elif day.weekday() == 6:
            day += timedelta(days=1) if day + timedelta(days=1) <= END else timedelta(days=-2)
        minutes = 7 * 60 + 30 + int(rng.random() * (9 * 60 + 31))
        moments.append(datetime(day.year, day.month, day.day, minutes // 60, minutes % 60))
    moments.sort()
    return moments


def _tags(writer: _Writer) -> list[str]:
    count = writer.number(2, 4)
    own = TAGS[writer.category]
    others = sorted(TAGS)
    chosen: list[str] = []
    while len(chosen) < count:
        draw = writer.random()
        pool = own if draw < 0.7 else (GENERAL_TAGS if draw < 0.88 else TAGS[writer.pick(others)])
        tag = writer.pick(pool)
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def _title(writer: _Writer, seen: set[str]) -> str:
    """A title whose slug (ours, and bare Pelican's) no earlier article has.

    Up to eight titles are drawn, keeping the first whose slugs are free (ours
    is cut at 80 characters, so long titles that share their start collide);
    failing that, the last one gets " (kỳ K)", shortened so that the suffix
    stays inside the slug.
    """
    templates = _TITLES[writer.category]
    for _ in range(8):
        title = writer.fill(writer.pick(templates))
        ours, bare = _slug_keys(title)
        if ours not in seen and bare not in seen:
            seen.update((ours, bare))
            return title
    number = 2
    while True:
        suffix = f" (kỳ {number})"
        base = title
        while not _slug_keys(base + suffix)[0].endswith(f"ky-{number}") and " " in base:
            base = base.rsplit(" ", 1)[0].rstrip(",:;–-")
        candidate = base + suffix
        ours, bare = _slug_keys(candidate)
        if ours not in seen and bare not in seen:
            seen.update((ours, bare))
            return candidate
        number += 1


def _svg(index: int) -> str:
    hue = (index * 47) % 360
    bars = "".join(
        f'<rect x="{60 + k * 90}" y="{300 - (index * 37 + k * 53) % 180}" width="60" '
        f'height="{(index * 37 + k * 53) % 180 + 40}" fill="hsl({hue},45%,{35 + k * 6}%)"/>'
        for k in range(7)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450" width="800" height="450">'
        f'<rect width="800" height="450" fill="hsl({hue},35%,92%)"/>'
        f'<circle cx="{620 + index * 11}" cy="{110 + index * 7}" r="{50 + index * 4}" '
        f'fill="hsl({(hue + 180) % 360},50%,70%)"/>'
        f"{bars}"
        f'<rect x="0" y="400" width="800" height="50" fill="hsl({hue},40%,30%)"/>'
        "</svg>\n"
    )


def _page_slug(path: Path) -> str:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields.get("slug") or slugify(fields.get("title", ""))


_LINKED_FILE = re.compile(r"\{(?:static|filename)\}/?([^\s)\"'#?]+)")


def _copy_real_content(root: Path, source: Path) -> tuple[int, list[str]]:
    """Copy source/pages, source/extra and the files pages link with {static}; write
    stubs for menu pages the real tree lacks.

    Returns the number of pages and the slugs of the stubs written.
    """
    for folder in ("pages", "extra"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, root / folder, dirs_exist_ok=True)
    # The departments data file: the sidebar, the unit pages and the mention matching are part of the build.
    for data_file in sorted(source.glob("*.toml")):
        shutil.copyfile(data_file, root / data_file.name)
    pages_dir = root / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for page in sorted(pages_dir.rglob("*.md")):  # images the pages show, e.g. the organisation chart
        for linked in _LINKED_FILE.findall(page.read_text(encoding="utf-8")):
            origin, target = source / linked, root / linked
            if origin.suffix != ".md" and origin.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(origin, target)
    present = {_page_slug(page) for page in sorted(pages_dir.rglob("*.md"))}
    stubs = []
    for slug, (title, template) in MENU_PAGES.items():
        if slug not in present:
            extra = f"Template: {template}\n" if template else ""
            (pages_dir / f"{slug}.md").write_text(
                f"Title: {title}\nSlug: {slug}\n{extra}\nTrang {title.lower()} (bản tạm để đo hiệu năng).\n",
                encoding="utf-8")
            stubs.append(slug)
    favicon = root / "extra" / "favicon.svg"
    if not favicon.exists():
        favicon.parent.mkdir(parents=True, exist_ok=True)
        favicon.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
                           '<rect width="16" height="16" fill="#9b1c1c"/></svg>\n', encoding="utf-8")
    return sum(1 for _ in pages_dir.rglob("*.md")), stubs


def generate(root: Path, n: int, seed: int = DEFAULT_SEED, real_content: Path | None = None) -> dict:
    """Write n synthetic articles (plus images, pages, extra) under `root`; return counts.

    Returns {"articles", "images", "words", "pages", "stub_pages", "image_files", "manifest"}:
    `images` counts articles showing an image, `words` the body words of all
    articles; `manifest` lists, per article in date order, its path relative
    to `root`, title, our slug, date ("YYYY-MM-DD HH:MM"), body words and
    whether it shows an image. `real_content` (default: the project's
    content/) is where pages/ and extra/ are copied from.
    """
    root = Path(root)
    rng = random.Random(seed)
    names, weights = zip(*CATEGORIES)
    cumulative = []
    running = 0
    for weight in weights:
        running += weight
        cumulative.append(running)
    image_dir = root / "images" / "synthetic"
    image_dir.mkdir(parents=True, exist_ok=True)
    for index in range(1, N_IMAGES + 1):
        (image_dir / f"img-{index}.svg").write_text(_svg(index), encoding="utf-8")

    seen: set[str] = set()
    made_dirs: set[Path] = set()
    manifest = []
    total_words = images = 0
    for when in _dates(rng, n):
        draw = rng.random() * running
        category = names[next(i for i, edge in enumerate(cumulative) if draw < edge)]
        writer = _Writer(rng, category, when)
        title = _title(writer, seen)
        summary = _summary(writer)
        image = None
        if writer.random() < 0.10:
            number = writer.number(1, N_IMAGES)
            caption = writer.fill(_CAPTIONS[number - 1])
            image = f'![{IMAGE_ALTS[number - 1][0]}]({{static}}/images/synthetic/img-{number}.svg "{caption}")'
            images += 1
        body, words = _body(writer, image)
        total_words += words
        header = [
            f"Title: {title}",
            f"Date: {when:%Y-%m-%d %H:%M}",
            f"Category: {category}",
            f"Tags: {', '.join(_tags(writer))}",
            f"Summary: {summary}",
            f"Author: {writer.pick(BYLINES)}",
        ]
        if writer.random() < 0.85:
            header.append(f"Source: {writer.pick(SOURCES)}")
        text = unicodedata.normalize("NFC", "\n".join(header) + "\n\n" + body)
        slug = _slug_keys(title)[0]
        folder = root / "articles" / f"{when:%Y}"
        if folder not in made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        path = folder / f"{slug}.md"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        manifest.append({"path": path.relative_to(root).as_posix(), "title": title, "slug": slug,
                         "date": f"{when:%Y-%m-%d %H:%M}", "words": words, "image": image is not None})
    pages, stubs = _copy_real_content(root, Path(real_content) if real_content else PROJECT_ROOT / "content")
    return {"articles": n, "images": images, "words": total_words, "pages": pages, "stub_pages": stubs,
            "image_files": N_IMAGES, "manifest": manifest}
