"""The generic JobPosting spider: any site that lists its adverts in a sitemap.

    scrapy crawl jobposting -a sitemap_url=https://example.com/sitemap.xml
    scrapy crawl jobposting -a robots_url=https://example.com/robots.txt -a job_url_pattern=/jobs/
"""

from __future__ import annotations

import re
from typing import Any

from scrapers.spider_args import split_list_arg
from scrapers.spiders.structured_data import StructuredDataSpider


class JobPostingSpider(StructuredDataSpider):
    """Every page in the sitemaps (or only those matching ``job_url_pattern``) is parsed.

    Arguments: ``sitemap_url`` (comma-separated; sitemap indexes are followed),
    ``robots_url`` (its ``Sitemap:`` lines are used), ``job_url_pattern`` (a regular
    expression; without it pages that turn out to have no JobPosting are counted and
    skipped), ``source`` (the Posting.source written on every item).
    """

    name = "jobposting"

    def __init__(
        self,
        *args: Any,
        sitemap_url: str | None = None,
        robots_url: str | None = None,
        job_url_pattern: str | None = None,
        **kwargs: Any,
    ) -> None:
        robots = split_list_arg(robots_url)
        for url in robots:
            if not url.endswith("/robots.txt"):
                raise ValueError(f"robots_url must end with /robots.txt: {url}")
        urls = split_list_arg(sitemap_url) + robots
        if not urls:
            raise ValueError("jobposting spider needs -a sitemap_url=URL[,URL] or -a robots_url=URL")
        self.sitemap_urls = urls
        if job_url_pattern:
            try:
                pattern = re.compile(job_url_pattern)
            except re.error as exc:
                raise ValueError(f"job_url_pattern is not a regular expression: {exc}") from None
            self.sitemap_rules = [(pattern, "parse")]
        # SitemapSpider compiles sitemap_rules in __init__, so they are set before it runs.
        super().__init__(*args, **kwargs)
