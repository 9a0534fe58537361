"""Namespaces of radkg: the ``RADKG`` ontology terms, the standard vocabularies and prefixes.

This is the only module where base IRIs are written.  Ontology terms are
reached through closed namespaces (``_fail = True``), so a typo such as
``RADKG.usesMethd`` raises ``AttributeError`` instead of minting a new IRI;
a test keeps :class:`RADKG` and ``ontology/radkg.ttl`` equal both ways.
Instance IRIs are minted by :mod:`kg.ids` under :data:`INSTANCE_BASE`.

>>> str(RADKG.Authorship)
'https://w3id.org/radkg/ontology#Authorship'
>>> PREFIXES["fabio"]
'http://purl.org/spar/fabio/'
>>> RADKG.usesMethd
Traceback (most recent call last):
...
AttributeError: term 'usesMethd' not in namespace 'https://w3id.org/radkg/ontology#'
"""

from __future__ import annotations

from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "BIBO",
    "DCTERMS",
    "FABIO",
    "FOAF",
    "FRBR",
    "INSTANCE_BASE",
    "MESH",
    "OBO",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PRISM",
    "PROV",
    "QB",
    "RADKG",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "VANN",
    "XSD",
]

#: The IRI of the radkg ontology (``ontology/radkg.ttl``).
ONTOLOGY_IRI = "https://w3id.org/radkg/ontology"

#: Base of every instance IRI: ``{INSTANCE_BASE}{type}/{slug}`` (see :mod:`kg.ids`).
INSTANCE_BASE = "https://w3id.org/radkg/id/"

#: schema.org, as rdflib spells it (``https://schema.org/``).
SCHEMA = SDO

#: Medical Subject Headings descriptors (alignment targets only).
MESH = Namespace("http://id.nlm.nih.gov/mesh/")

#: OBO Foundry terms (alignment targets only).
OBO = Namespace("http://purl.obolibrary.org/obo/")


class RADKG(DefinedNamespace):
    """The radkg ontology: terms minted where no standard vocabulary fits.

    Generated from ``ontology/radkg.ttl``; the comment is the English label.
    """

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Classes
    AnatomicalSite: URIRef  # anatomical site
    ArticleType: URIRef  # article type
    Authorship: URIRef  # authorship
    Cohort: URIRef  # cohort
    ComputedTomography: URIRef  # computed tomography
    ConvolutionalNeuralNetwork: URIRef  # convolutional neural network
    CoxRegression: URIRef  # Cox regression
    DataSplit: URIRef  # data split
    DeepLearningMethod: URIRef  # deep learning method
    DenseNet: URIRef  # DenseNet
    Disease: URIRef  # disease
    ExternalTestSet: URIRef  # external test set
    GradientBoosting: URIRef  # gradient boosting
    HypothesisTest: URIRef  # hypothesis test
    ImagingModality: URIRef  # imaging modality
    ImagingSequence: URIRef  # imaging sequence
    Institution: URIRef  # institution
    LogisticRegression: URIRef  # logistic regression
    MachineLearningMethod: URIRef  # machine learning method
    MachineLearningModel: URIRef  # machine learning model family
    MagneticResonanceImaging: URIRef  # magnetic resonance imaging
    Mammography: URIRef  # mammography
    Mention: URIRef  # mention
    Method: URIRef  # method
    Metric: URIRef  # metric
    Neoplasm: URIRef  # neoplasm
    Nomogram: URIRef  # nomogram
    PerformanceResult: URIRef  # performance result
    PositronEmissionTomography: URIRef  # positron emission tomography
    PredictionModel: URIRef  # prediction model
    Procedure: URIRef  # procedure
    ProportionMetric: URIRef  # proportion metric
    Radiography: URIRef  # radiography
    RadiomicsMethod: URIRef  # radiomics method
    RandomForest: URIRef  # random forest
    RegressionAnalysis: URIRef  # regression analysis
    ResNet: URIRef  # ResNet
    ResNet101: URIRef  # ResNet101
    ResNet18: URIRef  # ResNet18
    ResNet50: URIRef  # ResNet50
    ROCAnalysis: URIRef  # ROC analysis
    SourceDocument: URIRef  # source document
    StatisticalMethod: URIRef  # statistical method
    StudyDesign: URIRef  # study design
    SupportVectorMachine: URIRef  # support vector machine
    TestSet: URIRef  # test set
    TrainingSet: URIRef  # training set
    Transformer: URIRef  # transformer
    Ultrasonography: URIRef  # ultrasonography
    UNet: URIRef  # U-Net
    ValidationSet: URIRef  # validation set
    VGGNet: URIRef  # VGG network

    # Concept schemes and concepts
    Accuracy: URIRef  # accuracy
    ArticleTypeScheme: URIRef  # article types
    AUC: URIRef  # area under the ROC curve
    CaseReport: URIRef  # case report
    CIndex: URIRef  # concordance index
    DiceCoefficient: URIRef  # Dice similarity coefficient
    Editorial: URIRef  # editorial
    ExpertCommentary: URIRef  # expert commentary
    F1Score: URIRef  # F1 score
    Guideline: URIRef  # guideline or consensus
    HazardRatio: URIRef  # hazard ratio
    IndexingScheme: URIRef  # indexing databases
    IntraclassCorrelation: URIRef  # intraclass correlation coefficient
    Kappa: URIRef  # kappa
    KeywordScheme: URIRef  # keywords
    LexiconScheme: URIRef  # radkg lexicon
    MetricScheme: URIRef  # performance metrics
    NegativePredictiveValue: URIRef  # negative predictive value
    OddsRatio: URIRef  # odds ratio
    OtherArticleType: URIRef  # other article type
    PositivePredictiveValue: URIRef  # positive predictive value
    ResearchArticle: URIRef  # research article
    Review: URIRef  # review
    Sensitivity: URIRef  # sensitivity
    Specificity: URIRef  # specificity
    TimeDependentAUC: URIRef  # time-dependent AUC

    # Object properties
    affiliation: URIRef  # affiliation
    developsModel: URIRef  # develops model
    hasCohort: URIRef  # has cohort
    hasMention: URIRef  # has mention
    hasSplit: URIRef  # has split
    hasStudyDesign: URIRef  # has study design
    indexedIn: URIRef  # indexed in
    mentionOf: URIRef  # mention of
    metric: URIRef  # metric
    model: URIRef  # model
    reportedText: URIRef  # reported text
    reportsResult: URIRef  # reports result
    split: URIRef  # split
    studiesAnatomy: URIRef  # studies anatomy
    studiesDisease: URIRef  # studies disease
    studiesProcedure: URIRef  # studies procedure
    studySite: URIRef  # study site
    usesMethod: URIRef  # uses method
    usesModality: URIRef  # uses modality

    # Datatype properties
    authorListTruncated: URIRef  # author list truncated
    authorPosition: URIRef  # author position
    chiSquareStatistic: URIRef  # chi-square statistic
    ciLevel: URIRef  # confidence level
    ciLower: URIRef  # confidence interval lower bound
    ciUpper: URIRef  # confidence interval upper bound
    lesionCount: URIRef  # lesion count
    periodEnd: URIRef  # period end
    periodStart: URIRef  # period start
    cnkiId: URIRef  # CNKI document code
    publicationFrequency: URIRef  # publication frequency
    pValue: URIRef  # p value
    pValueComparator: URIRef  # p value comparator
    sampleSize: URIRef  # sample size
    sourceLine: URIRef  # source line
    spans: URIRef  # spans
    value: URIRef  # value
    zStatistic: URIRef  # Z statistic
    wosId: URIRef  # Web of Science accession number

    # Network analysis (kg.networks.rdf): positions, metrics and their provenance
    NetworkAnalysis: URIRef  # network analysis
    NetworkPosition: URIRef  # network position
    positionOf: URIRef  # position of
    degree: URIRef  # degree
    strength: URIRef  # strength
    betweenness: URIRef  # betweenness centrality
    closeness: URIRef  # closeness centrality
    eigenvectorCentrality: URIRef  # eigenvector centrality
    pageRank: URIRef  # PageRank
    clusteringCoefficient: URIRef  # clustering coefficient
    coreNumber: URIRef  # k-core number
    componentIndex: URIRef  # component number
    communityIndex: URIRef  # community number
    networkName: URIRef  # network name
    nodeKind: URIRef  # node kind
    edgeCounting: URIRef  # link counting
    weightNormalisation: URIRef  # weight normalisation
    articleQuery: URIRef  # article query
    queryParameter: URIRef  # query parameter
    yearFrom: URIRef  # first year
    yearTo: URIRef  # last year
    minArticles: URIRef  # minimum articles
    maxMembers: URIRef  # maximum members
    communityMethod: URIRef  # community method
    resolution: URIRef  # modularity resolution
    randomSeed: URIRef  # random seed
    pivotCount: URIRef  # pivot count
    nodeCount: URIRef  # node count
    edgeCount: URIRef  # link count
    articleCount: URIRef  # article count
    density: URIRef  # density
    modularity: URIRef  # modularity

    # Identity (kg.merge, kg.identity): merged records and same-name candidate links
    IdentityCandidate: URIRef  # identity candidate
    candidate: URIRef  # candidate
    identityScore: URIRef  # identity score
    identityEvidence: URIRef  # identity evidence
    mergedRecord: URIRef  # merged record


class FABIO(DefinedNamespace):
    """FRBR-aligned Bibliographic Ontology (FaBiO), the terms radkg uses."""

    _fail = True
    _NS = Namespace("http://purl.org/spar/fabio/")

    CaseReport: URIRef
    Comment: URIRef
    Editorial: URIRef
    Expression: URIRef
    Journal: URIRef
    JournalArticle: URIRef
    JournalIssue: URIRef
    JournalVolume: URIRef
    ResearchPaper: URIRef
    ReviewArticle: URIRef
    hasPubMedCentralId: URIRef
    hasPubMedId: URIRef
    hasPublicationYear: URIRef


class PRISM(DefinedNamespace):
    """PRISM basic 2.0, the terms radkg uses."""

    _fail = True
    _NS = Namespace("http://prismstandard.org/namespaces/basic/2.0/")

    doi: URIRef
    eIssn: URIRef
    endingPage: URIRef
    issn: URIRef
    issueIdentifier: URIRef
    pageRange: URIRef
    publicationName: URIRef
    startingPage: URIRef
    volume: URIRef


class BIBO(DefinedNamespace):
    """Bibliographic Ontology (BIBO), the terms radkg uses."""

    _fail = True
    _NS = Namespace("http://purl.org/ontology/bibo/")

    AcademicArticle: URIRef
    Issue: URIRef
    Journal: URIRef
    authorList: URIRef
    doi: URIRef
    editor: URIRef
    issn: URIRef
    issue: URIRef
    pageEnd: URIRef
    pageStart: URIRef
    volume: URIRef


class FRBR(DefinedNamespace):
    """FRBR core, the terms radkg uses."""

    _fail = True
    _NS = Namespace("http://purl.org/vocab/frbr/core#")

    part: URIRef
    partOf: URIRef


#: Prefix → namespace IRI, for serialisation and SPARQL (``PREFIX`` lines).
PREFIXES: dict[str, str] = {
    "radkg": str(RADKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "fabio": str(FABIO),
    "frbr": str(FRBR),
    "prism": str(PRISM),
    "bibo": str(BIBO),
    "org": str(ORG),
    "qb": str(QB),
    "vann": str(VANN),
    "sh": str(SH),
    "mesh": str(MESH),
    "obo": str(OBO),
}
