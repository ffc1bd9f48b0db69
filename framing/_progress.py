"""Progress bars only where a person watches: a terminal or a notebook, never a log file.

Every progress bar in framing goes through :func:`progress_bar`. A bar is shown
when the caller asks for one (``progress=True``) or, with ``progress=None``,
when the work is long (the caller decides) *and* the output is interactive:
standard error is a terminal, or the code runs in a Jupyter kernel. Redirected
output (CI logs, ``nohup``, cron) never gets the carriage-return floods a bar
writes there. ``progress=False`` never shows one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable


def interactive() -> bool:
    """Whether output reaches a person: stderr is a terminal, or a Jupyter kernel runs us."""
    stream = getattr(sys, "stderr", None)
    try:
        if stream is not None and stream.isatty():
            return True
    except (AttributeError, ValueError):
        pass
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        ip = shell.get_ipython()
    except AttributeError:
        return False
    return ip is not None and "IPKernelApp" in getattr(ip, "config", {})


def show(progress: bool | None, long: bool = True) -> bool:
    """Whether to show a bar: ``progress`` if given, else long work on an interactive output."""
    if progress is not None:
        return bool(progress)
    return long and interactive()


def progress_bar(iterable: Iterable, *, progress: bool | None = None, long: bool = True, **kwargs):
    """``iterable`` wrapped in a tqdm bar when :func:`show` says so, else unchanged.

    ``kwargs`` go to tqdm (``desc``, ``unit``, ``total``).
    """
    if not show(progress, long):
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)


def bar(*, progress: bool | None = None, long: bool = True, **kwargs):
    """A manual tqdm bar (``update``/``close``), disabled when :func:`show` says no."""
    from tqdm.auto import tqdm

    return tqdm(disable=not show(progress, long), **kwargs)
