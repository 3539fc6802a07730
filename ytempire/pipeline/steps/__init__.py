"""One function per stage: do the work once, store the artefact, charge the ledger.

Every step first looks for its artefact and reuses it, so a re-delivered or retried task never
redoes (or re-charges) finished work. The stage table (pipeline/stages.py) names them.
"""
