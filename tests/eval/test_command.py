"""The eval subcommand's parser."""

from __future__ import annotations

import argparse

import pytest

from council_qa.eval.command import CONFIGS, register
from council_qa.index.retriever import MODES


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="council-qa")
    register(p.add_subparsers(dest="command", required=True))
    return p


def test_eval_configs_are_the_retrieval_modes() -> None:
    assert CONFIGS == MODES


def test_arguments() -> None:
    args = parser().parse_args(["eval", "set.jsonl", "--index", "idx", "--config", "bm25", "--config", "dense"])
    assert (args.testset, args.index, args.config, args.report) == ("set.jsonl", "idx", ["bm25", "dense"], None)
    assert args.visibility == "internal" and callable(args.func)
    with pytest.raises(SystemExit):
        parser().parse_args(["eval", "set.jsonl", "--config", "bert"])
