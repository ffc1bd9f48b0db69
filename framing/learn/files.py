"""Model files that are never unpickled: numeric arrays and JSON in one ``.npz``.

A pickle runs code when it is read, so a model file from elsewhere could do anything.
framing's model file holds only what a fitted :class:`~framing.learn.classifier.FrameClassifier`
is made of: float arrays (weights, idf, calibration, thresholds), a string array (the
vocabulary) and one JSON document (format, versions, parameters, frames, the codebook
YAML when dictionary features are stacked, the inner cross-validation table, and a sha256
over everything). It is read with ``numpy.load(allow_pickle=False)``, which refuses object
arrays instead of unpickling them; then the format, shapes and checksum are checked, so a
file from elsewhere or one changed after saving is refused with a clear error.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._provenance import version
from framing.errors import ModelError

__all__ = ["save_model", "load_model", "FORMAT"]

FORMAT = "framing-frame-classifier"
FORMAT_VERSION = 1
_MODEL_ARRAYS = ("coef", "intercept", "calibration", "thresholds", "C")
_ALLOWED = {*_MODEL_ARRAYS, "vocabulary", "idf", "dictionary_scale", "meta"}


def _checksum(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=True).encode("ascii"))
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def save_model(model, path: str | os.PathLike) -> Path:
    """Write a fitted classifier to ``path`` atomically (``.npz`` added when missing)."""
    from framing.io._files import atomic_write

    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    feature_meta, feature_arrays = model.features_.state()
    arrays = {
        **feature_arrays,
        "coef": model.coef_,
        "intercept": model.intercept_,
        "calibration": model.calibration_,
        "thresholds": model.thresholds_,
        "C": model.C_,
    }
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framing_version": version(),
        "kind": type(model).__name__,
        "model": model.describe(),
        "features": feature_meta,
        "cv_table": json.loads(model.cv_table_.to_json(orient="split", index=False)),
    }
    meta["sha256"] = _checksum(meta, arrays)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, meta=np.array(json.dumps(meta, ensure_ascii=True)), **arrays)
    payload = buffer.getvalue()
    atomic_write(path, lambda tmp: tmp.write_bytes(payload))
    return path


def _refuse(path: Path, why: str) -> ModelError:
    return ModelError(
        f"{path}: not a framing model file ({why}). Model files are written by "
        "FrameClassifier.save(); framing never unpickles files, so a pickled model cannot be "
        "loaded — refit it and save it with framing"
    )


def load_model(path: str | os.PathLike):
    """Read a model saved by :meth:`FrameClassifier.save`, without unpickling anything.

    Parameters
    ----------
    path : path-like
        A ``.npz`` file written by ``save``. The path given to ``save`` works too:
        when it names no file and did not end in ``.npz``, ``save`` added the suffix,
        so ``path`` + ``.npz`` is read.

    Returns
    -------
    FrameClassifier
        Fitted; its predictions equal those of the saved model exactly.

    Raises
    ------
    ModelError
        If the file is not a framing model file (another format, a pickle, object arrays),
        was written by a newer format version, or was changed after it was saved (its
        sha256 no longer matches).

    Examples
    --------
    >>> import framing, tempfile, pathlib
    >>> clf = framing.FrameClassifier(C=3.0, inner_folds=3).fit(framing.load_reference_coding())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d) / "frames.npz"
    ...     clf.save(path)
    ...     again = framing.load_model(path)
    >>> again.frames_ == clf.frames_
    True
    """
    path = Path(path)
    if not path.exists() and path.suffix != ".npz":
        saved = path.with_name(path.name + ".npz")  # where save() wrote it
        if saved.is_file():
            path = saved
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "it is not a .npz archive")
    try:
        with np.load(path, allow_pickle=False) as archive:
            names = set(archive.files)
            unknown = names - _ALLOWED
            if unknown or "meta" not in names:
                raise _refuse(
                    path, f"unexpected entries {sorted(unknown)}" if unknown else "no meta"
                )
            arrays = {name: archive[name] for name in names - {"meta"}}
            meta_text = archive["meta"]
            odd = [
                n for n, a in {**arrays, "meta": meta_text}.items() if not isinstance(a, np.ndarray)
            ]
            if odd:  # numpy hands back raw bytes for members that are not .npy arrays
                raise _refuse(path, f"entries {sorted(odd)} are not numpy arrays")
    except ModelError:
        raise
    except ValueError as error:  # object arrays: numpy refuses to unpickle them
        raise _refuse(path, f"it holds data that would need unpickling: {error}") from None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise _refuse(path, f"unreadable: {error}") from None
    if meta_text.dtype.kind != "U" or meta_text.shape != ():
        raise _refuse(path, "its meta entry is not a JSON string")
    try:
        meta = json.loads(str(meta_text))
    except json.JSONDecodeError as error:
        raise _refuse(path, f"its meta entry is not valid JSON: {error.msg}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise _refuse(
            path, f"its format is {meta.get('format') if isinstance(meta, dict) else None!r}"
        )
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model file format version {meta.get('format_version')!r}, this framing "
            f"({version()}) reads version {FORMAT_VERSION}; upgrade framing or refit the model"
        )
    recorded = meta.pop("sha256", None)
    if recorded != _checksum(meta, arrays):
        raise ModelError(
            f"{path}: the file was changed after it was saved (its sha256 does not match its "
            "content); use the original file or refit the model"
        )
    for name, array in arrays.items():
        expected = "U" if name == "vocabulary" else "f"
        if array.dtype.kind != expected:
            raise _refuse(path, f"entry {name!r} has dtype {array.dtype}")
    return _rebuild(meta, arrays, path)


def _rebuild(meta: dict[str, Any], arrays: dict[str, np.ndarray], path: Path):
    from framing.learn.classifier import FrameClassifier
    from framing.learn.features import TextFeatures

    missing = [name for name in _MODEL_ARRAYS if name not in arrays]
    if missing:
        raise _refuse(path, f"missing arrays {missing}")
    described = meta["model"]
    params = dict(described["params"])
    if isinstance(params.get("C"), list):
        params["C"] = tuple(params["C"])
    params["ngram_range"] = tuple(params["ngram_range"])
    if isinstance(params.get("seed"), str):
        params["seed"] = 0  # a Generator was recorded by its repr; the fitted state is what counts
    features = TextFeatures.from_state(meta["features"], arrays)
    if features.codebook is not None:
        params["codebook"] = features.codebook  # the very cues it was fitted with
    model = FrameClassifier(**params)
    model.features_ = features
    frames = list(described["frames"])
    n_frames, n_features = len(frames), len(model.features_.names())
    if arrays["coef"].shape != (n_frames, n_features):
        raise _refuse(path, "the weights do not fit the vocabulary and frames")
    model.frames_ = frames
    model.classes_ = [np.array([0, 1])] * n_frames
    model.coef_ = arrays["coef"]
    model.intercept_ = arrays["intercept"]
    model.calibration_ = arrays["calibration"]
    model.thresholds_ = arrays["thresholds"]
    model.C_ = arrays["C"]
    table = meta["cv_table"]
    model.cv_table_ = pd.DataFrame(table["data"], columns=table["columns"])
    model.training_unit_ = described["training_unit"]
    model.languages_ = list(described.get("languages", []))
    model.training_sha256_ = described["training_sha256"]
    model.n_units_ = int(described["n_units"])
    model.n_features_ = n_features
    return model
