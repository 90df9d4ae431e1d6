"""``council-qa bench`` hands over to the benchmark package (``benchmarks/`` in the repository).

The benchmark is not part of the product: it needs the baseline's libraries and its own
corpus generator, which a council's server has no use for.
"""
