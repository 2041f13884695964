"""Reusable base for spiders that read schema.org JobPosting from careers pages.

A site spider only configures where to start (``sitemap_urls`` and/or ``listing_urls``),
which URLs are adverts (``sitemap_rules``, ``job_url_regex``) and, if the site needs it,
overrides ``post_process_item``. JSON-LD is read first; a page without JSON-LD JobPosting
but with schema.org JobPosting microdata is read with extruct.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import extruct
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from twisted.python.failure import Failure

from scrapers.crawl_stats import (
    DUPLICATE_IN_PAGE,
    INVALID_SITEMAP,
    MALFORMED_JSONLD,
    NO_JOBPOSTING,
    NOT_HTML,
    REPAIRED_DUPLICATE_ID,
    REPAIRED_ENCODING,
    dropped_key,
)
from scrapers.items import posting_item
from scrapers.jsonld import (
    MalformedJsonLd,
    find_job_postings,
    load_jsonld,
    map_job_posting,
    url_hash,
)

# The sitemaps protocol allows 50 MB per (uncompressed) sitemap, far above the page cap.
SITEMAP_MAXSIZE = 50 * 1024 * 1024
MALFORMED_MICRODATA = dropped_key("malformed_microdata")
DEPTH_META = "leadtrends_depth"

# Sites vary the case and add parameters ("application/ld+json; charset=utf-8").
_LD_SCRIPTS = (
    "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'ld+json')]/text()"
)
_MICRODATA_JOBS = "//*[@itemscope][contains(@itemtype, 'JobPosting')]"
# The description that belongs to this JobPosting, not to a nested Organization or Place.
_MICRODATA_DESCRIPTION = (
    ".//*[@itemprop='description'][ancestor::*[@itemscope][1][contains(@itemtype, 'JobPosting')]]"
)
_WIN1252_FALLBACK = "leadtrends-cp1252"


def _decode_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    # Bytes that are not UTF-8 on a page declared UTF-8 are nearly always Windows-1252
    # (what browsers assume for legacy pages); its five undefined bytes map as Latin-1.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    text = "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in bad)
    return text, error.end


codecs.register_error(_WIN1252_FALLBACK, _decode_as_cp1252)


def repair_encoding(response: TextResponse) -> TextResponse | None:
    """The response re-encoded as valid UTF-8 if its bytes do not fit its encoding, else None.

    A UTF-8 page with stray Windows-1252 bytes ("Z\\xfcrich") keeps its UTF-8 text and gets
    the stray bytes decoded as Windows-1252; other encodings get U+FFFD replacements.
    """
    if "\ufffd" not in response.text:
        return None  # w3lib's decoding replaced nothing, so there is nothing to repair
    try:
        codec = codecs.lookup(response.encoding).name
        response.body.decode(codec)
        return None
    except UnicodeDecodeError:
        pass
    except LookupError:
        codec = "utf-8"
    errors = _WIN1252_FALLBACK if codec == "utf-8" else "replace"
    text = response.body.decode(codec, errors=errors)
    return response.replace(body=text.encode("utf-8"), encoding="utf-8")


def _declared_as_markup(response: Response) -> bool:
    # Scrapy sniffs a text-like body as TextResponse even when the server said PDF.
    declared = response.headers.get(b"Content-Type", b"") or b""
    kind = declared.split(b";")[0].strip().lower()
    return not kind or b"html" in kind or b"xml" in kind or kind.startswith(b"text/")


class StructuredDataSpider(SitemapSpider):
    """Yields one Posting item per JobPosting (JSON-LD, else microdata) on each page.

    Pages come from sitemaps (``sitemap_urls``) and from link discovery: starting at each
    of ``listing_urls``, same-site links matching ``job_url_regex`` are parsed as adverts
    and other same-site links are followed as listing pages up to ``max_depth`` links
    away; without ``job_url_regex`` every same-site page within ``max_depth`` is parsed.

    Every page or posting lost is counted under ``leadtrends/...`` (see crawl_stats and
    middlewares) and logged with its URL; the crawl goes on.
    """

    listing_urls: Sequence[str] = ()
    job_url_regex: re.Pattern[str] | None = None
    max_depth: int = 2

    def __init__(self, *args: Any, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source: str = source or self.name
        self._links = LinkExtractor()
        self._sitemap_understood = False

    # --- requests ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield self._with_sitemap_size(self._with_errback(request))
        for url in self.listing_urls:
            yield Request(url, callback=self.parse_listing, errback=self.download_failed,
                          meta={DEPTH_META: 0})

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        # SitemapSpider calls sitemap_filter only for a urlset or sitemap index it could
        # read, so a call that never reaches it was a sitemap it ignored.
        self._sitemap_understood = response.url.endswith("/robots.txt")
        requests = list(super()._parse_sitemap(response))
        if not self._sitemap_understood:
            self._inc(INVALID_SITEMAP)
        for request in requests:
            request = self._with_errback(request)
            if request.callback == self._parse_sitemap:
                request = self._with_sitemap_size(request)
            yield request

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        self._sitemap_understood = True
        return super().sitemap_filter(entries)

    def _with_errback(self, request: Any) -> Any:
        if isinstance(request, Request) and request.errback is None:
            request = request.replace(errback=self.download_failed)
        return request

    @staticmethod
    def _with_sitemap_size(request: Any) -> Any:
        if isinstance(request, Request):
            request.meta.setdefault("download_maxsize", SITEMAP_MAXSIZE)
        return request

    def download_failed(self, failure: Failure) -> None:
        """Errback: count HTTP errors; other reasons were counted by a middleware (or the
        robots.txt stats). Handling them here keeps an expected skip out of the ERROR log."""
        if failure.check(HttpError):
            # HttpErrorMiddleware counts only errors that no errback handled; count this
            # one the same way so the run summary shows it as http_<status>.
            status = failure.value.response.status
            self._inc("httperror/response_ignored_count")
            self._inc(f"httperror/response_ignored_status_count/{status}")
        request = getattr(failure, "request", None)
        self.logger.info("Skipped %s: %s", getattr(request, "url", "?"),
                         failure.getErrorMessage().splitlines()[0] if
                         failure.getErrorMessage() else type(failure.value).__name__)

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)

    # --- link discovery ------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A careers listing page: its postings (if any) and the same-site links to follow."""
        depth = int(response.meta.get(DEPTH_META, 0))
        is_advert = self.job_url_regex is None or bool(self.job_url_regex.search(response.url))
        yield from self.parse(response, count_empty=is_advert)
        if not isinstance(response, HtmlResponse):
            return
        site = urlsplit(response.url).netloc
        for link in self._links.extract_links(response):
            if urlsplit(link.url).netloc != site:
                continue
            if self.job_url_regex is not None and self.job_url_regex.search(link.url):
                yield Request(link.url, callback=self.parse, errback=self.download_failed)
            elif depth < self.max_depth:
                yield Request(link.url, callback=self.parse_listing,
                              errback=self.download_failed, meta={DEPTH_META: depth + 1})

    # --- pages ---------------------------------------------------------------------------

    def parse(self, response: Response, count_empty: bool = True,
              **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, TextResponse) or not _declared_as_markup(response):
            self._inc(NOT_HTML)
            self.logger.info("Skipped %s: not an HTML page", response.url)
            return
        repaired = repair_encoding(response)
        if repaired is not None:
            self._inc(REPAIRED_ENCODING)
            self.logger.warning("Repaired %s: bytes invalid in its declared encoding (%s)",
                                response.url, response.encoding)
            response = repaired
        malformed, postings = self._jsonld_postings(response)
        if not postings and not malformed and self._may_have_microdata(response):
            postings = self._microdata_postings(response)
        yield from self._items(response, postings)
        if not postings and not malformed and count_empty:
            self._inc(NO_JOBPOSTING)
            self.logger.debug("No JobPosting on %s", response.url)

    def _jsonld_postings(self, response: TextResponse) -> tuple[int, list[dict[str, Any]]]:
        malformed, postings = 0, []
        for script in response.xpath(_LD_SCRIPTS).getall():
            try:
                value = load_jsonld(script)
            except MalformedJsonLd as exc:
                malformed += 1
                self._inc(MALFORMED_JSONLD)
                self.logger.warning("Malformed JSON-LD on %s: %s", response.url, exc)
                continue
            postings.extend(find_job_postings(value))
        return malformed, postings

    @staticmethod
    def _may_have_microdata(response: TextResponse) -> bool:
        # Cheap byte test first: extruct parses the whole page, most pages have no microdata.
        return b"itemtype" in response.body and b"JobPosting" in response.body

    def _microdata_postings(self, response: TextResponse) -> list[dict[str, Any]]:
        try:
            data = extruct.extract(response.selector.root, base_url=response.url,
                                   syntaxes=["microdata"], uniform=True, errors="strict")
        except Exception as exc:  # noqa: BLE001 - extruct raises lxml's and its own errors
            self._inc(MALFORMED_MICRODATA)
            self.logger.warning("Malformed microdata on %s: %s", response.url, exc)
            return []
        postings = list(find_job_postings(data.get("microdata", [])))
        # extruct flattens the description to text; the HTML keeps headings and bullets.
        elements = response.xpath(_MICRODATA_JOBS)
        if len(elements) == len(postings):
            for posting, element in zip(postings, elements, strict=True):
                html = element.xpath(_MICRODATA_DESCRIPTION).get()
                if html:
                    posting["description"] = html
        return postings

    def _items(self, response: TextResponse,
               postings: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        seen: dict[str, tuple[Any, ...]] = {}
        for number, ld in enumerate(postings, 1):
            fields = map_job_posting(ld, response.url)
            source_id = fields["source_id"]
            content = (fields["title"], fields["company"], fields["description"])
            if source_id in seen:
                if seen[source_id] == content:
                    self._inc(DUPLICATE_IN_PAGE)
                    self.logger.warning("Dropped a repeat of posting %s on %s",
                                        source_id, response.url)
                    continue
                # Different adverts under one id (or several id-less ones, which share the
                # URL hash) must not overwrite each other downstream.
                fields["source_id"] = f"{source_id}#{number}"
                if source_id != url_hash(response.url):
                    self._inc(REPAIRED_DUPLICATE_ID)
                    self.logger.warning("Posting id %s repeated on %s: kept as %s",
                                        source_id, response.url, fields["source_id"])
            seen.setdefault(source_id, content)
            yield from self.post_process_item(
                posting_item(fields, source=self.source), response, ld)

    def post_process_item(
        self, item: dict[str, Any], response: TextResponse, ld: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        """Site-specific fix-ups of one item; yield it (or nothing, to skip it)."""
        yield item
