"""The named query library and kg.sparql: answers, backends, parameters, formats, refusals."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset

import kg
from kg.errors import QueryError, UsageError
from kg.sparql import (
    FORMATS,
    QUERY_DIR,
    QueryResult,
    bind,
    check_query,
    library,
    open_graph,
    query,
    query_form,
    run,
    serialize,
)
from kg.store import open_store

FIXTURE = Path(__file__).parent / "data" / "sparql" / "extraction.trig"
SEED_TITLE_1 = (
    "基于扩散峰度成像多参数回归模型预测雌激素受体阳性、人表皮生长因子受体2阴性乳腺癌的复发风险"
)
SEED_ARTICLE_1 = "https://w3id.org/radkg/id/article/issn-1005-1201-na-p201-918a1d9c1382"
ID = "https://w3id.org/radkg/id/"
PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def seed() -> Dataset:
    return kg.build(validate="none").dataset


@pytest.fixture(scope="module")
def seed_memory() -> Dataset:
    return kg.build(validate="none", backend="memory").dataset


@pytest.fixture(scope="module")
def fixture_store() -> ox.Store:
    return open_graph(FIXTURE)


@pytest.fixture(scope="module")
def fixture_memory() -> Dataset:
    ds = open_store(backend="memory")
    ds.parse(FIXTURE, format="trig")
    return ds


def _cols(result: QueryResult, *names: str) -> list[tuple]:
    return [tuple(row[n] for n in names) for row in result.rows]


# --------------------------------------------------------------------------- the library


def test_the_library_has_at_least_twenty_documented_queries() -> None:
    queries = library()
    assert len(queries) >= 20
    assert sorted(queries) == sorted(p.stem for p in QUERY_DIR.glob("*.rq"))
    for name, q in queries.items():
        assert q.name == name and q.title and len(q.description) > 20, name
        assert q.form in ("select", "ask", "construct"), name
        assert "ORDER BY" in q.text or q.form != "select", f"{name}: rows must have a total order"
        for p in q.parameters:
            assert p.description, f"{name}: ?{p.name} has no description"


def test_library_is_not_read_at_import() -> None:
    import subprocess
    import sys

    code = "import kg.sparql, sys; sys.exit(int(kg.sparql._library.cache_info().currsize))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# description: d\nSELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a", "no '# title:' line"),
        (
            "# title: t\n# description: d\n# param: ?x float 1\nSELECT ?x WHERE { ?a ?b ?x }",
            "TYPE one of",
        ),
        (
            "# title: t\n# description: d\n# param: ?x string a\nSELECT ?a WHERE { ?a ?b ?x }",
            "not in the SELECT",
        ),
        (
            "# title: t\n# description: d\n# param: ?x integer one\nSELECT ?x WHERE { ?a ?b ?x }",
            "must be an integer",
        ),
        (
            "# title: t\n# description: d\n# param: ?x string a\nDESCRIBE ?x WHERE { ?a ?b ?x }",
            "DESCRIBE",
        ),
        ("# title: t\n# description: d\nINSERT DATA { <a:a> <a:b> <a:c> }", "INSERT is refused"),
    ],
    ids=["no-title", "bad-type", "not-projected", "bad-default", "describe-params", "update"],
)
def test_a_bad_query_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad-query.rq").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        library(tmp_path)


def test_query_file_names_are_kebab_case(tmp_path: Path) -> None:
    (tmp_path / "Bad_Name.rq").write_text(
        "# title: t\n# description: d\nASK WHERE { }\n", encoding="utf-8"
    )
    with pytest.raises(QueryError, match="kebab-case"):
        library(tmp_path)


# --------------------------------------------------------------------------- pinned answers: seed

SEED_PINS = {
    "article-types": (
        {},
        ("article_type", "articles"),
        [("ResearchArticle", 4), ("CaseReport", 2), ("Review", 2), ("ExpertCommentary", 1)],
    ),
    "articles-by-author": (
        {"author_name": "周卫平"},
        ("author_name", "title", "position", "truncated"),
        [("周卫平", SEED_TITLE_1, 1, True)],
    ),
    "coauthors": (
        {},
        ("coauthor_name", "shared_articles"),
        [("刘晓", 1), ("昝星有", 1), ("杨树东", 1)],
    ),
    "has-author": ({"author_name": "周卫平"}, ("boolean",), [(True,)]),
    "journals": (
        {},
        ("title", "issn", "publisher", "editor", "frequency", "articles"),
        [("中华放射学杂志", "1005-1201", "中华医学会杂志社", "郭启勇", "月刊", 9)],
    ),
    "search-titles": (
        {"text": "影像组学"},
        ("title",),
        [("术前CT图像影像组学联合深度学习预测肝细胞癌经动脉化疗栓塞术后疗效的价值",)],
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_PINS))
def test_pinned_answer_on_the_seed(seed: Dataset, name: str) -> None:
    params, columns, expected = SEED_PINS[name]
    assert _cols(run(seed, name, params=params), *columns) == expected


def test_package_level_query_and_run_query(seed: Dataset) -> None:
    """``kg.query`` (SPARQL text) and ``kg.run_query`` (a named query) are the public API."""
    text = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a fabio:JournalArticle }"
    text = "PREFIX fabio: <http://purl.org/spar/fabio/> " + text
    assert kg.query(seed, text).rows == [{"n": 9}]
    result = kg.run_query(seed, "articles-by-author", params={"author_name": "周卫平"})
    assert _cols(result, "author_name", "position") == [("周卫平", 1)]
    assert result.rows == run(seed, "articles-by-author", params={"author_name": "周卫平"}).rows
    with pytest.raises(kg.UsageError, match="no named query"):
        kg.run_query(seed, "no-such-query")
    with pytest.raises(kg.QueryError, match="refused"):
        kg.query(seed, "DROP ALL")


def test_articles_on_the_seed(seed: Dataset) -> None:
    rows = run(seed, "articles").rows
    assert len(rows) == 9 and [r["page_start"] for r in rows] == [
        201,
        209,
        216,
        225,
        229,
        231,
        233,
        238,
        243,
    ]
    assert rows[0]["title"] == SEED_TITLE_1 and rows[0]["article_type"] == "ResearchArticle"
    assert len(run(seed, "articles", params={"issn": "1005-1201"})) == 9
    assert len(run(seed, "articles", params={"issn": "1234-5678"})) == 0


def test_truncated_lists_and_first_and_last_authors(seed: Dataset) -> None:
    truncated = run(seed, "truncated-author-lists").rows
    assert len(truncated) == 8 and {r["authors_listed"] for r in truncated} == {4}
    assert "卵巢肿瘤的MRI表现" not in {r["title"] for r in truncated}
    rows = {r["title"]: r for r in run(seed, "first-and-last-authors").rows}
    assert len(rows) == 9
    assert (
        rows["卵巢肿瘤的MRI表现"]["first_author"],
        rows["卵巢肿瘤的MRI表现"]["last_author"],
    ) == ("马凤华", "胡凌")
    assert (
        rows[SEED_TITLE_1]["first_author"] == "周卫平" and rows[SEED_TITLE_1]["last_author"] is None
    )


def test_authors_and_pairs_on_the_seed(seed: Dataset) -> None:
    authors = run(seed, "productive-authors").rows
    assert len(authors) == 35 and sum(r["articles"] for r in authors) == 35
    assert sum(r["first_author"] for r in authors) == 9
    assert run(seed, "productive-authors", params={"min_articles": 2}).rows == []
    pairs = run(seed, "coauthor-pairs").rows
    # 8 articles with 4 listed authors (6 pairs each) and one with 3 (3 pairs); no pair repeats.
    assert len(pairs) == 8 * 6 + 3 and all(r["shared_articles"] == 1 for r in pairs)
    assert len(run(seed, "coauthor-pairs", params={"min_shared": 2})) == 0


def test_abstracts_keywords_concepts_provenance(seed: Dataset) -> None:
    no_en = run(seed, "articles-without-english-abstract").rows
    assert len(no_en) == 5 and all(r["has_chinese_abstract"] for r in no_en)
    keywords = _cols(run(seed, "keywords-by-frequency"), "label", "articles")
    assert len(keywords) == 32 and keywords[:3] == [
        ("磁共振成像", 4),
        ("影像组学", 2),
        ("癌,肝细胞", 2),
    ]
    assert len(run(seed, "keywords-by-frequency", params={"min_articles": 2})) == 3
    assert len(run(seed, "concepts-without-mesh", params={"scheme": "radkg:KeywordScheme"})) == 32
    # Linked and not linked split the concepts: every SKOS concept is in exactly one of the two.
    linked = {r["concept"] for r in run(seed, "mesh-linked-concepts").rows}
    unlinked = {r["concept"] for r in run(seed, "concepts-without-mesh").rows}
    every = {
        r["c"]
        for r in query(
            seed, "SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
        ).rows
    }
    assert not linked & unlinked and linked | unlinked == every
    assert all(
        r["mesh"].startswith("http://id.nlm.nih.gov/mesh/")
        for r in run(seed, "mesh-linked-concepts").rows
    )
    lines = _cols(run(seed, "article-provenance"), "source", "line")
    assert lines == [("radkg-data/seeds/cjr-2024-03.txt", n) for n in range(28, 93, 8)]
    assert run(seed, "keywords-by-year").rows == []  # the seed page states no year


def test_article_graph_is_a_construct(seed: Dataset) -> None:
    result = run(seed, "article-graph", params={"article": SEED_ARTICLE_1})
    own = query(seed, f"SELECT * WHERE {{ <{SEED_ARTICLE_1}> ?p ?o }}")
    roles = query(
        seed, f"SELECT * WHERE {{ <{SEED_ARTICLE_1}> <{PROV}qualifiedAttribution> ?r . ?r ?p ?o }}"
    )
    assert result.kind == "graph" and len(result) == len(own) + len(roles) and len(roles) == 4 * 3
    turtle = serialize(result, "ttl")
    assert SEED_TITLE_1.encode() in turtle
    g = ox.Store()
    g.load(turtle, format=ox.RdfFormat.TURTLE)
    assert len(g) == len(result)


# ----------------------------------------------------------------- pinned answers: extraction


def test_articles_using_a_method_include_narrower_methods(fixture_store: ox.Store) -> None:
    rows = _cols(run(fixture_store, "articles-using-method"), "article", "used_label")
    assert rows == [
        (ID + "article/a1", "U-Net"),
        (ID + "article/a3", "convolutional neural network"),
    ]
    # The same concept by its Chinese label, in another case.
    assert len(run(fixture_store, "articles-using-method", params={"method": "深度学习"})) == 2
    # Through the ontology's classes: ResNet50 is a deep learning method.
    by_class = _cols(
        run(fixture_store, "articles-using-method", params={"method": "Deep Learning Method"}),
        "article",
        "used_label",
    )
    assert by_class == [(ID + "article/a1", "ResNet50")]
    assert _cols(run(fixture_store, "narrower-methods"), "used_label", "articles") == [
        ("U-Net", 1),
        ("convolutional neural network", 1),
    ]
    assert (
        run(fixture_store, "articles-using-method", params={"method": "no such method"}).rows == []
    )


def test_methods_diseases_modalities(fixture_store: ox.Store) -> None:
    assert _cols(run(fixture_store, "methods-by-year"), "year", "method_label", "articles") == [
        (2023, "ResNet50", 1),
        (2023, "U-Net", 1),
        (2024, "convolutional neural network", 1),
        (2024, "logistic regression", 1),
        (2024, "radiomics", 1),
    ]
    assert _cols(run(fixture_store, "diseases-by-frequency"), "disease_label", "articles") == [
        ("hepatocellular carcinoma", 2),
        ("breast cancer", 1),
    ]
    assert _cols(
        run(fixture_store, "diseases-by-modality"), "disease_label", "modality_label", "articles"
    ) == [
        ("hepatocellular carcinoma", "computed tomography", 2),
        ("breast cancer", "magnetic resonance imaging", 1),
    ]
    assert _cols(run(fixture_store, "keywords-by-year"), "year", "label", "articles") == [
        (2023, "影像组学", 1),
        (2023, "肝", 1),
        (2024, "影像组学", 2),
    ]
    assert _cols(run(fixture_store, "productive-institutions"), "name", "articles", "authors") == [
        ("乙医院", 2, 1),
        ("甲医院", 2, 1),
    ]


def test_leaderboard(fixture_store: ox.Store) -> None:
    rows = _cols(
        run(fixture_store, "leaderboard"),
        "disease_label",
        "modality_label",
        "best",
        "ci_lower",
        "ci_upper",
        "model_label",
        "split_label",
        "article",
    )
    assert rows == [
        (
            "breast cancer",
            "magnetic resonance imaging",
            Decimal("0.88"),
            Decimal("0.82"),
            Decimal("0.94"),
            "CNN model",
            None,
            ID + "article/a3",
        ),
        (
            "hepatocellular carcinoma",
            "computed tomography",
            Decimal("0.93"),
            Decimal("0.88"),
            Decimal("0.98"),
            "列线图模型",
            "验证集",
            ID + "article/a2",
        ),
    ]
    sens = _cols(
        run(fixture_store, "leaderboard", params={"metric": "radkg:Sensitivity"}), "best", "article"
    )
    assert sens == [(Decimal("0.85"), ID + "article/a2")]
    full_iri = "<https://w3id.org/radkg/ontology#Sensitivity>"
    assert (
        run(fixture_store, "leaderboard", params={"metric": full_iri}).rows
        == run(fixture_store, "leaderboard", params={"metric": "radkg:Sensitivity"}).rows
    )


def test_method_results_and_study_designs(fixture_store: ox.Store) -> None:
    assert _cols(
        run(fixture_store, "method-results"), "model_label", "metric_name", "value", "split_label"
    ) == [
        ("联合模型", "AUC", Decimal("0.912"), "训练集"),
        ("联合模型", "AUC", Decimal("0.861"), "外部测试集"),
        ("CNN model", "AUC", Decimal("0.88"), None),
    ]
    radiomics = run(fixture_store, "method-results", params={"method": "radiomics"})
    assert (
        sorted({r["model_label"] for r in radiomics.rows}) == ["列线图模型", "联合模型"]
        and len(radiomics) == 4
    )
    assert _cols(run(fixture_store, "study-designs"), "design_label", "cohort_size") == [
        ("cross-sectional study", None),
        ("retrospective cohort study", 203),
        ("retrospective cohort study", 412),
    ]


def test_mesh_links(fixture_store: ox.Store) -> None:
    linked = _cols(run(fixture_store, "mesh-linked-concepts"), "concept_label", "mesh")
    assert linked == [
        ("computed tomography", "http://id.nlm.nih.gov/mesh/D014057"),
        ("deep learning", "http://id.nlm.nih.gov/mesh/D000077321"),
        ("hepatocellular carcinoma", "http://id.nlm.nih.gov/mesh/D006528"),
        ("logistic regression", "http://id.nlm.nih.gov/mesh/D016015"),
    ]
    unlinked = {r["concept_label"] for r in run(fixture_store, "concepts-without-mesh").rows}
    assert len(unlinked) == 10 and "ResNet50" in unlinked and "deep learning" not in unlinked


# ----------------------------------------------------------------- every backend, the same rows


def _all_rows(target: object) -> dict[str, list]:
    out = {}
    for name, q in library().items():
        result = run(target, name)
        # Python values: Oxigraph stores 0.930 as 0.93, rdflib keeps the lexical form.
        out[name] = sorted(map(str, result.triples)) if q.form == "construct" else result.rows
    return out


def test_rdflib_memory_store_gives_the_same_rows_on_the_seed(
    seed: Dataset, seed_memory: Dataset
) -> None:
    assert _all_rows(seed_memory) == _all_rows(seed)


def test_rdflib_memory_store_gives_the_same_rows_on_the_fixture(
    fixture_store, fixture_memory
) -> None:
    assert _all_rows(fixture_memory) == _all_rows(fixture_store)


def test_saved_files_and_stores_give_the_same_rows(seed: Dataset, tmp_path: Path) -> None:
    kg.build(validate="none", out=tmp_path / "out", formats=["ttl", "nq"], store=tmp_path / "store")
    expected = _all_rows(seed)
    assert _all_rows(tmp_path / "out" / "radkg.ttl") == expected
    assert _all_rows(str(tmp_path / "out" / "radkg.nq")) == expected
    assert _all_rows(tmp_path / "store") == expected


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"author": "x"}, "has no parameter 'author'; it takes author_name (string)"),
        ({"min_articles": "1.5"}, "must be an integer"),
    ],
)
def test_a_wrong_parameter_is_a_clear_error(seed: Dataset, params: dict, message: str) -> None:
    name = "coauthors" if "author" in params else "productive-authors"
    with pytest.raises(UsageError, match=re.escape(message)):
        run(seed, name, params=params)


@pytest.mark.parametrize(
    "value", ["not an iri", "", "relative/path", "<http://a b>", "http://x/<y>", "1:x"]
)
def test_bad_iris_are_refused(value: str) -> None:
    with pytest.raises(UsageError, match="must be an IRI"):
        bind("leaderboard", {"metric": value})


def test_parameter_types() -> None:
    assert bind("productive-authors", {"?min_articles": 3})["min_articles"].value == "3"
    assert (
        bind("leaderboard", {"metric": "https://w3id.org/radkg/ontology#AUC"})["metric"]
        == bind("leaderboard")["metric"]
    )
    assert (
        bind("concepts-without-mesh") == {}
    )  # an optional parameter with no default stays unbound
    with pytest.raises(
        UsageError, match="no named query 'coauthor'; did you mean coauthor-pairs, coauthors"
    ):
        bind("coauthor")


@pytest.mark.parametrize(
    "hostile",
    [
        '周卫平" } ?s ?p ?o . FILTER("1',
        "x' } UNION { ?a ?b ?c }",
        "周卫平\n} ; DROP ALL",
        '\\"',
        "}",
    ],
    ids=["double-quote", "single-quote", "newline", "backslash", "brace"],
)
def test_injection_through_parameters_is_only_data(
    seed: Dataset, seed_memory: Dataset, hostile: str
) -> None:
    for target in (seed, seed_memory):
        assert run(target, "articles-by-author", params={"author_name": hostile}).rows == []
        assert run(target, "has-author", params={"author_name": hostile}).boolean is False
        assert run(target, "search-titles", params={"text": hostile}).rows == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=12))
def test_search_titles_finds_exactly_the_titles_containing_the_text(
    seed: Dataset, text: str
) -> None:
    titles = [r["title"] for r in run(seed, "articles").rows]
    found = [r["title"] for r in run(seed, "search-titles", params={"text": text}).rows]
    assert sorted(found) == sorted(t for t in titles if text.lower() in t.lower())


# --------------------------------------------------------------------------- refusals and forms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM is refused"),
        (
            "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM is refused",
        ),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
        (
            "select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
            "SERVICE is refused",
        ),
        ("LOAD <file:///etc/passwd>", "LOAD is refused"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT is refused"),
        ("DELETE WHERE { ?s ?p ?o }", "DELETE is refused"),
        ("DROP ALL", "DROP is refused"),
    ],
)
def test_unsafe_queries_are_refused(
    seed: Dataset, seed_memory: Dataset, text: str, message: str
) -> None:
    for target in (seed, seed_memory):
        with pytest.raises(QueryError, match=message):
            query(target, text)


def test_keywords_inside_strings_iris_comments_and_names_are_fine(seed: Dataset) -> None:
    text = (
        "PREFIX from: <http://example.org/service#>\n# SERVICE FROM LOAD\nSELECT ?from WHERE {"
        ' ?a ?p ?from FILTER(?from != "SERVICE <x>" && ?p != from:load'
        " && ?p != <http://x/FROM>) } LIMIT 1"
    )
    assert check_query(text) == "select"
    assert len(query(seed, text)) == 1
    assert query_form("CONSTRUCT WHERE { ?s ?p ?o }") == "construct"


def test_malformed_sparql_is_a_query_error(seed: Dataset, seed_memory: Dataset) -> None:
    for target in (seed, seed_memory):
        with pytest.raises(QueryError):
            query(target, "SELECT ?x WHERE { ?x ")


def test_open_graph_errors(tmp_path: Path) -> None:
    (tmp_path / "g.xyz").write_text("x")
    (tmp_path / "bad.ttl").write_text("this is not turtle")
    with pytest.raises(UsageError, match="unknown RDF file extension"):
        open_graph(tmp_path / "g.xyz")
    with pytest.raises(UsageError, match="not valid"):
        open_graph(tmp_path / "bad.ttl")


# --------------------------------------------------------------------------- result formats


def test_csv_has_lexical_forms(fixture_store: ox.Store) -> None:
    result = run(fixture_store, "leaderboard")
    rows = list(csv.reader(io.StringIO(serialize(result, "csv").decode(), newline="")))
    assert rows[0] == list(result.variables)
    assert rows[1:] == [["" if t is None else t.value for t in s] for s in result.solutions]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_standard_result_formats_parse_back(fixture_store: ox.Store, fmt: str) -> None:
    result = run(fixture_store, "leaderboard")
    data = serialize(result, fmt)
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(fmt))
    assert [v.value for v in parsed.variables] == list(result.variables)
    back = [tuple(s) for s in parsed]
    assert back == result.solutions


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_ask_in_every_format(seed: Dataset, fmt: str) -> None:
    data = serialize(run(seed, "has-author"), fmt)
    if fmt in ("json", "xml", "tsv"):
        assert (
            bool(ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(fmt)))
            is True
        )
    assert b"true" in data


def test_json_and_markdown_and_table(fixture_store: ox.Store) -> None:
    result = run(fixture_store, "leaderboard")
    payload = json.loads(serialize(result, "json"))
    first = payload["results"]["bindings"][0]
    assert first["best"] == {
        "type": "literal",
        "value": "0.88",
        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
    }
    assert "split_label" not in first  # unbound values are left out
    markdown = serialize(result, "markdown").decode().splitlines()
    assert markdown[0].startswith("| metric | disease_label |") and markdown[1].startswith("|---|")
    assert "| 0.93 | 0.88 | 0.98 | 列线图模型 | 验证集 |" in markdown[3]
    table = serialize(result, "table").decode()
    assert "列线图模型" in table and "2 rows" in table


def test_hostile_text_in_results_stays_text() -> None:
    store = ox.Store()
    text = 'a|b\n<script>"x"\t[bold]y[/bold]'
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(text)))
    result = query(store, "SELECT ?o WHERE { ?s ?p ?o }")
    assert "a\\|b <script>" in serialize(result, "markdown").decode()
    assert "[bold]y[/bold]" in serialize(result, "table").decode()
    assert b"&lt;script&gt;" in serialize(result, "xml")
    assert list(csv.reader(io.StringIO(serialize(result, "csv").decode(), newline=""))) == [
        ["o"],
        [text],
    ]
    for fmt in ("json", "xml", "tsv"):
        parsed = ox.parse_query_results(
            serialize(result, fmt), format=ox.QueryResultsFormat.from_extension(fmt)
        )
        assert next(iter(parsed))["o"].value == text


def test_graph_formats_are_deterministic(seed: Dataset) -> None:
    result = run(seed, "article-graph")
    assert serialize(result, "ttl") == serialize(run(seed, "article-graph"), "ttl")
    nt = serialize(result, "nt").decode().splitlines()
    assert nt == sorted(nt) and len(nt) == len(result)
    doc = json.loads(serialize(result, "jsonld"))
    assert SEED_TITLE_1 in json.dumps(doc, ensure_ascii=False)
    with pytest.raises(UsageError, match="holds RDF graphs"):
        serialize(run(seed, "articles"), "ttl")
    with pytest.raises(UsageError, match="unknown output format"):
        serialize(result, "yaml")
    assert set(FORMATS) == {"table", "csv", "tsv", "markdown", "json", "xml"} | {
        "ttl",
        "nt",
        "jsonld",
        "rdf",
    }


def test_rows_and_dataframe(fixture_store: ox.Store) -> None:
    pd = pytest.importorskip("pandas")
    result = run(fixture_store, "leaderboard")
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(result.variables)
    assert frame["best"].tolist() == [Decimal("0.88"), Decimal("0.93")]
    assert run(fixture_store, "has-author", params={"author_name": "甲一"}).to_dataframe()[
        "boolean"
    ].tolist() == [True]


METHOD_QUERIES = ("articles-using-method", "method-results", "narrower-methods")


@pytest.mark.parametrize("name", METHOD_QUERIES)
@pytest.mark.parametrize(
    "method",
    ["deep learning", "DEEP LEARNING", "深度学习", "Deep Learning Method", "radiomics", "无"],
)
def test_issue_6_method_label_is_tested_inside_and_outside_the_closure(
    fixture_store: ox.Store, fixture_memory: Dataset, name: str, method: str
) -> None:
    """The label test inside the hierarchy subquery only narrows the scan; the outer one decides.

    Oxigraph's ``substitutions=`` bind ?method inside the subquery; a VALUES block at the top (what
    an external endpoint gets) leaves it unbound there, and rdflib binds it its own way: the rows
    are the same every way.
    """
    from kg.sparql import _values_block, _where_brace

    named = library()[name]
    bindings = bind(named, {"method": method})
    at = _where_brace(named.text)
    with_values = named.text[:at] + _values_block(bindings) + named.text[at:]
    substituted = run(fixture_store, name, params={"method": method}).rows
    assert query(fixture_store, with_values).rows == substituted
    assert run(fixture_memory, name, params={"method": method}).rows == substituted
    # Not vacuous: every query has rows for deep learning (U-Net and CNN are narrower), none for 无.
    assert (len(substituted) > 0) == (method != "无") or (method, name) == (
        "radiomics",
        "narrower-methods",
    )


def test_shared_nodes_in_several_source_graphs_give_no_duplicate_rows(
    seed: Dataset, tmp_path: Path
) -> None:
    """Oxigraph's union default graph yields a triple once per graph holding it: DISTINCT."""
    import shutil

    from kg.data import seed_pages

    copy = tmp_path / "copy.txt"
    shutil.copy(seed_pages()[0], copy)
    twice = kg.build([seed_pages()[0], copy], validate="none").dataset
    for name, named in library().items():
        if name in ("article-provenance", "article-graph"):
            continue  # each article now really has two sources
        if named.form == "construct":
            continue
        assert run(twice, name).rows == run(seed, name).rows, name
    assert len(run(twice, "article-provenance")) == 2 * len(run(seed, "article-provenance"))
    # rdflib binds parameters its own way (initBindings), also inside the DISTINCT subqueries.
    memory = kg.build([seed_pages()[0], copy], validate="none", backend="memory").dataset
    for name, named in library().items():
        if named.form != "construct":
            assert run(memory, name).rows == run(twice, name).rows, name


# --------------------------------------------------------------------------- the command line


def test_cli_queries_and_query(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()
    listed = runner.invoke(main, ["queries", "--json"])
    assert listed.exit_code == 0 and [q["name"] for q in json.loads(listed.stdout)] == sorted(
        library()
    )
    assert "coauthors" in runner.invoke(main, ["queries"]).stdout
    result = runner.invoke(
        main, ["query", "coauthors", "-p", "author_name=周卫平", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "author_name,coauthor,coauthor_name,shared_articles"
    assert len(result.stdout.splitlines()) == 4
    out = tmp_path / "r.json"
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://purl.org/spar/fabio/JournalArticle> }"
    assert (
        runner.invoke(
            main, ["query", "--sparql", text, "--format", "json", "-o", str(out)]
        ).exit_code
        == 0
    )
    assert json.loads(out.read_text())["results"]["bindings"][0]["n"]["value"] == "9"
    (tmp_path / "q.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    kg.build(validate="none", out=tmp_path / "out", formats=["nq"])
    asked = runner.invoke(
        main, ["query", "-f", str(tmp_path / "q.rq"), "-g", str(tmp_path / "out" / "radkg.nq")]
    )
    assert asked.exit_code == 0 and "true" in asked.stdout
    graph = runner.invoke(main, ["query", "article-graph", "--format", "csv"])  # a graph: Turtle
    assert graph.exit_code == 0 and "@prefix" in graph.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["query"], 2, "exactly one of NAME, --sparql or -f"),
        (["query", "coauthors", "-p", "author=x"], 2, "has no parameter 'author'"),
        (["query", "coauthors", "-p", "oops"], 2, "--param takes key=value"),
        (["query", "no-such-query"], 2, "no named query"),
        (
            ["query", "--sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"],
            3,
            "FROM is refused",
        ),
        (["query", "--sparql", "SELECT ?x WHERE {"], 3, "not valid SPARQL"),
    ],
)
def test_cli_query_errors(args: list[str], code: int, message: str) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, args)
    assert result.exit_code == code and message in result.stderr
