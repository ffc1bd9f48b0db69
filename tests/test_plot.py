"""Tests of framing.plot: every figure renders, keeps rcParams, honours ax, and reads its tables."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import hashlib
import itertools

import matplotlib as mpl
import matplotlib.image as mimage
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import framing
from framing import plot
from framing.errors import DataError
from framing.plot._colors import FIXED, POOL, text_color_on

FRAMES = ["morale", "humanitarian", "leverage", "diplomacy"]
OUTLETS = ["Volga Herald", "Kyiv Ledger", "Atlas Wire", "Galata Review"]
TYPES = {
    "Volga Herald": "state-aligned",
    "Kyiv Ledger": "independent",
    "Atlas Wire": "international wire",
    "Galata Review": "independent",
}


@pytest.fixture(autouse=True)
def _close_figures():
    plot.reset_palette()  # colours of new names depend on the names seen before
    yield
    plt.close("all")


@pytest.fixture
def scores() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 48
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i:02d}" for i in range(n)],
            "outlet": np.resize(OUTLETS, n),
            "date": pd.Timestamp("2025-06-02") + pd.to_timedelta(np.arange(n) % 12, unit="D"),
            "n_tokens": 400,
        }
    )
    for f in FRAMES:
        table[f] = rng.gamma(1.5, 2.0, n)
    table.attrs["framing"] = {
        "frames": FRAMES,
        "unit": "document",
        "params": {"normalize": "per_1k"},
    }
    return table


@pytest.fixture
def compared(scores) -> pd.DataFrame:
    return framing.compare(scores, by="outlet", n_boot=50)


@pytest.fixture
def sentence_scores() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    n = 14
    table = pd.DataFrame({"doc_id": "a1", "sent_id": range(n), "title": "Swap & talks"})
    for f in FRAMES:
        table[f] = np.where(rng.random(n) < 0.3, rng.gamma(2.0, 20.0, n), 0.0)
    table.loc[3, FRAMES] = 0.0
    table.attrs["framing"] = {"frames": FRAMES, "unit": "sentence"}
    other = table.assign(doc_id="b2")
    both = pd.concat([table, other], ignore_index=True)
    both.attrs = table.attrs
    return both


@pytest.fixture
def distinctive() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 120
    return pd.DataFrame(
        {
            "outlet": np.repeat(["Kyiv Ledger", "Atlas Wire"], n // 2),
            "term": [f"term{i}" for i in range(n)],
            "count_target": rng.integers(1, 40, n),
            "count_rest": rng.integers(1, 400, n),
            "delta": 0.0,
            "variance": 1.0,
            "z": rng.normal(0.0, 2.5, n),
        }
    )


def _render(fig: Figure, path, dpi: int = 40) -> np.ndarray:
    fig.savefig(path, dpi=dpi)
    assert path.stat().st_size > 0
    return mimage.imread(path)


def _assert_size(image: np.ndarray, fig: Figure, dpi: int) -> None:
    # Agg truncates a fractional pixel (and float error can cost one more): allow 1 px.
    w, h = fig.get_size_inches()
    assert abs(image.shape[0] - h * dpi) <= 1 and abs(image.shape[1] - w * dpi) <= 1


# Every figure function, drawn on a given Axes where it takes one.
AXES_CALLS = {
    "heatmap": lambda d, ax: plot.heatmap(d["compared"], ax=ax),
    "heatmap_wide": lambda d, ax: plot.heatmap(d["scores"], by="outlet", ax=ax),
    "forest_one": lambda d, ax: plot.forest(d["compared"], frames="leverage", ax=ax),
    "terms": lambda d, ax: plot.terms(d["distinctive"], group="Atlas Wire", ax=ax),
    "strip": lambda d, ax: plot.strip(d["sentences"], "a1", ax=ax),
    "timeline": lambda d, ax: plot.timeline(d["scores"], ax=ax),
    "timeline_by": lambda d, ax: plot.timeline(d["scores"], by="outlet", frames="morale", ax=ax),
}
FIGURE_CALLS = {
    "forest": lambda d: plot.forest_grid(d["compared"]),
    "forest_grouped": lambda d: plot.forest_grid(
        d["compared"], group_by="outlet_type", metadata=TYPES
    ),
    "profile": lambda d: plot.profile(d["compared"]),
    "profile_dots": lambda d: plot.profile(d["scores"], by="outlet", kind="dots"),
    "terms_groups": lambda d: plot.terms_grid(d["distinctive"]),
    "timeline_frames": lambda d: plot.timeline_grid(d["scores"], by="outlet"),
}


@pytest.fixture
def data(scores, compared, sentence_scores, distinctive):
    return {
        "scores": scores,
        "compared": compared,
        "sentences": sentence_scores,
        "distinctive": distinctive,
    }


@pytest.mark.parametrize("name", AXES_CALLS)
def test_axes_figures_render_on_the_given_axes(name, data, tmp_path):
    fig, ax = plt.subplots(figsize=(5, 3.5), layout="constrained")
    before = dict(mpl.rcParams)
    out = AXES_CALLS[name](data, ax)
    assert dict(mpl.rcParams) == before
    assert out is ax
    image = _render(fig, tmp_path / f"{name}.png", dpi=40)
    assert image.shape[:2] == (140, 200)
    assert image[..., :3].std() > 0.05  # something was drawn


@pytest.mark.parametrize("name", FIGURE_CALLS)
def test_small_multiples_return_a_figure_that_renders(name, data, tmp_path):
    before = dict(mpl.rcParams)
    fig = FIGURE_CALLS[name](data)
    assert dict(mpl.rcParams) == before
    assert isinstance(fig, Figure)
    image = _render(fig, tmp_path / f"{name}.png", dpi=40)
    _assert_size(image, fig, 40)


@pytest.mark.parametrize("name", ["heatmap", "terms", "timeline"])
def test_axes_functions_default_to_the_current_axes(name, data):
    call = {
        "heatmap": lambda: plot.heatmap(data["compared"]),
        "terms": lambda: plot.terms(data["distinctive"], group="Kyiv Ledger"),
        "timeline": lambda: plot.timeline(data["scores"]),
    }[name]
    ax = call()
    assert isinstance(ax, Axes)
    assert ax is plt.gca()
    assert ax.figure.get_layout_engine() is not None  # fresh figure: labels not clipped


# Every figure function without ax, in an order that once crashed (terms' log scale under
# strip) or drew two figures on one Axes (heatmap under timeline).
SEQUENCE = [
    ("terms", lambda d: plot.terms(d["distinctive"], group="Kyiv Ledger")),
    ("strip", lambda d: plot.strip(d["sentences"], "a1")),
    ("heatmap", lambda d: plot.heatmap(d["compared"])),
    ("timeline", lambda d: plot.timeline(d["scores"])),
    ("timeline_by", lambda d: plot.timeline(d["scores"], by="outlet", frames="morale")),
    ("timeline_frames", lambda d: plot.timeline_grid(d["scores"], by="outlet")),
    ("forest", lambda d: plot.forest_grid(d["compared"])),
    ("heatmap_wide", lambda d: plot.heatmap(d["scores"], by="outlet")),
    ("profile", lambda d: plot.profile(d["compared"], order=OUTLETS[:3])),
    ("terms_all", lambda d: plot.terms_grid(d["distinctive"])),
    ("timeline_again", lambda d: plot.timeline(d["scores"], frames="leverage")),
    ("strip_again", lambda d: plot.strip(d["sentences"], "b2")),
]


def test_figure_functions_one_after_another_never_draw_on_the_previous(data, tmp_path):
    seen: list[Axes] = []
    for name, call in SEQUENCE:
        out = call(data)
        fig = out if isinstance(out, Figure) else out.figure
        mine = fig.axes if isinstance(out, Figure) else [out]
        assert not set(mine) & set(seen), f"{name} drew into an earlier function's axes"
        if isinstance(out, Axes):
            assert all(ax.figure is not fig for ax in seen), name  # a figure of its own
        seen.extend(mine)
        _render(fig, tmp_path / f"{name}.png")
    assert len(plt.get_fignums()) == len(SEQUENCE)


def test_an_empty_axes_prepared_by_the_user_is_still_used(data):
    fig, ax = plt.subplots(figsize=(4, 3))
    plt.sca(ax)
    assert plot.heatmap(data["compared"]) is ax
    # the next function does not draw over it
    assert plot.timeline(data["scores"]).figure is not fig
    fig, (left, right) = plt.subplots(1, 2)
    plot.strip(data["sentences"], "a1", ax=left)
    plt.sca(right)
    assert plot.terms(data["distinctive"], group="Atlas Wire") is right
    empty = plt.figure(figsize=(3, 2))
    ax = plot.timeline(data["scores"])
    assert ax.figure is empty
    assert ax.figure.get_layout_engine() is not None


def test_used_or_unusual_current_axes_are_not_drawn_on(data):
    fig, ax = plt.subplots()
    ax.set_xscale("log")
    assert plot.heatmap(data["compared"]).figure is not fig
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "a note")
    assert plot.heatmap(data["compared"]) is not ax
    fig = plot.profile(data["compared"], order=OUTLETS[:3], col_wrap=2)
    assert plt.gca() is fig.axes[3] and not fig.axes[3].get_visible()  # 2 x 2, one hidden
    assert plot.heatmap(data["compared"]).figure is not fig
    with mpl.rc_context({"figure.figsize": (3.0, 2.0)}):
        ax = plot.strip(data["sentences"], "a1")
        np.testing.assert_allclose(ax.figure.get_size_inches(), (3.0, 2.0))


def test_no_function_shows_or_changes_rcparams_inside_paper(data, tmp_path):
    with plot.paper(columns=2):
        inside = dict(mpl.rcParams)
        for call in FIGURE_CALLS.values():
            call(data)
            assert dict(mpl.rcParams) == inside


# --- heatmap -----------------------------------------------------------------------------


def test_heatmap_annotates_every_cell_with_contrasting_text(compared):
    ax = plot.heatmap(compared, fmt=".2f")
    texts = [t for t in ax.texts]
    assert len(texts) == len(OUTLETS) * len(FRAMES)
    image = ax.images[0]
    for t in texts:
        value = float(t.get_text())
        fill = image.cmap(image.norm(value))
        assert t.get_color() == text_color_on(fill)
    colours = {t.get_color() for t in texts}
    assert colours <= {"black", "white"}
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(OUTLETS)  # compare sorts groups
    assert [t.get_text() for t in ax.get_xticklabels()] == FRAMES


def test_heatmap_wide_table_averages_per_group(scores):
    ax = plot.heatmap(scores, by="outlet", frames=["leverage", "morale"], fmt=".3f", cbar=False)
    expected = scores.groupby("outlet", sort=False)[["leverage", "morale"]].mean()
    cells = np.asarray(ax.images[0].get_array())
    np.testing.assert_allclose(cells, expected.to_numpy())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["leverage", "morale"]


def test_heatmap_diverging_values_get_a_centred_diverging_map():
    table = pd.DataFrame(
        {"outlet": ["A", "A", "B", "B"], "frame": ["x", "y"] * 2, "estimate": [-2, 1, 0.5, 4]}
    )
    ax = plot.heatmap(table)
    image = ax.images[0]
    assert image.cmap.name.startswith("RdBu_r")
    assert image.norm.vmin == -image.norm.vmax == -4


def test_heatmap_leaves_missing_cells_blank():
    table = pd.DataFrame(
        {"outlet": ["A", "A", "B"], "frame": ["x", "y", "x"], "estimate": [1.0, 2.0, 3.0]}
    )
    ax = plot.heatmap(table)
    assert len(ax.texts) == 3


def test_unknown_frames_and_groups_are_data_errors(compared, scores):
    with pytest.raises(DataError, match="unknown frame"):
        plot.heatmap(compared, frames=["nope"])
    with pytest.raises(DataError, match="nope"):
        plot.heatmap(scores, by="outlet", frames=["nope"])
    with pytest.raises(DataError, match="by="):
        plot.heatmap(scores.drop(columns="outlet").assign(x=1.0), by="outlet")
    unlabelled = scores.drop(columns="n_tokens", errors="ignore")
    unlabelled.attrs = {}
    with pytest.raises(DataError, match="frames="):
        plot.heatmap(unlabelled, by="outlet")


# --- forest -------------------------------------------------------------------------------


def test_forest_grid_has_one_panel_per_frame_in_one_shared_order(compared):
    fig = plot.forest_grid(compared)
    panels = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title() for a in panels] == FRAMES
    # one order for all panels: by the mean estimate across frames, highest on top
    expected = compared.groupby("outlet")["estimate"].mean().sort_values(ascending=False)
    ncols = len({round(a.get_position().x0, 3) for a in panels})
    for i, ax in enumerate(panels):
        np.testing.assert_array_equal(ax.get_yticks(), panels[0].get_yticks())
        labels = [t.get_text() for t in ax.get_yticklabels()]
        # group labels are written once per row of panels
        assert labels == (expected.index.tolist() if i % ncols == 0 else [])


def test_forest_on_one_axes_orders_by_estimate(compared):
    fig, ax = plt.subplots()
    frame = FRAMES[0]
    plot.forest(compared, frames=frame, ax=ax)
    rows = compared[compared["frame"] == frame].sort_values("estimate", ascending=False)
    assert [t.get_text() for t in ax.get_yticklabels()] == rows["outlet"].tolist()


def test_forest_needs_one_frame_and_names_the_grid_function(compared):
    fig, ax = plt.subplots()
    with pytest.raises(DataError, match="frames=.*forest_grid"):
        plot.forest(compared, ax=ax)
    with pytest.raises(DataError, match="forest_grid"):
        plot.forest(compared)


def test_forest_respects_order_and_rejects_unknown_groups(compared):
    fig, ax = plt.subplots()
    order = ["Kyiv Ledger", "Atlas Wire"]
    plot.forest(compared, frames="morale", order=order, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == order
    with pytest.raises(DataError, match="Nowhere"):
        plot.forest(compared, frames="morale", order=["Nowhere"], ax=ax)


@pytest.mark.parametrize("source", ["dict", "frame", "column"])
def test_forest_groups_and_colours_by_a_metadata_column(compared, source):
    kwargs = {"group_by": "outlet_type"}
    table = compared
    if source == "dict":
        kwargs["metadata"] = TYPES
    elif source == "frame":
        kwargs["metadata"] = pd.DataFrame(
            {"outlet": list(TYPES), "outlet_type": list(TYPES.values())}
        )
    else:
        table = compared.assign(outlet_type=compared["outlet"].map(TYPES))
    fig, ax = plt.subplots()
    plot.forest(table, frames="diplomacy", ax=ax, **kwargs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    cats = [TYPES[g] for g in labels]
    assert cats == sorted(cats)  # clustered by category
    dots = ax.collections[-1].get_facecolors()
    expected = [mpl.colors.to_rgba(plot.palette([c])[c]) for c in cats]
    np.testing.assert_allclose(dots, expected)
    legend = ax.get_legend()
    assert sorted(t.get_text() for t in legend.get_texts()) == sorted(set(TYPES.values()))


def test_forest_group_by_needs_metadata(compared):
    with pytest.raises(DataError, match="metadata"):
        plot.forest_grid(compared, group_by="outlet_type")
    with pytest.raises(DataError, match="no outlet_type"):
        plot.forest(
            compared, frames="morale", group_by="outlet_type", metadata={"Kyiv Ledger": "x"}
        )


def test_forest_draws_confidence_intervals(compared):
    fig, ax = plt.subplots()
    plot.forest(compared, frames="leverage", ax=ax)
    segments = ax.collections[0].get_segments()
    rows = compared[compared["frame"] == "leverage"]
    lows = sorted(seg[0][0] for seg in segments)
    np.testing.assert_allclose(lows, sorted(rows["ci_low"]))


# --- profile ------------------------------------------------------------------------------


def test_profile_is_small_multiples_on_one_scale(compared):
    fig = plot.profile(compared, order=["Kyiv Ledger", "Volga Herald"])
    panels = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title() for a in panels] == ["Kyiv Ledger", "Volga Herald"]
    assert len({a.get_xlim() for a in panels}) == 1
    bars = panels[0].patches
    assert len(bars) == len(FRAMES)
    expected = [mpl.colors.to_rgba(c) for c in plot.palette(FRAMES).values()]
    np.testing.assert_allclose([b.get_facecolor() for b in bars], expected)


def test_profile_rejects_unknown_kind(compared):
    with pytest.raises(ValueError, match="kind"):
        plot.profile(compared, kind="radar")


# --- terms --------------------------------------------------------------------------------


def _label_boxes(ax):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    return [
        mpl.text.Text.get_window_extent(t, renderer)
        for t in ax.texts
        if t.get_visible() and t.get_text()
    ]


@pytest.mark.parametrize("size", [(5, 3.5), (3.5, 2.4)])
def test_terms_labels_never_overlap(distinctive, size):
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    plot.terms(distinctive, group="Kyiv Ledger", top=15, ax=ax)
    boxes = _label_boxes(ax)
    assert len(ax.texts) == 15
    assert len(boxes) >= 8
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    inside = ax.get_window_extent()
    for box in boxes:
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1


def test_terms_crowded_labels_are_dropped_not_overlapped():
    crowded = pd.DataFrame(
        {
            "term": [f"longterm{i}" for i in range(40)],
            "count_target": 10,
            "count_rest": 10 + np.arange(40) % 3,
            "z": 3 + np.arange(40) * 0.01,
        }
    )
    fig, ax = plt.subplots(figsize=(3, 2))
    plot.terms(crowded, top=40, ax=ax)
    boxes = _label_boxes(ax)
    assert 0 < len(boxes) < 40
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_terms_placement_is_deterministic_and_labels_the_strongest(distinctive):
    positions = []
    for _ in range(2):
        fig, ax = plt.subplots(figsize=(5, 3.5))
        plot.terms(distinctive, group="Atlas Wire", top=10, ax=ax)
        fig.canvas.draw()
        positions.append([(t.get_text(), tuple(t.xyann)) for t in ax.texts])
    assert positions[0] == positions[1]
    rows = distinctive[distinctive["outlet"] == "Atlas Wire"]
    strongest = rows.reindex(rows["z"].abs().sort_values(ascending=False).index)["term"][:10]
    assert [p[0] for p in positions[0]] == strongest.tolist()


def test_terms_on_an_axes_needs_a_group_when_the_table_has_several(distinctive):
    fig, ax = plt.subplots()
    with pytest.raises(DataError, match="group="):
        plot.terms(distinctive, ax=ax)
    with pytest.raises(DataError, match="Nowhere"):
        plot.terms(distinctive, group="Nowhere")
    assert plot.terms(distinctive, group="Atlas Wire", ax=ax) is ax


def test_terms_of_every_group_draws_one_panel_per_group():
    corpus = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B", "C", "C"],
            "text": [
                "Prisoners are a bargaining chip in the talks.",
                "A chip on the table; talks stall.",
                "Families wait for the prisoners to come home.",
                "Families hope and wait at the border.",
                "Ministers met in Istanbul for the exchange.",
                "The exchange was agreed by the ministers.",
            ],
        }
    )
    distinctive = framing.distinctive_terms(corpus)  # every group against the rest
    with pytest.raises(DataError, match="terms_grid"):
        plot.terms(distinctive, top=5)
    fig = plot.terms_grid(distinctive, top=5)
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["A", "B", "C"]
    colours = plot.palette(["A", "B", "C"])
    assert len(set(colours.values())) == 3
    for ax, group in zip(panels, "ABC", strict=True):
        rows = distinctive[distinctive["outlet"] == group]
        assert len(ax.collections[0].get_offsets()) == len(rows)  # this group's terms only
        strong = ax.collections[1].get_facecolors()
        assert any(np.allclose(c, mpl.colors.to_rgba(colours[group])) for c in strong)
        assert 0 < len(ax.texts) <= 5
    assert len({ax.get_ylim() for ax in panels}) == 1  # one z scale
    assert "z-score" in fig.get_supylabel()


def test_terms_grid_groups_picks_the_panels_and_max_groups_caps_them(distinctive):
    fig = plot.terms_grid(distinctive, groups=["Atlas Wire"])
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["Atlas Wire"]
    many = pd.concat([distinctive.assign(outlet=f"{o} {i}") for i in range(7) for o in ("a", "b")])
    with pytest.raises(DataError, match="max_groups=12.*groups="):
        plot.terms_grid(many, max_groups=12)
    fig = plot.terms_grid(many, groups=["a 0", "b 6"])
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["a 0", "b 6"]
    with pytest.raises(DataError, match="Nowhere"):
        plot.terms_grid(distinctive, groups=["Nowhere"])


# --- strip --------------------------------------------------------------------------------


def test_strip_draws_frames_by_sentence(sentence_scores):
    ax = plot.strip(sentence_scores, "a1")
    image = ax.images[0].get_array()
    assert image.shape[:2] == (len(FRAMES), 14)
    np.testing.assert_allclose(image[:, 3], 0.95)  # sentence 3 has no cue: background
    row = sentence_scores[sentence_scores["doc_id"] == "a1"]
    strongest = np.unravel_index(np.argmax(row[FRAMES].to_numpy().T), image.shape[:2])
    colour = mpl.colors.to_rgb(plot.palette([FRAMES[strongest[0]]])[FRAMES[strongest[0]]])
    np.testing.assert_allclose(image[strongest], colour)  # the top score gets the full colour
    assert [t.get_text() for t in ax.get_yticklabels()] == FRAMES
    assert "Swap & talks" in ax.get_title()


def test_strip_errors_name_the_problem(sentence_scores, scores):
    with pytest.raises(DataError, match="zz"):
        plot.strip(sentence_scores, "zz")
    with pytest.raises(DataError, match="sent_id"):
        plot.strip(scores, "d01")


# --- timeline -----------------------------------------------------------------------------


def test_timeline_one_line_per_frame_mean_per_period(scores):
    ax = plot.timeline(scores, freq="D")
    assert [line.get_label() for line in ax.get_lines()] == FRAMES
    daily = scores.groupby(scores["date"].dt.floor("D"))["morale"].mean()
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), daily.to_numpy())


def test_timeline_by_group_on_an_axes_needs_one_frame(scores):
    fig, ax = plt.subplots()
    with pytest.raises(DataError, match="one frame.*timeline_grid"):
        plot.timeline(scores, by="outlet", ax=ax)
    assert plot.timeline(scores, by="outlet", frames="leverage", ax=ax) is ax
    ax = plot.timeline(scores, by="outlet", frames="leverage", freq="W")
    assert isinstance(ax, Axes)
    assert sorted(line.get_label() for line in ax.get_lines()) == sorted(OUTLETS)


def test_timeline_by_group_with_several_frames_draws_a_panel_per_frame(scores, tmp_path):
    scores = scores.assign(outlet_type=scores["outlet"].map(TYPES))
    fig = plot.timeline_grid(scores, by="outlet_type", freq="D")
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == FRAMES
    types = sorted(set(TYPES.values()))
    daily = scores.groupby([scores["date"].dt.floor("D"), "outlet_type"])["humanitarian"].mean()
    for ax in panels:
        assert [line.get_label() for line in ax.get_lines()] == types
    lines = {line.get_label(): line for line in panels[1].get_lines()}
    drawn = pd.Series(lines["independent"].get_ydata(), index=lines["independent"].get_xdata())
    np.testing.assert_allclose(drawn.dropna(), daily.xs("independent", level=1))
    assert drawn.dropna().index.equals(daily.xs("independent", level=1).index)
    colours = [line.get_color() for line in panels[0].get_lines()]
    assert colours == [plot.palette([t])[t] for t in types]
    assert [line.get_color() for line in panels[-1].get_lines()] == colours  # same in every panel
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == types
    assert legend.get_title().get_text() == "outlet type"  # the column name as words
    assert all(ax.get_legend() is None for ax in panels)
    assert len({ax.get_xlim() for ax in panels}) == 1  # one time axis
    image = _render(fig, tmp_path / "timeline.png")
    _assert_size(image, fig, 40)


def test_timeline_by_group_leaves_gaps_for_periods_without_articles(scores):
    gap = pd.Timestamp("2025-06-05")
    sparse = scores[scores["date"] != gap]
    ax = plot.timeline(sparse, by="outlet", frames="morale")
    for line in ax.get_lines():
        drawn = pd.Series(line.get_ydata(), index=pd.DatetimeIndex(line.get_xdata()))
        assert gap in drawn.index and np.isnan(drawn[gap])  # a gap, not a line across


def test_timeline_gives_new_group_names_distinct_colours(scores):
    renamed = scores.assign(
        outlet=scores["outlet"].map(
            dict(zip(OUTLETS, ["x1", "x2", "x8", "accountability"], strict=True))
        )
    )
    ax = plot.timeline(renamed, by="outlet", frames="morale")
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert len(set(colours.values())) == 4
    assert colours["accountability"] == FIXED["accountability"]


def test_timeline_leaves_gaps_for_empty_periods(scores):
    sparse = scores[scores["date"] != pd.Timestamp("2025-06-05")]
    ax = plot.timeline(sparse, frames="morale")
    assert np.isnan(ax.get_lines()[0].get_ydata()).sum() == 1


def test_timeline_rejects_bad_freq(scores):
    with pytest.raises(DataError, match="freq"):
        plot.timeline(scores, freq="fortnightly")


# --- palette ------------------------------------------------------------------------------


def test_palette_is_stable_across_calls_orders_and_sets():
    names = ["Kyiv Ledger", "Some Blog", "military", "another outlet", "2025"]
    base = plot.palette(names)
    assert plot.palette(list(reversed(names))) == {n: base[n] for n in reversed(names)}
    for name in names:
        assert plot.palette([name])[name] == base[name]
        assert plot.palette([name, "zzz", "aaa"])[name] == base[name]
    plot.palette(f"filler {i}" for i in range(3 * len(POOL)))  # many names later …
    assert plot.palette(names) == base  # … change nothing
    assert plot.palette([2025]) == {"2025": base["2025"]}


def test_palette_gives_names_of_one_call_different_colours():
    # The review's example: the old hash put all three x's on #882255.
    colours = plot.palette(["x1", "x2", "x8", "accountability"])
    assert len(set(colours.values())) == 4
    assert colours["accountability"] == FIXED["accountability"]
    new = [f"outlet {i}" for i in range(len(POOL))]
    assert len(set(plot.palette(new).values())) == len(POOL)  # the whole pool, no clash
    # with the pool already held, the new names of a call still differ from each other
    more = [f"source {i}" for i in range(len(POOL))]
    assert len(set(plot.palette(more).values())) == len(POOL)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=len(POOL), unique=True),
    st.randoms(use_true_random=False),
)
def test_palette_of_one_call_is_distinct_and_independent_of_order(names, random):
    plot.reset_palette()
    first = plot.palette(names)
    shuffled = list(names)
    random.shuffle(shuffled)
    plot.reset_palette()
    second = plot.palette(shuffled)
    assert first == second
    bundled = [n for n in names if n in FIXED]
    assert all(first[n] == FIXED[n] for n in bundled)
    others = [first[n] for n in names if n not in FIXED]
    assert len(set(others)) == len(others)
    assert not set(others) & {FIXED[n] for n in bundled}


def test_palette_prefers_the_hash_colour_and_probes_forward_when_it_is_taken():
    # Pinned values: Python's hash() would change them from one process to the next,
    # and a change to the pool would silently recolour every user's figures.
    assert plot.palette(["Some Blog", "x"]) == {"Some Blog": "#117733", "x": "#004488"}
    digest = hashlib.sha256(b"Some Blog").digest()[:8]
    preferred = int.from_bytes(digest, "big") % len(POOL)
    assert POOL[preferred] == "#117733"
    plot.reset_palette()
    plot.palette(["another name"])
    taker = plot.palette(["another name"])["another name"]
    plot.reset_palette()
    first = next(n for n in (f"n{i}" for i in range(1000)) if _preferred(n) == taker)
    second = next(n for n in (f"m{i}" for i in range(1000)) if _preferred(n) == taker)
    assert plot.palette([first])[first] == taker
    assert plot.palette([second])[second] == POOL[(POOL.index(taker) + 1) % len(POOL)]


def _preferred(name: str) -> str:
    return POOL[int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % len(POOL)]


def test_palette_reuses_colours_in_turn_when_the_pool_is_exhausted():
    many = plot.palette(f"outlet {i}" for i in range(3 * len(POOL)))  # no error
    counts = pd.Series(list(many.values())).value_counts()
    assert set(counts.index) == set(POOL)
    assert set(counts) == {3}  # every colour reused equally often


def test_palette_keeps_bundled_colours_and_reset_forgets_the_rest():
    plot.palette(f"outlet {i}" for i in range(2 * len(POOL)))
    assert plot.palette(list(FIXED)) == FIXED
    assert plot.palette(["military", "conflict"]) == {"military": "#D55E00", "conflict": "#D55E00"}
    pow_frames = [
        "morale",
        "humanitarian",
        "leverage",
        "diplomacy",
        "military",
        "propaganda",
        "accountability",
    ]
    assert len(set(plot.palette(pow_frames).values())) == len(pow_frames)
    plot.reset_palette()
    fresh = plot.palette(["Some Blog"])
    plot.palette(["Other Blog", "x"])
    plot.palette.reset()
    assert plot.palette(["Some Blog"]) == fresh
    assert plot.palette(["military"]) == {"military": FIXED["military"]}


def test_palette_pool_is_colour_blind_safe_and_distinct():
    assert len(POOL) == len(set(POOL)) >= 20
    assert set(FIXED.values()) <= set(POOL)
    for colour in POOL:  # readable as lines and text on white: WCAG contrast of at least 2:1
        rgb = mpl.colors.to_rgb(colour)
        lum = sum(
            w * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
            for w, c in zip((0.2126, 0.7152, 0.0722), rgb, strict=True)
        )
        assert 1.05 / (lum + 0.05) >= 2.0, colour


def test_palette_rejects_a_bare_string():
    with pytest.raises(TypeError, match="palette"):
        plot.palette("military")


def test_palette_overrides_reach_the_figure(compared):
    fig, ax = plt.subplots()
    plot.forest(compared, frames="morale", palette={"morale": "#000000"}, ax=ax)
    np.testing.assert_allclose(ax.collections[-1].get_facecolors()[0], (0, 0, 0, 1))


# --- paper and save -----------------------------------------------------------------------


def test_paper_sets_print_sizes_and_restores_rcparams():
    before = dict(mpl.rcParams)
    with plot.paper(columns=1):
        assert mpl.rcParams["figure.figsize"][0] == 3.5
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["svg.fonttype"] == "none"
        assert mpl.rcParams["font.size"] >= 7
    with plot.paper(columns=2, font_size=9):
        assert mpl.rcParams["figure.figsize"][0] == 7.0
        assert mpl.rcParams["xtick.labelsize"] >= 7
    assert dict(mpl.rcParams) == before
    with pytest.raises(ValueError, match="columns"):
        plot.paper(columns=3)
    with pytest.raises(ValueError, match="7 pt"):
        plot.paper(font_size=5)


def test_save_writes_pdf_svg_png_atomically(compared, tmp_path):
    with plot.paper(columns=1):
        fig = plot.forest_grid(compared, frames=["morale", "leverage"])
        before = dict(mpl.rcParams)
        paths = plot.save(fig, tmp_path / "figs" / "forest.pdf")
        assert dict(mpl.rcParams) == before
    assert paths == [tmp_path / "figs" / f"forest.{ext}" for ext in ("pdf", "svg", "png")]
    assert all(p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == sorted(p.name for p in paths)
    pdf, svg = paths[0].read_bytes(), paths[1].read_text()
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # embedded TrueType
    assert "<text" in svg  # text stays text
    image = mimage.imread(paths[2])
    assert image.shape[1] == round(3.5 * 300)
    assert image.shape[0] == round(fig.get_size_inches()[1] * 300)


def test_save_is_reproducible_and_takes_an_axes(compared, tmp_path):
    fig, ax = plt.subplots(figsize=(3, 2))
    plot.forest(compared, frames="morale", ax=ax)
    first = [p.read_bytes() for p in plot.save(ax, tmp_path / "a", formats=("pdf", "svg"))]
    second = [p.read_bytes() for p in plot.save(ax, tmp_path / "a", formats=("pdf", "svg"))]
    assert first == second


def test_save_rejects_unknown_formats(tmp_path):
    fig = plt.figure()
    with pytest.raises(ValueError, match="docx"):
        plot.save(fig, tmp_path / "x", formats=("docx",))
    with pytest.raises(ValueError, match="formats"):
        plot.save(fig, tmp_path / "x", formats="pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("name", [*FIGURE_CALLS, *AXES_CALLS])
def test_nothing_touches_the_edge_in_paper_sizes(data, name, columns, tmp_path):
    # Clipped labels leave ink on the border of the image; a clean border means none were.
    with plot.paper(columns=columns):
        if name in FIGURE_CALLS:
            fig = FIGURE_CALLS[name](data)
        else:
            fig = AXES_CALLS[name](data, None).figure
        image = _render(fig, tmp_path / "edge.png", dpi=100)[..., :3]
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    assert border.min() == 1.0, name


# --- one rule: axes-level functions return an Axes, figure-level ones a Figure --------------


def test_every_public_figure_function_follows_the_documented_rule(data):
    import inspect

    assert set(plot.AXES_LEVEL) | set(plot.FIGURE_LEVEL) == {
        "heatmap", "forest", "terms", "strip", "timeline", "validation",
        "forest_grid", "terms_grid", "timeline_grid", "profile",
    }  # fmt: skip
    for name in plot.AXES_LEVEL:
        assert "ax" in inspect.signature(getattr(plot, name)).parameters, name
        assert "Returns\n    -------\n    Axes\n" in getattr(plot, name).__doc__, name
    for name in plot.FIGURE_LEVEL:
        assert "ax" not in inspect.signature(getattr(plot, name)).parameters, name
        assert "Returns\n    -------\n    Figure\n" in getattr(plot, name).__doc__, name
    # whatever the arguments, the return type is the function's kind
    for call in AXES_CALLS.values():
        assert isinstance(call(data, None), Axes)
    assert isinstance(plot.forest(data["compared"][lambda d: d["frame"] == "morale"]), Axes)
    assert isinstance(plot.timeline(data["scores"], by="outlet", frames="morale"), Axes)
    for call in FIGURE_CALLS.values():
        assert isinstance(call(data), Figure)
    one_frame = data["compared"][data["compared"]["frame"] == "morale"]
    assert isinstance(plot.forest_grid(one_frame), Figure)  # one panel is still a Figure
    assert isinstance(plot.terms_grid(data["distinctive"], groups=["Atlas Wire"]), Figure)
    assert isinstance(plot.timeline_grid(data["scores"], by="outlet", frames="morale"), Figure)


def test_plot_namespace_shows_no_helper_modules():
    shown = set(dir(plot))
    assert not shown & {"np", "pd", "os", "mpl", "plt", "importlib", "annotations"}
    assert {"forest", "forest_grid", "table", "palette"} <= shown


# --- codebook labels and readable column names --------------------------------------------


@pytest.fixture(scope="module")
def generic_scores() -> pd.DataFrame:
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(6)],
            "outlet": ["A", "A", "A", "B", "B", "B"],
            "outlet_type": ["tabloid"] * 3 + ["broadsheet"] * 3,
            "date": pd.to_datetime(["2025-06-01", "2025-06-08", "2025-06-15"] * 2),
            "text": [
                "The families of the victims grieved; a mother wept for her son.",
                "Parties clashed and the opposition attacked the government.",
                "The cost to taxpayers and the economy was high.",
                "A father told his story; children and families waited.",
                "Rivals fought in parliament and critics blamed ministers.",
                "Jobs and money were lost; the budget suffered.",
            ],
        }
    )
    return framing.score(framing.load_corpus(corpus), "generic")


def test_frames_are_shown_by_their_codebook_labels_and_the_data_keep_ids(generic_scores):
    table = framing.compare(generic_scores, by="outlet", n_boot=20)
    ax = plot.heatmap(table)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "Human interest" in ticks and "human_interest" not in ticks
    assert "human_interest" in set(table["frame"])  # ids stay in the data
    ax = plot.heatmap(table, labels={})
    assert "human_interest" in [t.get_text() for t in ax.get_xticklabels()]
    fig = plot.forest_grid(table)
    titles = [a.get_title() for a in fig.axes if a.get_visible()]
    assert "Economic consequences" in titles
    ax = plot.timeline(generic_scores, freq="W")
    assert "Human interest" in [t.get_text() for t in ax.get_legend().get_texts()]
    fig = plot.profile(table)
    assert "Human interest" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # a palette may name a frame by its label too
    ax = plot.forest(table, frames="human_interest", palette={"Human interest": "#000000"})
    np.testing.assert_allclose(ax.collections[-1].get_facecolors()[0], (0, 0, 0, 1))


def test_legend_titles_and_axis_labels_use_words_not_column_names(compared, scores):
    fig, ax = plt.subplots()
    plot.forest(compared, frames="morale", group_by="outlet_type", metadata=TYPES, ax=ax)
    assert ax.get_legend().get_title().get_text() == "outlet type"
    by_type = scores.assign(outlet_type=scores["outlet"].map(TYPES))
    ax = plot.heatmap(framing.compare(by_type, by="outlet_type", n_boot=10))
    assert ax.get_ylabel() == "outlet type"


# --- figures that grow with groups and frames ---------------------------------------------


def _many_groups(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = [
        {"outlet": f"Outlet number {i}", "frame": f, "estimate": rng.gamma(2.0, 2.0)}
        for i in range(n)
        for f in FRAMES
    ]
    table = pd.DataFrame(rows)
    table["ci_low"] = table["estimate"] - 1
    table["ci_high"] = table["estimate"] + 1
    return table


def _tick_boxes(ax, axis: str):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_window_extent(renderer) for t in labels if t.get_text()]


@pytest.mark.parametrize("n", [4, 36])
def test_heatmap_and_forest_grow_with_the_groups_so_labels_never_overlap(n):
    table = _many_groups(n)
    ax = plot.heatmap(table)
    height = ax.figure.get_figheight()
    assert height >= mpl.rcParams["figure.figsize"][1]
    boxes = _tick_boxes(ax, "y")
    assert len(boxes) == n
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    ax = plot.forest(table, frames="morale")
    boxes = _tick_boxes(ax, "y")
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    if n == 36:
        assert height > 2 * mpl.rcParams["figure.figsize"][1]
        fig = plot.forest_grid(table)
        assert fig.get_figheight() > 2 * mpl.rcParams["figure.figsize"][1]


def test_a_prepared_axes_keeps_its_size(compared):
    fig, ax = plt.subplots(figsize=(3, 2))
    plot.heatmap(_many_groups(30), ax=ax)
    np.testing.assert_allclose(fig.get_size_inches(), (3, 2))


# --- palettes apply to what is coloured, or say what is ------------------------------------


def test_a_palette_keyed_by_groups_colours_the_groups(compared):
    by_type = framing.compare(
        pd.DataFrame(
            {
                "doc_id": [f"d{i}" for i in range(8)],
                "leaning": ["left"] * 4 + ["right"] * 4,
                "morale": [1.0, 2, 3, 4, 5, 6, 7, 8],
                "n_tokens": 100,
            }
        ),
        by="leaning",
        frames="morale",
        n_boot=20,
    )
    ax = plot.forest(by_type, palette={"left": "#0000FF", "right": "#FF0000"})
    labels = [t.get_text() for t in ax.get_yticklabels()]
    dots = ax.collections[-1].get_facecolors()
    expected = {"left": (0, 0, 1, 1), "right": (1, 0, 0, 1)}
    for label, dot in zip(labels, dots, strict=True):
        np.testing.assert_allclose(dot, expected[label])


@pytest.mark.parametrize(
    ("palette", "message"),
    [
        ({"left": "#0000FF"}, "colours the (frames|outlet groups)"),
        ({"morale": "not a colour"}, "is not a colour"),
        ("viridis", "dict name -> colour"),
    ],
)
def test_a_bad_palette_is_a_parameter_error_that_says_what_is_coloured(
    compared, scores, palette, message
):
    with pytest.raises(framing.ParameterError, match=message):
        plot.forest(compared, frames="morale", palette=palette)
    for call in (
        lambda: plot.timeline(scores, frames="morale", palette=palette),
        lambda: plot.heatmap(compared, cmap="Blues") and plot.profile(compared, palette=palette),
        lambda: plot.timeline_grid(scores, by="outlet", palette=palette),
    ):
        with pytest.raises(framing.ParameterError, match=message):
            call()


def test_a_group_by_palette_names_the_categories(compared):
    with pytest.raises(framing.ParameterError, match="outlet type categories"):
        plot.forest_grid(
            compared, group_by="outlet_type", metadata=TYPES, palette={"morale": "#000000"}
        )


# --- time: frequency spellings and ticks at the plotted points ----------------------------


@pytest.mark.parametrize(
    ("old", "new"), [("M", "ME"), ("Q", "QE"), ("Y", "YE"), ("2M", "2ME"), ("A", "YE")]
)
def test_timeline_accepts_both_spellings_of_calendar_periods(scores, old, new):
    long = scores.assign(date=pd.date_range("2024-01-15", periods=len(scores), freq="9D"))
    first = plot.timeline(long, frames="morale", freq=old).get_lines()[0]
    second = plot.timeline(long, frames="morale", freq=new).get_lines()[0]
    np.testing.assert_array_equal(first.get_xdata(), second.get_xdata())
    np.testing.assert_allclose(first.get_ydata(), second.get_ydata())
    months = {"M": 1, "Q": 3, "Y": 12, "A": 12}[old[-1]] * (int(old[:-1]) if old[:-1] else 1)
    drawn = pd.DatetimeIndex(first.get_xdata())
    assert (drawn.day == 1).all()  # periods drawn at their first day
    expected = long.groupby(long["date"].dt.to_period(f"{months}M" if months < 12 else "Y"))
    assert len(drawn) >= len(expected) // max(1, months)


def test_timeline_ticks_sit_at_the_plotted_weekly_points(scores):
    weekly = scores.assign(
        date=pd.Timestamp("2025-06-02") + pd.to_timedelta(np.arange(48) % 28, "D")
    )
    ax = plot.timeline(weekly, frames="morale", freq="W")
    ax.figure.canvas.draw()
    points = set(mpl.dates.date2num(pd.DatetimeIndex(ax.get_lines()[0].get_xdata())))
    ticks = set(ax.get_xticks())
    assert ticks and ticks <= points
    assert len(ticks) == len(points)  # four weeks fit: every point has its tick
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["08", "15", "22", "29"]  # Sundays ending the weeks of June 2025


def test_timeline_thins_ticks_that_would_crowd_but_keeps_them_on_points(scores):
    daily = scores.assign(date=pd.date_range("2025-01-01", periods=len(scores), freq="D"))
    fig, ax = plt.subplots(figsize=(3, 2))
    plot.timeline(daily, frames="morale", freq="D", ax=ax)
    fig.canvas.draw()
    points = set(mpl.dates.date2num(pd.DatetimeIndex(ax.get_lines()[0].get_xdata())))
    ticks = set(ax.get_xticks())
    assert 2 <= len(ticks) < len(points) and ticks <= points
    boxes = _tick_boxes(ax, "x")
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_bad_freq_says_which_spellings_work(scores):
    with pytest.raises(framing.ParameterError, match="'M' or 'ME'"):
        plot.timeline(scores, freq="monthly")


# --- missing scores -----------------------------------------------------------------------


def test_figures_leave_out_rows_without_scores_and_say_how_many(scores):
    partial = scores.copy()
    partial.loc[:4, FRAMES] = np.nan  # five articles in a language the codebook lacks
    with pytest.warns(UserWarning, match="5 of 48 rows have no score"):
        ax = plot.timeline(partial, frames="morale")
    daily = partial.groupby(partial["date"].dt.floor("D"))["morale"].mean()
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), daily.to_numpy())
    with pytest.warns(UserWarning, match="5 of 48"):
        plot.heatmap(partial, by="outlet")
    with pytest.warns(UserWarning, match="5 of 48"):
        plot.timeline_grid(partial, by="outlet")


# --- the same labels in every saved format ------------------------------------------------


def test_saved_png_and_svg_show_the_same_term_labels(tmp_path):
    import re as _re

    crowded = pd.DataFrame(
        {
            "term": [f"word{i:02d}" for i in range(40)],
            "count_target": 10 + np.arange(40) % 7,
            "count_rest": 10 + np.arange(40) % 3,
            "z": 3 + np.arange(40) * 0.05,
        }
    )
    for formats in (("svg", "png"), ("png", "svg")):
        with plot.paper(columns=1):
            fig, ax = plt.subplots()
            plot.terms(crowded, top=40, ax=ax)
            paths = plot.save(fig, tmp_path / "terms", formats=formats)
        shown = {t.get_text() for t in ax.texts if t.get_visible()}  # as drawn in both files
        assert 0 < len(shown) < 40  # some labels do not fit: the test has something to check
        svg = paths[formats.index("svg")].read_text()
        in_svg = set(_re.findall(r">(word\d\d)<", svg))
        assert in_svg == shown
        plt.close(fig)


# --- tables for papers --------------------------------------------------------------------


def test_table_writes_estimates_with_intervals_in_three_formats(compared):
    md = framing.table(compared, fmt="markdown", digits=1)
    row = compared.iloc[0]
    cell = f"{row['estimate']:.1f} [{row['ci_low']:.1f}, {row['ci_high']:.1f}]"
    assert cell in md
    lines = md.splitlines()
    assert lines[0].startswith("Mean (mean cue matches per 1,000 tokens) [95% confidence")
    header = lines[2]
    assert header.startswith("| outlet | articles |") and "morale" in header
    assert len(lines) == 4 + compared["outlet"].nunique()
    latex = framing.table(compared, fmt="latex", digits=1)
    assert "\\toprule" in latex and cell in latex and "\\caption{" in latex
    html = framing.table(compared, fmt="html", digits=1)
    assert "<table" in html and cell in html and "<caption>" in html


def test_table_escapes_and_handles_missing_intervals():
    result = pd.DataFrame(
        {
            "outlet": ["A & <b>", "B_1"],
            "frame": ["x", "x"],
            "estimate": [1.0, np.nan],
            "ci_low": [np.nan, np.nan],
            "ci_high": [np.nan, np.nan],
        }
    )
    md = framing.table(result, caption="")
    assert "| A & <b> | 1.00 |" in md and "| B_1 | – |" in md
    assert "A \\& <b>" in framing.table(result, fmt="latex") and "B\\_1" in framing.table(
        result, fmt="latex"
    )
    assert "A &amp; &lt;b&gt;" in framing.table(result, fmt="html")
    model = pd.DataFrame(
        {
            "term": ["genre[T.news]"],
            "estimate": [1.5],
            "ci_low": [1.1],
            "ci_high": [2.0],
            "p": [0.01],
        }
    )
    assert "| genre[T.news] | 0.01 | 1.50 [1.10, 2.00] |" in framing.table(model, caption="")
    with pytest.raises(DataError, match="ci_low"):
        framing.table(pd.DataFrame({"estimate": [1.0]}))
    with pytest.raises(framing.ParameterError, match="fmt"):
        framing.table(result, fmt="docx")


def test_table_names_what_its_count_column_counts():
    result = pd.DataFrame(
        {
            "outlet_type": ["wire", "state"],
            "frame": "morale",
            "estimate": [1.0, 2.0],
            "ci_low": [0.5, 1.0],
            "ci_high": [1.5, 3.0],
            "n_clusters": [4, 3],
            "n_docs": [12, 9],
        }
    )
    result.attrs["framing"] = {"analysis": {"cluster": "outlet", "by": ["outlet_type"]}}
    md = framing.table(result, caption="")
    assert md.splitlines()[0] == "| outlet type | outlets | morale |"
    assert "| wire | 4 | 1.00 [0.50, 1.50] |" in md
