"""Turning facts into published tables: reconcile → derive → check → validate → publish.

The refresh orchestrates both halves: it runs `etl.facts` over documents (cached, in a pool)
and hands the facts to the stages here, which write Parquet tables atomically.
"""
