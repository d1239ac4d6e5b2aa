from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from portal import render_once


def environment(calls):
    def count(value):
        calls.append(value)
        return value

    env = Environment(autoescape=True, loader=DictLoader({
        "item.html": "<li>{% if image %}[img]{% endif %}{{ item.title|count }}</li>",
        "page.html": "{% for a in items %}{{ a|render_once('item.html', image=flag) }}{% endfor %}",
    }))
    env.filters["count"] = count
    env.filters["render_once"] = render_once.render_once
    return env


def test_an_item_is_rendered_once_and_escaped():
    render_once.forget()
    calls = []
    env = environment(calls)
    item = SimpleNamespace(title="Sở TT&TT <b>")
    page = env.get_template("page.html")
    first = page.render(items=[item, item], flag=True)
    second = page.render(items=[item], flag=True)
    assert first == "<li>[img]Sở TT&amp;TT &lt;b&gt;</li>" * 2
    assert second == "<li>[img]Sở TT&amp;TT &lt;b&gt;</li>"
    assert len(calls) == 1
    assert page.render(items=[item], flag=False) == "<li>Sở TT&amp;TT &lt;b&gt;</li>"  # another variant
    render_once.forget()
    page.render(items=[item], flag=True)
    assert len(calls) == 3


def test_a_site_part_is_rendered_once_per_variant_with_site_wide_values():
    render_once.forget()
    calls = []
    env = Environment(autoescape=True, loader=DictLoader({
        "nav.html": "<nav>{{ SITENAME|count }}{% if nav_key == 'home' %} [home]{% endif %}</nav>",
        "page.html": "{{ 'nav.html'|site_part(nav_key=key) }}|{{ title }}",
    }))
    env.filters["count"] = lambda value: calls.append(value) or value
    env.filters["site_part"] = render_once.render_site_part
    page = env.get_template("page.html")
    assert page.render(SITENAME="Cổng <TT>", key="home", title="A") == "<nav>Cổng &lt;TT&gt; [home]</nav>|A"
    assert page.render(SITENAME="Cổng <TT>", key="home", title="B") == "<nav>Cổng &lt;TT&gt; [home]</nav>|B"
    assert page.render(SITENAME="Cổng <TT>", key="tin", title="C") == "<nav>Cổng &lt;TT&gt;</nav>|C"
    assert len(calls) == 2  # one render per variant, not per page
