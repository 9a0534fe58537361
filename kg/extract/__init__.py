"""Extraction: typed, linked facts from an article's title, abstracts and keywords.

:func:`extract` reads one :class:`kg.records.Article` and returns a
:class:`kg.records.Extraction`: the lexicon concepts it mentions (methods,
modalities, diseases, anatomy, procedures, study designs; zh and en mentions
merged, every span kept), the institutions it names, its study design and
cohort, and the results it reports.  Impossible results become diagnostics.
The lexicon's automaton is built once per process and cached.

>>> from kg.readers import read_toc
>>> from kg.data import seed_pages
>>> article = read_toc(seed_pages()[0]).articles[1]
>>> x = extract(article)
>>> [link.id for link in x.links][:4], len(x.findings), x.study.patients
(['ct', 'radiomics', 'deep-learning', 'hcc'], 9, 265)
>>> r = as_json(x)["results"][0]
>>> r["metric"], r["value"], r["ci_low"], r["ci_high"], r["split"], r["model"]
('auc', '0.730', '0.569', '0.891', 'test', '临床模型')
"""

from __future__ import annotations

from typing import Any

from kg.extract.cohorts import implied_designs, study
from kg.extract.findings import METRICS, PROPORTION_METRICS, findings, merge
from kg.extract.institutions import institutions
from kg.extract.lexicon import CONCEPT_TYPES, Concept, Lexicon, load_lexicon, read_lexicon
from kg.extract.linking import FIELDS, links
from kg.records import Article, Extraction, Finding, Link, Mention

__all__ = [
    "CONCEPT_TYPES",
    "Concept",
    "FIELDS",
    "Lexicon",
    "METRICS",
    "PROPORTION_METRICS",
    "as_json",
    "extract",
    "load_lexicon",
    "read_lexicon",
]


def extract(article: Article, *, path: str = "", lexicon: Lexicon | None = None) -> Extraction:
    """Everything radkg extracts from one article.

    Parameters
    ----------
    article : Article
        The article (title, abstracts, keywords are read).
    path : str
        The source path, for diagnostics (the article's ``line`` is used too).
    lexicon : Lexicon, optional
        Default: the bundled lexicon.

    Returns
    -------
    Extraction
    """
    found = links(article, lexicon=lexicon)
    groups = []
    diagnostics = []
    for name in ("abstract_zh", "abstract_en"):
        text = getattr(article, name)
        if text:
            fs, ds = findings(name, text, path=path, line=article.line)
            groups.append(fs)
            diagnostics.extend(ds)
    merged = merge(groups)
    found = (
        found + _implied_methods(found, merged, lexicon) + _implied_designs(article, found, lexicon)
    )
    designs = [link.id for link in found if link.type == "study-design"]
    return Extraction(
        links=tuple(found),
        institutions=tuple(institutions(article)),
        study=study(designs, article.abstract_zh, article.abstract_en),
        findings=tuple(merged),
        diagnostics=tuple(diagnostics),
    )


#: A reported agreement statistic names the method that computed it: a κ value is a kappa
#: test, an ICC an intraclass correlation analysis (lexicon ids).
_METHOD_OF_METRIC = {"kappa": "kappa-test", "icc": "icc-analysis"}


def _implied_methods(
    found: list[Link], results: list[Finding], lexicon: Lexicon | None
) -> list[Link]:
    """Links to the methods that reported agreement values imply, where no text names them."""
    lex = lexicon if lexicon is not None else load_lexicon()
    named = {link.id for link in found}
    out: dict[str, list[Mention]] = {}
    for f in results:
        cid = _METHOD_OF_METRIC.get(f.metric)
        if cid is not None:
            out.setdefault(cid, []).extend(f.mentions)
    return _new_links(out, named, lex)


#: A retrospective cohort study is a retrospective study (the lexicon's broader concept of it is
#: the cohort study).
_DESIGN_OF_COHORT = {"retrospective-cohort": "retrospective", "prospective-cohort": "prospective"}


def _implied_designs(article: Article, found: list[Link], lexicon: Lexicon | None) -> list[Link]:
    """Links to the study designs the text states without naming them (see ``implied_designs``).

    A title that names meta-analysis as its method (``…的Meta分析``, ``…: a meta-analysis``)
    makes the study a meta-analysis; a retrospective cohort study is a retrospective study.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    named = {link.id for link in found}
    out: dict[str, list[Mention]] = {}
    for link in found:
        if link.id in _DESIGN_OF_COHORT:
            out.setdefault(_DESIGN_OF_COHORT[link.id], []).extend(link.mentions)
        if link.id == "meta-analysis-method":
            titled = [m for m in link.mentions if m.field == "title"]
            if titled:
                out.setdefault("meta-analysis", []).extend(titled)
    for cid, mention in implied_designs(article.abstract_zh, article.abstract_en):
        out.setdefault(cid, []).append(mention)
    return _new_links(out, named, lex)


def _new_links(implied: dict[str, list[Mention]], named: set[str], lex: Lexicon) -> list[Link]:
    """Links to the implied lexicon concepts the text does not already name, with their spans."""
    return [
        Link(c.id, c.type, c.label_en, c.label_zh, c.mesh, tuple(implied[c.id]))
        for c in (lex.concepts[cid] for cid in implied if cid not in named and cid in lex.concepts)
    ]


def as_json(x: Extraction) -> dict[str, Any]:
    """The ``radkg parse --json`` shape: ``entities``, ``institutions``, ``study``, ``results``.

    >>> as_json(Extraction())["results"]
    []
    """
    return {
        "entities": [
            {
                "type": link.type,
                "id": link.id,
                "label_en": link.label_en,
                "label_zh": link.label_zh,
                "mesh": link.mesh,
                "mentions": [
                    {"field": m.field, "start": m.start, "end": m.end, "text": m.text}
                    for m in link.mentions
                ],
            }
            for link in x.links
        ],
        "institutions": [{"name_zh": i.name_zh, "name_en": i.name_en} for i in x.institutions],
        "study": {
            "designs": list(x.study.designs),
            "period_start": x.study.period_start,
            "period_end": x.study.period_end,
            "patients": x.study.patients,
            "lesions": x.study.lesions,
            "splits": [{"role": s.role, "size": s.size} for s in x.study.splits],
        },
        "results": [
            {
                "metric": f.metric,
                "value": f.value,
                "ci_low": f.ci_low,
                "ci_high": f.ci_high,
                "model": f.model,
                "split": f.split,
                "n": f.n,
                "p": f.p,
            }
            for f in x.findings
        ],
    }
