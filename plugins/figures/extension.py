"""A Python-Markdown extension: a paragraph holding only an image becomes a figure.

    ![Alt text for blind readers](/images/x.svg "Caption shown under the image")

becomes

    <figure class="figure"><img src="/images/x.svg" alt="Alt text…" loading="lazy">
    <figcaption>Caption shown under the image</figcaption></figure>

Only the first photo, when it opens the body (within its first two blocks),
is loaded at once with `fetchpriority="high"`: it is in the first screen.
Every other photo is `loading="lazy"`.

The title attribute is moved into the caption rather than kept, because a
tooltip repeating the caption is noise for screen-reader users.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


# A photo among the first blocks of the body sits under the headline, in the first screen.
ABOVE_THE_FOLD_BLOCKS = 2


def _is_lone_image(paragraph: etree.Element) -> bool:
    children = list(paragraph)
    return (
        len(children) == 1
        and children[0].tag == "img"
        and not (paragraph.text or "").strip()
        and not (children[0].tail or "").strip()
    )


class FigureTreeprocessor(Treeprocessor):
    """Rewrite lone-image paragraphs into figures, in place."""

    def run(self, root: etree.Element) -> None:
        top_blocks = list(root)
        for paragraph in root.iter("p"):
            if not _is_lone_image(paragraph):
                continue
            image = paragraph[0]
            caption = image.attrib.pop("title", "").strip()
            if paragraph in top_blocks[:ABOVE_THE_FOLD_BLOCKS] and not any(
                    block.get("class") == "figure" for block in top_blocks[:top_blocks.index(paragraph)]):
                # The photo right under the headline is what readers see first: load it at once.
                image.set("fetchpriority", "high")
            else:
                image.set("loading", "lazy")  # below the fold: fetched only as the reader scrolls
            image.tail = None
            paragraph.tag = "figure"
            paragraph.text = None
            paragraph.set("class", "figure")
            if caption:
                figcaption = etree.SubElement(paragraph, "figcaption")
                figcaption.text = caption


class FigureExtension(Extension):
    """Register the figure treeprocessor after inline images are parsed."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(FigureTreeprocessor(md), "portal_figures", 5)
