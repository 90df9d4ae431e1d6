"""Chunks stored column-wise, so that opening an index does not build a million objects.

Format version 1 kept chunks as JSON lines and built every ``Chunk`` and ``Passage`` at load:
~800,000 passages at 100k chunks, about ten seconds of every cold start. Here each field is a
file: numbers as ``.npy`` arrays, texts as one UTF-8 blob with an array of byte offsets, and
the few distinct strings of the categorical fields (document, source, kind, resolution, clause,
section, visibility) as one JSON list that integer codes point into. Opening memory-maps the
files; a ``Chunk`` is built only for a row that is asked for (a query's hits), and filters run
on the code arrays without building any.
"""

from __future__ import annotations

import json
import mmap
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, cast, overload

import numpy as np
import numpy.typing as npt

from council_qa.types import Chunk, ChunkKind, Passage, Visibility

CODED = ("document_id", "source", "kind", "resolution", "clause", "section", "visibility")
STRINGS = "strings.json"
NONE = -1  # the code of a field left empty (``None``)
CACHED_CHUNKS = 4096


class Texts(Sequence[str]):
    """Strings kept as one UTF-8 blob (memory-mapped) and ``n + 1`` byte offsets."""

    def __init__(self, blob: bytes | mmap.mmap, offsets: npt.NDArray[np.int64]) -> None:
        self._blob, self._offsets = blob, offsets

    @classmethod
    def open(cls, folder: Path, name: str) -> Texts:
        offsets = _open_array(folder / f"{name}.offsets.npy")
        path = folder / f"{name}.utf8"
        if path.stat().st_size == 0:  # mmap refuses an empty file
            return cls(b"", offsets)
        with open(path, "rb") as fh:
            return cls(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])].decode("utf-8")

    def span(self, a: int, b: int) -> list[str]:
        """Strings ``a:b`` (in range), reading their offsets in one go."""
        offsets = self._offsets[a : b + 1].tolist()
        blob = self._blob
        return [blob[x:y].decode("utf-8") for x, y in pairwise(offsets)]


def _open_array(path: Path) -> Any:
    """A memory-mapped ``.npy`` as a plain array: indexing a ``np.memmap`` runs Python code per
    access (~3 µs), which building a chunk's passages did a hundred times per question."""
    return np.asarray(np.load(path, mmap_mode="r"))


class _TextWriter:
    def __init__(self, folder: Path, name: str) -> None:
        self._folder, self._name = folder, name
        self._fh = open(folder / f"{name}.utf8", "wb")  # noqa: SIM115 - closed in close()
        self._offsets = array("q", [0])

    def add(self, text: str) -> None:
        data = text.encode("utf-8")
        self._fh.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def close(self) -> None:
        self._fh.close()
        np.save(self._folder / f"{self._name}.offsets.npy", np.frombuffer(self._offsets, dtype=np.int64))


class ColumnWriter:
    """Writes chunks one by one into ``folder`` (created): a streamed build never holds them all."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self._folder = folder
        self._strings: dict[str, int] = {}
        self._codes: dict[str, array[int]] = {name: array("i") for name in CODED}
        self._passage_offsets = array("q", [0])
        self._starts, self._ends, self._pages = array("q"), array("q"), array("i")
        self._texts = {name: _TextWriter(folder, name) for name in ("chunk_id", "text", "passage_text")}
        self.count = 0

    def add(self, c: Chunk) -> None:
        for name in CODED:
            value = getattr(c, name)
            self._codes[name].append(NONE if value is None else self._strings.setdefault(value, len(self._strings)))
        self._texts["chunk_id"].add(c.chunk_id)
        self._texts["text"].add(c.text)
        for p in c.passages:
            self._texts["passage_text"].add(p.text)
            self._starts.append(p.source_start)
            self._ends.append(p.source_end)
            self._pages.append(p.page)
        self._passage_offsets.append(len(self._starts))
        self.count += 1

    def close(self) -> None:
        """Write the arrays; the files are complete only after this."""
        for w in self._texts.values():
            w.close()
        folder = self._folder
        for name, values in self._codes.items():
            np.save(folder / f"{name}.npy", np.frombuffer(values, dtype=np.int32))
        np.save(folder / "passage_offsets.npy", np.frombuffer(self._passage_offsets, dtype=np.int64))
        np.save(folder / "passage_start.npy", np.frombuffer(self._starts, dtype=np.int64))
        np.save(folder / "passage_end.npy", np.frombuffer(self._ends, dtype=np.int64))
        np.save(folder / "passage_page.npy", np.frombuffer(self._pages, dtype=np.int32))
        with open(folder / STRINGS, "w", encoding="utf-8") as fh:
            json.dump(list(self._strings), fh, ensure_ascii=False)


def write(folder: Path, chunks: Iterable[Chunk]) -> int:
    """Write ``chunks`` in order into ``folder`` (created); returns how many."""
    writer = ColumnWriter(folder)
    for c in chunks:
        writer.add(c)
    writer.close()
    return writer.count


class ChunkTable(Sequence[Chunk]):
    """The chunks of one generation, in row order; ``table[row]`` builds that one ``Chunk``."""

    def __init__(
        self,
        strings: list[str],
        codes: dict[str, npt.NDArray[np.int32]],
        chunk_ids: Texts,
        texts: Texts,
        passage_offsets: npt.NDArray[np.int64],
        passage_texts: Texts,
        passage_numbers: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]],
    ) -> None:
        self._strings = strings
        self._lookup = {s: i for i, s in enumerate(strings)}
        self._codes = codes
        self._chunk_ids, self.texts = chunk_ids, texts
        self.passage_offsets = passage_offsets
        self._passage_texts = passage_texts
        self._starts, self._ends, self._pages = passage_numbers
        # The answer strategies look at each hit several times per question, and the same
        # chunks answer related questions: keep the last few thousand built.
        self._chunk = lru_cache(maxsize=CACHED_CHUNKS)(self._build)

    @classmethod
    def open(cls, folder: Path) -> ChunkTable:
        def arr(name: str) -> Any:
            return _open_array(folder / f"{name}.npy")

        strings = json.loads((folder / STRINGS).read_text(encoding="utf-8"))
        return cls(
            strings,
            {name: arr(name) for name in CODED},
            Texts.open(folder, "chunk_id"),
            Texts.open(folder, "text"),
            arr("passage_offsets"),
            Texts.open(folder, "passage_text"),
            (arr("passage_start"), arr("passage_end"), arr("passage_page")),
        )

    @classmethod
    def empty(cls) -> ChunkTable:
        none = np.zeros(0, dtype=np.int32)
        start = np.zeros(1, dtype=np.int64)
        return cls(
            [],
            {name: none for name in CODED},
            Texts(b"", start),
            Texts(b"", start),
            start,
            Texts(b"", start),
            (np.zeros(0, np.int64), np.zeros(0, np.int64), none),
        )

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, row: int) -> Chunk: ...
    @overload
    def __getitem__(self, row: slice) -> list[Chunk]: ...
    def __getitem__(self, row: int | slice) -> Chunk | list[Chunk]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        if not -len(self) <= row < len(self):
            raise IndexError(row)
        return self._chunk(row % len(self))

    def _build(self, row: int) -> Chunk:
        a, b = int(self.passage_offsets[row]), int(self.passage_offsets[row + 1])
        texts = self._passage_texts
        passages = tuple(
            map(
                Passage,
                texts.span(a, b),
                self._starts[a:b].tolist(),
                self._ends[a:b].tolist(),
                self._pages[a:b].tolist(),
            )
        )
        value = self._value
        return Chunk(
            chunk_id=self._chunk_ids[row],
            document_id=cast(str, value("document_id", row)),
            source=cast(str, value("source", row)),
            kind=cast(ChunkKind, value("kind", row)),
            text=self.texts[row],
            passages=passages,
            resolution=value("resolution", row),
            clause=value("clause", row),
            section=value("section", row),
            visibility=cast(Visibility, value("visibility", row)),
        )

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))

    def _value(self, name: str, row: int) -> str | None:
        code = int(self._codes[name][row])
        return None if code == NONE else self._strings[code]

    def column(self, name: str) -> npt.NDArray[np.int32]:
        """The codes of field ``name`` (one of ``CODED``) for every row."""
        return np.asarray(self._codes[name])

    def code(self, value: str) -> int:
        """The code of ``value`` in the coded columns; ``-2`` (matching no row) if no chunk has it."""
        return self._lookup.get(value, -2)

    def rows_matching(self, name: str, values: Iterable[str]) -> npt.NDArray[np.bool_]:
        """A mask of the rows whose field ``name`` is one of ``values``."""
        wanted = np.asarray([self.code(v) for v in values], dtype=np.int32)
        return np.isin(self.column(name), wanted)
