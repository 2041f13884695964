"""Duplicate clusters: the same advert across sources, or re-posted, grouped after every load.

Three kinds of link join two postings. Text is normalised first: lower case, every kind of
whitespace as one space, trimmed.

``exact_url``
    the same ``canonical_url`` (tracking parameters dropped, see ``warehouse/urls.py``) and
    the same normalised title. The title guard keeps a board that gives every advert its
    careers-page URL from merging them all.
``exact_content``
    the same normalised title + company + description.
``near_text``
    word 5-shingles of title + company + description (punctuation splits words) whose
    Jaccard similarity, estimated by MinHash, is at least ``NEAR_THRESHOLD`` (0.8). Only
    distinct contents are compared; exact copies follow their first member.

Clusters are the connected components of all links, so a chain A-B-C is one cluster even
if A and C alone would not link. Every posting gets exactly one ``posting_clusters`` row.

Canonical member (the one the trend views count): the earliest ``first_seen_at``, then the
longest description (characters), then the smallest ``posting_key``. Its method is
``self``, as is a singleton's; ``similarity`` is NULL for both. Every other member's method
says how it relates to the canonical member itself: ``exact_url`` if they share the URL
key, else ``exact_content`` if they share the content, else ``near_text`` with the
estimated Jaccard similarity to the canonical member. That estimate can be below the
threshold when the member joined through a chain.

MinHash here is one-permutation hashing: one 64-bit hash per shingle, whose top 7 bits pick
one of 128 bins and whose low 32 bits compete for the bin's minimum; empty bins are filled
by optimal densification (Shrivastava, ICML 2017); each minimum is kept to 16 bits (b-bit
MinHash; a false bin match costs 2**-16). That is one hash per shingle instead of 128,
vectorised with numpy. ``datasketch`` 2.0 (128 permutations, LSH insert + query) measured
~0.8 ms per 300-word advert on the benchmark machine, ~14 minutes per million, against
about a minute for this. Candidate pairs come from LSH banding, 21 bands of 6 bins: two
postings are compared when any band matches (probability 0.998 at similarity 0.8, 0.28 at
0.5, 0.015 at 0.3) and linked when the fraction of equal bins over all 128 reaches the
threshold (standard error ~0.035 at 0.8).

Deterministic: fixed hash seeds and constants, stable sorts, no random state, rows ordered
by posting_key whatever order the scan returns. Word and content hashes come from Polars'
seeded hash, which Polars keeps stable within a version only, so an upgrade of Polars can
move a pair whose estimate sits at the threshold; clusters are rebuilt in full on every
load, so the warehouse stays consistent either way.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import polars as pl

from warehouse.sql_files import run_script, sql_text

STATEMENTS = "statements"

SHINGLE_WORDS = 5
NEAR_THRESHOLD = 0.8
BIN_BITS = 7
BINS = 1 << BIN_BITS
BAND_ROWS = 6
BANDS = BINS // BAND_ROWS
# A band bucket holding more postings than this (many near-identical re-posts) pairs each
# member with its next BUCKET_WINDOW members, not with all of them: a chain connects the
# bucket at linear cost.
BUCKET_WINDOW = 32
# Postings hashed per batch; bounds the memory of the word and shingle arrays.
BATCH_POSTINGS = 10_000
PAIRS_PER_BATCH = 200_000
HASH_SEED = 20_241_122
# Empty bins probe up to this many other bins before falling back to the first full one.
MAX_PROBES = 4 * BINS

METHODS = ("self", "exact_url", "exact_content", "near_text")
_KEYS_SCHEMA = {"posting_key": pl.String(), "first_seen_at": pl.Int64(),
                "description_chars": pl.UInt32(), "canonical_url": pl.String(),
                "title_key": pl.String(), "content_a": pl.UInt64(), "content_b": pl.UInt64()}

_EMPTY32 = np.uint32(0xFFFFFFFF)
_EMPTY = np.uint16(0xFFFF)
_U32 = np.uint64(0xFFFFFFFF)
_WHITESPACE = ["\n", "\t", "\r", "\f", "\v", "\u00a0", "\u2009", "\u202f", "\u3000", "\u2028",
               "\u2029"]
# Characters that end a word besides whitespace (the field separator U+001F is one).
_PUNCTUATION = [*".,;:!?()[]{}<>\"'`/\\|*+=&%$#@~^-\x1f", "\u2013", "\u2014", "\u2018",
                "\u2019", "\u201c", "\u201d", "\u2022", "\u00b7", "\u2026"]


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: spreads any uint64 input over all 64 bits (returns a copy)."""
    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _constants(count: int, salt: int) -> np.ndarray:
    """Fixed odd 64-bit multipliers (arithmetic, so no RNG stream can change them)."""
    return _mix(np.arange(count, dtype=np.uint64) + np.uint64(salt)) | np.uint64(1)


_SHINGLE_MULT = _constants(SHINGLE_WORDS, 1_000)
_BAND_MULT = _constants(BAND_ROWS + 1, 2_000)
# _PROBES[t, i]: the bin an empty bin i copies from on attempt t, the same for every posting
# (that is what keeps the estimate unbiased).
_PROBES = (_mix(np.arange(MAX_PROBES * BINS, dtype=np.uint64) + np.uint64(3_000))
           >> np.uint64(64 - BIN_BITS)).astype(np.intp).reshape(MAX_PROBES, BINS)


@dataclass(frozen=True)
class ClusterStats:
    """What a rebuild found: postings per method, candidate pairs verified, wall time."""

    postings: int
    clusters: int
    exact_url: int
    exact_content: int
    near_text: int
    candidate_pairs: int
    seconds: float
    sketch_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def duplicates(self) -> int:
        """Postings that are not the canonical member of their cluster."""
        return self.exact_url + self.exact_content + self.near_text


def rebuild_clusters(con: duckdb.DuckDBPyConnection, clustered_at: datetime) -> ClusterStats:
    """Recompute ``posting_clusters`` for every stored posting, inside the caller's transaction.

    Streams the postings once in Arrow batches (only their keys and signatures stay in
    memory, not the text), computes the clusters and replaces the table with one DELETE
    and one INSERT from a registered frame; it neither begins nor commits.
    """
    started = time.perf_counter()
    reader = con.sql(sql_text(STATEMENTS, "read_for_clustering")).to_arrow_reader(
        BATCH_POSTINGS)
    keys, signatures = _sketch(pl.from_arrow(batch) for batch in reader)
    sketched = time.perf_counter()
    rows, counts = _cluster(keys, signatures)
    computed = time.perf_counter()
    con.register("cluster_rows", rows)
    try:
        run_script(con, STATEMENTS, "replace_clusters", {"clustered_at": clustered_at})
    finally:
        con.unregister("cluster_rows")
    finished = time.perf_counter()
    return ClusterStats(postings=rows.height, clusters=counts["self"],
                        exact_url=counts["exact_url"], exact_content=counts["exact_content"],
                        near_text=counts["near_text"], candidate_pairs=counts["candidates"],
                        seconds=finished - started, sketch_seconds=sketched - started,
                        write_seconds=finished - computed)


def _sketch(batches: Iterable[pl.DataFrame]) -> tuple[pl.DataFrame, np.ndarray]:
    """Per posting its matching keys (a frame) and its MinHash signature (a matrix row)."""
    keys, signatures = [], []
    for batch in batches:
        if batch.height == 0:
            continue
        normalised = _normalise(batch)
        signatures.append(_signatures(normalised["text"]))
        keys.append(normalised.drop("text"))
    if not keys:
        return (pl.DataFrame(schema=_KEYS_SCHEMA), np.empty((0, BINS), dtype=np.uint16))
    # Row positions are tie-breaks, so they follow posting_key, not the scan order (sorting
    # here rather than in SQL keeps DuckDB from holding every description to sort them).
    frame = pl.concat(keys)
    order = frame["posting_key"].arg_sort().to_numpy()
    return frame[order], np.concatenate(signatures)[order]


def _cluster(keys: pl.DataFrame, signatures: np.ndarray) -> tuple[pl.DataFrame, dict[str, int]]:
    n = keys.height
    if n == 0:
        empty = pl.DataFrame(schema={"posting_key": pl.String(), "cluster_id": pl.String(),
                                     "is_canonical": pl.Boolean(), "method": pl.String(),
                                     "similarity": pl.Float64()})
        return empty, {**dict.fromkeys(METHODS, 0), "candidates": 0}
    usable = (signatures != _EMPTY).any(axis=1)
    frame = keys.with_columns(
        idx=pl.int_range(n, dtype=pl.Int64),
    ).with_columns(
        url_group=pl.when(pl.col("canonical_url").is_null()).then(pl.col("idx"))
        .otherwise(pl.col("idx").min().over("canonical_url", "title_key")),
        content_group=pl.col("idx").min().over("content_a", "content_b"),
    )
    idx = np.arange(n, dtype=np.int64)
    url_group = frame["url_group"].to_numpy()
    content_group = frame["content_group"].to_numpy()

    # Near duplicates among distinct contents only; exact copies follow their first member.
    is_rep = content_group == idx
    pairs = _candidate_pairs(signatures, usable & is_rep)
    similarity = _similarity(signatures, pairs[:, 0], pairs[:, 1])
    near = pairs[similarity >= NEAR_THRESHOLD]

    links_from = np.concatenate([idx, idx, near[:, 0]])
    links_to = np.concatenate([url_group, content_group, near[:, 1]])
    label = _components(n, links_from, links_to)

    # Canonical member per component: earliest first seen, longest description, smallest key.
    canonical = frame.with_columns(label=label).select(
        pl.col("idx").sort_by(["first_seen_at", "description_chars", "idx"],
                              descending=[False, True, False]).first().over("label")
    )["idx"].to_numpy()
    same_url = url_group == url_group[canonical]
    same_content = content_group == content_group[canonical]
    method = np.select([canonical == idx, same_url, same_content],
                       [0, 1, 2], default=3).astype(np.int8)

    sim = np.full(n, np.nan)
    sim[(method == 1) | (method == 2)] = 1.0
    near_members = np.flatnonzero(method == 3)
    near_members = near_members[usable[near_members] & usable[canonical[near_members]]]
    sim[near_members] = _similarity(signatures, near_members, canonical[near_members])

    keys_in_order = keys["posting_key"]
    rows = pl.DataFrame({
        "posting_key": keys_in_order,
        "cluster_id": keys_in_order.gather(canonical),
        "is_canonical": method == 0,
        "method": pl.Series(np.asarray(METHODS)[method], dtype=pl.String),
        "similarity": pl.Series(sim, dtype=pl.Float64).fill_nan(None),
    })
    per_method = np.bincount(method, minlength=len(METHODS))
    counts = {name: int(per_method[i]) for i, name in enumerate(METHODS)}
    counts["candidates"] = len(pairs)
    return rows, counts


def _normalise(batch: pl.DataFrame) -> pl.DataFrame:
    """Matching keys of a batch of postings, and the normalised text the shingles come from.

    Normalised means lower case, every kind of whitespace as one space, trimmed; the three
    fields are joined with " U+001F " so title "A B" + company "C" never equals "A" + "B C".
    The content key is two differently seeded 64-bit hashes of that text (a false match
    needs both to collide).
    """
    def normal(column: pl.Expr) -> pl.Expr:
        return (column.str.to_lowercase()
                .str.replace_many(_WHITESPACE, [" "] * len(_WHITESPACE))
                .str.replace_all(" {2,}", " ").str.strip_chars(" "))

    # Every kept column is computed, never passed through: a column taken as it is from an
    # Arrow batch keeps the whole batch, descriptions included, in memory (the batch has
    # one release callback), which held ~2 KB per posting until the end.
    return batch.select(
        posting_key=pl.col("posting_key") + "",
        first_seen_at=pl.col("first_seen_at").dt.epoch("us") + 0,
        description_chars=pl.col("description").str.len_chars(),
        canonical_url=pl.col("canonical_url") + "",
        title_key=normal(pl.col("title")),
        text=normal(pl.concat_str(["title", pl.col("company").fill_null(""), "description"],
                                  separator=" \x1f ")),
    ).with_columns(
        content_a=pl.col("text").hash(seed=HASH_SEED),
        content_b=pl.col("text").hash(seed=HASH_SEED + 1),
    )


def _signatures(texts: pl.Series) -> np.ndarray:
    """b-bit MinHash signatures, one row of BINS uint16 per normalised text."""
    doc, word = _word_hashes(texts)
    doc, shingle = _shingle_hashes(doc, word, len(texts))
    return _one_permutation(doc, shingle, len(texts))


def _word_hashes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every word of every text as (text index, 64-bit word hash), in text order."""
    spaced = texts.str.replace_many(_PUNCTUATION, [" "] * len(_PUNCTUATION))
    words = (pl.DataFrame({"doc": np.arange(len(texts), dtype=np.int64),
                           "word": spaced.str.split(" ")})
             .explode("word"))
    # Filtering in numpy is cheaper than filtering the string column.
    keep = words["word"].str.len_bytes().fill_null(0).to_numpy() > 0
    return (words["doc"].to_numpy()[keep],
            words["word"].hash(seed=HASH_SEED).to_numpy()[keep])


def _shingle_hashes(doc: np.ndarray, word: np.ndarray, n_docs: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """A hash per run of SHINGLE_WORDS consecutive words of a text (one for a shorter text).

    ``doc`` is sorted (words arrive text by text), so a run starting at word i stays inside
    its text exactly when ``doc[i + SHINGLE_WORDS - 1] == doc[i]``; runs that cross into
    the next text are computed and dropped, which is cheaper than masking them.
    """
    last = SHINGLE_WORDS - 1
    combined = word * _SHINGLE_MULT[0]
    for offset in range(1, SHINGLE_WORDS):
        combined[:-offset] += word[offset:] * _SHINGLE_MULT[offset]
    fits = np.zeros(len(word), dtype=bool)
    fits[:-last] = doc[last:] == doc[:-last]
    docs, shingles = [doc[fits]], [combined[fits]]
    # A text shorter than a shingle still gets one, of all its words.
    words_in = np.bincount(doc, minlength=n_docs)
    short = np.flatnonzero((words_in > 0) & (words_in < SHINGLE_WORDS))
    if short.size:
        in_short = np.isin(doc, short)
        short_doc, short_word = doc[in_short], word[in_short]
        first = np.searchsorted(short_doc, short)
        position = np.arange(len(short_doc)) - np.repeat(first, words_in[short])
        total = np.zeros(len(short), dtype=np.uint64)
        np.add.at(total, np.repeat(np.arange(len(short)), words_in[short]),
                  short_word * _SHINGLE_MULT[position])
        docs.append(short)
        shingles.append(total)
    return np.concatenate(docs), _mix(np.concatenate(shingles))


def _one_permutation(doc: np.ndarray, shingle: np.ndarray, n_docs: int) -> np.ndarray:
    """Per text, the smallest 32-bit value per bin over its shingles, empty bins densified,
    kept to its low 16 bits (b-bit MinHash: a false bin match costs 2**-16)."""
    bins = (shingle >> np.uint64(64 - BIN_BITS)).astype(np.intp)
    values = np.minimum(shingle & _U32, np.uint64(_EMPTY32 - 1)).astype(np.uint32)
    flat = np.full(n_docs * BINS, _EMPTY32, dtype=np.uint32)
    np.minimum.at(flat, doc * BINS + bins, values)
    signatures = flat.reshape(n_docs, BINS)
    _densify(signatures)
    empty = signatures == _EMPTY32
    low = (signatures & np.uint32(0xFFFF)).astype(np.uint16)
    low[low == _EMPTY] = _EMPTY - 1
    low[empty] = _EMPTY
    return low


def _densify(signatures: np.ndarray) -> None:
    """Fill each empty bin from the bin its probe sequence first finds non-empty (in place)."""
    original = signatures.copy()
    full = original != _EMPTY32
    rows, cols = np.nonzero(~full & full.any(axis=1)[:, None])
    for attempt in range(MAX_PROBES):
        if rows.size == 0:
            return
        found = original[rows, _PROBES[attempt, cols]]
        hit = found != _EMPTY32
        signatures[rows[hit], cols[hit]] = found[hit]
        rows, cols = rows[~hit], cols[~hit]
    signatures[rows, cols] = original[rows, np.argmax(full[rows], axis=1)]


def _candidate_pairs(signatures: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Distinct (i, j), i < j, signature rows sharing at least one LSH band."""
    members = np.flatnonzero(usable)
    by_bin = np.ascontiguousarray(signatures[members].T)  # one contiguous row per bin
    found = [np.empty((0, 2), dtype=np.int64)]
    for band in range(BANDS):
        key = np.full(len(members), band + 1, dtype=np.uint64)
        key *= _BAND_MULT[BAND_ROWS]
        for row in range(BAND_ROWS):
            key += by_bin[band * BAND_ROWS + row].astype(np.uint64) * _BAND_MULT[row]
        key = _mix(key)
        order = np.argsort(key, kind="stable")
        sorted_key, in_order = key[order], members[order]
        for step in range(1, BUCKET_WINDOW + 1):
            same = sorted_key[:-step] == sorted_key[step:]
            if not same.any():
                break  # sorted: no equal keys `step` apart means none further apart either
            found.append(np.stack([in_order[:-step][same], in_order[step:][same]], axis=1))
    pairs = np.concatenate(found)
    low, high = pairs.min(axis=1), pairs.max(axis=1)
    codes = np.unique(low * len(signatures) + high)
    return np.stack([codes // len(signatures), codes % len(signatures)], axis=1)


def _similarity(signatures: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity: the fraction of equal bins."""
    out = np.empty(len(a))
    for start in range(0, len(a), PAIRS_PER_BATCH):
        end = start + PAIRS_PER_BATCH
        equal = signatures[a[start:end]] == signatures[b[start:end]]
        out[start:end] = np.count_nonzero(equal, axis=1) / BINS
    return out


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of the links a[k]-b[k]: each node labelled by its smallest node."""
    parent = np.arange(n, dtype=np.int64)
    while True:
        # After full compression parent[] holds roots, so these are root-to-root hooks.
        root_a, root_b = parent[a], parent[b]
        live = root_a != root_b
        if not live.any():
            return parent
        # A settled link stays settled (roots only merge), so it is dropped for good.
        a, b, root_a, root_b = a[live], b[live], root_a[live], root_b[live]
        np.minimum.at(parent, np.maximum(root_a, root_b), np.minimum(root_a, root_b))
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
