"""YAML for user files (codebooks, front matter): safe, and bounded in size and depth.

``yaml.safe_load`` never runs code, but two inputs still hurt: a few hundred
bytes of nested aliases (the "billion laughs") describe a structure with
billions of nodes, which anything that walks the loaded data expands; and very
deep nesting overflows Python's recursion. Here a document is first *composed*
into PyYAML's node graph (aliases stay shared references, so this is cheap),
its expanded size and depth are computed over that graph with memoisation (each
node visited once), and only a document within the limits is constructed into
Python objects. Duplicate mapping keys, which YAML silently resolves by keeping
the last, are reported with their line.

Booleans follow YAML 1.2: only ``true`` and ``false`` (any case) are booleans,
so a cue list ``[not, no, never]`` or ``[on, off]`` stays a list of words
(YAML 1.1 would read ``no`` and ``on`` as booleans).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["load_yaml", "YAMLProblem", "MAX_NODES", "MAX_DEPTH"]

#: The most nodes a document may have once its aliases are expanded.
MAX_NODES = 200_000

#: The deepest nesting of mappings and lists a document may have.
MAX_DEPTH = 50


class YAMLProblem(Exception):
    """Why a YAML text cannot be used, with the 1-based line when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _loader_class(yaml12_booleans: bool):
    import yaml

    # libyaml's parser when present (fast; it refuses nesting deeper than 1000 itself)
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _Loader: Any = type("_Loader", (base,), {})

    if not yaml12_booleans:
        return _Loader
    # YAML 1.2 booleans: drop yes/no/on/off (and their cases) from the bool resolver.
    resolvers = {}
    for first, entries in base.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:bool"]
        resolvers[first] = kept
    _Loader.yaml_implicit_resolvers = resolvers
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    return _Loader


_LOADERS: dict[bool, type] = {}


def _measure(root) -> tuple[int, int, tuple[str, int] | None]:
    """Expanded node count, depth and the first duplicate key (with its line) of a node graph."""
    import yaml

    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    duplicate = None
    on_path: set[int] = set()
    # iterative post-order walk over the graph; shared nodes are measured once
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_NODES:
                return size[key], depth[key], duplicate
            continue
        if key in size:
            continue
        if key in on_path:
            raise YAMLProblem(
                "an alias refers to the mapping or list that contains it (a recursive alias)",
                node.start_mark.line + 1,
            )
        on_path.add(key)
        if duplicate is None and isinstance(node, yaml.MappingNode):
            seen = set()
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        duplicate = (k.value, k.start_mark.line + 1)
                        break
                    seen.add(k.value)
        stack.append((node, True))
        for c in _children(node):
            if id(c) not in size:
                stack.append((c, False))
        if len(on_path) > MAX_DEPTH:
            return 0, len(on_path), duplicate
    return size[id(root)], depth[id(root)], duplicate


def _children(node) -> list:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []



def _malformed(exc: Exception, line_offset: int) -> YAMLProblem:
    """A parser or constructor error as a YAMLProblem with the line it names."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return YAMLProblem(
        f"malformed YAML ({problem})", None if mark is None else mark.line + 1 + line_offset
    )

def load_yaml(
    text: str, *, line_offset: int = 0, yaml12_booleans: bool = True, duplicate_keys: bool = False
):
    """Parse one YAML document safely, within size and depth limits.

    Parameters
    ----------
    text : str
    line_offset : int, default=0
        Added to reported line numbers (front matter starts after its ``---`` line).
    yaml12_booleans : bool, default=True
        Only ``true``/``false`` are booleans (``no``, ``on`` stay words); False
        keeps YAML 1.1's ``yes``/``no``/``on``/``off``.
    duplicate_keys : bool, default=False
        Allow a key twice in one mapping (the last wins, as in YAML); by default
        a duplicate key is an error.

    Returns
    -------
    data : object
        The document as Python objects (``None`` for an empty document).
    node : yaml.Node or None
        The composed node graph (for locating keys by line).

    Raises
    ------
    YAMLProblem
        Malformed YAML, a duplicate key, a recursive alias, more than
        :data:`MAX_NODES` nodes once aliases are expanded, or nesting deeper than
        :data:`MAX_DEPTH`; with the line when known.
    """
    import yaml

    if yaml12_booleans not in _LOADERS:
        _LOADERS[yaml12_booleans] = _loader_class(yaml12_booleans)
    loader = _LOADERS[yaml12_booleans](text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _malformed(exc, line_offset) from None
        except RecursionError:
            raise YAMLProblem(
                f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
            ) from None
        if node is None:
            return None, None
        nodes, depth, duplicate = _measure(node)
        if depth > MAX_DEPTH:
            raise YAMLProblem(f"nested more than {MAX_DEPTH} levels deep; flatten the structure")
        if nodes > MAX_NODES:
            raise YAMLProblem(
                f"more than {MAX_NODES:,} values once its aliases (*name) are expanded; "
                "aliases that repeat aliases multiply (a 'billion laughs' document); "
                "write the values out or use fewer nested aliases"
            )
        if duplicate is not None and not duplicate_keys:
            key, line = duplicate
            raise YAMLProblem(
                f"duplicate key {key!r} (YAML would keep only the last); remove or merge one of them",
                line + line_offset,
            )
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _malformed(exc, line_offset) from None
        except (ValueError, TypeError) as exc:  # e.g. an impossible date: 2025-13-45
            raise YAMLProblem(f"invalid value ({exc}); quote it or correct it") from None
        return data, node
    finally:
        loader.dispose()
