#!/usr/bin/env python3
"""Known-item relevance benchmark: seisaku against Groonga and SQLite FTS5 on the white papers.

    cargo build --release && python3 benches/relevance.py            # all engines
    python3 benches/relevance.py --engines seisaku --reuse           # seisaku only, index kept

A known-item query has one right answer. Two kinds, each drawn with a fixed seed (same set every
run, on every machine):
- heading: a section heading of the white papers whose text is unique in the corpus, turned into
  an AND query of 2–3 of its content words (IPADIC nouns, by MeCab; never the heading's phrase);
  the target is the first passage of that section;
- body: a passage of 300+ characters, turned into an AND query of 2–3 of its distinctive nouns
  (in 2–30 passages of the corpus; not words of a URL); the target is that passage.

Every engine indexes the same passages (seisaku's, exported with `seisaku show`), and ranks
passages (not documents): seisaku through `/api/export` sorted by score (ties by passage key),
Groonga with `select --sort_keys -_score` (TokenBigram + NormalizerAuto), FTS5 trigram by
bm25 (terms under 3 characters only filter, with LIKE). Printed: S@1, S@3, S@10 and MRR@10 per
engine and kind. Needs groonga and mecab (`apt-get install groonga mecab mecab-ipadic-utf8`).
"""

import argparse
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

SEED = 20261201
URL = re.compile(r"(?i)(?:https?://|www\.)[!-~]+")
QUERIES_PER_KIND = 150
STOP_NOUNS = {"等", "的", "化", "性", "者", "ため", "こと", "もの", "よう", "これ", "それ", "など", "年度", "年"}


def content_words(text):
    """IPADIC content nouns of `text`, in order, without repeats (MeCab)."""
    out = subprocess.run(["mecab"], input=text, capture_output=True, text=True, check=True).stdout
    return nouns_of(out.splitlines())


def nouns_of(lines):
    words = []
    for line in lines:
        if line == "EOS" or "\t" not in line:
            continue
        surface, features = line.split("\t", 1)
        pos = features.split(",")
        if pos[0] != "名詞" or pos[1] not in ("一般", "固有名詞", "サ変接続", "形容動詞語幹"):
            continue
        if len(surface) < 2 or surface in STOP_NOUNS or surface.isdigit():
            continue
        if not all(c.isalnum() or c in "ー・" for c in surface):
            continue
        if surface not in words:
            words.append(surface)
    return words


def last_segment(heading):
    return heading.rsplit(" › ", 1)[-1].strip()


def heading_queries(passages, rng):
    """(words, target key) for unique section headings."""
    firsts = {}
    segment_count = Counter()
    for p in passages:
        if not p["heading"]:
            continue
        key = (p["id"], p["heading"])
        if key not in firsts:
            firsts[key] = p["key"]
            segment_count[last_segment(p["heading"])] += 1
    candidates = sorted(
        (last_segment(heading), key) for (doc, heading), key in firsts.items()
        if segment_count[last_segment(heading)] == 1
    )
    rng.shuffle(candidates)
    out = []
    for segment, key in candidates:
        words = content_words(segment)
        if len(words) < 2:
            continue
        k = min(len(words), rng.choice([2, 3]))
        chosen = sorted(rng.sample(range(len(words)), k))
        out.append(([words[i] for i in chosen], key))
        if len(out) == QUERIES_PER_KIND:
            break
    return out


def body_queries(passages, rng):
    """(words, target key) for distinctive words of random passages."""
    texts = [p["text"] for p in passages]
    long_ones = [p for p in passages if len(p["text"]) >= 300]
    rng.shuffle(long_ones)
    out = []
    for p in long_ones:
        # Words of the prose: seisaku does not take a URL's words for words of the text.
        prose = URL.sub(" ", p["text"])
        words = [w for w in content_words(prose) if 2 <= sum(w in t for t in texts) <= 30]
        if len(words) < 2:
            continue
        k = min(len(words), rng.choice([2, 3]))
        out.append((rng.sample(words, k), p["key"]))
        if len(out) == QUERIES_PER_KIND:
            break
    return out


def seisaku_ranking(engine, words, exact):
    params = {"exact": "true"} if exact else {}
    hits = engine.export(" ".join(words), **params)
    hits.sort(key=lambda h: (-h["score"], h["id"], h["passage"]))
    return [f"{h['id']}#{h['passage']}" for h in hits[:10]]


def scores(ranks):
    n = len(ranks)
    s = lambda k: sum(1 for r in ranks if r is not None and r <= k) / n  # noqa: E731
    mrr = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    return {"S@1": s(1), "S@3": s(3), "S@10": s(10), "MRR@10": mrr}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="seisaku,seisaku-exact,groonga,fts5")
    parser.add_argument("--reuse", action="store_true", help="keep an existing seisaku index")
    parser.add_argument("--misses", action="store_true", help="print seisaku's misses")
    parser.add_argument("--diff", action="store_true", help="print queries ranked differently with --exact")
    args = parser.parse_args()
    engines = args.engines.split(",")
    peers.need("mecab", "mecab mecab-ipadic-utf8")
    work = peers.WORK / "relevance"
    work.mkdir(parents=True, exist_ok=True)
    catalog = peers.write_white_paper_catalog(work / "catalog.toml")
    seisaku = peers.Seisaku(peers.corpus("ict-white-paper"), work / "index", catalog, exclude=["urls/"])
    if not (args.reuse and (work / "index" / "meta.json").exists()):
        seisaku.build()
    cached = work / "queries.json"
    if args.reuse and cached.exists():
        passages_count, kinds = json.loads(cached.read_text(encoding="utf-8"))
        passages = None
    else:
        passages = seisaku.passages()
        passages_count = len(passages)
        rng = random.Random(SEED)
        kinds = {"heading": heading_queries(passages, rng), "body": body_queries(passages, rng)}
        cached.write_text(json.dumps([passages_count, kinds], ensure_ascii=False), encoding="utf-8")
    if passages is None and ("groonga" in engines or "fts5" in engines):
        passages = seisaku.passages()
    print(f"{passages_count} passages; " + ", ".join(f"{len(q)} {k} queries" for k, q in kinds.items()))

    rankers = {}
    if "seisaku" in engines or "seisaku-exact" in engines:
        seisaku.start()
        rankers["seisaku"] = lambda w: seisaku_ranking(seisaku, w, False)
        rankers["seisaku-exact"] = lambda w: seisaku_ranking(seisaku, w, True)
    if "groonga" in engines:
        groonga = peers.Groonga(work / "groonga")
        groonga.build(passages)
        groonga.open()
        rankers["groonga"] = groonga.select
    if "fts5" in engines:
        fts5 = peers.Fts5(work / "fts5.sqlite")
        fts5.build(passages)
        fts5.open()
        rankers["fts5"] = fts5.select
    if args.diff:
        for kind, queries in kinds.items():
            for words, target in queries:
                ranks = []
                for name in ("seisaku", "seisaku-exact"):
                    top = rankers[name](words)
                    ranks.append(top.index(target) + 1 if target in top else None)
                if ranks[0] != ranks[1]:
                    print(f"  {kind} {' '.join(words)} → {target}: default {ranks[0]}, exact {ranks[1]}")
    try:
        print(f"\n| engine | kind | S@1 | S@3 | S@10 | MRR@10 |\n|---|---|---|---|---|---|")
        for name in [e for e in engines if e in rankers]:
            for kind, queries in kinds.items():
                ranks = []
                for words, target in queries:
                    top = rankers[name](words)
                    rank = top.index(target) + 1 if target in top else None
                    ranks.append(rank)
                    if args.misses and name == "seisaku" and (rank is None or rank > 1):
                        print(f"  miss {kind} {' '.join(words)} → {target} rank {rank}; top {top[:3]}")
                r = scores(ranks)
                print(f"| {name} | {kind} | {r['S@1']:.3f} | {r['S@3']:.3f} | {r['S@10']:.3f} | {r['MRR@10']:.4f} |")
    finally:
        seisaku.stop()


if __name__ == "__main__":
    main()
