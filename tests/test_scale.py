"""Scoring at scale (framing.scoring.scale): score_files, n_jobs and Dask give the pandas result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import CorpusError, FramingError, ParameterError
from framing.scoring import scale

CODEBOOK = "pow-exchange"


@pytest.fixture(scope="module")
def corpus():
    return framing.load_corpus("pow-exchange-2025")


def _copies(corpus: pd.DataFrame, k: int) -> pd.DataFrame:
    big = pd.concat([corpus] * k, ignore_index=True)
    big["doc_id"] = [f"{d}-{i}" for i, d in enumerate(big["doc_id"])]
    return big


def _jsonl(df: pd.DataFrame, path):
    out = df.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out.to_json(path, orient="records", lines=True, force_ascii=False)
    return path


# -- score_files --------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["document", "sentence"])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_score_files_equals_in_memory_row_for_row(corpus, tmp_path, unit, n_jobs):
    path = _jsonl(corpus, tmp_path / "c.jsonl")
    out = framing.score_files(
        path, CODEBOOK, unit=unit, chunksize=7, n_jobs=n_jobs, output=tmp_path / "scores"
    )
    assert out == tmp_path / "scores"
    assert len(list(out.glob("part-*.parquet"))) == -(-len(corpus) // 7)  # chunks of 7
    got = framing.read_scores(out)
    expected = framing.score(framing.load_corpus(path), CODEBOOK, unit=unit)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["framing"] == expected.attrs["framing"]  # provenance in the metadata
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected)  # any Parquet reader
    record = json.loads((out / "_framing.json").read_text())
    assert record["complete"] and record["rows"] == len(expected)
    assert record["measure"]["codebook_sha256"] == framing.load_codebook(CODEBOOK).sha256


def test_score_files_several_formats_in_order(corpus, tmp_path):
    a = _jsonl(corpus.iloc[:20], tmp_path / "a.jsonl")
    b = tmp_path / "b.csv"
    corpus.iloc[20:35].to_csv(b, index=False)
    c = tmp_path / "c.parquet"
    corpus.iloc[35:].to_parquet(c, index=False)
    out = framing.score_files([a, b, c], CODEBOOK, chunksize=6, output=tmp_path / "s")
    got = pd.read_parquet(out)
    expected = pd.concat(
        [framing.score(framing.load_corpus(p), CODEBOOK) for p in (a, b, c)], ignore_index=True
    )
    pd.testing.assert_frame_equal(got, expected)


def test_score_files_unifies_column_types_across_chunks(tmp_path):
    # 'byline' is empty in the first chunk and text later; 'words' is int, then has a gap
    rows = [
        {"doc_id": f"d{i}", "outlet": "X", "text": "Talks in Istanbul resumed.",
         "byline": None if i < 3 else f"B{i}", "words": i if i != 4 else None}
        for i in range(6)
    ]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    got = pd.read_parquet(framing.score_files(path, CODEBOOK, chunksize=3, output=tmp_path / "s"))
    expected = framing.score(framing.load_corpus(path), CODEBOOK)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert got["byline"].tolist()[3:] == ["B3", "B4", "B5"]
    assert list(got.columns[-8:-7]) == ["n_tokens"]  # metadata stays before n_tokens


def test_score_files_bundled_corpus_uses_its_declared_codebook(tmp_path, corpus):
    got = pd.read_parquet(framing.score_files("pow-exchange-2025", output=tmp_path / "s"))
    expected = framing.score(corpus)
    # Parquet has no whole-second timestamps: the bundled dates come back in milliseconds
    pd.testing.assert_frame_equal(got.astype({"date": expected["date"].dtype}), expected)


def test_score_files_refuses_to_mix_runs(corpus, tmp_path):
    path = _jsonl(corpus, tmp_path / "c.jsonl")
    out = tmp_path / "s"
    framing.score_files(path, CODEBOOK, chunksize=10, output=out)
    with pytest.raises(FramingError, match="resume=True"):
        framing.score_files(path, CODEBOOK, chunksize=10, output=out)
    with pytest.raises(FramingError, match="other measure"):
        framing.score_files(path, "generic", chunksize=10, output=out, resume=True)
    with pytest.raises(FramingError, match="other chunksize"):
        framing.score_files(path, CODEBOOK, chunksize=11, output=out, resume=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(FramingError, match="not a framing score dataset"):
        framing.score_files(path, CODEBOOK, output=tmp_path / "other")
    with pytest.raises(FramingError, match="names a file"):
        framing.score_files(path, CODEBOOK, output=path)
    # a completed run resumed: nothing to do, the same data
    before = pd.read_parquet(out)
    framing.score_files(path, CODEBOOK, chunksize=10, output=out, resume=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out), before)


def test_score_files_input_changed_since_the_run(corpus, tmp_path):
    path = _jsonl(corpus, tmp_path / "c.jsonl")
    out = framing.score_files(path, CODEBOOK, chunksize=10, output=tmp_path / "s")
    _jsonl(corpus.iloc[:30], path)
    with pytest.raises(FramingError, match="other sources"):
        framing.score_files(path, CODEBOOK, chunksize=10, output=out, resume=True)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_score_files_numeric_dates_in_one_order(tmp_path, n_jobs):
    dates = ["15.06.2025", "03.06.2025", "04.06.2025", "05.06.2025", "06.06.2025", "07.06.2025"]
    rows = [
        {"doc_id": f"d{i}", "outlet": "X", "text": "Talks resumed.", "date": d}
        for i, d in enumerate(dates)
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    got = pd.read_parquet(
        framing.score_files(path, CODEBOOK, chunksize=2, n_jobs=n_jobs, output=tmp_path / "a")
    )
    assert got["date"].dt.day.tolist() == [15, 3, 4, 5, 6, 7]
    rows[4]["date"] = "06.13.2025"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(CorpusError, match="mixes day-first and month-first"):
        framing.score_files(path, CODEBOOK, chunksize=2, n_jobs=n_jobs, output=tmp_path / "b")


def test_score_files_duplicate_ids_in_another_chunk(corpus, tmp_path):
    df = corpus.copy()
    df.loc[40, "doc_id"] = df.loc[2, "doc_id"]
    path = _jsonl(df, tmp_path / "c.jsonl")
    with pytest.raises(CorpusError, match=f"duplicate doc_id {df.loc[2, 'doc_id']!r}"):
        framing.score_files(path, CODEBOOK, chunksize=10, output=tmp_path / "s")


def test_score_files_parameter_errors(corpus, tmp_path):
    path = _jsonl(corpus, tmp_path / "c.jsonl")
    with pytest.raises(ParameterError, match="chunksize"):
        framing.score_files(path, CODEBOOK, chunksize=0, output=tmp_path / "s")
    with pytest.raises(ParameterError, match="unit"):
        framing.score_files(path, CODEBOOK, unit="word", output=tmp_path / "s")
    with pytest.raises(ParameterError, match="n_jobs"):
        framing.score_files(path, CODEBOOK, n_jobs=0, output=tmp_path / "s")
    with pytest.raises(CorpusError, match="no files match"):
        framing.score_files(str(tmp_path / "none*.jsonl"), CODEBOOK, output=tmp_path / "s")
    with pytest.raises(ParameterError, match="outlet_aliases='auto'"):
        framing.score_files(path, CODEBOOK, outlet_aliases="auto", output=tmp_path / "s")
    with pytest.raises(FramingError, match="inside the input"):
        framing.score_files(tmp_path, CODEBOOK, output=tmp_path / "s")


KILLED_RUN = textwrap.dedent(
    """
    import sys, framing
    framing.score_files(sys.argv[1], "pow-exchange", chunksize=2, output=sys.argv[2])
    """
)


def test_resume_after_a_killed_run_neither_loses_nor_duplicates_rows(corpus, tmp_path):
    n = 2 * len(corpus)
    path = _jsonl(_copies(corpus, 2), tmp_path / "c.jsonl")  # n // 2 chunks of 2
    out = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(path), str(out)])
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("part-*.parquet"))) < 8:
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    written = len(list(out.glob("part-*.parquet")))
    assert 8 <= written < n // 2  # killed midway
    assert not json.loads((out / "_framing.json").read_text())["complete"]
    with pytest.warns(UserWarning, match="has not finished"):
        assert len(framing.read_scores(out)) == 2 * written
    (out / f".part-{n // 2 - 1:08d}.parquet.x1y2.tmp").write_bytes(b"half")  # as a kill leaves
    with pytest.raises(FramingError, match="resume=True"):
        framing.score_files(path, CODEBOOK, chunksize=2, output=out)
    framing.score_files(path, CODEBOOK, chunksize=2, output=out, resume=True)
    got = pd.read_parquet(out)
    expected = framing.score(framing.load_corpus(path), CODEBOOK)
    pd.testing.assert_frame_equal(got, expected)
    assert got["doc_id"].is_unique and len(got) == n
    assert not list(out.glob(".*.tmp"))
    assert json.loads((out / "_framing.json").read_text())["complete"]


def test_cli_score_stream(corpus, tmp_path):
    from framing.cli import main

    path = _jsonl(corpus, tmp_path / "c.jsonl")
    out = tmp_path / "scores"
    argv = ["score", str(path), "--codebook", CODEBOOK, "--stream", "-o", str(out)]
    assert main([*argv, "--chunksize", "10", "-j", "2"]) == 0
    expected = framing.score(framing.load_corpus(path), CODEBOOK)
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected)
    assert main([*argv, "--chunksize", "10"]) == 2  # exists: needs --resume
    assert main([*argv, "--chunksize", "10", "--resume"]) == 0
    assert main(["score", str(path), "--codebook", CODEBOOK, "--resume", "-o", "x.csv"]) == 2


# -- n_jobs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_n_jobs_equals_one_process(corpus, unit):
    one = framing.score(corpus, unit=unit)
    two = framing.score(corpus, unit=unit, n_jobs=2)
    pd.testing.assert_frame_equal(two, one)
    assert two.attrs == one.attrs


def test_n_jobs_on_lists_series_and_sentence_tables(corpus):
    texts = corpus["text"].tolist()
    pd.testing.assert_frame_equal(
        framing.score(texts, CODEBOOK, n_jobs=2), framing.score(texts, CODEBOOK)
    )
    series = corpus.set_index("doc_id")["text"]
    pd.testing.assert_frame_equal(
        framing.score(series, CODEBOOK, n_jobs=-1, normalize="count"),
        framing.score(series, CODEBOOK, normalize="count"),
    )
    sents = framing.sentences(corpus)
    pd.testing.assert_frame_equal(framing.score(sents, n_jobs=2), framing.score(sents))


def test_matches_n_jobs_same_hits_in_the_same_order(corpus):
    one = framing.matches(corpus)
    two = framing.matches(corpus, n_jobs=2)
    pd.testing.assert_frame_equal(two, one)
    assert len(one) > 100


def test_n_jobs_errors_name_the_row_of_the_whole_input(corpus):
    texts = corpus["text"].tolist()
    texts[30] = 5
    with pytest.raises(FramingError, match="row 30"):
        framing.score(texts, CODEBOOK, n_jobs=2)
    with pytest.raises(ParameterError, match="n_jobs"):
        framing.score(texts, CODEBOOK, n_jobs=0)
    with pytest.raises(ParameterError, match="n_jobs"):
        framing.score(texts, CODEBOOK, n_jobs=1.5)


def test_worker_warnings_reach_the_caller_once(corpus, monkeypatch):
    def noisy(data, measure, **kwargs):
        warnings.warn("a warning from each block", UserWarning, stacklevel=2)
        return pd.DataFrame({"n": [len(data)]})

    monkeypatch.setitem(scale.__dict__, "_function", lambda name: noisy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for block in scale._blocks(corpus, "text", 4):
            result, w = scale._call("score", block, None, {})
            scale._reemit(w * 2)
    assert len(caught) == 4  # once per call, not once per repeat


def test_blocks_are_contiguous_and_cover_every_row(corpus):
    blocks = scale._blocks(corpus, "text", 8)
    assert pd.concat(blocks).index.tolist() == corpus.index.tolist()
    sizes = [b["text"].str.len().sum() for b in blocks]
    assert max(sizes) < 2.5 * np.mean(sizes)  # split by text length, not row count
    listed = scale._blocks(corpus["text"].tolist(), "text", 3)
    assert listed[1].index[0] == len(listed[0])  # row numbers kept as ids


def test_n_workers():
    assert scale.n_workers(None) == 1
    assert scale.n_workers(3) == 3
    assert scale.n_workers(-1) == scale._cpu_count()
    with pytest.raises(ParameterError):
        scale.n_workers(-(scale._cpu_count() + 1))


# -- Dask ---------------------------------------------------------------------------------------


def _as_pandas(ddf_result) -> pd.DataFrame:
    got = ddf_result.compute().reset_index(drop=True)
    # Dask keeps text as Arrow strings; the values are what must agree
    return got.astype({c: "str" for c in got.columns if pd.api.types.is_string_dtype(got[c])})


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_dask_equals_pandas(corpus, unit):
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(corpus, npartitions=4)
    result = framing.score(ddf, CODEBOOK, unit=unit)
    assert isinstance(result, dd.DataFrame)
    expected = framing.score(corpus, CODEBOOK, unit=unit)
    assert list(result.columns) == list(expected.columns)
    got = _as_pandas(result)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    # the (small) computed result goes straight into the statistics
    cmp = framing.compare(result.compute(), by="outlet")
    pd.testing.assert_frame_equal(cmp, framing.compare(expected, by="outlet"), check_dtype=False)
    # threads of Dask's default scheduler never share a compiled codebook at once
    pd.testing.assert_frame_equal(framing.score(corpus, CODEBOOK, unit=unit), expected)


def test_dask_document_scores_keep_the_partition_index(corpus):
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(corpus.set_index("doc_id", drop=False), npartitions=3)
    result = framing.score(ddf, CODEBOOK)
    assert result.known_divisions
    got = result.compute()
    assert got.index.tolist() == corpus["doc_id"].tolist()


def test_dask_matches_and_series(corpus):
    dd = pytest.importorskip("dask.dataframe")
    got = _as_pandas(framing.matches(dd.from_pandas(corpus, npartitions=3), CODEBOOK))
    pd.testing.assert_frame_equal(got, framing.matches(corpus, CODEBOOK), check_dtype=False)
    series = dd.from_pandas(corpus["text"], npartitions=2)
    got = framing.score(series, CODEBOOK).compute()
    assert got["doc_id"].tolist() == [str(i) for i in range(len(corpus))]
    with pytest.raises(ParameterError, match="n_jobs"):
        framing.score(series, CODEBOOK, n_jobs=2)


def test_dask_local_cluster_with_two_workers(corpus):
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import dask.dataframe as dd

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(corpus, npartitions=4)
        got = _as_pandas(framing.score(ddf, CODEBOOK, unit="sentence"))
    pd.testing.assert_frame_equal(
        got, framing.score(corpus, CODEBOOK, unit="sentence"), check_dtype=False
    )


def test_dask_missing_names_the_extra(monkeypatch):
    class Fake:  # what scoring sees of a Dask object when dask.dataframe cannot be imported
        pass

    Fake.__module__ = "dask.bag.core"
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(FramingError, match=r"pip install 'framing\[dask\]'"):
        framing.score(Fake(), CODEBOOK)


# -- import cost ---------------------------------------------------------------------------------


def test_import_framing_loads_no_heavy_library():
    code = (
        "import sys, framing, framing.scoring.scale, framing.io.stream\n"
        "heavy = ['dask', 'distributed', 'sklearn', 'matplotlib', 'nltk', 'tqdm']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_cli_score_with_a_saved_model(tmp_path):
    from framing.cli import main

    model = framing.FrameClassifier(C=3.0, inner_folds=3).fit(framing.load_reference_coding())
    model.save(tmp_path / "frames.npz")
    corpus = framing.load_corpus("pow-exchange-2025")
    english = corpus[corpus["lang"] == "en"].head(12)
    path = _jsonl(english, tmp_path / "c.jsonl")
    expected = framing.score(framing.load_corpus(path), model)
    argv = ["score", str(path), "--codebook", str(tmp_path / "frames.npz")]
    assert main([*argv, "--stream", "--chunksize", "5", "-o", str(tmp_path / "s")]) == 0
    got = pd.read_parquet(tmp_path / "s")
    pd.testing.assert_frame_equal(got[model.frames_], expected[model.frames_])
    assert main([*argv, "-o", str(tmp_path / "s.csv")]) == 0
    assert pd.read_csv(tmp_path / "s.csv")[model.frames_].notna().all().all()
