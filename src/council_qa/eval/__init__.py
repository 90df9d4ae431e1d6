"""Evaluation of council-qa against a hand-labelled test set (``council-qa eval``).

``testset`` reads the JSONL format of the contract, ``runner`` asks every question and runs
the retriever, ``scoring`` turns the answers into per-item checks and summary figures using
the pure functions of ``metrics``, ``report`` and ``charts`` write the results, and
``command`` is the ``eval`` subcommand. ``docs/eval/METRICS.md`` defines every figure.
"""
