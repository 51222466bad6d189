"""Extraction stage: time normalisation (``timex``), numbers and money (``quantities``), document dating
(``docdate``), typed events and claims.

Submodules are imported on demand (``from claimgraph.extract import timex``) so that importing the package
loads no data files and no spaCy pipeline.
"""
