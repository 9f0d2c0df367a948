"""``flowcheck scan``: every capital-flow claim in a pile of archived news, as a table.

The data path, each step in its own module:

    sources.py   WARC/WARC.gz, folders, JSON Lines → partitions (file + record range) → records
    prefilter.py a test on the raw record (stage 1) and on the main text (stage 2)
    work.py      one worker: record → article (the scraper's extractor) → audit → result rows
    run.py       where the work runs: in process, ``--jobs N`` processes, or a Dask cluster
    output.py    Parquet / JSON Lines part files (one per partition: resumable), the store
"""
