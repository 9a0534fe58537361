"""Validation of built graphs: SHACL shapes, OWL consistency and reasoner inferences.

* :func:`validate` runs pySHACL with ``ontology/shapes.ttl`` against a graph
  and returns a :class:`ValidationReport` (conforms, text, report graph).
  The shapes are self-contained, so by default the graph is validated in
  place, without mixing in the ontology (which would clone the graph).
* :func:`check_consistency` asks an OWL reasoner (HermiT or Pellet, through
  owlready2) whether ``ontology/radkg.ttl``, optionally with a graph's class
  assertions, is consistent and which classes are unsatisfiable.
* :func:`inferred_triples` returns the class memberships the reasoner infers
  (an individual typed ``radkg:ResNet50`` is also a ``radkg:ResNet``, a
  ``radkg:ConvolutionalNeuralNetwork``, a ``radkg:DeepLearningMethod``, ...).

The reasoner is Java: owlready2 gives it a fixed heap and no time limit, so
it runs in a child process (its own process group) that is killed at the
deadline.  owlready2 cannot read Turtle; the ontology is handed to it as
N-Triples written by rdflib.  A missing Java raises
:class:`kg.errors.ReasonerError` saying how to install one.

The ontology folder is the repository's top-level ``ontology/`` in a checkout
and ``kg/_ontology`` in a wheel (see :func:`ontology_path`).

>>> ontology_path("radkg.ttl").name
'radkg.ttl'
>>> len(ontology_graph()) > 500
True
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import ReasonerError, UsageError, ValidationError
from kg.namespaces import RADKG

__all__ = [
    "INFERENCE_OPTIONS",
    "ONTOLOGY_DIR",
    "REASONERS",
    "ConsistencyReport",
    "ValidationReport",
    "check_consistency",
    "inferred_triples",
    "ontology_graph",
    "ontology_path",
    "shapes_graph",
    "validate",
]

#: Values of ``validate(inference=...)``, as pySHACL names them.
INFERENCE_OPTIONS = ("none", "rdfs", "owlrl", "both")

#: OWL reasoners owlready2 can run.
REASONERS = ("hermit", "pellet")

_JRE_HINT = "install a Java runtime (Debian/Ubuntu: apt-get install default-jre-headless)"


def _find_ontology_dir() -> Path:
    """``kg/_ontology`` in a wheel, else the checkout's top-level ``ontology/`` (as kg.data)."""
    here = Path(__file__).resolve().parent
    candidates = (here / "_ontology", here.parent / "ontology")
    found = next((c for c in candidates if c.is_dir()), None)
    if found is None:
        looked = " and ".join(str(c) for c in candidates)
        raise FileNotFoundError(
            f"radkg's ontology folder is missing (looked in {looked}); reinstall radkg"
        )
    return found


#: The folder holding ``radkg.ttl`` and ``shapes.ttl``.
ONTOLOGY_DIR: Path = _find_ontology_dir()


def ontology_path(*parts: str) -> Path:
    """Path of a file in the ontology folder, e.g. ``ontology_path("shapes.ttl")``.

    >>> ontology_path("shapes.ttl").exists()
    True
    """
    return ONTOLOGY_DIR.joinpath(*parts)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The radkg ontology (``radkg.ttl``) as an rdflib graph, parsed once.

    The graph is shared: do not modify it (copy it first).

    >>> from kg.namespaces import RADKG
    >>> (RADKG.ResNet50, None, None) in ontology_graph()
    True
    """
    return Graph().parse(ontology_path("radkg.ttl"), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) as an rdflib graph, parsed once; do not modify it.

    >>> len(shapes_graph()) > 100
    True
    """
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


_SH = "http://www.w3.org/ns/shacl#"
_TARGETS = tuple(
    URIRef(_SH + name)
    for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
)


@lru_cache(maxsize=1)
def _validation_shapes() -> Graph:
    """:func:`shapes_graph` with each targeted node shape's property shapes targeted directly.

    pySHACL validates a node shape's ``sh:property`` shapes one focus node at
    a time, building their constraint components anew for each; a property
    shape with targets of its own is checked over all its focus nodes at once
    (2.6x faster on a build's validation sample).  Under SHACL the two forms
    are equivalent: the same focus nodes, paths, values and messages.  Node
    shapes used through ``sh:node``/``sh:or``/... (none target anything) are
    left as they are.

    >>> SH = "http://www.w3.org/ns/shacl#"
    >>> flat = _validation_shapes()
    >>> any(flat.subject_objects(URIRef(SH + "property")))  # every targeted shape was flattened
    False
    >>> len(flat) > len(shapes_graph())
    True
    """
    sh_property, sh_property_shape = URIRef(_SH + "property"), URIRef(_SH + "PropertyShape")
    flat = Graph()
    for triple in shapes_graph():
        flat.add(triple)
    for shape in set(flat.subjects(sh_property, None)):
        targets = [(p, o) for p, o in flat.predicate_objects(shape) if p in _TARGETS]
        if not targets:
            continue
        for prop in list(flat.objects(shape, sh_property)):
            flat.remove((shape, sh_property, prop))
            flat.add((prop, RDF.type, sh_property_shape))
            for p, o in targets:
                flat.add((prop, p, o))
    return flat


@dataclass(frozen=True)
class ValidationReport:
    """What :func:`validate` found.

    Attributes
    ----------
    conforms : bool
        True when the graph satisfies every shape.
    text : str
        pySHACL's human-readable report.
    graph : rdflib.Graph
        The SHACL validation report as RDF (``sh:ValidationReport``).
    violations : int
        Number of ``sh:ValidationResult`` nodes in the report.
    seconds : float
        Wall-clock time of the validation.
    """

    conforms: bool
    text: str
    graph: Graph = field(repr=False, compare=False)
    violations: int = 0
    seconds: float = 0.0


def _data_graph(g: Any) -> Any:
    """Hand pySHACL the pyoxigraph store behind an oxrdflib graph: SPARQL then runs natively."""
    store = getattr(g, "store", None)
    inner = getattr(store, "_inner", None)
    if inner is not None and type(store).__name__ == "OxigraphStore":
        return inner
    return g


def _rdflib_graph(g: Any) -> Any:
    """An rdflib graph with the union of a pyoxigraph store's graphs; other inputs as they are."""
    if isinstance(g, ox.Store):
        data = ox.serialize((q.triple for q in g), format=ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=data.decode("utf-8"), format="nt")
    return g


def validate(
    g: Any,
    *,
    inference: str = "none",
    include_ontology: bool = False,
    abort_on_first: bool = False,
) -> ValidationReport:
    """Validate a graph against ``ontology/shapes.ttl`` with pySHACL.

    Parameters
    ----------
    g : rdflib.Graph, rdflib.Dataset or pyoxigraph.Store
        The graph to validate; a dataset is validated as the union of its graphs.
        It is never modified.
    inference : {"none", "rdfs", "owlrl", "both"}
        Entailment pySHACL applies (to a copy) before validating.  ``"none"``
        is enough for radkg's shapes and by far the cheapest.
    include_ontology : bool
        Mix ``radkg.ttl`` into (a copy of) the data graph first.
    abort_on_first : bool
        Stop at the first violation.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> from kg.records import Article, Journal, Page
    >>> from kg.mapping import page_triples
    >>> from pyoxigraph import Quad, Store
    >>> store = Store()
    >>> page = Page("p.txt", Journal(title="期刊"), articles=(Article("题目", page_start=3),))
    >>> triples = page_triples(page, source_key="p")
    >>> store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    >>> validate(store).conforms
    True
    """
    if inference not in INFERENCE_OPTIONS:
        raise UsageError(
            f"inference must be one of {', '.join(INFERENCE_OPTIONS)}, not {inference!r}"
        )
    start = time.perf_counter()
    if include_ontology or inference != "none":
        data = _rdflib_graph(g)  # pySHACL cannot mix an ontology into a pyoxigraph store
    else:
        data = _data_graph(g)
    union = data.default_union if isinstance(data, Dataset) else None
    try:
        if union is not None:
            data.default_union = True  # validate the union of the source graphs
        conforms, report, text = pyshacl.validate(
            data,
            shacl_graph=_validation_shapes(),
            ont_graph=ontology_graph() if include_ontology else None,
            inference=inference,
            abort_on_first=abort_on_first,
            allow_warnings=True,
            advanced=False,
        )
    finally:
        if union is not None:
            data.default_union = union  # pySHACL sets it too; leave the caller's dataset as it was
    seconds = time.perf_counter() - start
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes, not the data
        raise ValidationError(f"pySHACL could not run radkg's shapes: {text}")
    count = sum(
        1 for _ in report.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult"))
    )
    return ValidationReport(bool(conforms), str(text), report, count, seconds)


# --------------------------------------------------------------------------- reasoner


@dataclass(frozen=True)
class ConsistencyReport:
    """What :func:`check_consistency` found.

    Attributes
    ----------
    consistent : bool
        False when the reasoner proved the ontology (with the data) inconsistent.
    unsatisfiable : tuple of str
        IRIs of classes that can have no instance (sorted).
    reasoner : str
        ``"hermit"`` or ``"pellet"``.
    seconds : float
        Wall-clock time, including starting the child process and Java.
    """

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    reasoner: str = "hermit"
    seconds: float = 0.0


def _objects_of(
    g: Any, predicate: URIRef, subject: URIRef | None = None
) -> Iterator[tuple[str, str]]:
    """(subject, object) IRI pairs of ``predicate`` (and ``subject``) in every graph of ``g``."""
    store = _data_graph(g)
    if isinstance(store, ox.Store):
        s_node = None if subject is None else ox.NamedNode(str(subject))
        for quad in store.quads_for_pattern(s_node, ox.NamedNode(str(predicate)), None, None):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                yield quad.subject.value, quad.object.value
        return
    if isinstance(g, Dataset):
        pairs = ((q[0], q[2]) for q in g.quads((subject, predicate, None, None)))
    else:
        pairs = ((t[0], t[2]) for t in g.triples((subject, predicate, None)))
    for s, o in pairs:
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            yield str(s), str(o)


def _reasoner_data(g: Any) -> Graph:
    """The part of ``g`` the reasoner works on, as an rdflib graph.

    That part is the class assertions of radkg classes and the triples of
    radkg object properties, in every named graph: the bibliographic bulk
    and literals are left out (the ontology says nothing about them).
    """
    onto = ontology_graph()
    radkg = str(RADKG)
    classes = {str(c) for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(radkg)}
    properties = sorted(
        p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(radkg)
    )
    out = Graph()
    for subject, cls in _objects_of(g, RDF.type):
        if cls in classes:
            out.add((URIRef(subject), RDF.type, URIRef(cls)))
            out.add((URIRef(subject), RDF.type, OWL.NamedIndividual))
    for prop in properties:
        for subject, obj in _objects_of(g, prop):
            out.add((URIRef(subject), prop, URIRef(obj)))
            out.add((URIRef(subject), RDF.type, OWL.NamedIndividual))
            out.add((URIRef(obj), RDF.type, OWL.NamedIndividual))
    return out


def _reasoner_child() -> None:  # pragma: no cover - runs in the child process
    """Entry point of the reasoner child: ``folder reasoner mode memory``; writes result.json."""
    folder, reasoner, mode, memory = sys.argv[1:5]
    out = Path(folder) / "result.json"
    import owlready2

    java = os.environ.get("RADKG_JAVA")
    if java:
        owlready2.JAVA_EXE = java
    owlready2.reasoning.JAVA_MEMORY = int(memory)
    world = owlready2.World()
    onto = world.get_ontology(Path(folder, "input.nt").as_uri()).load(format="ntriples")
    run = owlready2.sync_reasoner_hermit if reasoner == "hermit" else owlready2.sync_reasoner_pellet
    result: dict[str, Any] = {"consistent": True, "unsatisfiable": [], "types": []}
    try:
        with onto:
            run(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        result["consistent"] = False
    except FileNotFoundError as exc:
        result = {"error": "java", "message": str(exc)}
    except owlready2.OwlReadyJavaError as exc:
        result = {"error": "java-error", "message": str(exc)}
    if result.get("consistent"):
        nothing = owlready2.Nothing
        result["unsatisfiable"] = sorted(
            c.iri for c in world.inconsistent_classes() if c is not nothing
        )
        if mode == "infer":
            pairs = set()
            for individual in world.individuals():
                for cls in individual.INDIRECT_is_a:
                    iri = getattr(cls, "iri", None)
                    if iri and iri != "http://www.w3.org/2002/07/owl#Thing":
                        pairs.add((individual.iri, iri))
            result["types"] = sorted(pairs)
    out.write_text(json.dumps(result), encoding="utf-8")


def _run_reasoner(
    g: Any | None, *, reasoner: str, mode: str, timeout: float, memory_mb: int
) -> dict:
    if reasoner not in REASONERS:
        raise UsageError(f"reasoner must be one of {', '.join(REASONERS)}, not {reasoner!r}")
    java = os.environ.get("RADKG_JAVA") or "java"
    if shutil.which(java) is None:
        raise ReasonerError(f"the OWL reasoner needs Java, and {java!r} was not found: {_JRE_HINT}")
    with tempfile.TemporaryDirectory(prefix="radkg-reasoner-") as folder:
        data = ontology_graph() + (Graph() if g is None else _reasoner_data(g))
        data.serialize(Path(folder, "input.nt"), format="nt", encoding="utf-8")
        command = [
            sys.executable,
            "-c",
            "from kg.validate import _reasoner_child; _reasoner_child()",
            folder,
            reasoner,
            mode,
            str(memory_mb),
        ]
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=(os.name == "posix"),
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)  # the child and its Java process
            else:  # pragma: no cover
                proc.kill()
            proc.communicate()
            raise ReasonerError(
                f"the {reasoner} reasoner did not finish within {timeout:g} s; "
                "raise the timeout or reason over a smaller graph"
            ) from None
        result_file = Path(folder, "result.json")
        if proc.returncode != 0 or not result_file.exists():
            tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise ReasonerError(
                f"the {reasoner} reasoner process failed (exit code {proc.returncode}): "
                + " | ".join(tail)
            )
        result = json.loads(result_file.read_text(encoding="utf-8"))
    if result.get("error") == "java":
        raise ReasonerError(
            f"the OWL reasoner could not start Java ({result['message']}): {_JRE_HINT}"
        )
    if "UnsupportedClassVersionError" in result.get("message", ""):
        raise ReasonerError(
            f"the {reasoner} reasoner bundled with owlready2 needs a newer Java than the one "
            f"installed (UnsupportedClassVersionError); use reasoner='hermit' or upgrade Java"
        )
    if result.get("error"):
        raise ReasonerError(f"the {reasoner} reasoner failed: {result['message'][-2000:]}")
    return result


def check_consistency(
    g: Any | None = None,
    *,
    timeout: float = 120.0,
    reasoner: str = "hermit",
    memory_mb: int = 2000,
) -> ConsistencyReport:
    """Check with an OWL reasoner that the ontology (and ``g``'s typing) is consistent.

    Parameters
    ----------
    g : rdflib.Graph, optional
        A built graph; its class assertions and radkg object-property triples
        are reasoned over together with the ontology.
    timeout : float
        Seconds before the reasoner process is killed.
    reasoner : {"hermit", "pellet"}
        The reasoner owlready2 runs.
    memory_mb : int
        Java heap of the reasoner.

    Returns
    -------
    ConsistencyReport

    Raises
    ------
    kg.errors.ReasonerError
        When Java is missing, the reasoner fails, or the deadline passes.

    Examples
    --------
    >>> check_consistency(timeout=300).consistent  # doctest: +SKIP
    True
    """
    start = time.perf_counter()
    result = _run_reasoner(g, reasoner=reasoner, mode="check", timeout=timeout, memory_mb=memory_mb)
    return ConsistencyReport(
        consistent=bool(result["consistent"]),
        unsatisfiable=tuple(result["unsatisfiable"]),
        reasoner=reasoner,
        seconds=time.perf_counter() - start,
    )


def inferred_triples(
    g: Any,
    *,
    timeout: float = 120.0,
    reasoner: str = "hermit",
    memory_mb: int = 2000,
) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Class memberships of ``g``'s individuals that the reasoner infers and ``g`` lacks.

    Only individuals of ``g`` typed with (or linked by radkg properties to) ontology
    terms are sent to the reasoner; the result is sorted.

    Parameters
    ----------
    g : rdflib.Graph
        A built graph.
    timeout, reasoner, memory_mb
        As for :func:`check_consistency`.

    Returns
    -------
    list of (subject, rdf:type, class) triples

    Raises
    ------
    kg.errors.ReasonerError
        When Java is missing, the reasoner fails, the deadline passes, or the
        graph is inconsistent with the ontology.

    Examples
    --------
    >>> g = Graph()
    >>> resnet50 = URIRef("https://w3id.org/radkg/id/concept/method-resnet50")
    >>> _ = g.add((resnet50, RDF.type, RADKG.ResNet50))
    >>> RADKG.DeepLearningMethod in {o for _, _, o in inferred_triples(g)}  # doctest: +SKIP
    True
    """
    result = _run_reasoner(g, reasoner=reasoner, mode="infer", timeout=timeout, memory_mb=memory_mb)
    if not result["consistent"]:
        raise ReasonerError(
            "the graph is inconsistent with the radkg ontology; run check_consistency(g) to see why"
        )
    individuals = set(_reasoner_data(g).subjects(RDF.type, OWL.NamedIndividual))
    asserted: dict[str, set[str]] = {}
    out = []
    for s, o in result["types"]:
        subject = URIRef(s)
        if subject not in individuals:
            continue  # the ontology's own individuals (metrics, article types)
        if s not in asserted:
            asserted[s] = {cls for _, cls in _objects_of(g, RDF.type, subject)}
        if o not in asserted[s]:
            out.append((subject, RDF.type, URIRef(o)))
    return sorted(out)
