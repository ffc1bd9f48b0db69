"""The cue matching rules, table-driven (quanteda's glob dictionary lookup is the model)."""

from __future__ import annotations

import pytest

from framing.codebook.matching import Matcher, validate_pattern

CASES = [
    # (cues, exclude, text, expected matched strings)
    (["war"], [], "War, war and WAR.", ["War", "war", "WAR"]),
    (["war"], [], "An award, a warlord, a post-war order, a war.", ["war", "war"]),
    (["war"], [], "o'war and don't", []),
    (
        ["humanitar*"],
        [],
        "Humanitarian aid for humanitarians; inhumanity",
        ["Humanitarian", "humanitarians"],
    ),
    (["*crime*"], [], "war crimes and crime and cybercrimes", ["crimes", "crime", "cybercrimes"]),
    (["wom?n"], [], "woman women womyn wmn", ["woman", "women", "womyn"]),
    (
        ["bargaining chip*"],
        [],
        "a bargaining chip; bargaining   chips; bargaining, chips",
        ["bargaining chip", "bargaining   chips"],
    ),
    (
        ["prisoner* of war"],
        [],
        "prisoners-of-war and prisoner of war",
        ["prisoners-of-war", "prisoner of war"],
    ),
    (["family"], [], "the family's grief and the families", ["family's"]),
    (["talks", "peace talks"], [], "peace talks resumed; talks", ["peace talks", "talks"]),
    (["bargaining", "bargaining chip"], [], "a bargaining chip", ["bargaining chip"]),
    (
        ["humanitar*"],
        ["humanitarian corridor*"],
        "humanitarian aid via a humanitarian corridor",
        ["humanitarian"],
    ),
    (["istanbul"], [], "talks in İstanbul and ISTANBUL", ["İstanbul", "ISTANBUL"]),
    (["‘war’"] if False else ["war"], [], "‘war’ and “war”", ["war", "war"]),
    (["kyiv"], [], "Kyiv\u00a0said", ["Kyiv"]),
    (
        ["talks"],
        ["humanitarian corridor", "corridor talks"],
        "humanitarian corridor talks; talks",
        ["talks"],
    ),
]


@pytest.mark.parametrize("cues, exclude, text, expected", CASES)
def test_matching_rules(cues, exclude, text, expected):
    m = Matcher(cues, exclude)
    got = [text[s:e] for s, e, _ in m.finditer(text)]
    assert got == expected
    assert m.count(text) == len(expected)


def test_matches_report_the_pattern_and_do_not_overlap():
    m = Matcher(["prisoner*", "prisoner* of war", "war"])
    hits = list(m.finditer("prisoners of war and war"))
    assert [(p) for _, _, p in hits] == ["prisoner* of war", "war"]
    ends = [e for _, e, _ in hits]
    starts = [s for s, _, _ in hits]
    assert all(s >= e for s, e in zip(starts[1:], ends[:-1], strict=True))


@pytest.mark.parametrize(
    "bad, why",
    [
        ("", "empty"),
        ("war|peace", "not regular expressions"),
        ("war\\b", "not regular expressions"),
        ("*", "no letter"),
        ("peace *", "no letter"),
        ("u.s.*", "wildcards"),
        ("(war)", "brackets and quotes"),
        ("«war»", "brackets and quotes"),
        ("war\u200bpeace", "invisible"),
    ],
)
def test_invalid_patterns(bad, why):
    with pytest.raises(ValueError, match=why):
        validate_pattern(bad)


def test_normalisation():
    assert validate_pattern("  Cease-Fire  Talks ") == "cease fire talks"
    assert Matcher(["Cease-fire"]).count("a ceasefire, a cease-fire, a cease fire") == 2
