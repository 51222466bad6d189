"""Training the statistical event layer (claimgraph.events.v2): corpus, features, fitting, evaluation.

Nothing here runs at inference time except through `claimgraph.extract.learned`, which reads the shipped model.
"""
