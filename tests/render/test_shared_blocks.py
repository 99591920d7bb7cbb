"""The rule that lets pages share a rendered block: what a shared block gives each page must be what rendering
the block for that page gives, whatever order the pages come in."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from jinja2 import DictLoader, Environment, pass_context  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from dienhinh.render.shared_blocks import SharedBlocks  # noqa: E402

FOOTER = ('{% block footer %}<a href="{{ \'\' | url }}">Trang chủ</a><a href="{{ \'du-lieu/\' | url }}">Dữ liệu</a>'
          '<a href="{{ \'nguon-tin/\' | url }}">Nguồn tin</a><a href="mailto:a@b.example">Thư</a>{% endblock %}')


@dataclass
class Page:
    url: str
    toc: list = field(default_factory=list)
    previous_page: object = None
    next_page: object = None
    meta: dict = field(default_factory=dict)


@dataclass
class Nav:
    items: list = field(default_factory=list)


def environment(base: str) -> Environment:
    env = Environment(loader=DictLoader({"base.html": base, "main.html": (
        '{% extends "base.html" %}{% block footer %}{{ shared("footer", page, super) }}{% endblock %}')}))

    @pass_context
    def url(context, path):
        return get_relative_url(path, context["page"].url)

    env.filters["url"] = url
    return env


def rendered(env: Environment, pages: list[Page], shared: SharedBlocks | None) -> list[str]:
    template = env.get_template("main.html" if shared else "base.html")
    return [template.render(page=page, shared=shared) for page in pages]


def test_pages_in_any_order_get_what_their_own_rendering_gives():
    env = environment(FOOTER)
    pages = [Page("tim-kiem/"), Page("du-lieu/"), Page("mo-hinh/a/"), Page("nguon-tin/"), Page("mo-hinh/b/"),
             Page("thong-ke/"), Page(""), Page("mo-hinh/trang/2/"), Page("ca-nhan/c/")]
    for order in (pages, pages[::-1], pages[1:] + pages[:1]):
        shared = SharedBlocks(env, Nav())
        assert rendered(env, order, shared) == rendered(env, order, None)
        assert shared.rendered  # some pages did share


def test_a_block_reading_more_of_the_page_is_not_shared():
    env = environment('{% block footer %}<a href="{{ \'\' | url }}">{{ page.url }}</a>{% endblock %}')
    pages = [Page("mo-hinh/a/"), Page("mo-hinh/b/")]
    shared = SharedBlocks(env, Nav())
    assert shared.shared == set()
    assert rendered(env, pages, shared) == rendered(env, pages, None)


def test_pages_with_a_table_of_contents_or_neighbours_render_their_own():
    env = environment('{% block footer %}{% if page.toc %}<p>{{ page.toc | length }}</p>{% endif %}'
                      '{% if page.next_page %}<a href="{{ page.next_page.url | url }}">Sau</a>{% endif %}{% endblock %}')
    pages = [Page("a/x/"), Page("a/y/", toc=[1, 2]), Page("a/z/", next_page=Page("b/")), Page("a/w/")]
    shared = SharedBlocks(env, Nav())
    assert shared.shared == {"footer"}
    assert rendered(env, pages, shared) == rendered(env, pages, None)
