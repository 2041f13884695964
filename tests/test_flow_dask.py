"""Extraction mapped over batches on a Dask LocalCluster of two worker processes writes the
same rows as the serial run."""

from __future__ import annotations

import shutil
from datetime import date

from flows.pipeline import extract_flow, extract_task_runner
from leadtrends import stages
from leadtrends.lake import read_models_parquet
from leadtrends.model import Posting
from leadtrends.paths import DataPaths

DAY = date(2026, 11, 23)


def test_two_dask_workers_extract_exactly_what_one_process_does(tmp_path):
    serial, dask = DataPaths(tmp_path / "serial").ensure(), DataPaths(tmp_path / "dask")
    with stages.serve_sample_board(seed=7, adverts=150) as specs:
        for spec in specs:
            stages.crawl_source(spec, serial)
    shutil.copytree(serial.crawl_dir, dask.ensure().crawl_dir, dirs_exist_ok=True)
    sources = [spec.name for spec in specs]

    results = {}
    for paths, workers in ((serial, 1), (dask, 2)):
        flow = extract_flow.with_options(task_runner=extract_task_runner(workers))
        results[workers] = flow(str(paths.root), "run-1", DAY, sources, batch_size=15)

    one, two = results[1], results[2]
    assert one.batches == two.batches > 4
    assert [p.relative_to(serial.root) for p in one.outputs] == \
        [p.relative_to(dask.root) for p in two.outputs]
    rows_one = [p.model_dump() for p in read_models_parquet(one.outputs, Posting)]
    rows_two = [p.model_dump() for p in read_models_parquet(two.outputs, Posting)]
    assert len(rows_one) == one.postings_out > 0
    assert rows_one == rows_two
