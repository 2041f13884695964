"""The synthetic sample careers site, as an example of a site spider built on the base.

    scrapy crawl samplecareers -a base_url=http://127.0.0.1:8000
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from scrapers.spiders.structured_data import StructuredDataSpider


class SampleCareersSpider(StructuredDataSpider):
    """Starts from robots.txt and fetches only advert pages (``/jobs/<id>.html``)."""

    name = "samplecareers"
    sitemap_rules = ((r"/jobs/[^/]+\.html$", "parse"),)

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        if not base_url:
            raise ValueError("samplecareers spider needs -a base_url=http://host:port")
        self.sitemap_urls = [base_url.rstrip("/") + "/robots.txt"]
        super().__init__(*args, **kwargs)

    def post_process_item(
        self, item: dict[str, Any], response: TextResponse, ld: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        # An advert without hiringOrganization is attributed to the careers site (og:site_name).
        if not item.get("company"):
            item["company"] = response.xpath("//meta[@property='og:site_name']/@content").get()
        yield item
