"""Reader for journal table-of-contents pages in the layout of the bundled seed.

A page opens with a journal header (title, publisher, editor-in-chief,
frequency, ISSN, e-mail, phone, postcode, address, the ``中文名/Journal
English Name`` line with indexing tags glued on, a description and a
status) and lists articles, each as a title, a glued author list, a page
range (``201-208页``), an abstract line (``查看更多>>摘要:`` followed by the
Chinese and usually the English abstract) and a glued keyword line.

Nothing here depends on one journal: header fields are recognised by their
form (ISSN pattern, e-mail, six-digit postcode, phone number, …), never by
position, and article parts by what they look like and where they stand
relative to the page and abstract lines, so a missing field or a missing
keyword line is tolerated.  Problems become :class:`kg.records.Diagnostic`
entries naming the file and line; the rest of the page is still read.

>>> page = parse_toc('''期刊信息/Journal information
... 影像学杂志
... 1005-1201
...
...     肺结节的CT表现
...
...     王伟李明...
...     5-8页
...     查看更多>>摘要:目的 探讨肺结节。 Objective To study nodules.
...
...     肺结节体层摄影术,X线计算机
... ''', path="demo.txt")
>>> page.journal.issn, page.articles[0].authors, page.articles[0].page_end
('1005-1201', ('王伟', '李明'), 8)
>>> page.articles[0].abstract_en
'Objective To study nodules.'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import DecodingError, InputError
from kg.records import Article, Diagnostic, Journal, Page
from kg.segment import split_authors, split_keywords

__all__ = ["MAX_LINE_LENGTH", "decode", "parse_toc", "read_toc"]

#: Lines longer than this many characters are reported and skipped.
MAX_LINE_LENGTH = 100_000

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")
_LAST_HAN_RE = re.compile(f"[{_HAN}。](?=[^{_HAN}。]*$)")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_EN_START_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z](?:[a-z]|[A-Z]{2,}\b)")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|javascript:|on[a-z]+\s*=", re.IGNORECASE)

_PAGE_RANGE = r"\d{1,5}(?:\s*[-–—~～]\s*\d{1,5})?"
_PAGES_RE = re.compile(
    rf"^(?:(?:第|pp?\.?|P)\s*(?P<r1>{_PAGE_RANGE}(?:\s*[,，、;；]\s*{_PAGE_RANGE})*)\s*页?"
    rf"|(?P<r2>{_PAGE_RANGE}(?:\s*[,，、;；]\s*{_PAGE_RANGE})*)\s*页)$"
)
# A line that tries to be a page range (digits, Latin letters, separators, then 页) but is not one;
# "上一页 1 2 下一页" pagination and titles ending in 页 are not.
_PAGES_LOOSE_RE = re.compile(r"^(?:第|pp?\.?|P)?\s*\d[0-9A-Za-z\s,，、;；\-–—~～.]{0,40}页$")
_ABSTRACT_RE = re.compile(r"^(?:查看更多\s*>>\s*)?(?:摘\s*要|Abstract)\s*[:：]\s*", re.IGNORECASE)
_MORE_RE = re.compile(r"^查看更多\s*>>\s*")
_TRUNCATION_RE = re.compile(r"\s*(?:\.{2,}|…+|⋯+|等)\s*$")

# Journal header fields, recognised by their form.
_ISSN_RE = re.compile(r"^(?:ISSN\s*[:：]?\s*)?(\d{4}-\d{3}[\dXx])$")
_CN_RE = re.compile(r"^(?:CN\s*[:：]?\s*)?(\d{2}-\d{4}/[A-Z]{1,2})$")
_EMAIL_RE = re.compile(
    r"^(?:(?:E-?mail|电子邮箱|邮箱)\s*[:：]?\s*)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)$", re.I
)
_POSTCODE_RE = re.compile(r"^(?:邮编\s*[:：]?\s*)?(\d{6})$")
_PHONE_RE = re.compile(
    r"^(?:(?:电话|Tel)\s*[:：]?\s*)?((?:\+?86[-\s]?)?(?:\(?0\d{2,3}\)?[-\s]?)?\d{7,8}(?:\s*[,，/、;；]\s*\d[\d\-\s]{6,})*)$",
    re.I,
)
_FREQUENCY_RE = re.compile(r"^(?:出版周期\s*[:：]?\s*)?((?:双|半)?(?:月|周|旬|季|年)刊|双周刊)$")
_STATUS_RE = re.compile(r"^(正式出版|停刊|已停刊|休刊|更名|暂停出版|网络首发)$")
_ADDRESS_RE = re.compile(r"(?:省|市|区|县|路|街|道|号|楼|室|院内|信箱)")
_ORG_RE = re.compile(
    r"(?:社|会|院|所|学|局|部|中心|公司|集团|委员会|协会|出版|医院|大学|研究|编辑)$"
)
_PERSON_RE = re.compile(f"^[{_HAN}]{{2,4}}$")
_YEAR_ISSUE_RE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:\d{1,2}\s*月\s*)?"
    r"(?:第\s*(?P<volume>\d{1,4})\s*卷\s*)?第\s*(?P<number>\d{1,3})\s*期"
)
_YEAR_VOL_RE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*[,，]\s*(?P<volume>\d{1,4})\s*\(\s*(?P<number>\d{1,3})\s*\)"
)
#: Explicit header labels some pages print before a value ("主编：郭启勇").
_LABELLED_FIELDS = {
    "刊名": "title",
    "期刊名称": "title",
    "中文刊名": "title",
    "英文刊名": "title_en",
    "主办单位": "publisher",
    "主办": "publisher",
    "出版单位": "publisher",
    "出版": "publisher",
    "主编": "editor",
    "出版周期": "frequency",
    "刊期": "frequency",
    "ISSN": "issn",
    "E-mail": "email",
    "Email": "email",
    "电子邮箱": "email",
    "邮箱": "email",
    "电话": "phone",
    "联系电话": "phone",
    "Tel": "phone",
    "邮编": "postcode",
    "邮政编码": "postcode",
    "地址": "address",
    "通讯地址": "address",
    "编辑部地址": "address",
    "简介": "description",
    "期刊简介": "description",
    "状态": "status",
    "出版状态": "status",
}
_LABEL_RE = re.compile(
    "^("
    + "|".join(sorted(map(re.escape, _LABELLED_FIELDS), key=len, reverse=True))
    + r")\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
#: Web-page chrome around the list: pagination and result counts ("上一页 1 2 下一页", "共9条").
_CHROME_RE = re.compile(
    r"^(?:.*(?:上一页|下一页|首页|尾页|末页).*|共\s*\d+\s*(?:条|篇|页)(?:记录|结果)?.*|返回顶部)$"
)
_HEADER_LABELS = frozenset(
    {"期刊信息/Journal information", "期刊信息", "收录年代", "Journal information"}
)

#: Indexing databases and core lists whose names are glued after a journal's English title.
_INDEXING_TAGS = (
    "CSTPCD",
    "CSCD",
    "CSSCI",
    "北大核心",
    "中文核心",
    "科技核心",
    "统计源",
    "SCIE",
    "SCI",
    "EI",
    "Scopus",
    "MEDLINE",
    "PubMed",
    "DOAJ",
    "JST",
    "CA",
    "CAS",
    "AJ",
    "WJCI",
    "ESCI",
    "IC",
    "UPD",
    "CBM",
    "RCCSE",
    "中国科技期刊卓越行动计划",
    "卓越期刊",
)
_TAG_ALT = "|".join(re.escape(t) for t in sorted(_INDEXING_TAGS, key=len, reverse=True))
_TRAILING_TAG_RE = re.compile(f"(?:{_TAG_ALT})$")
_GENERIC_TAG_RE = re.compile(f"(?:(?<=[a-z)])[A-Z][A-Z0-9]+|[{_HAN}]+)$")

_CASE_REPORT_RE = re.compile(
    r"(?:^|[^\d])(?:1|一|2|两|二|3|三)\s*例(?:报告|报道|并文献复习|及文献复习)?$"
)
_TYPE_RULES = (
    ("expert-commentary", re.compile(r"专家引言|专家述评|述评|专家解读|专家点评|编者按语")),
    ("guideline", re.compile(r"指南|专家共识|共识|规范|标准")),
    ("review", re.compile(r"研究进展|进展$|综述|文献复习$|回顾与展望|现状与展望")),
    ("editorial", re.compile(r"^(?:编者按|社论|卷首语|主编寄语)")),
)
_COMMENTARY_ABSTRACT_RE = re.compile(r"^\s*(?:专家引言|专家述评|专家点评|编者按)\s*[:：]")
_REVIEW_ABSTRACT_RE = re.compile(
    r"(?:进行|作一|做一|予以|加以)(?:简要)?综述|(?:本|该)文(?:就|对|将|旨在|拟)?.{0,60}(?:综述|进展)"
    r"|(?:本|该)文(?:概要|简要|系统)?(?:地)?(?:描述|介绍|阐述|总结|回顾)了"
    r"|(?:This|The) (?:article|paper|review) (?:reviews|summarizes|summarises|describes)"
)


def decode(data: bytes, *, path: str) -> tuple[str, str]:
    """Decode a page's bytes, trying UTF-8 (with or without BOM), then GB18030.

    Charset guessers are not trusted: they report GB18030 Chinese as
    ``cp949``.  Returns the text and the encoding used.

    >>> decode("影像".encode("gb18030"), path="x.txt")
    ('影像', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbfok", path="x.txt")
    ('ok', 'utf-8-sig')
    """
    if b"\x00" in data[:65536]:
        raise DecodingError(path, None, "file looks binary (it contains NUL bytes); skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "gb18030")
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    line = data.count(b"\n", 0, error.start) + 1
    raise DecodingError(
        path,
        line,
        f"not UTF-8 or GB18030 text (invalid byte 0x{data[error.start]:02x} at byte "
        f"{error.start}); save the page as UTF-8",
    )


def read_toc(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read one table-of-contents page from a file.

    Parameters
    ----------
    path : str or path-like
        The page to read.  UTF-8 (with or without BOM) and GB18030/GBK are
        recognised; CRLF and CR line ends are accepted.
    name : str, optional
        The name to report in diagnostics and in ``Page.path``; defaults to
        ``str(path)``.

    Returns
    -------
    Page
        The journal header, the articles and the diagnostics.  A file that
        cannot be read at all gives a page with no articles and one
        diagnostic saying why.

    >>> from kg.data import seed_pages
    >>> page = read_toc(seed_pages()[0])
    >>> page.journal.issn, len(page.articles)
    ('1005-1201', 9)
    """
    shown = name if name is not None else str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Page(
            path=shown, diagnostics=(Diagnostic(shown, None, f"cannot read file: {exc.strerror}"),)
        )
    try:
        text, encoding = decode(data, path=shown)
    except InputError as exc:
        return Page(path=shown, diagnostics=(Diagnostic(shown, exc.line, exc.message),))
    return parse_toc(text, path=shown)


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    blank_before: bool
    kind: str = "text"  # text | pages | bad-pages | abstract | abstract-more


@dataclass(slots=True)
class _Parse:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))


def parse_toc(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a table-of-contents page.

    Parameters
    ----------
    text : str
        The whole page.
    path : str
        The name used in diagnostics.

    Returns
    -------
    Page

    >>> parse_toc("", path="empty.txt").diagnostics[0].message
    'file is empty'
    """
    state = _Parse(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        state.report(None, "file is empty")
        return Page(path=path, diagnostics=tuple(state.diagnostics))
    lines = _lines(text, state)
    anchors = [i for i, ln in enumerate(lines) if ln.kind != "text"]
    blocks = _anchor_blocks(lines, anchors)
    if not blocks:
        header_lines = lines
        articles: list[Article] = []
    else:
        blank_layout = _uses_blank_layout(lines, blocks)
        first_title = _first_title_index(lines, blocks[0], blank_layout=blank_layout)
        header_lines = lines[:first_title]
        articles = _articles(lines, blocks, first_title, state, blank_layout=blank_layout)
    journal = _journal(header_lines)
    year, volume, number = _issue(header_lines)
    if not articles:
        what = "a journal header" if journal != Journal() else "no recognisable content"
        state.report(
            None,
            f"no articles found (the page has only {what}); expected title, "
            "authors, a page line such as '201-208页' and an abstract line",
        )
    return Page(
        path=path,
        journal=journal,
        year=year,
        volume=volume,
        number=number,
        articles=tuple(articles),
        diagnostics=tuple(sorted(state.diagnostics, key=lambda d: (d.line or 0, d.message))),
    )


def _lines(text: str, state: _Parse) -> list[_Line]:
    """Non-blank lines with their numbers, classified as text, pages or abstract."""
    out: list[_Line] = []
    blank_before = True
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if len(raw) > MAX_LINE_LENGTH:
            state.report(
                number, f"line is {len(raw):,} characters long (limit {MAX_LINE_LENGTH:,}); skipped"
            )
            blank_before = True
            continue
        if _CONTROL_RE.search(raw):
            state.report(number, "control characters removed from the line")
            raw = _CONTROL_RE.sub("", raw)
        stripped = raw.strip().replace("\u3000", " ").strip()
        if not stripped:
            blank_before = True
            continue
        if _CHROME_RE.match(stripped) and "|" not in stripped:
            continue  # pagination and result counts are not content (the breadcrumb has a "|")
        line = _Line(number, stripped, blank_before)
        if _ABSTRACT_RE.match(stripped):
            line.kind = "abstract"
        elif (
            not blank_before
            and out
            and out[-1].kind.startswith("abstract")
            and not _HAN_RE.search(stripped)
            and len(re.findall(r"[A-Za-z]{2,}", stripped)) >= 5
        ):
            line.kind = "abstract-more"  # an English abstract on a line of its own
        elif _PAGES_RE.match(stripped):
            line.kind = "pages"
        elif (
            stripped.endswith("页")
            and _PAGES_LOOSE_RE.match(stripped)
            and re.search(r"\d", stripped)
        ):
            line.kind = "bad-pages"
        out.append(line)
        blank_before = False
    return out


def _anchor_blocks(lines: list[_Line], anchors: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive page/abstract lines, as (first, last) indices into ``lines``.

    A page line and the abstract right after it belong to one article; two
    page lines in a row start two articles.
    """
    blocks: list[tuple[int, int]] = []
    for i in anchors:
        kind, before = lines[i].kind, lines[i - 1].kind if i else ""
        joins = (kind == "abstract" and before in ("pages", "bad-pages")) or kind == "abstract-more"
        if blocks and blocks[-1][1] == i - 1 and joins:
            blocks[-1] = (blocks[-1][0], i)
        else:
            blocks.append((i, i))
    return blocks


_TITLE_WORDS_RE = re.compile(
    r"的|研究|分析|诊断|价值|表现|应用|基于|评估|预测|影像|成像|治疗|进展|例|模型|患者|与|及|在|CT|MRI|PET"
)
_AUTHOR_CHARS_RE = re.compile(f"^[{_HAN}A-Za-z·•・.\\-\\s,，、;；]+$")


def _author_like(text: str) -> bool:
    """Whether a line reads as an author list rather than a title (content only)."""
    if _TRUNCATION_RE.search(text) and not text.endswith("等"):
        return True
    if any(
        text.endswith(s) for s in ("学组", "委员会", "专家组", "协作组", "工作组", "分会", "联盟")
    ):
        return True
    return (
        bool(_AUTHOR_CHARS_RE.match(text)) and len(text) <= 80 and not _TITLE_WORDS_RE.search(text)
    )


def _uses_blank_layout(lines: list[_Line], blocks: list[tuple[int, int]]) -> bool:
    """Whether titles stand a blank line apart from the author line, as in the seed layout.

    Then the line directly above a page line is the author list, and a line
    a blank above it is a title; otherwise only the lines' content tells.
    """
    adjacent = sum(1 for first, _ in blocks if first and not lines[first].blank_before)
    spaced = sum(1 for first, _ in blocks if first and lines[first - 1].blank_before)
    return adjacent > 0 and spaced > 0


def _has_authors(lines: list[_Line], first: int, *, blank_layout: bool) -> bool:
    """Whether the text line right above the page/abstract line at ``first`` is an author list."""
    if first == 0 or lines[first - 1].kind != "text":
        return False
    line, anchor = lines[first - 1], lines[first]
    if _TRUNCATION_RE.search(line.text) and not line.text.endswith("等"):
        return True
    if blank_layout:
        return not anchor.blank_before and len(line.text) <= 200
    return _author_like(line.text)


def _first_title_index(lines: list[_Line], block: tuple[int, int], *, blank_layout: bool) -> int:
    start = block[0]
    title = start - 2 if _has_authors(lines, start, blank_layout=blank_layout) else start - 1
    return max(title, 0)


def _articles(
    lines: list[_Line],
    blocks: list[tuple[int, int]],
    first_title: int,
    state: _Parse,
    *,
    blank_layout: bool,
) -> list[Article]:
    articles: list[Article] = []
    previous_read = False  # whether the block before this one gave an article
    for k, (first, last) in enumerate(blocks):
        has_authors = _has_authors(lines, first, blank_layout=blank_layout)
        head_start = first_title if k == 0 else blocks[k - 1][1] + 1
        head = lines[head_start:first]
        # Text lines after the previous block: [keywords of previous article?, title, authors?]
        needed = 2 if has_authors else 1
        if k > 0 and len(head) > needed:
            if previous_read:
                keywords_line, head = head[0], head[1:]
                articles[-1] = _with_keywords(articles[-1], keywords_line)
            if len(head) > needed:
                extra, head = head[:-needed], head[-needed:]
                for ln in extra:
                    state.report(
                        ln.number, f"unexpected line between articles, skipped: {ln.text[:60]!r}"
                    )
        if len(head) < needed:
            where = lines[first].number
            state.report(where, "article without a title; skipped")
            previous_read = False
            continue
        title_line = head[0]
        authors_line = head[1] if has_authors else None
        articles.append(_article(title_line, authors_line, lines[first : last + 1], state))
        previous_read = True
    # Text after the last block is the last article's keyword line.
    tail = lines[blocks[-1][1] + 1 :]
    if previous_read and tail:
        articles[-1] = _with_keywords(articles[-1], tail[0])
        for ln in tail[1:]:
            state.report(
                ln.number, f"unexpected line after the last article, skipped: {ln.text[:60]!r}"
            )
    return articles


def _article(
    title_line: _Line, authors_line: _Line | None, anchor: list[_Line], state: _Parse
) -> Article:
    title = title_line.text
    if _MARKUP_RE.search(title):
        state.report(title_line.number, "title contains markup-like text; kept as plain text")
    authors: tuple[str, ...] = ()
    truncated = False
    if authors_line is not None:
        raw = authors_line.text
        truncated = bool(_TRUNCATION_RE.search(raw))
        authors = tuple(split_authors(raw))
    else:
        state.report(title_line.number, f"article {title[:40]!r} has no author line")
    page_start = page_end = None
    pages_extra: tuple[str, ...] = ()
    abstract_zh = abstract_en = None
    has_pages = False
    for ln in anchor:
        if ln.kind == "pages":
            has_pages = True
            page_start, page_end, pages_extra = _pages(ln, state)
        elif ln.kind == "bad-pages":
            has_pages = True
            state.report(
                ln.number,
                f"malformed page line {ln.text!r}; expected e.g. '201-208页' or '65-68,87页'",
            )
        elif ln.kind == "abstract":
            abstract_zh, abstract_en = split_abstract(_ABSTRACT_RE.sub("", ln.text, count=1))
        elif ln.kind == "abstract-more":
            abstract_en = f"{abstract_en} {ln.text}" if abstract_en else ln.text
    if not has_pages:
        state.report(title_line.number, f"article {title[:40]!r} has no page line")
    return Article(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        page_start=page_start,
        page_end=page_end,
        pages_extra=pages_extra,
        abstract_zh=abstract_zh,
        abstract_en=abstract_en,
        article_type=article_type(title, abstract_zh or abstract_en or ""),
        line=title_line.number,
    )


def _with_keywords(article: Article, line: _Line) -> Article:
    context = " ".join(filter(None, (article.title, article.abstract_zh, article.abstract_en)))
    return replace(article, keywords=tuple(split_keywords(line.text, context=context)))


def _pages(line: _Line, state: _Parse) -> tuple[int | None, int | None, tuple[str, ...]]:
    match = _PAGES_RE.match(line.text)
    assert match is not None
    body = match.group("r1") or match.group("r2")
    ranges = [r.strip() for r in re.split(r"[,，、;；]", body)]
    first = re.split(r"\s*[-–—~～]\s*", ranges[0])
    numbers = [int(n) for n in first]
    start, end = numbers[0], numbers[-1]
    if end < start:
        state.report(
            line.number, f"page range {line.text!r} ends before it starts; pages left empty"
        )
        return None, None, ()
    if start == 0:
        state.report(line.number, f"page range {line.text!r} starts at page 0; pages left empty")
        return None, None, ()
    return start, end, tuple(re.sub(r"\s+", "", r) for r in ranges[1:])


def split_abstract(text: str) -> tuple[str | None, str | None]:
    """Split an abstract line into its Chinese and English parts.

    The Chinese part may contain Latin abbreviations and numbers, so the
    English part starts only after the last Chinese character, at the
    first capitalised word.

    >>> split_abstract("目的 探讨DKI(AUC 0.92)。 Objective To explore DKI.")
    ('目的 探讨DKI(AUC 0.92)。', 'Objective To explore DKI.')
    >>> split_abstract("目的 探讨DKI。")
    ('目的 探讨DKI。', None)
    """
    text = _MORE_RE.sub("", text).strip()
    if not text:
        return None, None
    last = _LAST_HAN_RE.search(text)
    if last is None:
        return None, text
    tail = text[last.end() :]
    start = _EN_START_RE.search(tail)
    if start is None or len(_LATIN_WORD_RE.findall(tail, start.start(), start.start() + 200)) < 3:
        return text, None
    cut = last.end() + start.start()
    zh, en = text[:cut].strip(), text[cut:].strip()
    return zh or None, en or None


def article_type(title: str, abstract: str = "") -> str:
    """The article type a title (and its abstract) indicate.

    >>> article_type("成人型强直性肌营养不良1型MRI表现1例")
    'case-report'
    >>> article_type("球囊闭塞经导管动脉化疗栓塞治疗肝细胞癌的研究进展")
    'review'
    >>> article_type("卵巢肿瘤的MRI表现", "该文概要描述了常见卵巢肿瘤的MRI表现。")
    'review'
    >>> article_type("肺结节病理类型预测模型研究", "专家引言:肺癌是全球癌症死亡的主要原因。")
    'expert-commentary'
    """
    title = title.strip()
    if _CASE_REPORT_RE.search(title):
        return "case-report"
    for kind, pattern in _TYPE_RULES:
        if pattern.search(title):
            return kind
    if _COMMENTARY_ABSTRACT_RE.match(abstract):
        return "expert-commentary"
    if _REVIEW_ABSTRACT_RE.search(abstract):
        return "review"
    return "research"


def _journal(lines: list[_Line]) -> Journal:
    fields: dict[str, object] = {}
    titles: list[str] = []
    names: list[str] = []
    for ln in lines:
        text = ln.text
        if text in _HEADER_LABELS:
            continue
        labelled = _LABEL_RE.match(text)
        if labelled:
            key = next(
                v for k, v in _LABELLED_FIELDS.items() if k.lower() == labelled.group(1).lower()
            )
            value = labelled.group(2).strip()
            if key == "title":
                titles.append(value)
            else:
                fields.setdefault(key, value.upper() if key == "issn" else value)
            continue
        if "|" in text and ("首页" in text or "导航" in text):
            titles.append(text.rsplit("|", 1)[1].strip())
            continue
        for key, pattern in (
            ("issn", _ISSN_RE),
            ("email", _EMAIL_RE),
            ("postcode", _POSTCODE_RE),
            ("frequency", _FREQUENCY_RE),
            ("status", _STATUS_RE),
        ):
            m = pattern.match(text)
            if m:
                fields.setdefault(key, m.group(1).upper() if key == "issn" else m.group(1))
                break
        else:
            if _CN_RE.match(text) or _YEAR_ISSUE_RE.search(text) or _YEAR_VOL_RE.search(text):
                continue
            if _PHONE_RE.match(text):
                fields.setdefault("phone", text.split(":")[-1].split("：")[-1].strip())
            elif _MORE_RE.match(text) or len(text) > 80:
                fields.setdefault("description", _MORE_RE.sub("", text).strip())
            elif (
                "/" in text
                and re.search(r"[A-Za-z]{3,}", text)
                and _HAN_RE.search(text.split("/", 1)[0])
            ):
                zh, en, tags = _title_line(text)
                titles.append(zh)
                fields.setdefault("title_en", en)
                fields.setdefault("indexing", tags)
            elif _ADDRESS_RE.search(text) and re.search(r"\d", text):
                fields.setdefault("address", text)
            else:
                names.append(text)
    for text in names:
        if text.endswith(("杂志", "学报", "期刊", "年鉴", "通讯")) and not text.endswith("杂志社"):
            titles.append(text)
        elif _ORG_RE.search(text) and len(text) > 4:
            fields.setdefault("publisher", text)
        elif all(_PERSON_RE.match(name) for name in re.split(r"[\s、,，;；]+", text)):
            fields.setdefault("editor", text)
        elif _ADDRESS_RE.search(text):
            fields.setdefault("address", text)
        elif titles == [] and _HAN_RE.search(text):
            titles.append(text)
    if titles:
        fields["title"] = max(set(titles), key=lambda t: (titles.count(t), -titles.index(t)))
    if "indexing" in fields:
        fields["indexing"] = tuple(fields["indexing"])  # type: ignore[arg-type]
    return Journal(**fields)  # type: ignore[arg-type]


def _title_line(text: str) -> tuple[str, str | None, list[str]]:
    """Split ``中文名/Journal English NameCSCD北大核心`` into title, English title and tags.

    >>> _title_line("中华放射学杂志/Journal Chinese Journal of RadiologyCSCD北大核心CSTPCD")
    ('中华放射学杂志', 'Chinese Journal of Radiology', ['CSCD', '北大核心', 'CSTPCD'])
    """
    zh, rest = (part.strip() for part in text.split("/", 1))
    tags: list[str] = []
    while True:
        m = _TRAILING_TAG_RE.search(rest) or _GENERIC_TAG_RE.search(rest)
        if not m or m.start() == 0:
            break
        tags.insert(0, m.group(0))
        rest = rest[: m.start()].rstrip()
    label = re.match(r"^Journal\s+(?=[A-Z])", rest)
    if label:
        rest = rest[label.end() :]
    return zh, rest.strip() or None, tags


def _issue(lines: list[_Line]) -> tuple[int | None, str | None, str | None]:
    for ln in lines:
        m = _YEAR_ISSUE_RE.search(ln.text) or _YEAR_VOL_RE.search(ln.text)
        if m:
            return int(m.group("year")), m.group("volume"), m.group("number")
    return None, None, None
