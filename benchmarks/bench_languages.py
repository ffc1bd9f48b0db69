"""Languages: sentence splitters, language identification and lemmatisers, measured.

    python benchmarks/bench_languages.py

Prints three tables (the README's "Languages" section copies them):

1. exact-item rate of sentence splitters on the gold splits in
   ``tests/data/sentence_splits`` (en, ru, uk, de; the rules were written while
   reading them) and on the held-out splits in ``sentence_splits/heldout``
   (written without seeing the rules, never used to change them): framing's rules
   (``splitter="rules"``, the default), NLTK's Punkt built from the same language
   data (``splitter="punkt"``), that Punkt with the rules' veto at periods,
   NLTK's Punkt with the abbreviations only, and razdel, tokenize-uk, pysbd,
   syntok and simplemma where installed (they are not dependencies of framing);
   and the speed of the two splitters of framing;
2. language identification accuracy on ``tests/data/language_id.jsonl`` by kind,
   py3langid alone and with framing's rules, and speed;
3. lemmatiser accuracy on ``tests/data/lemmas`` and speed (simplemma, pymorphy3
   where installed), and the MB/s of scoring with lemma matching next to plain
   matching on the Russian and Ukrainian articles of the bundled corpus;

plus the time to split a 5 MB article and a 0.5 MB one (the ratio shows the
splitter is linear). Timings vary with the machine; ratios are what to read.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LANGS = ["en", "ru", "uk", "de"]


def _gold(lang, folder=""):
    path = DATA / "sentence_splits" / folder / f"{lang}.jsonl"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _punkt_with_veto(lang):
    """Punkt's boundaries; the rules veto those after a period they would not end a sentence at."""
    import importlib

    from framing.text import get_language
    from framing.text.punkt import punkt_block_spans

    rules_module = importlib.import_module("framing.text.sentences")
    rules = get_language(lang)

    def split(text):
        out = []
        for a, b in rules_module._blocks(text):
            merged = []
            for s, e in punkt_block_spans(text, a, b, lang):
                if merged:
                    ps, pe = merged[-1]
                    seg = text[ps:pe].rstrip()
                    nxt = rules_module._NEXT_RX.match(text, pe, b)
                    word = (
                        rules_module._WORD_RX.match(text, nxt.start(1), b)
                        if nxt and nxt.group(1)
                        else None
                    )
                    if (
                        seg.endswith(".")
                        and not seg.endswith("..")
                        and word
                        and not rules_module._ends_sentence(
                            text, ps + len(seg) - 1, word.group(), rules
                        )
                    ):
                        merged[-1] = (ps, e)
                        continue
                merged.append((s, e))
            for s, e in merged:
                rules_module._append(text, s, e, out)
        return [text[s:e] for s, e in out]

    return split


def _splitters():
    from framing.text import sentence_spans

    out = {
        "framing rules (default)": lambda lang: lambda t: [
            t[s:e] for s, e in sentence_spans(t, lang=lang)
        ],
        "Punkt from framing's language data (splitter='punkt')": lambda lang: lambda t: [
            t[s:e] for s, e in sentence_spans(t, lang=lang, splitter="punkt")
        ],
        "the same Punkt + the rules' veto at periods": _punkt_with_veto,
    }

    def punkt(lang):
        import re

        from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

        from framing.text import get_language

        class Vars(PunktLanguageVars):
            re_boundary_realignment = re.compile(
                r"[\"')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)", re.MULTILINE
            )

        params = PunktParameters()
        params.abbrev_types = set(get_language(lang).abbreviations)
        tok = PunktSentenceTokenizer(params, lang_vars=Vars())
        para = re.compile(r"\n[ \t]*\n")
        return lambda t: [s for p in para.split(t) for s in tok.tokenize(p)]

    out["NLTK Punkt, English settings + abbreviations"] = punkt
    try:
        from razdel import sentenize

        out["razdel"] = lambda lang: lambda t: [s.text for s in sentenize(t)]
    except ImportError:
        pass
    try:
        import tokenize_uk

        out["tokenize-uk"] = lambda lang: tokenize_uk.tokenize_sents
    except ImportError:
        pass
    try:
        import pysbd

        def sbd(lang):
            if lang == "uk":
                return None
            seg = pysbd.Segmenter(language=lang, clean=False)
            return seg.segment

        out["pysbd"] = sbd
    except ImportError:
        pass
    try:
        import syntok.segmenter as segmenter

        def syn(lang):
            def split(t):
                return [
                    t[sent[0].offset : sent[-1].offset + len(sent[-1].value)]
                    for para in segmenter.analyze(t)
                    for sent in para
                ]

            return split

        out["syntok"] = syn
    except ImportError:
        pass
    try:
        import simplemma

        if hasattr(simplemma, "split_sentences"):
            out["simplemma"] = lambda lang: lambda t: list(simplemma.split_sentences(t))
    except ImportError:
        pass
    return out


def bench_splits() -> None:
    sets = {"gold": {lang: _gold(lang) for lang in LANGS}}
    heldout = {lang: _gold(lang, "heldout") for lang in LANGS}
    if all(heldout.values()):
        sets["held-out"] = heldout
    print("\n1. Sentence splitting: exact items / all items")
    print("   gold: the sets the rules were written with; held-out: never read for the rules")
    header = [f"{lang} {name}" for name in sets for lang in LANGS]
    print("| splitter | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for name, make in _splitters().items():
        cells = []
        for items_by_lang in sets.values():
            for lang in LANGS:
                split = make(lang)
                items = items_by_lang[lang]
                if split is None:
                    cells.append("–")
                    continue
                ok = sum(
                    [s.strip() for s in split(it["text"]) if s.strip()] == it["sentences"]
                    for it in items
                )
                cells.append(f"{ok}/{len(items)} ({ok / len(items):.0%})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    import framing

    corpus = framing.load_corpus("pow-exchange-2025")
    mb = corpus["text"].str.len().sum() / 1e6
    rates = {}
    for splitter in ("rules", "punkt"):
        framing.sentences(corpus.head(3), splitter=splitter)  # build the Punkt tokenizers
        t0 = time.perf_counter()
        framing.sentences(corpus, splitter=splitter)
        rates[splitter] = mb / (time.perf_counter() - t0)
    print(
        f"\nSpeed on the bundled corpus ({mb:.2f} MB): rules {rates['rules']:.2f} MB/s, "
        f"Punkt {rates['punkt']:.2f} MB/s (rules {rates['rules'] / rates['punkt']:.1f}x as fast)."
    )
    from framing.text import sentence_spans

    unit = "Обмен прошёл 9 июня 2025 г. Тогда же, т.е. в тот же день, В. В. Смирнов уехал. "
    times = {}
    for size in (500_000, 5_000_000):
        text = unit * (size // len(unit) + 1)
        t0 = time.perf_counter()
        sentence_spans(text, lang="ru")
        times[size] = time.perf_counter() - t0
    print(
        f"\nA 5 MB article splits in {times[5_000_000]:.1f} s "
        f"({5 / times[5_000_000]:.1f} MB/s); 10x the text takes "
        f"{times[5_000_000] / times[500_000]:.1f}x the time (linear)."
    )


def bench_langid() -> None:
    import pandas as pd

    from framing.text.langid import identify_language

    items = [
        json.loads(line)
        for line in (DATA / "language_id.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    frame = pd.DataFrame(items)
    texts = frame["text"].tolist()

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    runs = {}
    t0 = time.perf_counter()
    runs["py3langid alone"] = [model.classify(t)[0] for t in texts]
    speed = {"py3langid alone": len(texts) / (time.perf_counter() - t0)}
    t0 = time.perf_counter()
    identify_language(texts[:1])  # load the model
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    runs["framing (py3langid + rules)"] = identify_language(texts)["lang"].tolist()
    speed["framing (py3langid + rules)"] = len(texts) / (time.perf_counter() - t0)
    runs["framing, candidates en/ru/uk/de"] = identify_language(
        texts, candidates=["en", "ru", "uk", "de"]
    )["lang"].tolist()
    speed["framing, candidates en/ru/uk/de"] = float("nan")

    groups = ["headline", "sentence", "paragraph", "mixed"]
    print(f"\n2. Language identification: accuracy on {len(items)} texts")
    print("| method | all | ru | uk | en | de | other | " + " | ".join(groups) + " | texts/s |")
    print("|---|" + "---:|" * (7 + len(groups)))
    for name, pred in runs.items():
        ok = frame.assign(ok=[p == g for p, g in zip(pred, frame["lang"], strict=True)])
        lang_group = ok["lang"].where(ok["lang"].isin(LANGS), "other")
        cells = [f"{ok['ok'].mean():.3f}"]
        cells += [
            f"{ok.loc[lang_group == g, 'ok'].mean():.3f}" for g in ["ru", "uk", "en", "de", "other"]
        ]
        cells += [f"{ok.loc[ok['kind'] == k, 'ok'].mean():.3f}" for k in groups]
        rate = speed[name]
        cells.append("–" if rate != rate else f"{rate:,.0f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\n(framing loads the model once per process: {load:.1f} s)")

    # speed on whole articles: the bundled corpus (en, ru, uk) repeated to 2,000 articles
    import framing

    corpus = framing.load_corpus("pow-exchange-2025", lang="en")
    articles = (corpus["text"].tolist() * 30)[:2000]
    identify_language(articles[:10])
    t0 = time.perf_counter()
    found = identify_language(articles)
    ours = len(articles) / (time.perf_counter() - t0)
    sample = articles[:200]
    t0 = time.perf_counter()
    alone = [model.classify(t[:4000])[0] for t in sample]
    theirs = len(sample) / (time.perf_counter() - t0)
    agree = (found["lang"].head(len(sample)) == alone).mean()
    print(
        f"\nWhole articles ({len(articles):,}, first 4,000 characters read): framing "
        f"{ours:,.0f} articles/s, py3langid one text at a time {theirs:,.0f}/s "
        f"({ours / theirs:.1f}x); same language as py3langid alone for {agree:.0%} of them."
    )


def _lemma_gold(lang):
    with open(DATA / "lemmas" / f"{lang}.tsv", encoding="utf-8") as fh:
        return [(r["form"], r["lemma"]) for r in csv.DictReader(fh, delimiter="\t")]


def bench_lemmas() -> None:
    import framing
    from framing.text import normalize_text, tokenize

    corpus = framing.load_corpus("pow-exchange-2025")
    lemmatisers = {}
    import simplemma

    lemmatisers["simplemma"] = lambda lang: (
        lambda ws: [simplemma.lemmatize(w, lang=lang) for w in ws]
    )
    try:
        import pymorphy3

        def morph(lang):
            if lang not in ("ru", "uk"):
                return None
            analyzer = pymorphy3.MorphAnalyzer(lang=lang)
            return lambda ws: [analyzer.parse(w)[0].normal_form for w in ws]

        lemmatisers["pymorphy3"] = morph
    except ImportError:
        pass
    print("\n3. Lemmatisers: accuracy on hand-lemmatised forms; speed on the corpus's word types")
    print("| lemmatiser | language | accuracy | first load (s) | types/s |")
    print("|---|---|---:|---:|---:|")
    for name, make in lemmatisers.items():
        for lang in ("ru", "uk", "de"):
            t0 = time.perf_counter()
            lem = make(lang)
            if lem is None:
                continue
            lem(["обмен" if lang != "de" else "austausch"])
            load = time.perf_counter() - t0
            gold = _lemma_gold(lang)
            got = lem([f for f, _ in gold])
            ok = sum(
                normalize_text(g.lower(), lang) == normalize_text(e, lang)
                for g, (_, e) in zip(got, gold, strict=True)
            )
            texts = corpus.loc[corpus["lang"] == lang, "text"]
            words = sorted({w for t in texts for w in tokenize(t, lang=lang)}) or [
                f for f, _ in gold
            ]
            t0 = time.perf_counter()
            lem(words)
            rate = len(words) / (time.perf_counter() - t0)
            print(
                f"| {name} | {lang} | {ok}/{len(gold)} ({ok / len(gold):.1%}) | {load:.2f} | {rate:,.0f} |"
            )

    # scoring MB/s with lemma matching (ru, uk cues) next to plain glob matching
    import warnings

    cb = framing.load_codebook("pow-exchange")
    data = cb.to_dict() if hasattr(cb, "to_dict") else None
    texts = corpus[corpus["lang"].isin(["ru", "uk"])]
    big = texts.loc[texts.index.repeat(40)].reset_index(drop=True)
    big["doc_id"] = [f"d{i}" for i in range(len(big))]
    mb = big["text"].str.len().sum() / 1e6
    rates = {}
    glob_book = None
    if data is not None:
        data = dict(data)
        data["match"] = "glob"
        glob_book = framing.load_codebook(data)
    for label, book in (("lemma", cb), ("glob", glob_book)):
        if book is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            framing.score(big.head(5), book)  # compile and load the lemmatisers once
            t0 = time.perf_counter()
            framing.score(big, book)
        rates[label] = mb / (time.perf_counter() - t0)
    if rates:
        print(
            "\nScoring the ru/uk articles (x40, "
            f"{mb:.1f} MB): "
            + ", ".join(f"{k} matching {v:.1f} MB/s" for k, v in rates.items())
            + (
                f"; lemma/glob time ratio {rates['glob'] / rates['lemma']:.2f}"
                if len(rates) == 2
                else ""
            )
        )


if __name__ == "__main__":
    bench_splits()
    bench_langid()
    bench_lemmas()
