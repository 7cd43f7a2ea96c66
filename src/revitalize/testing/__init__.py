"""Test helpers shipped to users: hypothesis strategies (:mod:`revitalize.testing.strategies`).

Importing :mod:`revitalize` never imports this package; it needs the
``test`` extra (hypothesis).
"""
