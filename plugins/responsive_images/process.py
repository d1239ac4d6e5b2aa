"""Resize article photos for the widths the theme shows, as WebP and JPEG, without their metadata.

Plain functions on files: `make_variants` writes (once: the file names carry a
hash of the source and the settings) a WebP and a JPEG per width into a cache
folder, after turning the photo upright (EXIF orientation) and dropping every
metadata block (EXIF with GPS, XMP, ICC comments). `picture_html` gives the
markup that lets the browser pick a size and a format.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200)    # the article column is at most 44rem (≈ 800 CSS px); 1200 for dense screens
RASTER = (".jpg", ".jpeg", ".png", ".webp")
JPEG_QUALITY = 78
WEBP_QUALITY = 74


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp: str   # file name in the cache folder
    jpeg: str


def make_variants(source: Path, cache: Path, widths=WIDTHS) -> list[Variant]:
    """The variants of `source` (made only if not cached yet), narrowest first; none wider than the original."""
    raw = Path(source).read_bytes()
    digest = hashlib.blake2b(raw + repr((widths, JPEG_QUALITY, WEBP_QUALITY)).encode(), digest_size=6).hexdigest()
    stem = Path(source).stem
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if has_alpha else "RGB")
    original_width, original_height = image.size
    chosen = [w for w in widths if w < original_width] + [min(original_width, max(widths))]
    variants = []
    for width in sorted(set(chosen)):
        height = round(original_height * width / original_width)
        webp, jpeg = f"{stem}-{digest}-{width}.webp", f"{stem}-{digest}-{width}.jpg"
        if not (cache / webp).exists() or not (cache / jpeg).exists():
            resized = image.resize((width, height), Image.LANCZOS) if width != original_width else image.copy()
            # new files carry no EXIF, XMP or comment: nothing of the camera or the place is published
            resized.save(cache / webp, "WEBP", quality=WEBP_QUALITY, method=6)
            flat = resized if resized.mode == "RGB" else _on_white(resized)
            flat.save(cache / jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        variants.append(Variant(width, height, webp, jpeg))
    return variants


def _on_white(image: Image.Image) -> Image.Image:
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def picture_html(variants: list[Variant], url_prefix: str, alt: str, extra: str = "",
                 sizes: str = "(min-width: 62em) 44rem, 100vw") -> str:
    """<picture> with a WebP source set and a JPEG <img> fallback carrying width and height."""
    def srcset(kind: str) -> str:
        return ", ".join(f"{url_prefix}{getattr(v, kind)} {v.width}w" for v in variants)

    largest = variants[-1]
    middle = variants[min(1, len(variants) - 1)]
    return (f'<picture><source type="image/webp" srcset="{srcset("webp")}" sizes="{sizes}">'
            f'<img src="{url_prefix}{middle.jpeg}" srcset="{srcset("jpeg")}" sizes="{sizes}" '
            f'width="{largest.width}" height="{largest.height}" alt="{escape(alt)}"{extra}></picture>')
