#!/usr/bin/env python3
"""Speed side by side: seisaku against MeCab, Groonga and SQLite FTS5 over the same corpus.

    cargo build --release && python3 benches/speed.py                   # laws and white papers
    python3 benches/speed.py --corpus white-papers --rounds 3           # one corpus
    python3 benches/speed.py --corpus laws --skip-load                  # no wrk runs

For each corpus (`../shared/corpus/egov-laws`, `../shared/corpus/ict-white-paper`) it measures,
in one run on this machine, and prints seisaku/peer ratios:

- indexing: `seisaku index --full` (whole process, all cores) in MB/s of the corpus files, against
  MeCab `-Owakati` on one core over the same bytes (the tokenising baseline), and Groonga
  (TokenBigram + NormalizerAuto, `load`) and FTS5 (trigram) building over seisaku's passages;
- queries, per class (common 2-character words, mid-frequency and rare terms, ASCII as typed and
  taken literally with `=`, AND pairs, one kanji): seisaku's in-engine `took_ms` against FTS5 in-process (Python's sqlite3, `MATCH`
  with bm25 for terms of 3+ characters, LIKE otherwise), and HTTP latency of `seisaku serve`
  against Groonga's HTTP server (`select … --cache no`, keys and scores; and again with Groonga's
  `snippet_html` of each hit, nearer to seisaku's answer of snippets, facets and document
  grouping), both with a new connection per request, from this process; p50 and p99 over all rounds, the engines' order rotated each round;
- corpus views: `/health`, `/api/facets`, `/api/documents/{id}` of seisaku, and the one-shot
  `seisaku facets` and `seisaku show ID` as whole processes (spawned from this script), p50 and p99;
- load: wrk (2 threads, 32 connections) on a common-term search: seisaku uncached
  (`serve --no-cache`) and as shipped (with its response cache), against Groonga's HTTP server
  with its query cache off. Query latencies above are measured uncached; the last column
  repeats them against the cached server once every query is in its cache.

Needs groonga, mecab and wrk (`apt-get install groonga mecab mecab-ipadic-utf8 wrk`). Nothing here
is a test: the figures are for the README's table and the closing notes.
"""

import argparse
import http.client
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers  # noqa: E402

QUERIES = {
    "common-2": ["法律", "規定", "大臣", "情報", "事業"],
    "mid": ["個人情報", "地方公共団体", "損害賠償", "電気通信事業"],
    "rare": ["不正アクセス", "電子署名", "特定秘密", "サイバーセキュリティ"],
    "ascii": ["ICT", "OECD", "IoT", "JIS"],
    # The same words taken literally (`=`: no lexicon or spelling forms; ICT alone finds no law,
    # its lexicon form 情報通信技術 finds 974 passages): the peers' work. They get the bare word.
    "ascii-exact": ["=ICT", "=OECD", "=IoT", "=JIS"],
    "and": ["個人情報 保護", "労働 時間", "電子 署名", "通信 事業者"],
    "one-kanji": ["省"],
}
LOAD_QUERY = "法律"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def corpus_bytes(folder, exclude):
    total = 0
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and path.suffix == ".txt" and not any(rel.startswith(e) for e in exclude):
            total += path.stat().st_size
    return total


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def index_seisaku(seisaku):
    cpu = children_cpu()
    started = time.perf_counter()
    seisaku.build(full=True)
    return time.perf_counter() - started, children_cpu() - cpu


def tokenise_mecab(folder, exclude):
    """MeCab -Owakati over every file of the corpus, one process, one core."""
    files = sorted(
        p for p in folder.rglob("*.txt") if not any(p.relative_to(folder).as_posix().startswith(e) for e in exclude)
    )
    data = b"".join(p.read_bytes() + b"\n" for p in files)
    started = time.perf_counter()
    subprocess.run(["mecab", "-Owakati", "-b", "4194304"], input=data, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def http_get(port, path):
    """One request on a new connection; (seconds, body)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
    return elapsed, body


class GroongaHttp:
    """Groonga's own HTTP server over a database built by `peers.Groonga`."""

    def __init__(self, db):
        self.db = db
        self.port = peers.free_port()
        self.process = subprocess.Popen(
            ["groonga", "-s", "--protocol", "http", "--port", str(self.port), str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                http_get(self.port, "/d/status")
                return
            except (OSError, SystemExit):
                time.sleep(0.1)
        raise SystemExit("groonga's HTTP server did not answer")

    def path(self, q, snippets=False):
        """A select of the 10 best passages: keys and scores, or with `snippets` also Groonga's
        highlighted snippets of each (`snippet_html`), nearer to what seisaku answers."""
        words = q.split()
        query = " ".join('"' + w.replace('"', '\\"') + '"' for w in words)
        params = {
            "table": "Passages",
            "match_columns": "text",
            "query": query,
            "output_columns": "_key,_score,snippet_html(text)" if snippets else "_key,_score",
            "sort_keys": "-_score,_key",
            "limit": "10",
            "cache": "no",
        }
        return "/d/select?" + urllib.parse.urlencode(params)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def peer_words(q):
    """The query as the peers take it: words without seisaku's `=` (literal) mark."""
    return " ".join(w.removeprefix("=") for w in q.split())


def seisaku_path(q):
    return "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10})


def run_queries(seisaku, groonga, fts5, rounds):
    """Per class: lists of seisaku took_ms, seisaku HTTP ms, Groonga HTTP ms, FTS5 ms."""
    out = {c: {"took": [], "http": [], "groonga": [], "groonga_snippets": [], "fts5": []} for c in QUERIES}
    steps = ["seisaku", "groonga", "fts5"]
    for round_no in range(rounds):
        order = steps[round_no % 3 :] + steps[: round_no % 3]
        for engine in order:
            for cls, queries in QUERIES.items():
                for q in queries:
                    if engine == "seisaku":
                        elapsed, body = http_get(seisaku.port, seisaku_path(q))
                        out[cls]["took"].append(json.loads(body)["took_ms"])
                        out[cls]["http"].append(elapsed * 1e3)
                    elif engine == "groonga":
                        elapsed, _ = http_get(groonga.port, groonga.path(peer_words(q)))
                        out[cls]["groonga"].append(elapsed * 1e3)
                        elapsed, _ = http_get(groonga.port, groonga.path(peer_words(q), snippets=True))
                        out[cls]["groonga_snippets"].append(elapsed * 1e3)
                    else:
                        started = time.perf_counter()
                        fts5.select(peer_words(q).split())
                        out[cls]["fts5"].append((time.perf_counter() - started) * 1e3)
    return out


def corpus_views(seisaku, doc_id, rounds):
    paths = {
        "/health": "/health",
        "/api/facets": "/api/facets",
        "/api/documents/{id}": "/api/documents/" + urllib.parse.quote(doc_id, safe=""),
    }
    out = {}
    for name, path in paths.items():
        times = [http_get(seisaku.port, path)[0] * 1e3 for _ in range(rounds * 10)]
        out[name] = (percentile(times, 50), percentile(times, 99))
    return out


def one_shot(seisaku, doc_id, rounds):
    """Whole `seisaku` processes (as spawned from here, a fork and exec included) of the corpus
    views a one-shot command answers: p50 and p99 ms."""
    commands = {"seisaku facets": ["facets"], "seisaku show ID": ["show", doc_id]}
    out = {}
    for name, args in commands.items():
        command = seisaku.args() + args
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # the index's files in the page cache
        times = []
        for _ in range(rounds * 10):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times.append((time.perf_counter() - started) * 1e3)
        out[name] = (percentile(times, 50), percentile(times, 99))
    return out


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk(port, path, work, seconds):
    script = work / "report.lua"
    script.write_text(WRK_REPORT)
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", "32", "-d", f"{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    rps, p50, p99, errors = line.split()[1:]
    return float(rps), float(p50), float(p99), int(errors)


def bench(name, folder, catalog, exclude, args):
    work = peers.WORK / "speed" / name
    work.mkdir(parents=True, exist_ok=True)
    size = corpus_bytes(folder, exclude)
    mb = size / 1e6
    print(f"\n## {name}: {folder} ({mb:.1f} MB)\n", flush=True)
    seisaku = peers.Seisaku(folder, work / "index", catalog, exclude=exclude)
    mecab_s = tokenise_mecab(folder, exclude)
    seisaku_s, seisaku_cpu = index_seisaku(seisaku)
    passages = seisaku.passages()
    groonga_db = peers.Groonga(work / "groonga")
    groonga_s = groonga_db.build(passages)
    fts5 = peers.Fts5(work / "fts5.sqlite")
    fts5_s = fts5.build(passages)
    fts5.open()
    index_mb = sum(p.stat().st_size for p in (work / "index").rglob("*") if p.is_file()) / 1e6
    print(f"{len(passages)} passages; seisaku index {index_mb:.0f} MB\n")
    print("| indexing | seconds | MB/s | seisaku ÷ peer |\n|---|---|---|---|")
    print(f"| seisaku (whole process, {seisaku_cpu:.1f} CPU s) | {seisaku_s:.1f} | {mb / seisaku_s:.2f} | |")
    for peer, secs in (("MeCab -Owakati, one core", mecab_s), ("Groonga load", groonga_s), ("FTS5 trigram", fts5_s)):
        print(f"| {peer} | {secs:.1f} | {mb / secs:.2f} | {secs / seisaku_s:.2f} |")

    groonga = GroongaHttp(groonga_db.db)
    try:
        # Uncached first (`serve --no-cache`: every request computed), then the server as shipped
        # (repeated requests over an unchanged index answered from its response cache).
        seisaku.start("--no-cache")
        for q in [q for qs in QUERIES.values() for q in qs]:  # warm every engine once
            http_get(seisaku.port, seisaku_path(q))
            http_get(groonga.port, groonga.path(peer_words(q)))
            fts5.select(peer_words(q).split())
        results = run_queries(seisaku, groonga, fts5, args.rounds)
        doc_id = passages[len(passages) // 2]["id"]
        views = corpus_views(seisaku, doc_id, args.rounds)
        views.update(one_shot(seisaku, doc_id, args.rounds))
        load = {}
        if not args.skip_load:
            load["seisaku, uncached"] = wrk(seisaku.port, seisaku_path(LOAD_QUERY), work, args.load_seconds)
            load["Groonga (cache=no)"] = wrk(groonga.port, groonga.path(LOAD_QUERY), work, args.load_seconds)
        seisaku.stop()
        seisaku.start()
        for q in [q for qs in QUERIES.values() for q in qs]:  # fill the response cache
            http_get(seisaku.port, seisaku_path(q))
        cached = run_queries(seisaku, groonga, fts5, args.rounds)
        if not args.skip_load:
            load["seisaku, response cache"] = wrk(seisaku.port, seisaku_path(LOAD_QUERY), work, args.load_seconds)
    finally:
        seisaku.stop()
        groonga.stop()

    print(
        "\n| class | seisaku took_ms p50/p99 | FTS5 in-process p50/p99 | took ÷ FTS5 p50 "
        "| seisaku HTTP p50/p99 | Groonga HTTP p50/p99 | HTTP ÷ Groonga p50 "
        "| Groonga + snippets HTTP p50 | HTTP ÷ Groonga + snippets | seisaku HTTP p50, cached |"
        "\n|---|---|---|---|---|---|---|---|---|---|"
    )
    for cls, r in results.items():
        t, f, h, g, gs = (r[k] for k in ("took", "fts5", "http", "groonga", "groonga_snippets"))
        print(
            f"| {cls} | {percentile(t, 50):.2f} / {percentile(t, 99):.2f} | {percentile(f, 50):.2f} / "
            f"{percentile(f, 99):.2f} | {percentile(t, 50) / percentile(f, 50):.2f} | {percentile(h, 50):.2f} / "
            f"{percentile(h, 99):.2f} | {percentile(g, 50):.2f} / {percentile(g, 99):.2f} | "
            f"{percentile(h, 50) / percentile(g, 50):.2f} | {percentile(gs, 50):.2f} | "
            f"{percentile(h, 50) / percentile(gs, 50):.2f} | {percentile(cached[cls]['http'], 50):.2f} |"
        )
    print("\n| corpus view (seisaku HTTP uncached; CLI: whole process) | p50 ms | p99 ms |\n|---|---|---|")
    for view, (p50, p99) in views.items():
        print(f"| {view} | {p50:.2f} | {p99:.2f} |")
    if load:
        print(f"\n| wrk 2 threads 32 connections, q={LOAD_QUERY} | req/s | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|")
        for engine, (rps, p50, p99, errors) in load.items():
            print(f"| {engine} | {rps:.0f} | {p50:.2f} | {p99:.2f} | {errors} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=["laws", "white-papers", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    for tool, package in (("groonga", "groonga"), ("mecab", "mecab mecab-ipadic-utf8"), ("wrk", "wrk")):
        peers.need(tool, package)
    print(f"seisaku speed benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    if args.corpus in ("laws", "both"):
        bench("laws", peers.corpus("egov-laws"), None, [], args)
    if args.corpus in ("white-papers", "both"):
        work = peers.WORK / "speed"
        work.mkdir(parents=True, exist_ok=True)
        catalog = peers.write_white_paper_catalog(work / "catalog.toml")
        bench("white-papers", peers.corpus("ict-white-paper"), catalog, ["urls/"], args)


if __name__ == "__main__":
    main()
