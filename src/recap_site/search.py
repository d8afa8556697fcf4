"""Search: Pagefind indexes the written site, one index per language.

Pagefind reads the pages as a browser would: the language from ``<html
lang>``, the indexed text from the element marked ``data-pagefind-body``
(event and plain pages only), the filters (topic, organization, year, kind,
format) from ``data-pagefind-filter`` attributes in the layouts, named in
the page's language (UI strings ``filter_*``). Each search
page loads the index of its own language, so results link to pages in the
reader's language.

:func:`index_site` runs on the writer's new folder before it replaces the
old site (see :class:`recap_site.write.Staging`), so the index is always
the index of the pages next to it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import RecapError
from .paths import SEARCH_FOLDER



def index_site(folder: Path) -> int:
    """Index every HTML page below ``folder`` into ``folder/pagefind/``;
    returns the number of files written."""
    try:
        from pagefind.index import PagefindIndex
        from pagefind.service import get_executable
    except ImportError:
        raise RecapError(
            "search: the pagefind package is missing; install it with pip install 'pagefind[bin]' "
            "or build with --no-search"
        ) from None
    if get_executable() is None:
        raise RecapError(
            "search: the Pagefind program is missing; install it with pip install 'pagefind[bin]' "
            "or build with --no-search"
        )
    bundle = folder / SEARCH_FOLDER
    if bundle.exists():
        raise RecapError(f"search: '{SEARCH_FOLDER}/' is already taken by another output; rename that page")

    import asyncio  # here: a build with --no-search does not load it

    async def run() -> None:
        # Leaving the block writes the index and Pagefind's scripts into output_path.
        async with PagefindIndex({"output_path": str(bundle)}) as index:
            await index.add_directory(str(folder))

    try:
        # In a thread of its own: the caller may be running an event loop already.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, run()).result()
    except Exception as exc:  # the Pagefind service reports its own errors
        raise RecapError(f"search: Pagefind could not index the site: {exc}") from None
    return sum(1 for path in bundle.rglob("*") if path.is_file())
