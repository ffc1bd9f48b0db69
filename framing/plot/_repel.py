"""Text labels placed next to points without overlapping each other or the points."""

from __future__ import annotations

import numpy as np
from matplotlib import text as mtext
from matplotlib.artist import Artist


class RepelLabels(Artist):
    """Moves annotation labels next to their points so that no two overlap.

    The placement is greedy and deterministic, in two passes over the labels in
    the order given (most important first). The first pass tries only the spots
    touching the label's own point — right, left, above, below, then the
    diagonals — so every point that can have its label beside it gets it. The
    second pass places the rest at growing distances, with a thin leader line,
    and keeps them a line's height away from other labelled points so that a
    far label never seems to belong to its neighbour's dot. A spot is free when
    the label's box (plus ``pad_pt``) stays inside the axes and touches neither
    another label, nor a labelled point, nor a leader line, and its own leader
    line crosses no label. A label with no free spot is hidden rather than
    drawn over another.

    It runs when the figure is drawn (it is an invisible artist drawn before the
    labels), so the result holds after layout changes, resizing or saving at
    another dpi. While ``frozen`` is true (:func:`framing.plot.save` sets it
    after writing the first format) it keeps its last placement, so the PDF, SVG
    and PNG of one figure show the same labels at the same places, although
    each backend measures text a little differently.
    """

    _DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))

    def __init__(self, labels, xy, *, pad_pt=1.5, marker_pt=3.0, rings=8):
        super().__init__()
        self.labels = list(labels)
        self.xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        self.pad_pt = pad_pt
        self.marker_pt = marker_pt
        self.rings = rings
        self._sizes: dict[int, tuple[float, float]] = {}
        self.frozen = False
        self._placed = False
        self.set_zorder(-np.inf)  # drawn before the labels it moves
        self.set_in_layout(False)

    @property
    def hidden(self) -> list[str]:
        """Texts of the labels that found no free spot at the last placement."""
        return [label.get_text() for label in self.labels if not label.get_visible()]

    def draw(self, renderer) -> None:
        if self.frozen and self._placed:
            return
        self._placed = True
        ax = self.axes
        if ax is None:  # not added to an Axes: nothing to place
            return
        px_per_pt = renderer.points_to_pixels(1.0)
        pad = self.pad_pt * px_per_pt
        points = ax.transData.transform(self.xy)
        sizes = [
            tuple(2 * pad + size * px_per_pt for size in self._size_pt(i, renderer, px_per_pt))
            for i in range(len(self.labels))
        ]
        free = _Space(ax.get_window_extent(renderer), points, self.marker_pt * px_per_pt)
        spots: dict[int, tuple] = {}
        for rings in (range(1), range(1, self.rings)):
            for i, (point, (w, h)) in enumerate(zip(points, sizes, strict=True)):
                if i not in spots:
                    spot = free.first(i, point, w, h, rings, self._DIRECTIONS)
                    if spot is not None:
                        spots[i] = spot
        for i, label in enumerate(self.labels):
            _set_if_changed(label, "visible", i in spots)
            if i not in spots:
                continue
            (cx, cy), ring = spots[i]
            _set_if_changed(label, "horizontalalignment", "center")
            _set_if_changed(label, "verticalalignment", "center")
            px, py = points[i]
            offset = (round((cx - px) / px_per_pt, 2), round((cy - py) / px_per_pt, 2))
            if tuple(label.xyann) != offset:
                label.xyann = offset
            if label.arrow_patch is not None:
                _set_if_changed(label.arrow_patch, "visible", ring > 0)

    def _size_pt(self, i: int, renderer, px_per_pt: float) -> tuple[float, float]:
        # A hidden Text measures as an empty box, so sizes are remembered (in points,
        # which do not change with dpi) from the last draw in which the label showed.
        # Showing it just to measure would mark the figure stale on every draw.
        label = self.labels[i]
        if label.get_visible() or i not in self._sizes:
            extent = mtext.Text.get_window_extent(label, renderer)
            self._sizes[i] = (extent.width / px_per_pt, extent.height / px_per_pt)
        return self._sizes[i]


class _Space:
    """What is already taken in display coordinates: labels, points, leader lines."""

    def __init__(self, area, points, marker: float):
        self.area = area
        self.points = points
        self.marker = marker
        self.boxes: list[tuple] = []
        self.leaders: list[tuple] = []

    def first(self, i, point, w, h, rings, directions):
        """The first free spot for label ``i`` (centre, ring), taking it; None if none."""
        px, py = point
        for ring in rings:
            gap = self.marker + ring * h
            for dx, dy in directions:
                centre = (px + dx * (w / 2 + gap), py + dy * (h / 2 + gap))
                box = (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
                if self._free(i, point, centre, box, halo=h if ring else 0.0):
                    self.boxes.append(box)
                    if ring:
                        self.leaders.append((point, centre))
                    return centre, ring
        return None

    def _free(self, i, point, centre, box, *, halo: float) -> bool:
        a = self.area
        if not (a.x0 <= box[0] and a.y0 <= box[1] and box[2] <= a.x1 and box[3] <= a.y1):
            return False
        if any(_overlap(box, other) for other in self.boxes):
            return False
        for j, (x, y) in enumerate(self.points):
            r = self.marker + (halo if j != i else 0.0)
            if _overlap(box, (x - r, y - r, x + r, y + r)):
                return False
        if any(_crosses(p, q, box) for p, q in self.leaders):
            return False
        return not (halo and any(_crosses(point, centre, other) for other in self.boxes))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(p, q, box) -> bool:
    """Whether the segment p–q meets the box (Liang–Barsky clipping)."""
    (x, y), (dx, dy) = p, (q[0] - p[0], q[1] - p[1])
    t0, t1 = 0.0, 1.0
    for step, room in ((-dx, x - box[0]), (dx, box[2] - x), (-dy, y - box[1]), (dy, box[3] - y)):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _set_if_changed(artist, prop: str, value) -> None:
    # Setting a property marks the figure stale; doing so on every draw would make
    # interactive backends redraw for ever.
    if getattr(artist, f"get_{prop}")() != value:
        getattr(artist, f"set_{prop}")(value)
