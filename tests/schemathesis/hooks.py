"""Generators for the two string formats seisaku's OpenAPI document names but JSON Schema cannot
express (see src/model/limits.rs): schemathesis draws query strings and fiscal-year ranges from
these, so "valid" requests are valid by the server's full rules, not only by length and pattern.
"""

import json

import jsonschema
import schemathesis
from hypothesis import strategies as st

# Letters and digits a query term is made of: ASCII, kana and common kanji of the corpus's field.
WORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789あいうかきくさしすたちてなにのはまやらりるをんアイウクサシスセテデトネバプボムルレンー情報通信技術安全保障政策総務省経済産業白書年度"
WORDS = ["IoT", "5G", "セキュリティ", "サイバー", "情報通信", "総務省", "データ", "クラウド", "AI", "デジタル"]

# A term: a known word or a run of word characters; never the operator OR, never a filter.
term = st.one_of(st.sampled_from(WORDS), st.text(alphabet=WORD_CHARS, min_size=1, max_size=12)).filter(
    lambda t: t != "OR"
)


@st.composite
def clause(draw):
    """A positive clause: a term, an =exact term, a "phrase", or terms joined by OR."""
    kind = draw(st.sampled_from(["term", "exact", "phrase", "or"]))
    if kind == "exact":
        return "=" + draw(term)
    if kind == "phrase":
        return '"' + " ".join(draw(st.lists(term, min_size=1, max_size=3))) + '"'
    if kind == "or":
        return " OR ".join(draw(st.lists(term, min_size=2, max_size=3)))
    return draw(term)


@st.composite
def query(draw):
    """A well-formed query: one or more positive clauses, possibly some -excluded terms."""
    parts = draw(st.lists(clause(), min_size=1, max_size=3))
    parts += ["-" + t for t in draw(st.lists(term, max_size=2))]
    return " ".join(draw(st.permutations(parts)))


@st.composite
def fiscal_years(draw):
    """A fiscal year or an ordered range, either end possibly open."""
    first = draw(st.integers(min_value=1990, max_value=2030))
    last = draw(st.integers(min_value=first, max_value=2035))
    shape = draw(st.sampled_from(["{a}", "{a}..{b}", "{a}..", "..{b}"]))
    return shape.format(a=first, b=last)


schemathesis.openapi.format("seisaku-query", query())
schemathesis.openapi.format("fiscal-year-range", fiscal_years())


@schemathesis.check
def export_lines_match_schema(ctx, response, case):
    """Every line of an export (`application/x-ndjson`, which schemathesis cannot parse by itself)
    is a PassageHit as the document describes it."""
    if case.operation.definition.raw.get("operationId") != "exportPassages" or response.status_code != 200:
        return None
    document = case.operation.schema.raw_schema
    schema = {"$ref": "#/components/schemas/PassageHit", "components": document["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    for number, line in enumerate(response.text.splitlines(), 1):
        for error in validator.iter_errors(json.loads(line)):
            raise AssertionError(f"export line {number} is no PassageHit: {error.message}")
    return None


@schemathesis.hook
def filter_case(ctx, case):
    """GET /api/terms has two rules across parameters that a parameter schema cannot state (its
    description does): the foreground needs a query, a filter or fy, and vs needs fy. Requests
    that break them are left out, valid or not otherwise."""
    if case.operation.path != "/api/terms":
        return True
    query = case.query or {}
    if query.get("vs") is not None and query.get("fy") is None:
        return False
    return bool(str(query.get("q") or "").strip() or query.get("ministry") or query.get("theme") or query.get("fy"))
