"""Scoring at scale: files streamed through the scorer, worker processes, and Dask.

* :func:`score_files` reads CSV/TSV/JSON Lines/Parquet files (and any source
  :func:`framing.load_corpus` reads) in chunks (:mod:`framing.io.stream`),
  scores each chunk and writes it as one part of a Parquet dataset, so memory
  depends on the chunk, not the corpus; a run that was interrupted continues
  with ``resume=True``.
* ``n_jobs`` of :func:`framing.score`, :func:`framing.matches` and
  :func:`score_files` runs contiguous blocks of rows in worker processes
  (a pool kept between calls). The codebook travels as its definition and each
  worker compiles it once (:func:`framing.scoring.compiled.compile_codebook`
  caches it by content hash); results are concatenated in row order, so they are
  identical to ``n_jobs=1``.
* :func:`framing.score` on a ``dask.dataframe.DataFrame`` returns a Dask
  DataFrame built with ``map_partitions`` (optional extra ``framing[dask]``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import warnings
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_bool, check_choice, check_int
from framing.errors import FramingError, ParameterError, ScoreError
from framing.io.partitioned import close_parts, open_parts, written_parts
from framing.io.stream import (
    CHUNK_BYTES,
    Block,
    DatesUndecided,
    IdCheck,
    LoadOptions,
    Source,
    block_place,
    expand_sources,
    mixed_dates_error,
    plan_blocks,
    read_block,
    stream_options,
    warn_dropped,
)

__all__ = ["score_files", "run", "is_dask", "n_workers"]


# -- worker processes --------------------------------------------------------------------------


def n_workers(n_jobs: int | None) -> int:
    """Worker processes for ``n_jobs``: None or 1 = none, -1 = every core, -2 = all but one."""
    if n_jobs is None:
        return 1
    cpus = _cpu_count()
    n_jobs = check_int("n_jobs", n_jobs)
    if n_jobs == 0 or n_jobs < -cpus:
        raise ParameterError(
            f"n_jobs must be a positive number of processes, or -1 for every core "
            f"(-2 for all but one, down to -{cpus}); got {n_jobs}"
        )
    return n_jobs if n_jobs > 0 else cpus + 1 + n_jobs


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_POOL: ProcessPoolExecutor | None = None
_POOL_SIZE = 0


def _init_worker(n: int) -> None:
    import signal

    from framing.scoring.compiled import CompiledCodebook

    os.environ["TQDM_DISABLE"] = "1"  # progress is shown by the parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Each worker keeps its own vocabulary of the texts it has seen (it grows with the
    # corpus until the compiled codebook starts afresh): n workers share one budget.
    CompiledCodebook.MAX_CHUNKS = max(CompiledCodebook.MAX_CHUNKS // n, 100_000)


def _executor(n: int) -> ProcessPoolExecutor:
    """The process pool, kept between calls (started once: workers cost about a second)."""
    global _POOL, _POOL_SIZE
    if _POOL is not None and (_POOL_SIZE != n or getattr(_POOL, "_broken", False)):
        _POOL.shutdown(wait=True, cancel_futures=True)
        _POOL = None
    if _POOL is None:
        import multiprocessing as mp

        # forkserver: workers fork from a clean server process that has framing
        # imported, never from a parent with threads (fork would be unsafe there)
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["framing.scoring.scale", "framing.scoring.score"])
        _POOL = ProcessPoolExecutor(
            max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(n,)
        )
        _POOL_SIZE = n
        # start every worker now (the pool would start them one by one as work waits),
        # so that the first call's blocks are spread over all of them
        seen: set[int] = set()
        for _ in range(5):
            seen |= set(_POOL.map(_pid, [0.05] * n))
            if len(seen) >= n:
                break
    return _POOL


def _pid(pause: float) -> int:
    import time

    time.sleep(pause)
    return os.getpid()


def _broken(exc: BaseException) -> FramingError:
    """A clear error for a pool whose workers died; the pool is rebuilt on the next call."""
    global _POOL
    _POOL = None
    return FramingError(
        f"the worker processes stopped unexpectedly ({exc}). In a script, put the code that "
        'uses n_jobs under `if __name__ == "__main__":` (workers start by importing the '
        "script); otherwise memory may have run out: use fewer n_jobs or a smaller chunksize"
    )


def _function(name: str):
    import importlib

    module = importlib.import_module("framing.scoring.score")
    return {"score": module.score, "matches": module.matches}[name]


def _call(name: str, data, measure, kwargs: dict) -> tuple[pd.DataFrame, list]:
    """Run ``score``/``matches`` on one block (in a worker), with the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _function(name)(data, measure, **kwargs)
    return result, [(w.category, str(w.message)) for w in caught]


def _reemit(caught: list) -> None:
    """Each distinct warning of the workers once, in the parent."""
    for category, message in dict.fromkeys(caught):
        warnings.warn(message, category, stacklevel=4)


def _measure(codebook_or_model, data=None):
    """A codebook resolved once in the parent; any other measure (a fitted model) as it is."""
    from framing.codebook import Codebook, resolve_codebook

    if codebook_or_model is None or isinstance(codebook_or_model, str | os.PathLike | Codebook):
        return resolve_codebook(codebook_or_model, data)
    return codebook_or_model


def _text_lengths(data, text_col: str) -> np.ndarray:
    texts = data[text_col] if isinstance(data, pd.DataFrame) else pd.Series(data, dtype=object)
    return texts.map(lambda t: len(t) if isinstance(t, str) else 0).to_numpy(dtype=np.int64)


def _blocks(data, text_col: str, n_blocks: int) -> list:
    """Contiguous row blocks of about equal text length (order and ids kept)."""
    lengths = _text_lengths(data, text_col) + 1
    cum = np.cumsum(lengths)
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, n_blocks) / n_blocks, side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [len(lengths)]]))
    out = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if isinstance(data, pd.DataFrame | pd.Series):
            out.append(data.iloc[a:b])
        else:  # a list: a Series keeps the row numbers that become its ids
            out.append(pd.Series(data[a:b], index=pd.RangeIndex(a, b), dtype=object))
    return out


def run(name: str, data, codebook, *, n_jobs: int | None = 1, **kwargs) -> Any:
    """``score``/``matches`` over worker processes, or on a Dask collection.

    Called by :func:`framing.score` and :func:`framing.matches` when ``n_jobs`` is
    not 1 or ``data`` is a Dask DataFrame/Series.
    """
    if is_dask(data):
        if n_workers(n_jobs) != 1:
            raise ParameterError(
                "n_jobs applies to pandas data; Dask runs the partitions on its own workers "
                "(leave n_jobs=1)"
            )
        return _dask(name, data, codebook, kwargs)
    n = n_workers(n_jobs)
    measure = _measure(codebook, data)
    func = _function(name)
    text_col = kwargs.get("text_col", "text")
    rows = len(data) if hasattr(data, "__len__") and not isinstance(data, str) else 0
    if n == 1 or rows < 2 or isinstance(data, str):
        return func(data, measure, **kwargs)
    from framing.scoring.table import texts_of

    # errors name the row in the whole input, as with n_jobs=1
    texts_of(data[[text_col]] if _has_column(data, text_col) else data, text_col)
    blocks = _blocks(data, text_col, min(rows, 4 * n))
    show = kwargs.get("progress")
    if "progress" in kwargs:
        kwargs = {**kwargs, "progress": False}
        if show is None:  # as score(): a bar for more than 20 MB of text, where a person watches
            show = None if _text_lengths(data, text_col).sum() > 20_000_000 else False
    else:
        show = False
    pool = _executor(n)
    futures = [pool.submit(_call, name, block, measure, kwargs) for block in blocks]
    parts, caught = [], []
    bar = _progress_bar(len(futures), show, "blocks", desc=name)
    try:
        for f in futures:
            result, w = f.result()
            parts.append(result)
            caught.extend(w)
            if bar is not None:
                bar.update(1)
    except BrokenProcessPool as exc:
        raise _broken(exc) from None
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    finally:
        if bar is not None:
            bar.close()
    _reemit(caught)
    out = pd.concat(parts, ignore_index=True)
    out.attrs = copy.deepcopy(parts[0].attrs)
    return out


def _has_column(data, col: str) -> bool:
    return isinstance(data, pd.DataFrame) and col in data.columns


def _progress_bar(total: float, show: bool | None, unit: str, desc: str):
    """A tqdm bar when asked for, or by default on a terminal or in a notebook."""
    from framing import _progress

    if not _progress.show(show):
        return None
    return _progress.bar(
        progress=True, total=total, unit=unit, unit_scale=unit == "B", unit_divisor=1000, desc=desc
    )


# -- Dask --------------------------------------------------------------------------------------


def is_dask(data) -> bool:
    """Whether ``data`` is a Dask collection (checked without importing Dask)."""
    return type(data).__module__.split(".")[0] in ("dask", "dask_expr")


def _require_dask():
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        raise FramingError(
            f"scoring Dask data needs Dask's DataFrame support ({exc}); install it with "
            "pip install 'framing[dask]'"
        ) from None
    return dd


def _partition(part, name: str, measure, kwargs: dict, keep_index: bool):
    # Threads of Dask's default scheduler each use their own compiled codebook
    # (framing.scoring.compiled keeps one cache per thread).
    result = _function(name)(part, measure, **kwargs)
    if keep_index:
        result.index = part.index
    return result


def _dask(name: str, ddf, codebook, kwargs: dict):
    dd = _require_dask()
    from dask.dataframe.utils import meta_nonempty

    if not isinstance(ddf, dd.DataFrame | dd.Series):
        raise ScoreError(
            f"framing scores a dask.dataframe.DataFrame or Series, not a {type(ddf).__name__}; "
            "convert it first, e.g. with .to_dataframe()"
        )
    measure = _measure(codebook, ddf._meta)
    kwargs = {**kwargs, "progress": False} if "progress" in kwargs else dict(kwargs)
    sample = meta_nonempty(ddf._meta)
    is_table = isinstance(sample, pd.DataFrame)
    keep_index = name == "score" and (
        kwargs.get("unit", "document") == "document" or (is_table and "sent_id" in sample.columns)
    )
    with warnings.catch_warnings():  # made-up sample rows, e.g. in no known language
        warnings.simplefilter("ignore")
        meta = _partition(sample, name, measure, kwargs, keep_index).iloc[:0]
    return ddf.map_partitions(
        _partition,
        name,
        measure,
        kwargs,
        keep_index,
        meta=meta,
        clear_divisions=not keep_index,
        enforce_metadata=False,
    )


# -- score_files -------------------------------------------------------------------------------


_ORDER = "_dates.json"  # ignored by Parquet readers, like every name starting with _


@dataclass(frozen=True)
class _Job:
    """What every chunk of one run is scored with (shipped to the workers with each chunk)."""

    measure: Any
    unit: str
    normalize: str
    options: LoadOptions
    output: str


@dataclass
class _Tally:
    rows: int = 0
    articles: int = 0
    dropped: int = 0
    warnings: list = field(default_factory=list)


def _score_chunk(block: Block, job: _Job, order: tuple | None = None) -> dict:
    """Read, score and write one chunk (in a worker, or in the parent when n_jobs=1)."""
    from framing.io.partitioned import write_part
    from framing.scoring.score import score

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        articles, dropped, evidence = read_block(block, job.options, order)
        table = None
        if len(articles):
            table = score(
                articles, job.measure, unit=job.unit, normalize=job.normalize, progress=False
            )
        write_part(table, Path(job.output), block.index)
    return {
        "index": block.index,
        "ids": articles["doc_id"].tolist() if len(articles) else [],
        "place": block_place(block),
        "articles": len(articles),
        "rows": 0 if table is None else len(table),
        "dropped": dropped,
        "bytes": block.n_bytes,
        "warnings": [(w.category, str(w.message)) for w in caught],
        "dates": evidence,
    }


def _measure_record(measure) -> dict:
    from framing.codebook import Codebook

    if isinstance(measure, Codebook):
        return dict(_provenance.codebook_record(measure))
    digest = hashlib.sha256(pickle.dumps(measure)).hexdigest()
    return {"model": f"{type(measure).__module__}.{type(measure).__qualname__}", "sha256": digest}


def _source_record(source: Source) -> dict:
    files = []
    for p in source.paths:
        path = Path(p)
        if path.is_file():
            st = path.stat()
            files.append(
                {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
            )
        elif path.is_dir():
            files.append({"path": str(path.resolve()), "mtime_ns": path.stat().st_mtime_ns})
        else:
            files.append({"name": p})  # a bundled corpus
    return {"source": source.label, "files": files}


def _check_output(output: Path, sources: list[Source]) -> None:
    if output.exists() and not output.is_dir():
        raise FramingError(f"{output}: output= names a file; give a folder for the Parquet dataset")
    out = output.resolve()
    for source in sources:
        for p in source.paths:
            src = Path(p).resolve()
            if out == src or (src.is_dir() and src in out.parents):
                raise FramingError(
                    f"{output}: the output folder would be inside the input {p}; choose another"
                )


def score_files(
    paths_or_glob,
    codebook_or_model=None,
    *,
    unit: str = "document",
    chunksize: int = 10_000,
    n_jobs: int | None = 1,
    output,
    resume: bool = False,
    normalize: str = "per_1k",
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "doc_id",
    date_col: str | None = "date",
    title_col: str = "title",
    outlet_aliases: Mapping[str, str] | None = None,
    on_empty: str = "error",
    encoding: str = "utf-8",
    dayfirst: bool | None = None,
    date_format: str | None = None,
    on_bad_date: str = "error",
    progress: bool | None = None,
) -> Path:
    """Score corpus files of any size chunk by chunk into a Parquet dataset.

    Files are read ``chunksize`` articles at a time, scored as by
    :func:`framing.score`, and each chunk is written as one part of a Parquet
    dataset in the folder ``output``, so peak memory depends on the chunk size
    (and ``n_jobs``), not on the size of the corpus. Read the result with
    :func:`framing.read_scores` (provenance in ``attrs``) or any Parquet reader
    (``pandas.read_parquet``, ``dask.dataframe.read_parquet``): the rows in input
    order, equal to ``framing.score(framing.load_corpus(source), ...)`` row for
    row (a glob pattern is one source, as for ``load_corpus``; for a list of
    sources, their results one after another).

    Parameters
    ----------
    paths_or_glob : str, Path or list of them
        Files, glob patterns (``"exports/*.jsonl"``), folders or bundled corpus
        names. CSV, TSV, JSON Lines and Parquet files are streamed; any other
        source :func:`framing.load_corpus` reads (a folder of texts, an archive
        export) is read whole, one source at a time, and then scored in chunks.
    codebook_or_model : str, Path, Codebook or fitted model, optional
        What to measure with, as in :func:`framing.score`; required unless the
        source is a bundled corpus that declares its codebook.
    unit : {'document', 'sentence'}, default='document'
    chunksize : int, default=10000
        Articles per chunk (a chunk of a CSV/TSV/JSONL file also holds at most
        about 4 MB of text).
    n_jobs : int, default=1
        Worker processes that read, score and write chunks at once; -1 uses every
        core. Parts are written by chunk number, so the dataset is the same for
        every ``n_jobs``.
    output : str or Path
        Folder of the Parquet dataset (``part-00000000.parquet``, … and a run
        record ``_framing.json``). It must be new or empty, unless ``resume``.
    resume : bool, default=False
        Continue an interrupted run into the same ``output``: chunks already
        written are kept, the others are scored, so no row is lost or written
        twice. The inputs (files unchanged), codebook and options must be the same.
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'
    text_col, outlet_col, id_col, date_col, title_col, outlet_aliases, on_empty, encoding,
    dayfirst, date_format, on_bad_date
        How the files are read, as in :func:`framing.load_corpus` (and
        :func:`framing.iter_corpus`: numeric dates in one order for the whole corpus).
    progress : bool, optional
        A progress bar over the input bytes (default: when stderr is a terminal).

    Returns
    -------
    Path
        The dataset folder ``output``.

    Raises
    ------
    CorpusError
        Bad input, as :func:`framing.load_corpus` (with the file's line numbers),
        or a ``doc_id`` that repeats anywhere in the corpus.
    FramingError
        ``output`` is a file, a folder with other content, an earlier run's folder
        without ``resume=True``, or a run with other inputs or options.

    See Also
    --------
    framing.iter_corpus : the chunked reader underneath.
    framing.score : the same scores in memory.

    Examples
    --------
    >>> import tempfile
    >>> from framing import load_corpus, read_scores
    >>> out = score_files("pow-exchange-2025", output=tempfile.mkdtemp() + "/scores")
    >>> scores = read_scores(out)
    >>> len(scores) == len(load_corpus("pow-exchange-2025")), scores.attrs["framing"]["codebook"]
    (True, 'pow-exchange')
    """
    check_choice("unit", unit, ("document", "sentence"))
    check_choice("normalize", normalize, ("per_1k", "count", "binary"))
    check_bool("resume", resume)
    options = stream_options(
        chunksize=chunksize, text_col=text_col, outlet_col=outlet_col, id_col=id_col,
        date_col=date_col, title_col=title_col, outlet_aliases=outlet_aliases,
        on_empty=on_empty, encoding=encoding, dayfirst=dayfirst, date_format=date_format,
        on_bad_date=on_bad_date,
    )  # fmt: skip
    n = n_workers(n_jobs)
    if not isinstance(output, str | os.PathLike):
        raise ParameterError(f"output= must be a folder path, got {output!r}")
    output = Path(output)
    sources = expand_sources(paths_or_glob)
    _check_output(output, sources)
    if codebook_or_model is None:
        codebook_or_model = _declared_codebook(sources)
    measure = _measure(codebook_or_model)
    manifest = {
        "framing_version": _provenance.version(),
        "sources": [_source_record(s) for s in sources],
        "measure": _measure_record(measure),
        "unit": unit,
        "normalize": normalize,
        "chunksize": chunksize,
        "chunk_bytes": CHUNK_BYTES,
        "load": {
            **options.load_kwargs(),
            "outlet_aliases": dict(outlet_aliases) if outlet_aliases else None,
        },
        "complete": False,
    }
    open_parts(output, manifest, resume)
    job = _Job(measure, unit, normalize, options, str(output))
    done = written_parts(output)
    total = sum(Path(p).stat().st_size for s in sources for p in s.paths if Path(p).is_file())
    bar = _progress_bar(total, progress, "B", desc="scoring")
    state = _Tally()
    ids = IdCheck()
    # numeric dates are read in one order, the one the first chunk that shows one shows;
    # chunks whose dates read both ways wait for it (and fail if no chunk shows it)
    recorded = _recorded_order(output)
    order: list = [tuple(recorded)] if recorded else []
    deferred: list[tuple[Block, DatesUndecided]] = []

    def collect(res: dict) -> None:
        ids.add(res["ids"], place=res["place"])
        if res.get("dates"):
            if order and order[0][0] != res["dates"][0]:
                raise mixed_dates_error(date_col, order[0], res["dates"])
            if not order:
                order.append(tuple(res["dates"]))
                _record_order(output, order[0])
        state.rows += res["rows"]
        state.articles += res["articles"]
        state.dropped += res["dropped"]
        state.warnings.extend(res["warnings"])
        if bar is not None:
            bar.update(res["bytes"])

    def settle(future: Future, block: Block) -> None:
        try:
            collect(future.result())
        except DatesUndecided as exc:
            deferred.append((block, exc))

    inflight: dict[Future, Block] = {}
    pool = _executor(n) if n > 1 else None
    try:
        for block in plan_blocks(sources, chunksize=chunksize, options=options):
            if block.index in done:
                collect(_written(block, done[block.index]))
                continue
            decided = order[0] if order else None
            if pool is None:
                try:
                    collect(_score_chunk(block, job, decided))
                except DatesUndecided as exc:
                    deferred.append((block, exc))
                continue
            while len(inflight) >= 2 * n:
                finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for f in finished:
                    settle(f, inflight.pop(f))
            inflight[pool.submit(_score_chunk, block, job, decided)] = block
        for f in list(inflight):
            settle(f, inflight.pop(f))
        for block, undecided in deferred:
            if not order:
                raise undecided
            collect(_score_chunk(block, job, order[0]))
    except BrokenProcessPool as exc:
        raise _broken(exc) from None
    except BaseException:
        for f in inflight:
            f.cancel()
        wait(inflight)  # no worker writes after the error is raised
        raise
    finally:
        if bar is not None:
            bar.close()
    _reemit(state.warnings)
    if state.dropped:
        warn_dropped(state.dropped)
    close_parts(output, manifest, rows=state.rows, articles=state.articles)
    return output


def _recorded_order(output: Path) -> list | None:
    """The order of numeric dates an earlier part of this run showed (for resuming)."""
    try:
        return json.loads((output / _ORDER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _record_order(output: Path, order: tuple) -> None:
    from framing.io._files import write_text

    write_text(output / _ORDER, json.dumps(list(order)) + "\n")


def _written(block: Block, part: Path | None) -> dict:
    """What an earlier run wrote for this chunk (its ids, for the uniqueness check)."""
    if part is None:
        ids, rows = [], 0
    else:
        import pyarrow.parquet as pq

        col = pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pandas()
        ids, rows = pd.unique(col).tolist(), len(col)
    return {
        "ids": ids,
        "place": block_place(block),
        "articles": len(ids),
        "rows": rows,
        "dropped": 0,
        "bytes": block.n_bytes,
        "warnings": [],
    }


def _declared_codebook(sources: list[Source]):
    """The codebook a bundled corpus declares, when every source is such a corpus."""
    from framing.datasets.bundled import corpus_metadata, list_corpora

    names = [s.label for s in sources]
    bundled = set(list_corpora())
    if not all(n in bundled and not Path(n).exists() for n in names):
        return None
    declared = {corpus_metadata(n).get("codebook") for n in names}
    return declared.pop() if len(declared) == 1 and None not in declared else None
