"""sources.toml: what users write to choose sources, and the one-line errors they get."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtrends.sources import SOURCE_TYPES, SourcesError, load_sources, parse_sources
from leadtrends.stages import source_specs

REPO = Path(__file__).resolve().parents[1]


def one_source(body: str) -> str:
    return f'[[source]]\nname = "s1"\n{body}\n'


def test_example_file_covers_every_source_type_and_is_valid():
    config = load_sources(REPO / "examples" / "sources.toml")
    assert {s.type for s in config.source} == set(SOURCE_TYPES)


def test_boards_and_politeness_become_spider_arguments_and_settings():
    config = parse_sources('[crawl]\ncontact = "me@example.org"\n' + one_source(
        'type = "lever"\nboards = ["acme", "globex"]\nhost = "eu"\n'
        'politeness = { download_delay = 2.5, concurrent_requests_per_domain = 1 }'))
    with source_specs(config) as (spec,):
        assert spec.spider == "lever"
        assert spec.spider_args == {"boards": "acme,globex", "host": "eu"}
        assert spec.settings == {"DOWNLOAD_DELAY": 2.5, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
        assert spec.env == {"LEADTRENDS_CONTACT": "me@example.org"}


def test_disabled_sources_are_not_crawled():
    config = parse_sources(one_source('type = "greenhouse"\nboards = ["a"]\nenabled = false')
                           + '[[source]]\nname = "s2"\ntype = "arbeitnow"\n')
    with source_specs(config) as specs:
        assert [s.name for s in specs] == ["s2"]


@pytest.mark.parametrize(("text", "message"), [
    (one_source('type = "lever"\nbords = ["x"]'), "source #1 ('s1').bords: unknown key"),
    (one_source('type = "greenhouse"'), "source #1 ('s1').boards: missing key"),
    (one_source('type = "indeed"'), "source #1 ('s1'): unknown type"),
    (one_source('type = "jsonld"'), "needs sitemap_urls, robots_urls or start_urls"),
    ('[crawl]\ncontct = "x"', "crawl.contct: unknown key"),
    (one_source('type = "arbeitnow"') + one_source('type = "remoteok"'), "used twice: s1"),
    ('[[source]\nname=', "not valid TOML"),
    (one_source('type = "arbeitnow"\npoliteness = { download_delay = -1 }'),
     "politeness.download_delay"),
])
def test_mistakes_are_one_line_errors_naming_the_key(text, message):
    with pytest.raises(SourcesError) as caught:
        parse_sources(text, origin="my.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("my.toml: ") and "\n" not in str(caught.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.toml")


def test_without_a_file_the_sample_board_is_served_and_crawled():
    with source_specs(None, adverts=20) as specs:
        assert [s.name for s in specs] == ["sample-site", "sample-greenhouse"]
        assert specs[0].spider_args["sitemap_url"].startswith("http://127.0.0.1:")
