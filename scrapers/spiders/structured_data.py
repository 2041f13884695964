"""Reusable base for spiders that read schema.org JobPosting JSON-LD from careers pages.

A site spider only configures where to start (``sitemap_urls``), which sitemap URLs are
adverts (``sitemap_rules``) and, if the site needs it, overrides ``post_process_item``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider

from scrapers.crawl_stats import MALFORMED_JSONLD, NO_JOBPOSTING, NOT_HTML
from scrapers.items import posting_item
from scrapers.jsonld import MalformedJsonLd, find_job_postings, load_jsonld, map_job_posting

# The sitemaps protocol allows 50 MB per (uncompressed) sitemap, far above the page cap.
SITEMAP_MAXSIZE = 50 * 1024 * 1024

# Sites vary the case and add parameters ("application/ld+json; charset=utf-8").
_LD_SCRIPTS = (
    "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'ld+json')]/text()"
)


class StructuredDataSpider(SitemapSpider):
    """Sitemap-driven spider yielding one Posting item per JSON-LD JobPosting on a page.

    Pages without a JobPosting are counted (``leadtrends/pages/no_jobposting``) and
    skipped; a malformed ld+json script is counted (``leadtrends/dropped/malformed_jsonld``),
    logged with its URL, and the crawl goes on.
    """

    def __init__(self, *args: Any, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source: str = source or self.name

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield self._with_sitemap_size(request)

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        for request in super()._parse_sitemap(response):
            if request.callback == self._parse_sitemap:
                request = self._with_sitemap_size(request)
            yield request

    @staticmethod
    def _with_sitemap_size(request: Any) -> Any:
        if isinstance(request, Request):
            request.meta.setdefault("download_maxsize", SITEMAP_MAXSIZE)
        return request

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self._inc(NOT_HTML)
            self.logger.info("Skipped %s: not an HTML page", response.url)
            return
        malformed = found = 0
        seen_ids: set[str] = set()
        for script in response.xpath(_LD_SCRIPTS).getall():
            try:
                value = load_jsonld(script)
            except MalformedJsonLd as exc:
                malformed += 1
                self._inc(MALFORMED_JSONLD)
                self.logger.warning("Malformed JSON-LD on %s: %s", response.url, exc)
                continue
            for ld in find_job_postings(value):
                found += 1
                fields = map_job_posting(ld, response.url)
                if fields["source_id"] in seen_ids:
                    # Several id-less postings on one page would otherwise share the URL hash.
                    fields["source_id"] = f"{fields['source_id']}#{found}"
                seen_ids.add(fields["source_id"])
                yield from self.post_process_item(
                    posting_item(fields, source=self.source), response, ld)
        if not found and not malformed:
            self._inc(NO_JOBPOSTING)
            self.logger.debug("No JobPosting on %s", response.url)

    def post_process_item(
        self, item: dict[str, Any], response: TextResponse, ld: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        """Site-specific fix-ups of one item; yield it (or nothing, to skip it)."""
        yield item
