"""What the readers of bibliographic exports share: decoding, record framing, field values.

Tagged exports (RIS, MEDLINE, Web of Science, RefWorks, EndNote) are lines
of ``TAG value`` grouped into records.  :func:`frame` groups them, keeping the
line every record and every field starts on, and reports what a general
parser silently gets wrong: a record whose end tag is missing (closed where
the next one starts, never merged into it), fields outside any record,
over-long lines, tags the format does not define.  Each reader then turns a
record's fields into an :class:`~kg.records.Article` with the value parsers
here (pages, years, DOIs, PMIDs, languages, names), so every format yields
the same records as the TOC reader.

>>> text = "TY  - JOUR\\nTI  - A\\nER  - \\nTY  - JOUR\\nTI  - B\\n"
>>> records, problems = frame(text, path="x.ris", syntax=RIS_SYNTAX)
>>> [(r.line, r.fields[1].value) for r in records]
[(1, 'A'), (4, 'B')]
>>> [str(p) for p in problems]
["x.ris:4: record has no end tag 'ER'; read up to the end of the file"]
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.ids import canonical_issn
from kg.readers.toc import article_type, split_abstract
from kg.records import Article, Author, Diagnostic, Journal, Page
from kg.segment import split_authors, split_keywords

__all__ = [
    "MEDLINE_SYNTAX",
    "RIS_SYNTAX",
    "Field",
    "Record",
    "Syntax",
    "article",
    "clean_doi",
    "clean_orcid",
    "clean_pmid",
    "decode_export",
    "frame",
    "keywords_of",
    "language_code",
    "latin_author",
    "load_text",
    "parse_tagged",
    "read_export",
    "pages",
    "people",
    "record_article_type",
    "year_of",
]

#: Lines longer than this many characters are reported and skipped.
MAX_LINE_LENGTH = 1_000_000

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Syntax:
    """How one tagged format writes its records.

    ``tag`` matches a field line (group 1 the tag, group 2 the value);
    ``start``/``end`` are the tags that open and close a record (``end`` is
    ``None`` when a blank line or the next ``start`` ends it);
    ``continuation`` is the indent of a continued value (``None``: any
    untagged line continues the field above); ``skip`` tags may stand
    outside records (file headers); ``known`` lists the format's tags (an
    empty set accepts every tag); ``joiner`` joins continued lines, except
    for ``list_tags``, whose continuation lines are further values (Web of
    Science writes one author per line under a single ``AU``).
    """

    name: str
    tag: re.Pattern[str]
    start: str
    end: str | None = None
    continuation: str | None = None
    skip: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    joiner: str = " "
    list_tags: frozenset[str] = frozenset()


@dataclass(slots=True)
class Field:
    """One field of a record: its tag, its value (continuations joined) and its line."""

    tag: str
    value: str
    line: int


@dataclass(slots=True)
class Record:
    """The fields of one record, in order, and the line the record starts on."""

    line: int
    fields: list[Field] = field(default_factory=list)

    def first(self, *tags: str) -> str | None:
        """The value of the first non-empty field with one of ``tags``."""
        for f in self.fields:
            if f.tag in tags and f.value:
                return f.value
        return None

    def all(self, *tags: str) -> list[str]:
        """The non-empty values of every field with one of ``tags``, in order."""
        return [f.value for f in self.fields if f.tag in tags and f.value]


_RIS_TAGS = frozenset(
    "TY A1 A2 A3 A4 AB AD AN AU AV BT C1 C2 C3 C4 C5 C6 C7 C8 CA CN CP CT CY DA DB DO DP ED EP "
    "ET ID IS J1 J2 JA JF JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 N1 N2 NV OP PB PP PY RI RN RP SE SN "
    "SP ST T1 T2 T3 TA TI TT U1 U2 U3 U4 U5 UR VL VO Y1 Y2 ER".split()
)

#: RIS: ``TY  - JOUR`` … ``ER  - ``; any untagged line continues the field above.
RIS_SYNTAX = Syntax(
    name="RIS",
    tag=re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$"),
    start="TY",
    end="ER",
    known=_RIS_TAGS,
)

_MEDLINE_TAGS = frozenset(
    "AB AD AID AU AUID BTI CI CIN CN COI CON CP CRDT CRF CRI CTDT CTI DA DCOM DEP DP DRDT ECF ECI "
    "EDAT EFR EIN ED EN FAU FED FIR FPS GN GR GS IP IR IRAD IS ISBN JID JT LA LID LR MH MHDA MID "
    "OAB OABL OCI OID ORI OT OTO OWN PB PG PHST PL PMC PMCR PMID PS PST PT RF RIN RN ROF RPF RPI "
    "RRF RRI SB SFM SI SO SPIN STAT TA TI TT UIN UOF VI VTI".split()
)

#: MEDLINE/PubMed (``.nbib``): ``PMID- 26579733``; tags padded to four; six-space continuations.
MEDLINE_SYNTAX = Syntax(
    name="MEDLINE",
    tag=re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$"),
    start="PMID",
    continuation="      ",
    known=_MEDLINE_TAGS,
)


def decode_export(data: bytes, *, path: str) -> tuple[str, list[Diagnostic]]:
    """Decode an export's bytes: UTF-16 or UTF-8 by BOM, else UTF-8, else line by line.

    A file that is not UTF-8 throughout is decoded line by line: UTF-8
    where a line is valid UTF-8, GB18030 otherwise (CNKI's GBK exports).
    Lines in GB18030 inside an otherwise UTF-8 file (a mixed file, made by
    concatenating exports) are reported once, with the first such line;
    bytes neither encoding reads become U+FFFD and are reported too.

    >>> decode_export("周卫平".encode("gb18030"), path="x.txt")
    ('周卫平', [])
    >>> text, notes = decode_export("影像\\n".encode() + "影像".encode("gb18030"), path="m.ris")
    >>> text, str(notes[0])[:47]
    ('影像\\n影像', 'm.ris:2: the file mixes encodings: 1 line is GB')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            return data.decode("utf-16", errors="replace"), [
                Diagnostic(path, None, f"invalid UTF-16 at byte {exc.start}; replaced with U+FFFD")
            ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    out: list[str] = []
    gb_lines: list[int] = []
    bad_lines: list[int] = []
    utf8_lines = 0
    for number, raw in enumerate(lines, 1):
        try:
            out.append(raw.decode("utf-8"))
            if not raw.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            try:
                out.append(raw.decode("gb18030"))
                gb_lines.append(number)
            except UnicodeDecodeError:
                out.append(raw.decode("gb18030", errors="replace"))
                bad_lines.append(number)
    problems = []
    if gb_lines and utf8_lines:
        n = len(gb_lines)
        problems.append(
            Diagnostic(
                path,
                gb_lines[0],
                f"the file mixes encodings: {n} line{'s' if n > 1 else ''} "
                f"{'are' if n > 1 else 'is'} GB18030, {utf8_lines} UTF-8; each line was read in "
                "its own encoding (save the export as UTF-8 to be sure)",
            )
        )
    for number in bad_lines[:20]:
        problems.append(
            Diagnostic(
                path, number, "bytes that are neither UTF-8 nor GB18030; replaced with U+FFFD"
            )
        )
    return "\n".join(out), problems


def load_text(
    path: str | os.PathLike[str], *, name: str | None = None
) -> tuple[str | None, str, list[Diagnostic]]:
    """Read and decode an export: ``(text or None, the name shown, diagnostics)``.

    >>> load_text("/nonexistent.ris")[2][0].message
    'cannot read file: No such file or directory'
    """
    shown = name if name is not None else str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, shown, [Diagnostic(shown, None, f"cannot read file: {exc.strerror}")]
    if not data.strip():
        return None, shown, [Diagnostic(shown, None, "file is empty")]
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            None,
            shown,
            [Diagnostic(shown, None, "file looks binary (it contains NUL bytes); skipped")],
        )
    text, problems = decode_export(data, path=shown)
    return text, shown, problems


def read_export(path: str | os.PathLike[str], name: str | None, parse: Callable[..., Page]) -> Page:
    """Load and decode an export file, then ``parse(text, path=shown)``; the diagnostics of both.

    >>> read_export("/nonexistent.ris", None, lambda text, path: None).diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    text, shown, problems = load_text(path, name=name)
    if text is None:
        return Page(path=shown, diagnostics=tuple(problems))
    page = parse(text, path=shown)
    return Page(path=shown, articles=page.articles, diagnostics=tuple(problems) + page.diagnostics)


def parse_tagged(
    text: str,
    *,
    path: str,
    syntax: Syntax,
    article_of: Callable[[Record, str, list[Diagnostic]], Article | None],
    none_found: str,
) -> Page:
    """Frame a tagged export into records and make one article of each that has a title.

    ``none_found`` is the diagnostic when the text holds no record at all.
    """
    records, problems = frame(text, path=path, syntax=syntax)
    articles: list[Article] = []
    for record in records:
        found = article_of(record, path, problems)
        if found is not None:
            articles.append(found)
    if not records and not problems:
        problems.append(Diagnostic(path, None, none_found))
    return Page(
        path=path,
        articles=tuple(articles),
        diagnostics=tuple(sorted(problems, key=lambda d: (d.line or 0, d.message))),
    )


class _Framer:
    """Groups the lines of a tagged export into records; see :func:`frame`."""

    def __init__(self, syntax: Syntax, path: str) -> None:
        self.syntax = syntax
        self.path = path
        self.records: list[Record] = []
        self.problems: list[Diagnostic] = []
        self.current: Record | None = None
        self.unknown: dict[str, list[int]] = {}
        self.stray: list[int] = []
        self.loose: list[int] = []  # unindented untagged lines in the current record

    def close(self, *, at: int | None, reason: str | None) -> None:
        if self.current is None:
            return
        if reason is not None:
            self.problems.append(Diagnostic(self.path, self.current.line, reason))
        if self.loose:
            n, indent = len(self.loose), len(self.syntax.continuation or "")
            self.problems.append(
                Diagnostic(
                    self.path,
                    self.loose[0],
                    f"{n} line{'s' if n > 1 else ''} in the record starting at line "
                    f"{self.current.line} {'are' if n > 1 else 'is'} neither a field nor a "
                    f"continuation (indented {indent} spaces); skipped",
                )
            )
            self.loose = []
        self.records.append(self.current)
        self.current = None

    def run(self, text: str) -> None:
        syntax, match = self.syntax, self.syntax.tag.match
        end, start, cont, known = syntax.end, syntax.start, syntax.continuation, syntax.known
        number = 0
        for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
            if len(raw) > MAX_LINE_LENGTH:
                self.problems.append(
                    Diagnostic(
                        self.path,
                        number,
                        f"line is {len(raw):,} characters long "
                        f"(limit {MAX_LINE_LENGTH:,}); skipped",
                    )
                )
                continue
            if _CONTROL_RE.search(raw):
                raw = _CONTROL_RE.sub("", raw)
            m = None if (cont is not None and raw.startswith(cont)) else match(raw)
            if m is None:
                self._untagged(raw, number)
                continue
            tag, value = m.group(1), (m.group(2) or "").strip()
            if tag == start:
                if self.current is not None and end is not None:
                    self.close(
                        at=number,
                        reason=f"record has no end tag {end!r}; it ends where the "
                        f"next record starts, at line {number}",
                    )
                else:
                    self.close(at=number, reason=None)
                self.current = Record(number, [Field(tag, value, number)])
            elif self.current is None:
                if tag not in syntax.skip and tag != end:
                    self.stray.append(number)
            elif tag == end:
                self.close(at=number, reason=None)
            else:
                if known and tag not in known:
                    self.unknown.setdefault(tag, []).append(number)
                self.current.fields.append(Field(tag, value, number))
        if self.current is not None:
            reason = (
                None
                if end is None
                else f"record has no end tag {end!r}; read up to the end of the file"
            )
            self.close(at=number, reason=reason)
        self._report_leftovers()

    def _untagged(self, raw: str, number: int) -> None:
        text = raw.strip()
        if not text:
            if self.syntax.end is None:
                self.close(at=number, reason=None)  # a blank line ends a record
            return
        current = self.current
        if current is None or not current.fields:
            self.stray.append(number)
            return
        if self.syntax.continuation is not None and not raw[:1].isspace():
            self.loose.append(number)  # MEDLINE, WoS: a continuation is always indented
            return
        last = current.fields[-1]
        if last.tag in self.syntax.list_tags:
            current.fields.append(Field(last.tag, text, number))
            return
        last.value = f"{last.value}{self.syntax.joiner}{text}" if last.value else text

    def _report_leftovers(self) -> None:
        if self.stray:
            n = len(self.stray)
            self.problems.append(
                Diagnostic(
                    self.path,
                    self.stray[0],
                    f"{n} line{'s' if n > 1 else ''} outside any record (a record starts with "
                    f"{self.syntax.start!r}); skipped",
                )
            )
        for tag, lines in sorted(self.unknown.items()):
            n = len(lines)
            self.problems.append(
                Diagnostic(
                    self.path,
                    lines[0],
                    f"unknown {self.syntax.name} tag {tag!r} "
                    f"({n} field{'s' if n > 1 else ''}); ignored",
                )
            )


def frame(text: str, *, path: str, syntax: Syntax) -> tuple[list[Record], list[Diagnostic]]:
    """Group the lines of a tagged export into records, with problems reported by line.

    Parameters
    ----------
    text : str
        The decoded export.
    path : str
        The name used in diagnostics.
    syntax : Syntax
        The format's tags and record delimiters.

    Returns
    -------
    records, diagnostics
        Every record, in file order (a record whose end tag is missing is
        closed where the next one starts and reported), and the problems.

    Examples
    --------
    >>> text = "PMID- 1\\nTI  - A long\\n      title\\n\\nPMID- 2\\n"
    >>> recs, _ = frame(text, path="m", syntax=MEDLINE_SYNTAX)
    >>> [(r.line, r.first("TI")) for r in recs]
    [(1, 'A long title'), (5, None)]
    """
    framer = _Framer(syntax, path)
    framer.run(text)
    return framer.records, framer.problems


# --- field values -----------------------------------------------------------------------------

_PAGE_RE = re.compile(r"^\s*(\d{1,6})\s*(?:[-–—~～]+\s*(\d{1,6}))?\s*$")
_YEAR_RE = re.compile(r"(?<!\d)((?:1[6-9]|20)\d{2})(?!\d)")
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX_RE = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_ORCID_RE = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")


def pages(text: str | None) -> tuple[int | None, int | None, tuple[str, ...], str | None]:
    """``(page_start, page_end, pages_extra, page_label)`` of a page field.

    An abbreviated end page (``563-77``) is completed from the start page;
    further ranges go to ``pages_extra``; a field that is not a number range
    (``e104-e107``, an article number with letters) is kept as the label.

    >>> pages("563-77"), pages("201-208,215"), pages("e104-e107")
    ((563, 577, (), None), (201, 208, ('215',), None), (None, None, (), 'e104-e107'))
    >>> pages("4006"), pages("208-201")
    ((4006, None, (), None), (None, None, (), '208-201'))
    """
    if not text or not text.strip():
        return None, None, (), None
    text = unicodedata.normalize("NFKC", text).strip()
    parts = [p.strip() for p in re.split(r"[,，;；]", text) if p.strip()]
    m = _PAGE_RE.match(parts[0]) if parts else None
    if m is None:
        return None, None, (), re.sub(r"[–—~～]", "-", text)
    start = int(m.group(1))
    end: int | None = None
    if m.group(2):
        tail = m.group(2)
        end = int(tail)
        if end < start and len(tail) < len(m.group(1)):
            end = int(m.group(1)[: len(m.group(1)) - len(tail)] + tail)
        if end < start:
            return None, None, (), text
    if start == 0:
        return None, None, (), text
    return start, end, tuple(re.sub(r"\s+", "", p) for p in parts[1:]), None


def year_of(text: str | None) -> int | None:
    """The four-digit year in a date field (``2016 Feb``, ``2024-03-15``, ``2016///``).

    >>> year_of("2016 Feb"), year_of("2024/03/15"), year_of("n.d.")
    (2016, 2024, None)
    """
    if not text:
        return None
    m = _YEAR_RE.search(text)
    return int(m.group(1)) if m else None


def clean_doi(text: str | None) -> str | None:
    """A DOI without resolver prefix, lower-cased (DOIs are case-insensitive); ``None`` if none.

    >>> clean_doi("https://doi.org/10.1148/RADIOL.2015151169 [doi]")
    '10.1148/radiol.2015151169'
    >>> clean_doi("not a doi") is None
    True
    """
    if not text:
        return None
    text = _DOI_PREFIX_RE.sub("", unicodedata.normalize("NFKC", text).strip())
    m = _DOI_RE.search(text)
    if m is None:
        return None
    return m.group(0).rstrip(".,;").lower()


def clean_pmid(text: str | None) -> str | None:
    """A PubMed id (digits only, no leading zeros), or ``None``.

    >>> clean_pmid(" 26579733 "), clean_pmid("PMID: 0012"), clean_pmid("x")
    ('26579733', '12', None)
    """
    if not text:
        return None
    m = re.search(r"\d{1,9}", text)
    if m is None or int(m.group(0)) == 0:
        return None
    return str(int(m.group(0)))


def clean_orcid(text: str | None) -> str | None:
    """A bare ORCID iD from ``https://orcid.org/…`` or ``ORCID: …``; ``None`` if none.

    >>> clean_orcid("ORCID: https://orcid.org/0000-0002-1825-009x")
    '0000-0002-1825-009X'
    """
    if not text:
        return None
    m = _ORCID_RE.search(text.upper())
    return m.group(1) if m else None


_LANGUAGES = {
    "eng": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
    "chi": "zh",
    "zho": "zh",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "zh-cn": "zh",
    "zh-hans": "zh",
    "ger": "de",
    "deu": "de",
    "german": "de",
    "fre": "fr",
    "fra": "fr",
    "french": "fr",
    "jpn": "ja",
    "japanese": "ja",
    "日文": "ja",
    "kor": "ko",
    "korean": "ko",
    "spa": "es",
    "spanish": "es",
    "ita": "it",
    "italian": "it",
    "rus": "ru",
    "russian": "ru",
    "por": "pt",
    "portuguese": "pt",
}


def language_code(text: str | None) -> str | None:
    """An ISO 639-1 code from a language field (``eng``, ``English``, ``中文;``, ``zh-CN``).

    >>> language_code("eng"), language_code("中文;"), language_code("English")
    ('en', 'zh', 'en')
    >>> language_code("Klingon") is None
    True
    """
    if not text:
        return None
    key = text.strip().strip(";；,. ").lower()
    if len(key) == 2 and key.isalpha() and key.isascii():
        return key
    return _LANGUAGES.get(key)


def latin_author(name: str) -> Author:
    """An :class:`Author` from a Latin-script name, family and given parts separated.

    ``Family, Given`` (RIS, MEDLINE ``FAU``, WoS ``AF``) and ``Family II``
    (MEDLINE ``AU``, whose trailing capitals are initials) are recognised.

    >>> latin_author("Gillies, Robert J").given
    'Robert J'
    >>> latin_author("Gillies RJ").family, latin_author("Gillies RJ").short
    ('Gillies', 'Gillies RJ')
    """
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return Author(name, family=family.strip() or None, given=given.strip() or None)
    m = re.match(r"^(.+?)\s+([A-Z]{1,4})$", name)
    if m:
        return Author(name, family=m.group(1), short=name)
    return Author(name)


_TYPE_WORDS = (
    ("case-report", re.compile(r"case report", re.I)),
    ("guideline", re.compile(r"guideline|consensus", re.I)),
    ("review", re.compile(r"\breview\b|systematic review|meta-analysis", re.I)),
    ("editorial", re.compile(r"editorial", re.I)),
    ("expert-commentary", re.compile(r"\bcomment\b|commentary|^letter", re.I)),
)


def record_article_type(types: Iterable[str], title: str, abstract: str = "") -> str:
    """The article type from the record's own type fields, else from the title and abstract.

    >>> record_article_type(["Journal Article", "Review"], "Radiomics")
    'review'
    >>> record_article_type(["JOUR"], "成人型强直性肌营养不良1型MRI表现1例")
    'case-report'
    """
    for kind, pattern in _TYPE_WORDS:
        if any(pattern.search(t) for t in types):
            return kind
    return article_type(title, abstract)


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_TRUNCATED_RE = re.compile(r"^(?:et\s*al\.?|等|\.\.\.|…)$", re.IGNORECASE)


def people(names: Iterable[str]) -> tuple[tuple[Author, ...], bool]:
    """Authors from name fields, and whether the list ends in ``et al.``/``等``.

    A field in Han script may hold several names, separated (``周卫平;昝星有``)
    or glued (CNKI); :func:`kg.segment.split_authors` splits it.  A Latin
    name becomes one author with its parts (:func:`latin_author`).

    >>> authors, cut = people(["周卫平;昝星有;", "Gillies, Robert J", "et al."])
    >>> [a.name for a in authors], authors[2].family, cut
    (['周卫平', '昝星有', 'Gillies, Robert J'], 'Gillies', True)
    """
    out: list[Author] = []
    truncated = False
    for raw in names:
        raw = raw.strip().strip(";；")
        if not raw:
            continue
        if _TRUNCATED_RE.match(raw):
            truncated = True
            continue
        if _HAN_RE.search(raw) and not _LATIN_RE.search(raw):  # Han names, maybe several glued
            if re.search(r"(?:\.{2,}|…|等)\s*$", raw):
                truncated = True
            out.extend(Author(n) for n in split_authors(raw))
        else:
            out.append(latin_author(raw))
    return tuple(out), truncated


def keywords_of(fields: Iterable[str], *, context: str = "") -> tuple[str, ...]:
    """Keywords from keyword fields: each split at ``;``/``；`` (Chinese ones segmented too).

    >>> keywords_of(["乳腺肿瘤;扩散峰度成像", "Radiomics", "deep learning; CT"])
    ('乳腺肿瘤', '扩散峰度成像', 'Radiomics', 'deep learning', 'CT')
    """
    out: list[str] = []
    for text in fields:
        if _HAN_RE.search(text):
            out.extend(split_keywords(text, context=context))
        else:
            out.extend(part.strip() for part in re.split(r"[;；]", text) if part.strip())
    return tuple(dict.fromkeys(out))


def article(
    *,
    path: str,
    line: int,
    problems: list[Diagnostic],
    title: str | None,
    title_en: str | None = None,
    authors: tuple[Author, ...] = (),
    authors_truncated: bool = False,
    journal_title: str | None = None,
    journal_title_en: str | None = None,
    journal_abbrev: str | None = None,
    issn: str | None = None,
    eissn: str | None = None,
    year: int | None = None,
    volume: str | None = None,
    number: str | None = None,
    page_field: str | None = None,
    abstracts: Iterable[str] = (),
    keywords: tuple[str, ...] = (),
    types: Iterable[str] = (),
    doi: str | None = None,
    pmid: str | None = None,
    pmcid: str | None = None,
    cnki_id: str | None = None,
    wos_id: str | None = None,
    language: str | None = None,
    url: str | None = None,
    affiliations: Iterable[str] = (),
) -> Article | None:
    """The :class:`~kg.records.Article` of one record, or ``None`` (reported) when it has no title.

    Values are cleaned here, the same way for every format: ISSNs are
    checked (an invalid one is reported and dropped), abstracts are sorted
    into Chinese and English (a CNKI abstract holding both is split),
    empty strings become ``None``.

    >>> problems = []
    >>> a = article(path="x", line=3, problems=problems, title="T", issn="0033-8419",
    ...             page_field="563-77", year=2016, abstracts=["Radiomics is ..."])
    >>> a.journal.issn, a.page_end, a.abstract_en, a.abstract_zh
    ('0033-8419', 577, 'Radiomics is ...', None)
    >>> article(path="x", line=9, problems=problems, title=" ") is None, str(problems[-1])
    (True, 'x:9: record has no title; skipped')
    """
    title = _text(title)
    title_en = _text(title_en)
    if title is None:
        if title_en is None:
            problems.append(Diagnostic(path, line, "record has no title; skipped"))
            return None
        title, title_en = title_en, None
    if title_en == title:
        title_en = None
    canonical = canonical_issn(issn)
    if issn and canonical is None:
        problems.append(
            Diagnostic(
                path, line, f"invalid ISSN {issn.strip()!r} (bad form or check digit); dropped"
            )
        )
    e_canonical = canonical_issn(eissn)
    journal_title = _text(journal_title)
    journal = None
    if journal_title or canonical or e_canonical:
        journal = Journal(
            title=journal_title,
            title_en=_text(journal_title_en),
            issn=canonical or e_canonical,
            eissn=e_canonical if canonical else None,
            title_abbrev=_text(journal_abbrev),
        )
    start, end, extra, label = pages(page_field)
    zh = en = None
    for text in abstracts:
        text = _text(text)
        if not text:
            continue
        part_zh, part_en = split_abstract(text) if _HAN_RE.search(text) else (None, text)
        zh, en = zh or part_zh, en or part_en
    affiliations = tuple(dict.fromkeys(a for a in (_text(x) for x in affiliations) if a))
    for person in authors:
        affiliations += tuple(a for a in person.affiliations if a not in affiliations)
    types = tuple(types)
    return Article(
        title=title,
        authors=tuple(a.name for a in authors),
        authors_truncated=authors_truncated,
        page_start=start,
        page_end=end,
        pages_extra=extra,
        abstract_zh=zh,
        abstract_en=en,
        keywords=keywords,
        article_type=record_article_type(types, title, zh or en or ""),
        line=line,
        title_en=title_en,
        journal=journal,
        year=year,
        volume=_text(volume),
        number=_text(number),
        page_label=label,
        doi=clean_doi(doi),
        pmid=clean_pmid(pmid),
        pmcid=_text(pmcid),
        cnki_id=_text(cnki_id),
        wos_id=_text(wos_id),
        language=language_code(language),
        url=url if url and re.match(r"^https?://\S+$", url.strip()) else None,
        author_details=authors,
        affiliations=affiliations,
        source_type=types[0] if types else None,
    )


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
