"""Synthetic news corpora of any size, with a vocabulary that keeps growing like real news.

Repeating a small corpus flatters any matcher that works once per vocabulary
type: after the first copy every word is known. Real news keeps bringing new
words (names, places, compounds, misspellings) and its vocabulary grows with
the number of tokens *n* roughly as Heaps' law, V = K·n^β; for the Reuters
RCV1 newswire K ≈ 44 and β ≈ 0.49 (Manning, Raghavan & Schütze 2008,
*Introduction to Information Retrieval*, §5.1.1).

How a corpus is made (everything drawn from one seeded generator):

1. A pool of real sentences: the bundled ``pow-exchange-2025`` articles (constructed
   teaching material about fictional outlets) and, when a local copy is found, the
   428 real climate-change articles of the Narrative Frames Corpus (Frermann et
   al. 2023; ``FRAMING_NFC_PATH`` or ``../shared/datasets``), split into sentences by
   :func:`framing.sentences`.
2. Each synthetic article takes its pool (NFC with probability 0.7 when
   available), the length (in sentences), outlet and title style of a random real
   article of that pool, and sentences drawn at random from the whole pool.
3. Whenever the running number of word types falls below the Heaps curve
   above, new words are inserted at random places in the article: pronounceable
   pseudo-words (half capitalised, like names), unique by construction and never
   a word of the pool. They are ~0.3% of the tokens of a 1 GB corpus.

The type/token curve of the result (counted with framing's tokenizer; types are
exact: pool types seen so far plus inserted words) is printed next to the
Heaps reference and the real NFC curve.

    python benchmarks/make_corpus.py OUT.jsonl --mb 1000 [--seed 0] [--format jsonl|csv|parquet]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

HEAPS_K, HEAPS_BETA = 44.0, 0.49
P_NFC = 0.7
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + [
    c + v + e for c in "bdgkmnprst" for v in "aeiou" for e in "nrls"
]
_SUFFIXES = ["", "", "", "ov", "er", "ing", "ist", "ia", "ski", "ton", "ment", "ness"]


@dataclass
class _Pool:
    """Sentences of one source, their word ids, and the shapes of its real articles."""

    name: str
    sentences: list[str]
    word_ids: np.ndarray  # flat word ids (into the shared vocabulary) of every sentence
    offsets: np.ndarray  # sentence i has word_ids[offsets[i]:offsets[i + 1]]
    doc_lengths: np.ndarray  # sentences per real article
    outlets: list[str]
    dates: list[str]


def _nfc_folder(path: str | None) -> Path | None:
    from framing.datasets import locate_narrative_frames

    if path:
        return locate_narrative_frames(path)
    here = Path(__file__).resolve().parent.parent
    return locate_narrative_frames() or locate_narrative_frames(
        here / ".." / ".." / "shared" / "datasets" / "narrative-frames-corpus"
    )


def _pool(name: str, corpus: pd.DataFrame, vocab: dict[str, int]) -> _Pool:
    import framing
    from framing.text.tokens import TOKEN_RX, fold_case

    sents = framing.sentences(corpus[["doc_id", "outlet", "date", "text"]], progress=False)
    texts = [" ".join(t.split()) for t in sents["text"].tolist()]
    ids, offsets = [], [0]
    for t in texts:
        for w in TOKEN_RX.findall(t):
            ids.append(vocab.setdefault(fold_case(w), len(vocab)))
        offsets.append(len(ids))
    lengths = sents.groupby("doc_id", sort=False).size().to_numpy()
    dates = corpus["date"].dt.strftime("%Y-%m-%d").fillna("2025-06-09").tolist()
    return _Pool(
        name,
        texts,
        np.asarray(ids, dtype=np.int64),
        np.asarray(offsets, dtype=np.int64),
        lengths,
        corpus["outlet"].tolist(),
        dates,
    )


def load_pools(nfc: str | None = None) -> tuple[list[_Pool], dict[str, int]]:
    """The sentence pools (bundled corpus, and the NFC when a copy is found) and their vocabulary."""
    import framing

    vocab: dict[str, int] = {}
    pools = [_pool("pow-exchange-2025", framing.load_corpus("pow-exchange-2025"), vocab)]
    folder = _nfc_folder(nfc)
    if folder is not None:
        from framing.datasets import load_narrative_frames

        pools.append(_pool("narrative-frames", load_narrative_frames(folder).corpus, vocab))
    return pools, vocab


class _NewWords:
    """Unique pseudo-words: a counter written in syllables, never a word of the pool."""

    def __init__(self, vocab: dict[str, int], rng: np.random.Generator):
        self.vocab, self.rng, self.n = vocab, rng, 0
        self.n_inserted = 0

    def take(self) -> str:
        while True:
            i, parts = self.n + len(_SYLLABLES), []
            self.n += 1
            while i:
                i, d = divmod(i, len(_SYLLABLES))
                parts.append(_SYLLABLES[d])
            word = "".join(parts) + _SUFFIXES[int(self.rng.integers(len(_SUFFIXES)))]
            if word not in self.vocab:
                return word.capitalize() if self.rng.random() < 0.5 else word


class CorpusGenerator:
    """Yields synthetic articles (dicts) and keeps the exact type/token count."""

    def __init__(self, *, seed: int = 0, nfc: str | None = None):
        self.rng = np.random.default_rng(seed)
        self.pools, vocab = load_pools(nfc)
        self.seen = np.zeros(len(vocab), dtype=bool)
        self.pool_types = 0
        self.new_words = _NewWords(vocab, self.rng)
        self.tokens = 0
        self.n_docs = 0

    @property
    def types(self) -> int:
        return self.pool_types + self.new_words.n_inserted

    def heaps(self, n: float) -> float:
        return HEAPS_K * n**HEAPS_BETA

    def article(self) -> dict:
        rng = self.rng
        pool = self.pools[-1] if len(self.pools) > 1 and rng.random() < P_NFC else self.pools[0]
        like = int(rng.integers(len(pool.doc_lengths)))
        k = int(pool.doc_lengths[like])
        picks = rng.integers(len(pool.sentences), size=k)
        starts, ends = pool.offsets[picks], pool.offsets[picks + 1]
        lens = ends - starts
        flat = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
        words = np.unique(pool.word_ids[flat])
        fresh = words[~self.seen[words]]
        self.seen[fresh] = True
        self.pool_types += len(fresh)
        self.tokens += int(lens.sum())
        parts = [pool.sentences[i] for i in picks]
        missing = int(self.heaps(self.tokens) - self.types)
        for _ in range(max(missing, 0)):
            j = int(rng.integers(k))
            chunks = parts[j].split(" ")
            chunks.insert(int(rng.integers(1, len(chunks) + 1)), self.new_words.take())
            parts[j] = " ".join(chunks)
            self.new_words.n_inserted += 1
            self.tokens += 1
        self.n_docs += 1
        title = " ".join(parts[0].split(" ")[:12]).rstrip(".,;:")
        return {
            "doc_id": f"syn-{self.n_docs:08d}",
            "outlet": pool.outlets[like],
            "date": pool.dates[like],
            "title": title,
            "text": " ".join(parts),
            "lang": "en",
        }


def generate(mb: float, *, seed: int = 0, nfc: str | None = None, curve: list | None = None):
    """Yield articles until their texts hold ``mb`` megabytes (UTF-8); fill ``curve``."""
    gen = CorpusGenerator(seed=seed, nfc=nfc)
    target = mb * 1e6
    size = 0.0
    marks = [10**e for e in range(3, 12)] + [3 * 10**e for e in range(3, 12)]
    marks.sort()
    while size < target:
        art = gen.article()
        size += len(art["text"].encode("utf-8"))
        while marks and gen.tokens >= marks[0]:
            if curve is not None:
                curve.append((marks.pop(0), gen.tokens, gen.types))
            else:
                marks.pop(0)
        yield art
    if curve is not None:
        curve.append((gen.tokens, gen.tokens, gen.types))


def make_corpus(mb: float, *, seed: int = 0, nfc: str | None = None) -> pd.DataFrame:
    """A synthetic corpus of ``mb`` megabytes of text as a DataFrame (corpus schema)."""
    df = pd.DataFrame.from_records(list(generate(mb, seed=seed, nfc=nfc)))
    df["date"] = pd.to_datetime(df["date"])
    return df


def write_corpus(
    path: str | Path, mb: float, *, seed: int = 0, nfc: str | None = None, fmt: str | None = None
) -> list[tuple[int, int, int]]:
    """Write a synthetic corpus to ``path`` (JSONL, CSV or Parquet) without holding it in memory.

    Returns the type/token curve: (mark, tokens, types) rows.
    """
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    curve: list[tuple[int, int, int]] = []
    tmp = path.with_name(f".{path.name}.tmp")
    articles = generate(mb, seed=seed, nfc=nfc, curve=curve)
    if fmt == "jsonl":
        with tmp.open("w", encoding="utf-8") as fh:
            for art in articles:
                fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = None
            for art in articles:
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(art))
                    writer.writeheader()
                writer.writerow(art)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer, batch = None, []
        for art in articles:
            batch.append(art)
            if len(batch) == 5000:
                table = pa.Table.from_pylist(batch)
                writer = writer or pq.ParquetWriter(tmp, table.schema)
                writer.write_table(table)
                batch = []
        if batch:
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        if writer is not None:
            writer.close()
    else:
        raise SystemExit(f"unknown format {fmt!r}; use jsonl, csv or parquet")
    tmp.replace(path)
    return curve


def nfc_curve(nfc: str | None = None) -> list[tuple[int, int]]:
    """Type/token curve of the real NFC texts in their file order (for comparison)."""
    folder = _nfc_folder(nfc)
    if folder is None:
        return []
    from framing.datasets import load_narrative_frames
    from framing.text.tokens import TOKEN_RX, fold_case

    seen: set[str] = set()
    n, out, marks = 0, [], [10**e for e in range(3, 7)] + [3 * 10**e for e in range(3, 7)]
    marks.sort()
    for text in load_narrative_frames(folder).corpus["text"]:
        for w in TOKEN_RX.findall(text):
            seen.add(fold_case(w))
            n += 1
            if marks and n >= marks[0]:
                out.append((marks.pop(0), len(seen)))
    out.append((n, len(seen)))
    return out


def print_curve(curve: list[tuple[int, int, int]], nfc: str | None = None, file=sys.stdout) -> None:
    real = nfc_curve(nfc)
    by_mark = dict(real)
    print(f"{'tokens':>13} {'types':>10} {'Heaps 44·n^0.49':>16} {'real NFC':>9}", file=file)
    for mark, tokens, types in curve:
        ref = HEAPS_K * tokens**HEAPS_BETA
        nfc_types = f"{by_mark[mark]:,}" if mark in by_mark else ""
        print(f"{tokens:>13,} {types:>10,} {ref:>16,.0f} {nfc_types:>9}", file=file)
    if real:
        n, v = real[-1]
        print(f"real NFC, all 428 articles: {n:,} tokens, {v:,} types", file=file)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("output", help="OUT.jsonl, OUT.csv or OUT.parquet")
    p.add_argument("--mb", type=float, default=100.0, help="megabytes of text (default 100)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--nfc", help="folder of the Narrative Frames Corpus (default: search)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"])
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    curve = write_corpus(args.output, args.mb, seed=args.seed, nfc=args.nfc, fmt=args.format)
    size = Path(args.output).stat().st_size / 1e6
    print(f"wrote {args.output} ({size:,.0f} MB) in {time.perf_counter() - t0:.0f} s")
    print_curve(curve, args.nfc)
    if _nfc_folder(args.nfc) is None:
        print("(no Narrative Frames Corpus found: sentences from the bundled corpus only)")


if __name__ == "__main__":
    main()
