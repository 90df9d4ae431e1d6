"""council-qa's benchmark against LlamaIndex + FAISS + BM25, measured side by side in one run.

A package of its own beside the product (``benchmarks/``): the product does not import or ship
it; ``council-qa bench`` hands its arguments over to :func:`council_qa_bench.cli.main`.
"""
