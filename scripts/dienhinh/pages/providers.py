"""Pages besides the catalog's own entries and listings, each made by one provider from the page templates.
A new kind of page is added to PROVIDERS, the one registry."""

from __future__ import annotations

from typing import Callable, Iterable

from .context import GeneratedPage
from .feeds import feeds_page
from .honour_pages import honour_pages
from .open_data import open_data_page
from .search import search_page
from .static_pages import static_pages
from .statistics import statistics_page
from .templates import Templates

PageProvider = Callable[[Templates], Iterable[GeneratedPage]]

PROVIDERS: tuple[PageProvider, ...] = (static_pages, search_page, statistics_page, open_data_page, feeds_page,
                                        honour_pages)
