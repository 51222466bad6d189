"""Property-based fuzzing of the readers (ingest) and of time and quantity normalisation (issue 11, part 6).

``strategies`` builds hostile inputs, ``harness`` runs one input through a reader and checks the contract (no
exception, every rejection a ``skipped:*`` Document with a coded error). The tests here run a small seeded sample
(hypothesis profile ``ci``, the default); ``scripts/fuzz.py --examples 10000`` runs the long campaign and prints a
table per reader.
"""
