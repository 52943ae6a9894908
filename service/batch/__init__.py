"""Batch scoring of files and analysis of corpora: readers, chunked workers, writers, local and Dask engines.

The parent process only reads raw chunks and writes results; workers parse, predict and format,
so on a small machine the work that costs CPU runs in parallel.
"""
