"""A phone photo becomes light, upright, metadata-free variants; an article shows them in a <picture>."""

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from responsive_images.process import make_variants, picture_html
from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[3]


def phone_photo(path: Path) -> None:
    """A 4000×3000 JPEG like a phone's: a scene with detail and grain, EXIF with GPS and a rotation flag."""
    rng = random.Random(7)
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y = rng.randrange(4000), rng.randrange(3000)
        size = rng.randrange(20, 400)
        draw.ellipse((x, y, x + size, y + size // 2), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise((4000, 3000), 18).convert("RGB")
    image = Image.blend(image, grain, 0.08)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x8825] = {1: "N", 2: (16.0, 49.0, 12.0), 3: "E", 4: (107.0, 5.0, 30.0)}  # GPS: somewhere in Quảng Trị
    image.save(path, "JPEG", quality=92, exif=exif)


def test_a_phone_photo_becomes_small_upright_variants_without_gps(tmp_path):
    photo = tmp_path / "hoi-nghi.jpg"
    phone_photo(photo)
    variants = make_variants(photo, tmp_path / "cache")
    assert [v.width for v in variants] == [480, 800, 1200]
    widest = variants[-1]
    assert (widest.width, widest.height) == (1200, 1600)  # turned upright by its EXIF orientation
    for name in (widest.jpeg, widest.webp):
        data = (tmp_path / "cache" / name).read_bytes()
        assert len(data) <= 150_000, (name, len(data))
        with Image.open(tmp_path / "cache" / name) as made:
            assert not made.getexif() and "exif" not in made.info and "xmp" not in made.info
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}
    assert make_variants(photo, tmp_path / "cache") == variants  # cached: nothing is made twice
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == before


def test_picture_markup_has_sources_sizes_and_dimensions(tmp_path):
    photo = tmp_path / "nho.png"
    Image.new("RGB", (640, 480), "red").save(photo)
    variants = make_variants(photo, tmp_path / "cache")
    assert [v.width for v in variants] == [480, 640]  # never wider than the original
    html = picture_html(variants, "/anh/", 'Ảnh "đỏ"', ' loading="lazy"')
    assert html.startswith('<picture><source type="image/webp" srcset="/anh/nho-')
    assert ' 480w, /anh/nho-' in html and 'width="640" height="480"' in html and 'alt="Ảnh &quot;đỏ&quot;"' in html


def test_an_article_photo_is_served_as_a_picture(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "images").mkdir()
    phone_photo(content / "images" / "hoi-nghi.jpg")
    (content / "articles" / "anh.md").write_text(
        "Title: Hội nghị có ảnh\nDate: 2026-11-20 08:00\nCategory: Tin tức\n\n"
        "![Toàn cảnh hội nghị]({static}/images/hoi-nghi.jpg \"Toàn cảnh hội nghị\")\n", encoding="utf-8")
    output = tmp_path / "output"
    result = build_site(ROOT / "pelicanconf.py", output, {
        "PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": ["images"],
        "SEARCH_INDEX_PATH": str(tmp_path / "search-index"), "RESPONSIVE_IMAGES_CACHE": str(tmp_path / "anh")})
    assert result.ok, report(result)
    html = next((output / "tin").rglob("index.html")).read_text(encoding="utf-8")
    assert '<figure class="figure"><picture><source type="image/webp"' in html
    assert 'width="1200" height="1600"' in html and 'fetchpriority="high"' in html and "<figcaption>" in html
    served = sorted(p.name for p in (output / "anh").iterdir())
    assert len(served) == 6 and all(name.startswith("hoi-nghi-") for name in served)
