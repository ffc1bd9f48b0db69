"""Tests of framing.learn: FrameClassifier, cross_validate, model files, scoring with a model.

The data are made here: sentences of constructed articles whose frames are carried by a
few words each (plus filler), so that a classifier can learn them and every expected value
follows from the construction. The bundled reference coding is used where a real coding
matters (the dictionary side by side with the classifier).
"""

from __future__ import annotations

import pickle
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.errors import CodingError, FramingError, ModelError, ParameterError
from framing.learn.classifier import (
    FrameClassifier,
    NotFittedModelError,
    TooFewCodedWarning,
    expected_f1_threshold,
    platt,
)
from framing.learn.folds import grouped_folds

FAMILY = ["families", "mothers", "wounded", "hospital", "health", "children"]
TALKS = ["talks", "mediators", "agreement", "delegation", "negotiators", "summit"]
FILLER = ["the", "a", "on", "said", "monday", "city", "report", "officials", "week", "new",
          "several", "people", "late", "after", "statement", "according"]  # fmt: skip


def make_coding(n_docs: int = 24, per_doc: int = 8, seed: int = 0) -> pd.DataFrame:
    """A coding table: doc_id, sent_id, outlet, text and 0/1 columns ``family`` and ``talks``."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        for s in range(per_doc):
            fam, tal = rng.random() < 0.35, rng.random() < 0.4
            words = list(rng.choice(FILLER, size=8))
            if fam:
                words += list(rng.choice(FAMILY, size=2))
            if tal:
                words += list(rng.choice(TALKS, size=2))
            rng.shuffle(words)
            rows.append(
                {
                    "doc_id": f"d{d:02d}",
                    "sent_id": s,
                    "outlet": f"outlet {d % 4}",
                    "text": " ".join(words).capitalize() + ".",
                    "family": int(fam),
                    "talks": int(tal),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def coding() -> pd.DataFrame:
    return make_coding()


#: A codebook for the constructed frames: one cue each, so the dictionary finds some units.
CODEBOOK = {
    "name": "families-and-talks",
    "version": "1",
    "description": "Two frames of the constructed test sentences.",
    "citation": "framing test suite",
    "frames": [
        {"name": "family", "label": "Family", "definition": "Families.", "cues": ["families"]},
        {"name": "talks", "label": "Talks", "definition": "Talks.", "cues": ["talks", "summit"]},
    ],
}


@pytest.fixture(scope="module")
def fitted(coding) -> FrameClassifier:
    return FrameClassifier(C=(1.0, 10.0), inner_folds=3).fit(
        coding[["doc_id", "sent_id", "text"]], coding[["family", "talks"]]
    )


# --- fitting and predicting ---------------------------------------------------------------------


def test_fit_predict_shapes_and_frame_order(fitted, coding):
    assert fitted.frames_ == ["family", "talks"]
    proba = fitted.predict_proba(coding["text"])
    assert proba.shape == (len(coding), 2)
    assert ((proba >= 0) & (proba <= 1)).all()
    called = fitted.predict(coding["text"])
    assert set(np.unique(called)) <= {0.0, 1.0}
    np.testing.assert_array_equal(called, (proba >= fitted.thresholds_).astype(float))
    # the construction makes the frames learnable: well above chance in-sample
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(coding["family"], proba[:, 0]) > 0.95
    assert roc_auc_score(coding["talks"], proba[:, 1]) > 0.95


def test_thresholds_come_from_out_of_fold_probabilities(coding, monkeypatch):
    """Each threshold is the expected-F1 cut of out-of-fold (not in-sample) probabilities."""
    import framing.learn.classifier as module

    seen = []
    real = module.expected_f1_threshold
    monkeypatch.setattr(module, "expected_f1_threshold", lambda p: seen.append(p) or real(p))
    clf = FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"], coding[["family", "talks"]])
    assert len(seen) == 2
    in_sample = clf.predict_proba(coding["text"])
    for j, oof in enumerate(seen):
        assert clf.thresholds_[j] == real(oof)
        assert len(oof) == len(coding) and not np.allclose(oof, in_sample[:, j])


def test_the_inner_cross_validation_table(fitted, coding):
    table = fitted.cv_table_.set_index("frame")
    assert list(table.index) == ["family", "talks"]
    np.testing.assert_allclose(table["threshold"], fitted.thresholds_)
    assert ((fitted.thresholds_ > 0) & (fitted.thresholds_ < 1)).all()
    assert (table["n_units"] == len(coding)).all()
    assert table.loc["family", "n_positive"] == coding["family"].sum()
    assert set(table["C"]) <= {1.0, 10.0}


def test_groups_default_to_articles_of_a_sentence_table(coding, monkeypatch):
    seen = {}
    import framing.learn.classifier as module

    real = module.grouped_folds

    def spy(labels, groups, k, seed):
        seen["groups"] = groups
        return real(labels, groups, k, seed)

    monkeypatch.setattr(module, "grouped_folds", spy)
    FrameClassifier(C=1.0, inner_folds=3).fit(coding[["doc_id", "sent_id", "text", "family"]])
    assert list(seen["groups"]) == coding["doc_id"].tolist()
    FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"].tolist(), coding[["family"]])
    assert len(set(seen["groups"])) == len(coding)  # bare texts: each its own group


def test_coding_table_alone_supplies_the_labels(coding, fitted):
    clf = FrameClassifier(C=(1.0, 10.0), inner_folds=3).fit(coding.drop(columns="outlet"))
    assert clf.frames_ == ["family", "talks"]
    np.testing.assert_allclose(
        clf.predict_proba(coding["text"]), fitted.predict_proba(coding["text"])
    )


def test_array_labels_need_frames(coding):
    y = coding[["family", "talks"]].to_numpy()
    with pytest.raises(CodingError, match="frames="):
        FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"], y)
    clf = FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"], y, frames=["f", "t"])
    assert clf.frames_ == ["f", "t"]


def test_partial_coding_is_ignored_per_frame_not_per_row(coding):
    labels = coding[["family", "talks"]].astype(float)
    labels.loc[:59, "family"] = np.nan  # the first 60 units were not coded for family
    clf = FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"], labels)
    table = clf.cv_table_.set_index("frame")
    assert table.loc["family", "n_units"] == len(coding) - 60
    assert table.loc["talks", "n_units"] == len(coding)
    assert table.loc["family", "n_positive"] == coding["family"].iloc[60:].sum()


def test_a_frame_with_too_few_positives_gets_no_model(coding):
    labels = coding[["family", "talks"]].copy()
    labels["rare"] = 0
    labels.loc[:3, "rare"] = 1  # four positives
    with pytest.warns(TooFewCodedWarning, match="rare"):
        clf = FrameClassifier(C=1.0, inner_folds=3).fit(coding["text"], labels)
    proba = clf.predict_proba(coding["text"].head(5))
    assert np.isnan(proba[:, 2]).all() and not np.isnan(proba[:, :2]).any()
    assert np.isnan(clf.predict(coding["text"].head(5))[:, 2]).all()
    assert np.isnan(clf.thresholds_[2])
    with pytest.raises(ModelError, match="no model"):
        clf.explain("rare")


@pytest.mark.parametrize(
    "labels, match",
    [
        (pd.DataFrame({"family": [1, 0, 1]}), "label row"),
        (pd.DataFrame({"family": [2] * 192}), "not 0 or 1"),
        (pd.DataFrame({"family": ["yes"] * 192}), "not 0 or 1"),
    ],
)
def test_bad_labels_are_refused_with_a_clear_error(coding, labels, match):
    with pytest.raises(CodingError, match=match):
        FrameClassifier().fit(coding["text"], labels)


def test_misaligned_ids_are_refused(coding):
    shuffled = coding.sample(frac=1.0, random_state=0)
    with pytest.raises(CodingError, match="same order"):
        FrameClassifier().fit(
            coding[["doc_id", "sent_id", "text"]], shuffled[["doc_id", "sent_id", "family"]]
        )


def test_unfitted_model_and_bad_parameters():
    clf = FrameClassifier()
    with pytest.raises(NotFittedModelError, match="not fitted"):
        clf.predict(["text"])
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        clf.predict_proba(["text"])
    with pytest.raises(ModelError):
        clf.explain("family")
    texts = ["a b c"] * 20
    labels = pd.DataFrame({"f": [0, 1] * 10})
    with pytest.raises(ParameterError, match="features"):
        FrameClassifier(features="bert").fit(texts, labels)
    with pytest.raises(ParameterError, match="codebook="):
        FrameClassifier(features="tfidf+dictionary").fit(texts, labels)
    with pytest.raises(ParameterError, match="C must be"):
        FrameClassifier(C=-1).fit(texts, labels)
    with pytest.raises(ParameterError, match="threshold"):
        FrameClassifier(threshold=1.5).fit(texts, labels)


def test_a_single_string_is_refused(fitted):
    with pytest.raises(FramingError, match="single string"):
        fitted.predict_proba("Families waited.")


def test_clone_and_pipeline(coding):
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    clf = FrameClassifier(C=(1.0, 3.0), inner_folds=3, seed=2)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    pipe = Pipeline(
        [("text", FunctionTransformer(lambda t: t["text"].tolist())), ("frames", clone(clf))]
    )
    pipe.fit(coding, coding[["family", "talks"]])
    direct = clone(clf).fit(coding["text"].tolist(), coding[["family", "talks"]])
    np.testing.assert_allclose(pipe.predict_proba(coding), direct.predict_proba(coding["text"]))
    assert not hasattr(
        clone(pipe.named_steps["frames"]), "coef_"
    )  # clone of a fitted model is unfitted


def test_explain_orders_features_by_weight(fitted):
    table = fitted.explain("family", top=5)
    assert list(table.columns) == ["direction", "feature", "weight", "kind"]
    pos = table[table["direction"] == "positive"]
    neg = table[table["direction"] == "negative"]
    assert (pos["weight"] > 0).all() and (neg["weight"] < 0).all()
    assert pos["weight"].is_monotonic_decreasing and neg["weight"].is_monotonic_increasing
    assert set(pos["feature"].head(3)) & set(FAMILY)  # the words that carry the frame
    names = fitted.get_feature_names_out()
    j = fitted.frames_.index("family")
    assert table.loc[0, "weight"] == pytest.approx(fitted.coef_[j].max())
    assert table.loc[0, "feature"] == names[int(np.argmax(fitted.coef_[j]))]


def test_contributions_add_up_to_the_decision_function(fitted):
    from framing.learn.explain import contributions

    text = "Families of the wounded waited after the talks on Monday, said mediators."
    table = contributions(fitted, text)
    total = table[fitted.frames_].sum().to_numpy() + np.array(
        [table.attrs["intercept"][f] for f in fitted.frames_]
    )
    np.testing.assert_allclose(total, fitted.decision_function([text])[0])


def test_highlight_with_a_model_escapes_text_and_marks_frame_words(fitted):
    html = framing.highlight(
        "<script>alert(1)</script> Families waited at the hospital.", model=fitted
    ).to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'data-frame="family"' in html


def test_dictionary_features_are_stacked(coding):
    ref = framing.load_reference_coding()
    clf = FrameClassifier(features="tfidf+dictionary", codebook="pow-exchange", C=3.0,
                          inner_folds=3).fit(ref)  # fmt: skip
    names = clf.get_feature_names_out()
    cb = framing.load_codebook("pow-exchange")
    assert list(names[-len(cb.frames) :]) == [f"[dictionary] {f}" for f in cb.frame_names]
    kinds = clf.explain("diplomacy", top=200)["kind"]
    assert "dictionary" in set(kinds)


# --- helpers of the inner search ---------------------------------------------------------------


def test_expected_f1_threshold_matches_a_brute_force_search():
    rng = np.random.default_rng(3)
    p = np.round(rng.random(60), 2)  # ties on purpose
    t = expected_f1_threshold(p)

    def expected_f1(cut):
        called = p >= cut
        return 2 * p[called].sum() / (called.sum() + p.sum())

    best = max(expected_f1(c) for c in np.unique(p))
    assert expected_f1(t) == pytest.approx(best)
    assert not np.isclose(p, t).any()  # it never lies on a probability


def test_platt_matches_a_direct_fit_of_the_likelihood():
    from scipy.optimize import minimize

    rng = np.random.default_rng(0)
    m = rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(-(2 * m - 0.5)))).astype(int)
    a, b = platt(m, y)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    t = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))

    def nll(ab):
        z = ab[0] * m + ab[1]
        return np.sum(np.logaddexp(0, z) - t * z)

    ref = minimize(nll, [1.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10})
    assert a == pytest.approx(ref.x[0], abs=1e-3) and b == pytest.approx(ref.x[1], abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 11), min_size=6, max_size=60),
    st.lists(st.integers(0, 1), min_size=60, max_size=60),
    st.integers(2, 5),
    st.integers(0, 10),
)
def test_folds_never_split_a_group(groups, labels, k, seed):
    groups = np.array(groups)
    if len(set(groups)) < k:
        with pytest.raises(CodingError, match="groups"):
            grouped_folds(np.zeros((len(groups), 1)), groups, k, seed)
        return
    y = np.array(labels[: len(groups)], dtype=float)[:, None]
    folds = grouped_folds(y, groups, k, seed)
    for g in set(groups):
        assert len(set(folds[groups == g])) == 1
    assert set(folds) == set(range(k))  # no empty fold


def test_folds_balance_positives():
    y = np.zeros((100, 1))
    y[:20] = 1
    folds = grouped_folds(y, np.arange(100), 5, 0)
    assert np.bincount(folds, weights=y[:, 0]).tolist() == [4.0] * 5
    assert np.bincount(folds).tolist() == [20] * 5


# --- cross_validate ----------------------------------------------------------------------------


def test_cross_validate_dictionary_figures_match_an_independent_computation():
    from sklearn.metrics import f1_score, roc_auc_score

    ref = framing.load_reference_coding()
    cv = framing.cross_validate(ref, models={"dict": "pow-exchange"}, folds=4, seed=1)
    folds = np.array(cv.attrs["framing"]["analysis"]["fold_of_unit"])
    scores = framing.score(ref[["doc_id", "sent_id", "text"]], "pow-exchange", unit="sentence")
    for frame in ("leverage", "diplomacy"):
        f1s = [f1_score(ref[frame][folds == k], scores[frame][folds == k] > 0) for k in range(4)]
        aucs = [roc_auc_score(ref[frame][folds == k], scores[frame][folds == k]) for k in range(4)]
        row = cv[(cv["model"] == "dict") & (cv["frame"] == frame)].iloc[0]
        assert row["f1"] == pytest.approx(np.mean(f1s))
        assert row["f1_sd"] == pytest.approx(np.std(f1s, ddof=1))
        assert row["roc_auc"] == pytest.approx(np.mean(aucs))
        assert row["support"] == ref[frame].sum()
    macro = cv[cv["frame"] == "macro"].iloc[0]
    per_fold = pd.DataFrame(cv.attrs["framing"]["analysis"]["per_fold"])
    frames = [c for c in ref.columns if c not in ("doc_id", "sent_id", "text")]
    expected = per_fold[per_fold["frame"].isin(frames)].groupby("fold")["f1"].mean().mean()
    assert macro["f1"] == pytest.approx(expected)


def test_cross_validate_folds_keep_articles_together_and_fit_on_training_folds_only(coding):
    fits = []

    class Spy(FrameClassifier):
        def fit(self, texts, labels=None, *, frames=None, groups=None):
            fits.append(set(groups))
            return super().fit(texts, labels, frames=frames, groups=groups)

    table = coding[["doc_id", "sent_id", "text", "family", "talks"]]
    cv = framing.cross_validate(
        table,
        models={"spy": Spy(C=1.0, inner_folds=3), "dict": framing.load_codebook(CODEBOOK)},
        folds=4,
    )
    folds = np.array(cv.attrs["framing"]["analysis"]["fold_of_unit"])
    docs = coding["doc_id"].to_numpy()
    for doc in set(docs):
        assert len(set(folds[docs == doc])) == 1
    assert len(fits) == 4
    for k, trained_on in enumerate(fits):
        assert trained_on.isdisjoint(set(docs[folds == k]))
        assert trained_on == set(docs[folds != k])
    thresholds = cv.attrs["framing"]["analysis"]["fitted"]["spy"]
    assert [t["fold"] for t in thresholds] == [0, 1, 2, 3]


def test_cross_validate_table_layout_and_model_names(coding):
    table = coding[["doc_id", "sent_id", "text", "family", "talks"]]
    one_frame = framing.load_codebook({**CODEBOOK, "frames": CODEBOOK["frames"][1:]})
    with pytest.warns(UserWarning, match="no frame"):
        cv = framing.cross_validate(
            table, models=[FrameClassifier(C=1.0, inner_folds=3), one_frame], folds=3
        )
    assert list(cv.columns[:4]) == ["model", "frame", "precision", "precision_sd"]
    for column in ("recall", "f1", "roc_auc", "average_precision", "support"):
        assert column in cv.columns
    assert cv["model"].unique().tolist() == ["classifier", "dictionary: families-and-talks"]
    assert cv[cv["model"] == "classifier"]["frame"].tolist() == [
        "family",
        "talks",
        "micro",
        "macro",
    ]
    dictionary = cv[cv["model"] == "dictionary: families-and-talks"]
    assert dictionary["frame"].tolist() == ["talks", "micro", "macro"]  # its one frame
    classifier = cv[cv["model"] == "classifier"].set_index("frame")
    assert classifier.loc["macro", "f1"] > 0.8  # learnable by construction


# --- model files -------------------------------------------------------------------------------


def test_save_and_load_round_trip_predictions_exactly(fitted, coding, tmp_path):
    path = tmp_path / "frames.npz"
    fitted.save(path)
    again = framing.load_model(path)
    texts = coding["text"].tolist() + ["Unseen words entirely.", ""]
    np.testing.assert_array_equal(again.predict_proba(texts), fitted.predict_proba(texts))
    np.testing.assert_array_equal(again.predict(texts), fitted.predict(texts))
    assert again.frames_ == fitted.frames_
    assert again.get_params() == fitted.get_params()
    pd.testing.assert_frame_equal(again.cv_table_, fitted.cv_table_, check_dtype=False)


def test_save_and_load_with_dictionary_features(tmp_path):
    ref = framing.load_reference_coding()
    clf = FrameClassifier(features="tfidf+dictionary", codebook="pow-exchange", C=3.0,
                          inner_folds=3).fit(ref)  # fmt: skip
    clf.save(tmp_path / "m")  # .npz is added
    again = framing.load_model(tmp_path / "m.npz")
    np.testing.assert_array_equal(again.predict_proba(ref["text"]), clf.predict_proba(ref["text"]))
    assert again.codebook.sha256 == framing.load_codebook("pow-exchange").sha256


@pytest.mark.parametrize("name", ["frames", "frames.skops", "frames.model"])
def test_load_model_reads_the_path_given_to_save(fitted, coding, tmp_path, name):
    fitted.save(tmp_path / name)
    again = framing.load_model(tmp_path / name)
    np.testing.assert_array_equal(
        again.predict_proba(coding["text"]), fitted.predict_proba(coding["text"])
    )


def test_a_model_with_a_codebook_file_saves(tmp_path):
    from pathlib import Path

    path = Path(__file__).parent / "data" / "mini.yaml"
    coding = make_coding()
    labels = pd.DataFrame({"humanitarian": coding["family"], "leverage": coding["talks"]})
    clf = FrameClassifier(features="tfidf+dictionary", codebook=path, C=1.0, inner_folds=3)
    clf.fit(coding["text"], labels)
    clf.save(tmp_path / "m.npz")
    again = framing.load_model(tmp_path / "m.npz")
    np.testing.assert_array_equal(
        again.predict_proba(coding["text"]), clf.predict_proba(coding["text"])
    )


def test_a_tampered_model_file_is_refused(fitted, tmp_path):
    path = tmp_path / "frames.npz"
    fitted.save(path)
    with np.load(path, allow_pickle=False) as archive:
        entries = {name: archive[name] for name in archive.files}
    entries["thresholds"] = entries["thresholds"] * 0.5
    np.savez(tmp_path / "tampered.npz", **entries)
    with pytest.raises(ModelError, match="changed after it was saved"):
        framing.load_model(tmp_path / "tampered.npz")


class _Payload:
    """Unpickling this runs code: it creates the file named in ``path``."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_malicious_model_file_is_not_executed(tmp_path):
    marker = tmp_path / "executed"
    # 1. a pickle inside an .npz, as an object array
    evil = tmp_path / "evil.npz"
    np.savez(evil, meta=np.array([_Payload(marker)], dtype=object), coef=np.zeros(2))
    with pytest.raises(ModelError, match="not a framing model file"):
        framing.load_model(evil)
    # 2. a plain pickle under the expected name
    plain = tmp_path / "plain.npz"
    plain.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError, match="not a framing model file"):
        framing.load_model(plain)
    # 3. a pickle disguised as the meta entry of a zip
    disguised = tmp_path / "disguised.npz"
    with zipfile.ZipFile(disguised, "w") as z:
        z.writestr("meta.npy", pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError):
        framing.load_model(disguised)
    assert not marker.exists()
    # the payload is real: unpickling it does create the file
    pickle.loads(pickle.dumps(_Payload(marker))).close()
    assert marker.exists()


def test_a_file_from_elsewhere_is_refused(tmp_path):
    other = tmp_path / "other.npz"
    np.savez(other, meta=np.array('{"format": "something-else"}'))
    with pytest.raises(ModelError, match="format"):
        framing.load_model(other)
    with pytest.raises(ModelError, match="no such"):
        framing.load_model(tmp_path / "missing.npz")


# --- scoring with a model ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles(coding) -> pd.DataFrame:
    grouped = coding.groupby("doc_id", sort=False)
    return pd.DataFrame(
        {
            "doc_id": list(grouped.groups),
            "outlet": grouped["outlet"].first().to_numpy(),
            "text": grouped["text"].agg(" ".join).to_numpy(),
        }
    )


def test_score_with_a_model_has_the_score_table_layout(fitted, articles):
    by_model = framing.score(articles, fitted, unit="sentence")
    by_codebook = framing.score(articles, "pow-exchange", unit="sentence")
    shared = [
        c for c in by_codebook.columns if c not in framing.load_codebook("pow-exchange").frame_names
    ]
    assert list(by_model.columns) == [*shared, "family", "talks"]
    assert ((by_model[["family", "talks"]] >= 0) & (by_model[["family", "talks"]] <= 1)).all().all()
    record = by_model.attrs["framing"]
    assert record["frames"] == ["family", "talks"]
    assert record["model"]["kind"] == "FrameClassifier"
    assert record["model"]["training_sha256"] == fitted.training_sha256_
    assert record["model"]["n_units"] == fitted.n_units_
    assert [row["frame"] for row in record["model"]["cv"]] == ["family", "talks"]
    assert framing.score_frames(by_model) == ["family", "talks"]
    sentences = framing.sentences(articles)
    np.testing.assert_allclose(
        by_model[["family", "talks"]].to_numpy(), fitted.predict_proba(sentences["text"])
    )


@pytest.mark.parametrize("agg", ["share", "mean", "max"])
def test_a_sentence_model_scores_documents_by_aggregating_sentences(fitted, articles, agg):
    docs = framing.score(articles, fitted, agg=agg)
    assert docs["doc_id"].tolist() == articles["doc_id"].tolist()
    sentences = framing.sentences(articles)
    proba = fitted.predict_proba(sentences["text"])
    values = (proba >= fitted.thresholds_).astype(float) if agg == "share" else proba
    frame = pd.DataFrame(values, columns=fitted.frames_).assign(doc_id=sentences["doc_id"])
    expected = frame.groupby("doc_id").agg("max" if agg == "max" else "mean")
    np.testing.assert_allclose(
        docs.set_index("doc_id")[fitted.frames_].to_numpy(),
        expected.loc[docs["doc_id"]].to_numpy(),
    )
    assert docs.attrs["framing"]["params"]["agg"] == agg
    assert docs["n_tokens"].tolist() == [len(framing.tokenize(t)) for t in articles["text"]]


def test_compare_and_plots_work_on_model_scores(fitted, articles):
    docs = framing.score(articles, fitted)
    table = framing.compare(docs, by="outlet", seed=0, n_boot=200)
    assert set(table["frame"]) == {"family", "talks"}
    import matplotlib

    matplotlib.use("Agg")
    ax = framing.plot.forest(table, frames="family")
    assert "share of sentences" in ax.get_xlabel() and "1,000" not in ax.get_xlabel()
    assert framing.pairwise(docs, by="outlet", seed=0, n_perm=99)["frame"].nunique() == 2


def test_normalize_does_not_apply_to_models(fitted, articles):
    with pytest.raises(FramingError, match="normalize"):
        framing.score(articles, fitted, normalize="count")
    with pytest.raises(FramingError, match="not fitted"):
        framing.score(articles, FrameClassifier())
    with pytest.raises(ParameterError, match="agg"):
        framing.score(articles, fitted, agg="median")


# --- the validation figure ---------------------------------------------------------------------


def test_plot_validation_draws_every_model_and_frame():
    import matplotlib

    matplotlib.use("Agg")
    ref = framing.load_reference_coding()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cv = framing.cross_validate(
            ref, models=["pow-exchange", FrameClassifier(C=3.0, inner_folds=3)], folds=3
        )
    ax = framing.plot.validation(cv, metric="roc_auc")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:3] == ["morale", "humanitarian", "leverage"] and labels[-1] == "macro"
    assert len(ax.collections) == 4  # a dot layer and a whisker layer per model
    with pytest.raises(FramingError, match="metric"):
        framing.plot.validation(cv, metric="accuracy")


# --- coding rounds that learn: sample_for_coding(strategy="uncertain") --------------------------


class _FixedModel:
    """A stand-in model: fixed probabilities per text, thresholds 0.5 and 0.2."""

    def __init__(self, proba: dict[str, tuple[float, float]]):
        self.proba = proba
        self.thresholds_ = np.array([0.5, 0.2])
        self.frames_ = ["a", "b"]

    def predict_proba(self, texts):
        return np.array([self.proba[t] for t in texts])


def _units():
    probs = {
        "u0": (0.50, 0.90),  # on a's threshold
        "u1": (0.55, 0.01),  # near a
        "u2": (0.99, 0.21),  # on b's threshold
        "u3": (0.01, 0.25),  # near b
        "u4": (0.99, 0.99),  # far from both
        "u5": (0.01, 0.01),  # far from both
    }
    units = pd.DataFrame({"doc_id": list(probs), "outlet": ["X"] * 6, "text": list(probs)})
    return units, _FixedModel(probs)


def test_uncertain_sampling_takes_the_units_nearest_each_threshold_in_turn():
    units, model = _units()
    picked = framing.sample_for_coding(units, 2, strategy="uncertain", model=model, by=None)
    assert set(picked["doc_id"]) == {"u0", "u2"}  # the nearest unit of each frame
    picked = framing.sample_for_coding(units, 4, strategy="uncertain", model=model, by=None)
    assert set(picked["doc_id"]) == {"u0", "u1", "u2", "u3"}


def test_uncertain_sampling_never_returns_an_excluded_unit():
    units, model = _units()
    picked = framing.sample_for_coding(
        units, 2, strategy="uncertain", model=model, by=None, exclude=units.iloc[[0, 2]]
    )
    assert set(picked["doc_id"]) == {"u1", "u3"}
    picked = framing.sample_for_coding(
        units, 2, strategy="uncertain", model=model, by=None, exclude=["u0", "u2"]
    )
    assert set(picked["doc_id"]) == {"u1", "u3"}
    with pytest.raises(FramingError, match="between 1 and 4"):
        framing.sample_for_coding(units, 5, strategy="uncertain", model=model, exclude=["u0", "u2"])


def test_uncertain_sampling_is_balanced_over_strata(fitted, coding):
    units = coding[["doc_id", "sent_id", "outlet", "text"]]
    picked = framing.sample_for_coding(units, 12, strategy="uncertain", model=fitted, seed=0)
    assert picked["outlet"].value_counts().tolist() == [3, 3, 3, 3]
    again = framing.sample_for_coding(units, 12, strategy="uncertain", model=fitted, seed=0)
    pd.testing.assert_frame_equal(picked, again)
    done = coding[coding["outlet"] == "outlet 0"].head(40)[["doc_id", "sent_id"]]
    rest = framing.sample_for_coding(units, 12, strategy="uncertain", model=fitted, exclude=done)
    assert rest.merge(done).empty


def test_the_existing_strategies_keep_their_behaviour(coding):
    units = coding[["doc_id", "sent_id", "outlet", "text"]]
    default = framing.sample_for_coding(units, 10, seed=3)
    pd.testing.assert_frame_equal(
        default, framing.sample_for_coding(units, 10, seed=3, strategy="stratified")
    )
    pd.testing.assert_frame_equal(
        framing.sample_for_coding(units, 10, by=None, seed=3),
        framing.sample_for_coding(units, 10, strategy="random", seed=3),
    )
    with pytest.raises(FramingError, match="model="):
        framing.sample_for_coding(units, 10, strategy="uncertain")
    with pytest.raises(FramingError, match="strategy"):
        framing.sample_for_coding(units, 10, strategy="active")
    with pytest.raises(FramingError, match="sent_id"):
        framing.sample_for_coding(units, 10, exclude=["d00"])


# --- languages: a model scores only the languages it learned ------------------------------------


def test_training_languages_come_from_lang_or_are_identified(fitted, coding):
    assert fitted.languages_ == ["en"]  # identified: the table has no lang column
    clf = FrameClassifier(C=1.0, inner_folds=3).fit(
        coding.assign(lang="en-GB")[["doc_id", "sent_id", "lang", "text"]],
        coding[["family", "talks"]],
    )
    assert clf.languages_ == ["en"]


def test_rows_in_languages_the_model_never_saw_are_not_scored(fitted, articles, tmp_path):
    mixed = pd.concat(
        [
            articles.assign(lang="en"),
            pd.DataFrame(
                {
                    "doc_id": ["r1"],
                    "outlet": ["outlet 0"],
                    "lang": ["ru"],
                    "text": ["Семьи пленных ждали новостей о переговорах."],
                }  # fmt: skip
            ),
        ],
        ignore_index=True,
    )
    with pytest.warns(UserWarning, match="1 rows in ru are not scored"):
        docs = framing.score(mixed, fitted)
    assert docs.loc[docs["doc_id"] == "r1", ["family", "talks"]].isna().all().all()
    assert docs.loc[docs["doc_id"] != "r1", ["family", "talks"]].notna().all().all()
    sents = framing.sentences(mixed)
    with pytest.warns(UserWarning, match="not scored"):
        by_sentence = framing.score(sents, fitted)
    assert by_sentence.loc[by_sentence["lang"] == "ru", "family"].isna().all()
    picked = framing.sample_for_coding(sents, 20, strategy="uncertain", model=fitted)
    assert (picked["lang"] == "en").all()
    fitted.save(tmp_path / "m.npz")
    assert framing.load_model(tmp_path / "m.npz").languages_ == ["en"]


def test_learns_from_russian_coding_and_predicts_the_held_out_half():
    """Cyrillic text goes through the same tokenizer: a model fitted on the Russian tuning
    sentences ranks the fresh, separately coded Russian test sentences well above chance."""
    from sklearn.metrics import roc_auc_score

    ref = framing.load_reference_coding(lang="ru")
    frames = ["humanitarian", "diplomacy"]
    train, test = ref[ref["half"] == "tuning"], ref[ref["half"] == "test"]
    clf = framing.FrameClassifier().fit(train[["doc_id", "sent_id", "lang", "text"]], train[frames])
    proba = clf.predict_proba(test[["doc_id", "sent_id", "lang", "text"]])
    for j, frame in enumerate(clf.frames_):
        assert roc_auc_score(test[frame], proba[:, j]) > 0.65, frame
    words = clf.explain("humanitarian", top=10)["feature"]
    assert words.str.contains("[а-яё]", regex=True).all()


def test_ukrainian_apostrophes_are_one_feature():
    texts = ["пам’ять полонених", "пам'ять полонених", "памʼять полонених", "обмін полоненими"] * 6
    labels = pd.DataFrame({"memory": [1, 1, 1, 0] * 6})
    clf = framing.FrameClassifier().fit(texts, labels)
    words = [n for n in clf.get_feature_names_out() if n.startswith("пам") and " " not in n]
    assert len(words) == 1, words
    proba = clf.predict_proba(texts[:3])
    assert np.allclose(proba, proba[0])


def test_fitted_model_pickles_for_worker_processes(fitted, coding):
    """Workers and joblib receive the model by pickle; the fitted analyzer must survive it."""
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(
        again.predict_proba(coding["text"]), fitted.predict_proba(coding["text"])
    )


def test_score_files_with_a_fitted_model(fitted, coding, tmp_path):
    docs = coding.groupby("doc_id", sort=False)["text"].agg(" ".join).reset_index()
    docs["outlet"] = "Outlet " + (docs.index % 2).astype(str)
    path = tmp_path / "docs.csv"
    docs.to_csv(path, index=False)
    out = framing.score_files(path, fitted, chunksize=4, output=tmp_path / "scores")
    got = pd.read_parquet(out)
    expected = framing.score(framing.load_corpus(path), fitted)
    np.testing.assert_allclose(
        got[fitted.frames_].to_numpy(), expected[fitted.frames_].to_numpy(), equal_nan=True
    )


@pytest.mark.parametrize("agg", ["share", "mean", "max"])
def test_intervals_of_model_scores_stay_between_0_and_1(fitted, articles, agg):
    scores = framing.score(articles, fitted, unit="document", agg=agg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = framing.compare(scores, by="outlet")
    bounds = table[["ci_low", "ci_high"]].dropna()
    assert len(bounds) and ((bounds >= 0) & (bounds <= 1)).all().all(), table
