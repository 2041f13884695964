"""Duplicate clusters after a load: exact URL, exact content, near text, canonical member."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from leadtrends.jsonl import write_models
from leadtrends.model import Posting, Skill
from warehouse.connect import connect
from warehouse.dedupe import NEAR_THRESHOLD
from warehouse.errors import WarehouseError
from warehouse.load import load

VOCABULARY = ("team platform engineers delivery roadmap cloud security budget hiring mentor "
              "stakeholders strategy architecture reliability incidents vendors quarterly goals "
              "culture coaching standards operations data services customers growth process "
              "quality review planning metrics product partners leadership infrastructure "
              "migration compliance risk automation release practices design performance "
              "systems network support projects portfolio agile scrum kanban observability "
              "costs contracts training career feedback outcomes priorities backlog capacity "
              "forecasting recruiting onboarding retention budgets governance audits policy")
WORDS = VOCABULARY.split()
BOILERPLATE = ("Acme Ltd builds software for hospitals and clinics across Europe. We offer "
               "private health cover, a pension, 30 days of holiday and a learning budget. "
               "Acme is an equal opportunity employer and welcomes applicants of every "
               "background.")
SCRAPED = datetime(2024, 7, 1, 8, tzinfo=UTC)


def body(seed: int, words: int = 240) -> str:
    """A deterministic advert body, one sentence per line like the crawlers write them."""
    rng = random.Random(seed)
    picked = [rng.choice(WORDS) for _ in range(words)]
    lines = [" ".join(picked[i:i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return "\n".join(lines) + "\n" + BOILERPLATE


def posting(source: str, source_id: str, description: str, *, title: str = "Head of Engineering",
            company: str | None = "Acme Ltd", url: str | None = None) -> Posting:
    return Posting(source=source, source_id=source_id,
                   url=url or f"https://{source}.example/jobs/{source_id}",
                   scraped_at=SCRAPED, title=title, company=company, description=description,
                   role_family="technology_management", seniority="director")


def replace_words(text: str, changes: dict[int, str]) -> str:
    """``text`` with the word at each given position replaced (line breaks kept)."""
    lines = [line.split(" ") for line in text.split("\n")]
    flat = [(i, j) for i, line in enumerate(lines) for j in range(len(line))]
    for position, word in changes.items():
        i, j = flat[position]
        lines[i][j] = word
    return "\n".join(" ".join(line) for line in lines)


@pytest.fixture
def skills_file(tmp_path: Path) -> Path:
    path = tmp_path / "skills.jsonl"
    write_models(path, [Skill(skill_id="python", name="Python", category="technical")])
    return path


def load_postings(tmp_path: Path, skills: Path, postings: list[Posting], run_id: str,
                  db_name: str = "wh.duckdb"):
    path = tmp_path / f"{run_id}.jsonl"
    write_models(path, postings)
    return load(tmp_path / db_name, path, skills, run_id=run_id)


def clusters(db: Path) -> dict[str, tuple[str, bool, str, float | None]]:
    """posting_key -> (cluster_id, is_canonical, method, similarity)."""
    with connect(db, read_only=True) as con:
        rows = con.sql("SELECT posting_key, cluster_id, is_canonical, method, similarity "
                       "FROM posting_clusters ORDER BY posting_key").fetchall()
    return {key: (cluster, canonical, method, similarity)
            for key, cluster, canonical, method, similarity in rows}


def test_the_same_advert_on_two_sources_is_an_exact_url_duplicate(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(1)
    result = load_postings(tmp_path, skills_file, [
        posting("board-a", "42", text, url="https://careers.acme.example/jobs/42"),
        # Another board links the same page with its tracking parameters and another case
        # for the host; it also cut the advert short, so only the address says it is one.
        posting("board-b", "x9", text[:300],
                url="https://Careers.ACME.example/jobs/42/?utm_source=board-b&gh_src=abc"),
    ], "run-1")
    assert clusters(tmp_path / "wh.duckdb") == {
        "board-a:42": ("board-a:42", True, "self", None),
        "board-b:x9": ("board-a:42", False, "exact_url", 1.0),
    }
    assert result.duplicates == 1


def test_the_same_text_at_two_urls_is_an_exact_content_duplicate(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(2)
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", text),
        # Case and spacing are not content (the same length keeps board-a:1 canonical).
        posting("mirror", "7", text.upper().replace("\n", " "),
                title="HEAD  OF\tENGINEERING", company=" acme   ltd"),
    ], "run-1")
    assert clusters(tmp_path / "wh.duckdb") == {
        "board-a:1": ("board-a:1", True, "self", None),
        "mirror:7": ("board-a:1", False, "exact_content", 1.0),
    }


def test_a_repost_with_a_few_words_changed_is_a_near_duplicate(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(3)
    repost = replace_words(text, {20: "kubernetes", 120: "hybrid", 200: "Leeds"})
    assert repost != text
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", text),
        posting("board-a", "2", repost),
    ], "run-1")
    found = clusters(tmp_path / "wh.duckdb")
    assert found["board-a:1"] == ("board-a:1", True, "self", None)
    cluster, canonical, method, similarity = found["board-a:2"]
    assert (cluster, canonical, method) == ("board-a:1", False, "near_text")
    # Three changed words break 15 of ~280 five-word shingles: J is about 0.9.
    assert NEAR_THRESHOLD <= similarity < 1.0


def test_different_adverts_with_the_same_company_and_title_stay_apart(
        tmp_path: Path, skills_file: Path) -> None:
    # Same title, same company, the same boilerplate paragraph; different jobs.
    template = body(4).split("\n")
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", body(4)),
        posting("board-a", "2", body(5)),
        posting("board-b", "3", body(6)),
        # The first 16 of 20 lines of board-a:1's template, then another job's duties:
        # similar enough to be compared (estimate ~0.6), not enough to be one advert.
        posting("board-c", "4", "\n".join(template[:16] + body(5).split("\n")[16:])),
    ], "run-1")
    assert {row[2] for row in clusters(tmp_path / "wh.duckdb").values()} == {"self"}


def test_one_address_under_different_titles_is_not_one_advert(
        tmp_path: Path, skills_file: Path) -> None:
    # Some boards give every advert the careers page as its URL.
    careers = "https://acme.example/careers"
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", body(7), title="Head of Engineering", url=careers),
        posting("board-a", "2", body(8), title="IT Director", url=careers),
    ], "run-1")
    assert [row[2] for row in clusters(tmp_path / "wh.duckdb").values()] == ["self", "self"]


def test_links_chain_into_one_cluster_and_methods_relate_to_the_canonical(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(9)
    url = "https://careers.acme.example/jobs/9"
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", text + "\nApply today.", url=url),  # longest: canonical
        posting("board-b", "1", text, url=url + "?ref=board-b"),     # same URL as canonical
        posting("mirror", "1", text),                                # same text as board-b
        posting("board-c", "1", replace_words(text, {30: "Leeds"})),  # near board-b
        posting("board-d", "1", body(10)),                           # unrelated
    ], "run-1")
    found = clusters(tmp_path / "wh.duckdb")
    assert found["board-d:1"] == ("board-d:1", True, "self", None)
    members = {key: row for key, row in found.items() if row[0] == "board-a:1"}
    assert sorted(members) == ["board-a:1", "board-b:1", "board-c:1", "mirror:1"]
    assert members["board-a:1"][1:3] == (True, "self")
    assert members["board-b:1"][2:] == ("exact_url", 1.0)
    # mirror's text differs from the canonical's by the added line: not exact content.
    assert members["mirror:1"][2] == "near_text"
    assert members["board-c:1"][2] == "near_text"
    assert 0 < members["board-c:1"][3] < 1


def test_every_posting_has_one_row_and_every_cluster_one_canonical_member(
        tmp_path: Path, skills_file: Path) -> None:
    text, other = body(11), body(12)
    load_postings(tmp_path, skills_file, [
        posting("board-a", "1", text),
        posting("board-b", "1", text),
        posting("board-c", "1", replace_words(text, {5: "remote"})),
        posting("board-a", "2", other),
        posting("board-b", "2", other),
        posting("board-a", "3", body(13)),
    ], "run-1")
    with connect(tmp_path / "wh.duckdb", read_only=True) as con:
        assert con.sql("SELECT count(*) FROM postings AS p "
                       "LEFT JOIN posting_clusters AS c USING (posting_key) "
                       "WHERE c.posting_key IS NULL").fetchall() == [(0,)]
        assert con.sql("SELECT count(*), count(DISTINCT posting_key) "
                       "FROM posting_clusters").fetchall() == [(6, 6)]
        assert con.sql("SELECT cluster_id, count(*) FILTER (WHERE is_canonical) AS canonical, "
                       "bool_and(NOT is_canonical OR posting_key = cluster_id), count(*) "
                       "FROM posting_clusters GROUP BY cluster_id "
                       "ORDER BY cluster_id").fetchall() == [
            ("board-a:1", 1, True, 3), ("board-a:2", 1, True, 2), ("board-a:3", 1, True, 1)]
        assert con.sql("SELECT count(*) FROM posting_clusters "
                       "WHERE is_canonical <> (method = 'self')").fetchall() == [(0,)]


def test_the_canonical_member_is_the_earliest_seen_then_the_longest_then_the_smallest_key(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(14)
    url = "https://careers.acme.example/jobs/14"
    # Seen first, although its key sorts last and its description is the shortest.
    load_postings(tmp_path, skills_file, [posting("zeta", "1", text[:400], url=url)], "run-1")
    load_postings(tmp_path, skills_file, [
        posting("alpha", "1", text, url=url + "?utm_medium=email"),
        # A second cluster, all first seen in run-2: the longest description wins over the
        # smallest key, and between equal lengths the smallest key wins.
        posting("beta", "1", body(15), url="https://acme.example/jobs/15"),
        posting("beta", "2", body(15) + "\nVisa sponsorship available.",
                url="https://acme.example/jobs/15?source=feed"),
        posting("gamma", "1", body(16)),
        posting("delta", "1", body(16)),
    ], "run-2")
    found = clusters(tmp_path / "wh.duckdb")
    assert found["zeta:1"][:2] == ("zeta:1", True)
    assert found["alpha:1"][:2] == ("zeta:1", False)
    assert found["beta:2"][:2] == ("beta:2", True)
    assert found["beta:1"][:2] == ("beta:2", False)
    assert found["delta:1"][:2] == ("delta:1", True)
    assert found["gamma:1"][:3] == ("delta:1", False, "exact_content")


def test_loading_the_same_file_again_gives_the_same_clusters(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(17)
    batch = [posting("board-a", "1", text), posting("board-b", "1", text),
             posting("board-c", "1", replace_words(text, {50: "hybrid"})),
             posting("board-a", "2", body(18))]
    load_postings(tmp_path, skills_file, batch, "run-1")
    first = clusters(tmp_path / "wh.duckdb")
    load_postings(tmp_path, skills_file, batch, "run-2")
    assert clusters(tmp_path / "wh.duckdb") == first
    with connect(tmp_path / "wh.duckdb", read_only=True) as con:
        # Rebuilt by the second run, not left over from the first.
        assert con.sql("SELECT DISTINCT c.clustered_at = r.started_at FROM posting_clusters c, "
                       "runs r WHERE r.run_id = 'run-2'").fetchall() == [(True,)]
    # A fresh warehouse holding the same postings clusters them the same way.
    load_postings(tmp_path, skills_file, batch, "run-3", db_name="other.duckdb")
    assert clusters(tmp_path / "other.duckdb") == first


def test_a_member_whose_text_changes_enough_leaves_its_cluster(
        tmp_path: Path, skills_file: Path) -> None:
    text = body(19)
    original = posting("board-a", "1", text)
    load_postings(tmp_path, skills_file, [
        original, posting("board-a", "2", replace_words(text, {10: "hybrid"})),
        posting("board-b", "5", text),
    ], "run-1")
    assert len({row[0] for row in clusters(tmp_path / "wh.duckdb").values()}) == 1

    # The re-post is re-written into another job; the copy on board-b is unchanged.
    result = load_postings(tmp_path, skills_file, [
        original, posting("board-a", "2", body(20)), posting("board-b", "5", text),
    ], "run-2")
    assert result.postings_changed == 1
    assert clusters(tmp_path / "wh.duckdb") == {
        "board-a:1": ("board-a:1", True, "self", None),
        "board-a:2": ("board-a:2", True, "self", None),
        "board-b:5": ("board-a:1", False, "exact_content", 1.0),
    }


def test_a_failed_clustering_rolls_the_whole_load_back(
        tmp_path: Path, skills_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = body(21)
    load_postings(tmp_path, skills_file, [posting("board-a", "1", text)], "run-1")
    before = clusters(tmp_path / "wh.duckdb")

    def broken(con: duckdb.DuckDBPyConnection, clustered_at: datetime) -> None:
        con.execute("DELETE FROM posting_clusters")
        raise duckdb.ConversionException("clustering broke")

    monkeypatch.setattr("warehouse.load.rebuild_clusters", broken)
    with pytest.raises(WarehouseError, match="run-2 failed and was rolled back"):
        load_postings(tmp_path, skills_file, [posting("board-b", "1", text)], "run-2")
    assert clusters(tmp_path / "wh.duckdb") == before
    with connect(tmp_path / "wh.duckdb", read_only=True) as con:
        assert con.sql("SELECT posting_key FROM postings").fetchall() == [("board-a:1",)]
