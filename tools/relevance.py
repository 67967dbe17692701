#!/usr/bin/env python3
"""Measure cairn's search against graded judgments and an SQLite FTS5 baseline.

Usage (from the repository root, after `cargo build --release`):

    python3 tools/relevance.py                 # tables for people
    python3 tools/relevance.py --json          # the same numbers as JSON
    python3 tools/relevance.py --cairn PATH --catalogue FILE --queries FILE ...

What it does:

* Reads the judged queries in tests/relevance/queries.json and, reported
  separately, tests/relevance/held_out.json (held out: not to be tuned on).
  Each query has graded judgments by catalogue id: 2 = exactly right,
  1 = reasonable, unlisted = not relevant.
* cairn: runs `cairn search QUERY --json --limit 10` for every query, in a
  temporary CAIRN_HOME so it searches the bundled catalogue (or the file given
  with --catalogue) and never touches the user's own settings or index.
* Baseline: an SQLite FTS5 index over the same records (assets/catalogue.json,
  or --catalogue), ranked by bm25() with the name and short name weighted
  above aliases, keywords and topics, and those above the summary and
  description. The query's words are OR-ed. Filter tokens (region:X,
  topic:Y, membership:..., any `facet:value`) are taken out of the words and
  applied as an exact WHERE filter on the record's field: a region filter
  matches only networks that list that exact code (no nesting of groups such
  as EU or Europe), repeated values of one facet are alternatives, different
  facets must all hold.
* Prints, per kind of query and overall, for both engines: nDCG@10 (gain
  2^rel - 1, log2 discount, ideal ranking from the judgments), recall@10 (how
  many judged ids, grade 1 or 2, are in the top 10, out of min(10, number
  judged), so a perfect top 10 scores 1), and how many queries found nothing.
  Then the 10 worst queries for cairn, with the judged ids and what cairn
  returned.

Standard library only (sqlite3 must have FTS5, as Python's usually does).
"""

import argparse
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
K = 10
FILTER_RE = re.compile(r"^([A-Za-z_-]+):(.*)$")
# A filter's facet and the record field it is checked against.
FIELDS = {"region": "regions", "topic": "topics", "run-by": "run_by"}
WORD_RE = re.compile(r"\w+", re.UNICODE)

# FTS5 columns and their bm25() weights: names first, then the short, curated
# terms, then the running text.
COLUMNS = [
    ("name", 10.0),
    ("short_name", 10.0),
    ("aliases", 5.0),
    ("keywords", 3.0),
    ("topics", 2.0),
    ("summary", 1.0),
    ("description", 1.0),
]


# ---------------------------------------------------------------------------
# Queries and metrics


def load_queries(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["queries"]


def dcg(grades):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:K]))


def ndcg(returned, judgments):
    ideal = dcg(sorted(judgments.values(), reverse=True))
    if ideal == 0:
        return None
    return dcg([judgments.get(i, 0) for i in returned]) / ideal


def recall(returned, judgments):
    relevant = {i for i, g in judgments.items() if g > 0}
    if not relevant:
        return None
    found = len(relevant & set(returned[:K]))
    return found / min(K, len(relevant))


# ---------------------------------------------------------------------------
# cairn


def cairn_search(binary, home, query, catalogue):
    cmd = [binary]
    if catalogue:
        cmd += ["--catalogue", catalogue]
    cmd += ["search", query, "--json", "--limit", str(K)]
    env = dict(os.environ, CAIRN_HOME=home, NO_COLOR="1")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return None, done.stderr.strip()
    doc = json.loads(done.stdout)
    return [hit["id"] for hit in doc["results"]], None


# ---------------------------------------------------------------------------
# FTS5 baseline


def fold(text):
    """Lower-case, accents removed: how filter values are compared."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(as_text(v) for v in value)
    return str(value)


class Baseline:
    def __init__(self, catalogue_path):
        with open(catalogue_path, encoding="utf-8") as f:
            self.networks = json.load(f)["networks"]
        self.db = sqlite3.connect(":memory:")
        names = ", ".join(c for c, _ in COLUMNS)
        self.db.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5(id UNINDEXED, {names}, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        for n in self.networks:
            row = [n["id"]] + [as_text(n.get(c)) for c, _ in COLUMNS]
            marks = ", ".join("?" for _ in row)
            self.db.execute(f"INSERT INTO doc VALUES ({marks})", row)
        self.weights = ", ".join(str(w) for _, w in COLUMNS)
        self.order = [n["id"] for n in self.networks]

    def allowed(self, filters):
        """Ids whose fields hold every filter exactly (no nesting)."""
        by_facet = {}
        for facet, value in filters:
            by_facet.setdefault(facet, set()).add(fold(value))
        keep = set()
        for n in self.networks:
            ok = True
            for facet, values in by_facet.items():
                field = n.get(FIELDS.get(facet, facet))
                have = field if isinstance(field, list) else [field]
                have = {fold(v) for v in have if v is not None}
                if not (have & values):
                    ok = False
                    break
            if ok:
                keep.add(n["id"])
        return keep

    def search(self, query):
        words, filters = [], []
        for token in query.split():
            m = FILTER_RE.match(token)
            if m:
                if m.group(2):
                    filters.append((m.group(1).lower(), m.group(2)))
            else:
                words += WORD_RE.findall(token)
        allowed = self.allowed(filters) if filters else None
        if not words:
            ids = [i for i in self.order if allowed is None or i in allowed]
            return ids[:K]
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute(
            f"SELECT id FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 0, {self.weights})",
            (match,),
        ).fetchall()
        ids = [r[0] for r in rows if allowed is None or r[0] in allowed]
        return ids[:K]


# ---------------------------------------------------------------------------
# Report


def summarise(rows, engine):
    kinds = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r)
    out = {}
    for kind, group in sorted(kinds.items()) + [("all", rows)]:
        nd = [r[engine]["ndcg"] for r in group if r[engine]["ndcg"] is not None]
        rc = [r[engine]["recall"] for r in group if r[engine]["recall"] is not None]
        out[kind] = {
            "queries": len(group),
            "ndcg@10": round(sum(nd) / len(nd), 4) if nd else None,
            "recall@10": round(sum(rc) / len(rc), 4) if rc else None,
            "zero_results": sum(1 for r in group if not r[engine]["returned"]),
        }
    return out


def evaluate(queries, binary, home, catalogue, baseline):
    rows = []
    for q in queries:
        judgments = q["judgments"]
        row = {"q": q["q"], "kind": q["kind"], "judgments": judgments}
        returned, error = cairn_search(binary, home, q["q"], catalogue)
        if error is not None:
            row["cairn_error"] = error
            returned = []
        fts = baseline.search(q["q"])
        for engine, ids in (("cairn", returned), ("fts5", fts)):
            row[engine] = {
                "returned": ids,
                "ndcg": ndcg(ids, judgments),
                "recall": recall(ids, judgments),
            }
        rows.append(row)
    return rows


def fmt(x):
    return "  -  " if x is None else f"{x:.3f}"


def print_table(title, rows):
    cairn, fts = summarise(rows, "cairn"), summarise(rows, "fts5")
    print(f"\n{title}")
    print(f"{'kind':<10} {'n':>3}   {'cairn nDCG':>10} {'recall':>6} {'zero':>4}   {'fts5 nDCG':>9} {'recall':>6} {'zero':>4}")
    for kind in cairn:
        c, f = cairn[kind], fts[kind]
        print(
            f"{kind:<10} {c['queries']:>3}   {fmt(c['ndcg@10']):>10} {fmt(c['recall@10']):>6} {c['zero_results']:>4}"
            f"   {fmt(f['ndcg@10']):>9} {fmt(f['recall@10']):>6} {f['zero_results']:>4}"
        )


def worst(rows, n=10):
    scored = [r for r in rows if r["cairn"]["ndcg"] is not None]
    return sorted(scored, key=lambda r: (r["cairn"]["ndcg"], r["q"]))[:n]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cairn", default=os.path.join(ROOT, "target/release/cairn"), help="the cairn binary")
    ap.add_argument("--catalogue", help="catalogue file for both engines (default: the bundled one)")
    ap.add_argument("--queries", default=os.path.join(ROOT, "tests/relevance/queries.json"))
    ap.add_argument("--held-out", default=os.path.join(ROOT, "tests/relevance/held_out.json"))
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = ap.parse_args()

    if not os.path.exists(args.cairn):
        sys.exit(f"{args.cairn} not found: run `cargo build --release` or pass --cairn")
    catalogue = os.path.abspath(args.catalogue) if args.catalogue else None
    baseline = Baseline(catalogue or os.path.join(ROOT, "assets/catalogue.json"))

    sets = [("queries", args.queries)]
    if args.held_out and os.path.exists(args.held_out):
        sets.append(("held_out", args.held_out))

    report = {}
    with tempfile.TemporaryDirectory(prefix="cairn-relevance-") as home:
        for name, path in sets:
            rows = evaluate(load_queries(path), args.cairn, home, catalogue, baseline)
            report[name] = {
                "cairn": summarise(rows, "cairn"),
                "fts5": summarise(rows, "fts5"),
                "worst_cairn": [
                    {
                        "q": r["q"],
                        "kind": r["kind"],
                        "ndcg": round(r["cairn"]["ndcg"], 4),
                        "judged": r["judgments"],
                        "cairn": r["cairn"]["returned"],
                        "fts5": r["fts5"]["returned"],
                    }
                    for r in worst(rows)
                ],
                "errors": {r["q"]: r["cairn_error"] for r in rows if "cairn_error" in r},
                "rows": rows,
            }

    if args.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return
    for name, _ in sets:
        rows = report[name]["rows"]
        label = "Judged queries" if name == "queries" else "Held-out queries (not for tuning)"
        print_table(f"{label}: {len(rows)}", rows)
        for q, err in report[name]["errors"].items():
            print(f"  cairn failed on {q!r}: {err}")
    print("\nWorst 10 judged queries for cairn (nDCG@10):")
    for w in report["queries"]["worst_cairn"]:
        judged = " ".join(f"{i}={g}" for i, g in sorted(w["judged"].items(), key=lambda kv: -kv[1]))
        print(f"\n  {w['ndcg']:.3f}  [{w['kind']}] {w['q']}")
        print(f"         judged: {judged}")
        print(f"         cairn:  {' '.join(w['cairn']) or '(nothing)'}")
        print(f"         fts5:   {' '.join(w['fts5']) or '(nothing)'}")


if __name__ == "__main__":
    main()
