"""The generic JobPosting spider: any careers site, through its sitemaps or its links.

    scrapy crawl jobposting -a sitemap_url=https://example.com/sitemap.xml
    scrapy crawl jobposting -a robots_url=https://example.com/robots.txt -a job_url_pattern=/jobs/
    scrapy crawl jobposting -a start_url=https://example.com/careers -a job_url_pattern=/jobs/\\d+
"""

from __future__ import annotations

import re
from typing import Any

from scrapers.spider_args import split_list_arg
from scrapers.spiders.structured_data import StructuredDataSpider


class JobPostingSpider(StructuredDataSpider):
    """Every page in the sitemaps, or found by following links, is read for JobPosting.

    Arguments: ``sitemap_url`` (comma-separated; sitemap indexes are followed),
    ``robots_url`` (its ``Sitemap:`` lines are used), ``start_url`` (comma-separated
    careers listing pages whose same-site links are followed, for sites without a
    sitemap), ``job_url_pattern`` (a regular expression for advert URLs; without it every
    page reached is parsed and those without a JobPosting are counted and skipped),
    ``max_depth`` (how many links away from ``start_url`` listing pages are followed,
    default 2), ``source`` (the Posting.source written on every item).
    """

    name = "jobposting"

    def __init__(
        self,
        *args: Any,
        sitemap_url: str | None = None,
        robots_url: str | None = None,
        start_url: str | None = None,
        job_url_pattern: str | None = None,
        max_depth: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        robots = split_list_arg(robots_url)
        for url in robots:
            if not url.endswith("/robots.txt"):
                raise ValueError(f"robots_url must end with /robots.txt: {url}")
        self.sitemap_urls = split_list_arg(sitemap_url) + robots
        self.listing_urls = split_list_arg(start_url)
        if not self.sitemap_urls and not self.listing_urls:
            raise ValueError("jobposting spider needs -a sitemap_url=URL[,URL], "
                             "-a robots_url=URL or -a start_url=URL[,URL]")
        for url in self.listing_urls:
            if not re.match(r"https?://[^/]+", url):
                raise ValueError(f"start_url must be an http(s) URL: {url}")
        if max_depth is not None:
            try:
                self.max_depth = int(max_depth)
            except ValueError:
                raise ValueError(f"max_depth must be a whole number: {max_depth}") from None
            if self.max_depth < 0:
                raise ValueError(f"max_depth must not be negative: {max_depth}")
        if job_url_pattern:
            try:
                self.job_url_regex = re.compile(job_url_pattern)
            except re.error as exc:
                raise ValueError(f"job_url_pattern is not a regular expression: {exc}") from None
            self.sitemap_rules = [(self.job_url_regex, "parse")]
        # SitemapSpider compiles sitemap_rules in __init__, so they are set before it runs.
        super().__init__(*args, **kwargs)
