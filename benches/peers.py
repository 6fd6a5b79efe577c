"""Shared pieces of the side-by-side benchmarks (relevance.py, speed.py): seisaku and its peers
over the same passages.

- `Seisaku`: builds an index with the release binary and serves it on loopback (`seisaku serve`);
- `passages()`: every passage of that index (`seisaku show ID --format json`), the unit all engines
  index, so that every engine sees the same texts;
- `Groonga`: a Groonga database (TokenBigram + NormalizerAuto, Debian `groonga`) over those passages,
  queried through one `groonga` process (stdin/stdout) or its HTTP server;
- `Fts5`: an SQLite FTS5 table with the trigram tokenizer over the same passages (Python's sqlite3).

Nothing here is a test; the benchmarks print figures and ratios measured in one run.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import unicodedata
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BIN = REPO / "target" / "release" / "seisaku"
WORK = REPO / "target" / "bench"


def white_paper_editions():
    """(edition, fiscal year) of the 24 white papers: h12 = 2000 … r5 = 2023."""
    out = [(f"h{n}", 1988 + n) for n in range(12, 31)]
    out += [(f"r{n}", 2018 + n) for n in range(1, 6)]
    return out


def write_white_paper_catalog(path):
    """The white papers do not name their edition's year in the text: a catalog says it."""
    lines = []
    for edition, year in white_paper_editions():
        era = "平成" if edition.startswith("h") else "令和"
        lines.append(
            f'[[document]]\npath = "{edition}.txt"\ntitle = "{era}{edition[1:]}年版 情報通信白書"\n'
            f'publisher = "総務省"\nfiscal_year = {year}\nseries = "情報通信白書"\n'
        )
    Path(path).write_text("\n".join(lines), encoding="utf-8")
    return Path(path)


def corpus(name):
    """A folder of ../shared/corpus, or exit with the reason."""
    path = SHARED / "corpus" / name
    if not path.is_dir():
        raise SystemExit(f"{path} is missing: the benchmarks read ../shared/corpus/")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(tool, package):
    if shutil.which(tool) is None:
        raise SystemExit(f"{tool} is needed: apt-get install {package}")


class Seisaku:
    """seisaku's release binary over one index folder."""

    def __init__(self, corpus_dir, index_dir, catalog=None, exclude=()):
        if not BIN.exists():
            raise SystemExit("build first: cargo build --release")
        self.corpus = Path(corpus_dir)
        self.index = Path(index_dir)
        self.catalog = catalog
        self.exclude = list(exclude)
        self.server = None
        self.port = None

    def args(self):
        out = [str(BIN), "--corpus", str(self.corpus), "--index", str(self.index)]
        if self.catalog:
            out += ["--catalog", str(self.catalog)]
        return out

    def build(self, full=True):
        """Indexes the corpus; returns the JSON summary."""
        cmd = self.args() + ["index", "--format", "json"] + (["--full"] if full else [])
        for glob in self.exclude:
            cmd += ["--exclude", glob]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    def run_json(self, *args):
        out = subprocess.run(self.args() + list(args), check=True, capture_output=True, text=True)
        return json.loads(out.stdout)

    def start(self, *serve_args):
        self.port = free_port()
        env = dict(os.environ, RUST_LOG="warn")
        self.server = subprocess.Popen(
            self.args() + ["serve", "--addr", f"127.0.0.1:{self.port}", *serve_args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(self.url("/health"), timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit("seisaku serve did not answer /health")

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait()
            self.server = None

    def url(self, path, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        return f"http://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def get(self, path, **params):
        with urllib.request.urlopen(self.url(path, **params), timeout=120) as response:
            return response.read()

    def export(self, q, **params):
        """Every matching passage (`/api/export`), as dicts."""
        body = self.get("/api/export", q=q, **params).decode("utf-8")
        return [json.loads(line) for line in body.splitlines() if line]

    def passages(self):
        """Every passage of the index: dicts with key (`id#no`), id, no, heading, text."""
        ids = sorted(
            p.relative_to(self.corpus).as_posix()
            for p in self.corpus.rglob("*")
            if p.is_file() and p.suffix.lower() in (".txt", ".md")
        )
        ids = [i for i in ids if not any(i.startswith(g.rstrip("/") + "/") for g in self.exclude)]
        out = []
        for doc_id in ids:
            try:
                document = self.run_json("show", doc_id, "--format", "json")
            except subprocess.CalledProcessError:
                continue
            for passage in document["passages"]:
                out.append(
                    {
                        "key": f"{doc_id}#{passage['no']}",
                        "id": doc_id,
                        "no": passage["no"],
                        "heading": passage.get("heading") or "",
                        "text": passage["text"],
                    }
                )
        return out


def nfkc(text):
    return unicodedata.normalize("NFKC", text)


class Groonga:
    """A Groonga database over the passages: TokenBigram + NormalizerAuto, as its docs advise
    for Japanese full-text search."""

    def __init__(self, folder):
        need("groonga", "groonga")
        self.folder = Path(folder)
        self.db = self.folder / "db"
        self.process = None

    def build(self, passages):
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        commands = [
            "table_create Passages TABLE_HASH_KEY ShortText",
            "column_create Passages text COLUMN_SCALAR LongText",
            "table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram "
            "--normalizer NormalizerAuto",
            "column_create Terms idx COLUMN_INDEX|WITH_POSITION Passages text",
            "load --table Passages",
            json.dumps([{"_key": p["key"], "text": p["text"]} for p in passages], ensure_ascii=False),
        ]
        started = time.perf_counter()
        subprocess.run(
            ["groonga", "-n", str(self.db)],
            input="\n".join(commands) + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started

    def open(self):
        self.process = subprocess.Popen(
            ["groonga", str(self.db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        return self

    def close(self):
        if self.process:
            self.process.stdin.close()
            self.process.wait()
            self.process = None

    def command(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def select(self, words, limit=10):
        """Keys of the best `limit` passages holding every word (AND), by Groonga's score."""
        query = " ".join('"' + w.replace('"', '\\"') + '"' for w in words)
        escaped = query.replace("\\", "\\\\").replace("'", "\\'")
        answer = self.command(
            f"select Passages --match_columns text --query '{escaped}' "
            f"--output_columns _key,_score --sort_keys -_score,_key --limit {limit} --cache no"
        )
        rows = answer[1][0][2:]
        return [row[0] for row in rows]


class Fts5:
    """An SQLite FTS5 table with the trigram tokenizer over the passages. FTS5's trigram index
    cannot look up terms shorter than 3 characters: those are matched with LIKE (with an ESCAPE
    clause: SQLite 3.40 returns no rows for LIKE '%情報%' on a trigram table without one) and do
    not score."""

    def __init__(self, path):
        import sqlite3

        self.path = Path(path)
        self.sqlite3 = sqlite3
        self.db = None

    def build(self, passages):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            self.path.unlink()
        started = time.perf_counter()
        db = self.sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE p USING fts5(key UNINDEXED, text, tokenize='trigram')")
        db.executemany("INSERT INTO p(key, text) VALUES (?, ?)", ((x["key"], x["text"]) for x in passages))
        db.commit()
        db.close()
        return time.perf_counter() - started

    def open(self):
        self.db = self.sqlite3.connect(self.path)
        return self

    def select(self, words, limit=10):
        long_words = [w for w in words if len(w) >= 3]
        short_words = [w for w in words if len(w) < 3]
        where, params = [], []
        if long_words:
            where.append("p MATCH ?")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in long_words))
        for w in short_words:
            escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("text LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        order = "bm25(p), key" if long_words else "key"
        sql = f"SELECT key FROM p WHERE {' AND '.join(where)} ORDER BY {order} LIMIT {limit}"
        return [row[0] for row in self.db.execute(sql, params)]
