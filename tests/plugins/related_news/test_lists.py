from types import SimpleNamespace

import pytest

from related_news.lists import category_lists


def items(spec):
    """Articles newest first from 'name:category' strings."""
    return [SimpleNamespace(name=name, category=category) for name, category in (s.split(":") for s in spec)]


def names(seq):
    return [item.name for item in seq]


def test_other_news_are_the_latest_of_the_category_without_the_article_itself():
    articles = items(["a6:x", "b1:y", "a5:x", "a4:x", "a3:x", "a2:x", "a1:x"])
    result = category_lists(articles, lambda a: a.category, other_max=3, earlier_max=2)
    latest, earlier = result[id(articles[0])]  # the newest article
    assert names(latest) == ["a5", "a4", "a3"]
    assert names(earlier) == ["a2", "a1"]  # "Tin đã đưa" does not repeat "Các tin khác"


def test_an_archived_article_leads_to_its_own_time():
    articles = items([f"a{n}:x" for n in range(20, 0, -1)])
    latest, earlier = category_lists(articles, lambda a: a.category, other_max=3, earlier_max=3)[id(articles[15])]
    assert names(latest) == ["a20", "a19", "a18"]
    assert names(earlier) == ["a4", "a3", "a2"]


def test_categories_do_not_mix_and_the_oldest_has_no_earlier_news():
    articles = items(["a2:x", "b2:y", "a1:x", "b1:y"])
    result = category_lists(articles, lambda a: a.category)
    assert names(result[id(articles[1])][0]) == ["b1"]
    assert result[id(articles[2])] == ([articles[0]], [])


@pytest.mark.parametrize("count", [0, 1])
def test_tiny_categories(count):
    articles = items([f"a{n}:x" for n in range(count)])
    result = category_lists(articles, lambda a: a.category)
    assert all(latest == [] and earlier == [] for latest, earlier in result.values())
