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


# --- rules of the compiled matcher: punctuation cues, negation ----------------------------------

import pandas as pd  # noqa: E402

import framing  # noqa: E402


def _book(cues, negation=None, exclude=()):
    frame = {"name": "f", "label": "F", "definition": "d", "cues": list(cues)}
    if negation is not None:
        frame["negation"] = negation
    if exclude:
        frame["exclude"] = list(exclude)
    return framing.load_codebook({"name": "t", "version": "1", "frames": [frame]})


@pytest.mark.parametrize(
    "cue, text, expected",
    [
        ("u.s.", "The U.S. and the U.S.-brokered deal; not the U.S.A. or us.", ["U.S.", "U.S."]),
        ("u.s. army", "the U.S. Army, the U.S.-Army; the U.S. navy", ["U.S. Army", "U.S.-Army"]),
        ("e.u.", "(E.U.) and e.u.; but not the EU or eu.", ["E.U.", "e.u."]),
        ("9/11", "After 9/11, not 19/11 or 9/111.", ["9/11"]),
        ("a.m.", "At 9 a.m. and 10 A.M., not at am.", ["a.m.", "A.M."]),
        ("c++", "C++ and c++, not c or C#.", ["C++", "c++"]),
        (":)", "fine :) or :-) or fine:)", [":)"]),
        ("war", "An award-winning war, the warlord's war.", ["war", "war"]),
        ("o'brien", "O’Brien and O'Brien and Oʼbrien", ["O’Brien", "O'Brien", "Oʼbrien"]),
    ],
)
def test_cues_with_punctuation_are_matched_literally(cue, text, expected):
    cb = _book([cue])
    hits = framing.matches([text], cb)
    assert hits["match"].tolist() == expected
    assert framing.score([text], cb, normalize="count")["f"].tolist() == [len(expected)]


def test_punctuation_cues_do_not_change_token_counts():
    text = "The U.S.-brokered deal at 9 a.m. on 9/11."
    plain = framing.score([text], _book(["deal"]))["n_tokens"].iloc[0]
    with_punct = framing.score([text], _book(["u.s.", "a.m.", "9/11"]))["n_tokens"].iloc[0]
    assert plain == with_punct == framing.text.count_tokens(text) == 12


@pytest.mark.parametrize(
    "negation, text, expected",
    [
        (None, "It was not a war.", ["war"]),  # off by default
        ({"window": 3, "words": ["not", "no"]}, "It was not a war, and a war.", ["war"]),
        ({"window": 3, "words": ["not"]}, "not in any way a war", ["war"]),  # 5 words back
        ({"window": 5, "words": ["not"]}, "not in any way a war", []),
        ({"window": 3, "words": ["no"]}, "No, the war goes on.", ["war"]),  # punctuation ends it
        ({"window": 3, "words": ["no"]}, "no-fly war", []),  # hyphens do not
        ({"window": 3, "words": ["never"]}, "never a bargaining chip", []),  # multi-word cue
        ({"window": 3, "words": ["*n't"]}, "They didn't start a war; a war it was.", ["war"]),
        ({"window": 3, "words": ["not"]}, "Not only war but war.", ["war"]),  # a known failure
    ],
)
def test_negation_drops_cues_preceded_by_a_negator(negation, text, expected):
    cb = _book(["war", "bargaining chip*"], negation)
    hits = framing.matches([text], cb)
    assert hits["match"].str.lower().tolist() == expected
    assert framing.score([text], cb, normalize="count")["f"].tolist() == [len(expected)]


def test_negation_per_language():
    cb = framing.load_codebook(
        {
            "name": "t",
            "version": "1",
            "language": "en",
            "frames": [
                {
                    "name": "f",
                    "label": "F",
                    "definition": "d",
                    "cues": {"en": ["war"], "de": ["krieg"]},
                    "negation": {"de": {"window": 2, "words": ["kein*", "nicht"]}},
                }
            ],
        }
    )
    data = pd.DataFrame(
        {
            "doc_id": ["en", "de"],
            "lang": ["en", "de"],
            "text": ["not a war", "kein Krieg, aber Krieg"],
        }
    )
    assert framing.score(data, cb, normalize="count")["f"].tolist() == [1, 1]


def test_wildcards_never_match_a_token_with_punctuation():
    cb = framing.load_codebook(
        {
            "name": "t",
            "version": "1",
            "frames": [
                {"name": "f", "label": "F", "definition": "d", "cues": ["u.s."]},
                {"name": "g", "label": "G", "definition": "d", "cues": ["u*", "u?s*"]},
            ],
        }
    )
    hits = framing.matches(["U.S. unity"], cb)
    assert hits[["frame", "match"]].values.tolist() == [["f", "U.S."], ["g", "unity"]]
