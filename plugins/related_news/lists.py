"""The category lists shown under an article, as portals show them.

"Các tin khác": the latest other articles of the same category, newest first.
"Tin đã đưa": the articles of the category published just before this one
(not repeating those already in "Các tin khác"), so that an archived article
also leads to its own time. Plain functions on sequences sorted newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

Item = TypeVar("Item")


def category_lists(
    items: Sequence[Item],
    category_of: Callable[[Item], Hashable],
    other_max: int = 10,
    earlier_max: int = 10,
) -> dict[int, tuple[list[Item], list[Item]]]:
    """Map id(item) → ("Các tin khác", "Tin đã đưa") for every item.

    `items` must be sorted newest first. Linear in the number of items times
    the list sizes: each category's head is computed once.
    """
    by_category: dict[Hashable, list[Item]] = {}
    for item in items:
        by_category.setdefault(category_of(item), []).append(item)
    result: dict[int, tuple[list[Item], list[Item]]] = {}
    for members in by_category.values():
        head = members[: other_max + 1]
        for position, item in enumerate(members):
            latest = [other for other in head if other is not item][:other_max]
            shown = {id(other) for other in latest}
            earlier = []
            for other in members[position + 1:]:
                if len(earlier) == earlier_max:
                    break
                if id(other) not in shown:
                    earlier.append(other)
            result[id(item)] = (latest, earlier)
    return result
