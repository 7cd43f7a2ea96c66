"""Adapters that run the library's pure functions on other engines (optional extras).

- :mod:`revitalize.integrations.dask`: a Dask bag adapter (``pip install 'revitalize[dask]'``).

Spark needs no adapter: :func:`revitalize.batch.assess_partition` is a
``mapPartitions`` function as it stands (see the how-to "Assess millions of
households").
"""
