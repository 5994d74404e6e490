"""Read input articles (files, folders, JSONL, stdin) into :class:`~kg.model.Document`.

An *input* is

* a file: ``.txt`` (plain text), ``.md``/``.markdown`` (Markdown, syntax
  stripped), ``.html``/``.htm`` (visible text), ``.jsonl``/``.ndjson`` (one
  JSON object per line, each one document). A file named explicitly with any
  other extension is sniffed like stdin (below);
* a folder, read recursively: files sorted by path, hidden files and folders
  (``.name``), ``README.*`` files and files with other extensions skipped; a
  folder without any document is an error;
* ``-`` for stdin: JSONL if its first non-space character is ``{``, else plain
  text.

Decisions, so that the rest of the pipeline can rely on them:

* **The text is kept as given** apart from line endings (CRLF and CR become
  LF) and a leading byte-order mark. In particular it is *not* NFC-normalised:
  every offset the pipeline records (mentions, evidence) refers to
  ``Document.text``, and the evidence quoted in the graph must be a substring
  of what the user wrote. A stage that wants normalised text for matching
  must keep its own offset map. For Markdown and HTML, ``Document.text`` is
  the extracted visible text (Markdown syntax removed, HTML tags removed and
  entities unescaped); offsets refer to that extracted text.
* **Language**: an explicit ``lang`` argument (``--lang``) wins over
  everything, then a JSONL line's own ``lang``, then detection from the
  script of the text with :func:`kg.langs.detect_language`. Every code is
  checked with :func:`kg.langs.get_language`.
* **Document ids**: a file's name without extension
  (``000_bb1140d7c5ae393e``). When files of one run share a name, each of
  them gets the shortest trailing part of its path that is unique
  (``ko/article``, ``en/article``; with the extension if only that differs).
  A JSONL line's ``id`` (default ``<file stem>:<line>``); a duplicate id in
  JSONL is an error. Stdin is ``stdin`` (JSONL default ``stdin:<line>``).
  The same file given twice (directly or through a folder) is read once.
* **Errors** are :class:`kg.errors.InputError` subclasses with a one-line
  message starting with the file name. :func:`read_documents` checks
  ``lang`` and expands all paths when called (a missing path fails at once)
  and then reads lazily; :func:`read_all` reads everything before returning,
  so a caller can validate all inputs before writing anything.
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, NamedTuple

from .errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    JSONLError,
    LanguageError,
)
from .model import Document

__all__ = [
    "FORMATS",
    "Extracted",
    "read_documents",
    "read_all",
    "decode_bytes",
    "markdown_to_text",
    "html_to_text",
]

#: File extension (lower case) -> format name. Folders only read these.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"PK\x07\x08", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (  # longest first: UTF-32 LE starts like UTF-16 LE
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SNIFF_BYTES = 8192
STDIN_NAME = "<stdin>"


class Extracted(NamedTuple):
    """Visible text of a marked-up document and the metadata found in it."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None


# --------------------------------------------------------------------------- decoding


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of input ``name`` to text, refusing binary data.

    UTF-8 (a byte-order mark is dropped) or UTF-16/UTF-32 with a byte-order
    mark. Line endings become LF; nothing else is changed.

    >>> decode_bytes("\\ufeff알리바바\\r\\n".encode("utf-8"), "a.txt")
    '알리바바\\n'
    >>> decode_bytes("DeepSeek".encode("utf-16"), "a.txt")
    'DeepSeek'
    >>> decode_bytes(b"caf\\xe9", "a.txt")
    Traceback (most recent call last):
    ...
    kg.errors.EncodingError: a.txt: not UTF-8 text (invalid byte 0xE9 at offset 3); convert it with iconv -t UTF-8
    >>> decode_bytes(b"%PDF-1.7 ...", "a.pdf")
    Traceback (most recent call last):
    ...
    kg.errors.BinaryInputError: a.pdf: binary file (PDF), not text; convert it to plain text first
    """
    if not data:
        raise EmptyInputError(f"{name}: empty, no text to read")
    encoding, skip = _bom(data)
    if encoding == "utf-8":  # no UTF-16/32 BOM: NUL bytes mean binary
        _refuse_binary(data, name)
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as e:
        offset = skip + e.start
        if encoding == "utf-8":
            raise _not_utf8(name, data[offset], offset) from None
        label = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]
        raise EncodingError(
            f"{name}: not valid {label} text ({e.reason} at offset {offset}); convert it with iconv -t UTF-8"
        ) from None
    text = _normalize_newlines(text)
    if not text.strip():
        raise EmptyInputError(f"{name}: empty, no text to read")
    return text


def _bom(data: bytes) -> tuple[str, int]:
    """The encoding a byte-order mark at the start of ``data`` names, and its length (UTF-8, 0 if none)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return "utf-8", 0


def _refuse_binary(head: bytes, name: str) -> None:
    """BinaryInputError if ``head`` (a file's first bytes, no UTF-16/32 byte-order mark) is not text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"{name}: binary file ({kind}), not text; convert it to plain text first")
    nul = head.find(b"\x00", 0, _SNIFF_BYTES)
    if nul >= 0:
        raise BinaryInputError(
            f"{name}: binary file (NUL byte at offset {nul}), not text; "
            "if it is UTF-16 text, add a byte-order mark or convert it with iconv -t UTF-8"
        )


def _not_utf8(name: str, byte: int, offset: int) -> EncodingError:
    return EncodingError(f"{name}: not UTF-8 text (invalid byte 0x{byte:02X} at offset {offset}); "
                         "convert it with iconv -t UTF-8")


# --------------------------------------------------------------------------- Markdown

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HRULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_REFDEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(.*)$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_HTML_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[A-Za-z]+)>")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?\)")
_REFLINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*"),
    re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"),
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_FRONT_KEYS = {
    "title": "title",
    "url": "url",
    "canonical_url": "url",
    "link": "url",
    "date": "published",
    "published": "published",
    "published_at": "published",
}


def _markdown_inline(line: str) -> str:
    kept: list[str] = []

    def protect(text: str) -> str:
        kept.append(text)
        return f"\ue000{len(kept) - 1}\ue001"

    line = _CODE_SPAN.sub(lambda m: protect(m.group(2).strip() or m.group(2)), line)
    line = _ESCAPE.sub(lambda m: protect(m.group(1)), line)
    line = _AUTOLINK.sub(lambda m: protect(m.group(1)), line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _REFLINK.sub(r"\1", line)
    for pattern in _EMPHASIS:
        previous = None
        while previous != line:  # nested emphasis: ***x*** -> x
            previous, line = line, pattern.sub(r"\1", line)
    while _PLACEHOLDER.search(line):  # placeholders may nest (escape inside code span text)
        line = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], line)
    return line


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML-ish front matter (``---`` ... ``---``): simple ``key: value`` lines."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, 0
    meta: dict[str, str] = {}
    for raw in lines[1:end]:
        key, sep, value = raw.partition(":")
        field_name = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and field_name and value and field_name not in meta:
            meta[field_name] = value
    return meta, end + 1


def markdown_to_text(markdown: str) -> Extracted:
    """Strip Markdown syntax conservatively, keeping every visible character.

    Headings lose their ``#``, emphasis and code markers are removed, links
    become their text, images and reference definitions are dropped, code
    blocks are kept as text without their fences. The title is the first
    heading (or ``title:`` of a front matter block, which is dropped).

    >>> md = "# 딥시크 쇼크\\n\\n**알리바바**는 [Qwen](https://qwen.ai) 모델을 ![logo](l.png)공개했다.\\n"
    >>> markdown_to_text(md)
    Extracted(text='딥시크 쇼크\\n\\n알리바바는 Qwen 모델을 공개했다.', title='딥시크 쇼크', url=None, published=None)
    """
    lines = _normalize_newlines(markdown).split("\n")
    meta, start = _front_matter(lines)
    title = meta.get("title")
    heading_title: str | None = None
    out: list[str] = []
    fence: str | None = None
    paragraph = False  # the previous output line is paragraph text (for setext headings)
    for raw in lines[start:]:
        if fence is not None:
            m = _FENCE.match(raw)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not raw[m.end():].strip():
                fence = None
            else:
                out.append(raw.rstrip())
            continue
        m = _FENCE.match(raw)
        if m:
            fence = m.group(1)
            paragraph = False
            continue
        line = raw
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        if _HTML_COMMENT_LINE.match(line) or _TABLE_RULE.match(line):
            continue
        if paragraph and _SETEXT.match(line):
            if heading_title is None:
                heading_title = out[-1].strip()
            paragraph = False
            continue
        if _HRULE.match(line):
            out.append("")
            paragraph = False
            continue
        ref = _REFDEF.match(line)
        if ref:
            if ref.group(1).startswith("^"):  # footnote: keep its text
                out.append(_markdown_inline(ref.group(2)).rstrip())
            continue
        heading = _ATX.match(line)
        if heading:
            text = _markdown_inline(heading.group(2) or "").strip()
            if heading_title is None and text:
                heading_title = text
            out.append(text)
            paragraph = False
            continue
        line = _BULLET.sub("", line)
        text = _markdown_inline(line).rstrip()
        out.append(text)
        paragraph = bool(text.strip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return Extracted(text, title or heading_title or None, meta.get("url"), meta.get("published"))


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset({"script", "style", "nav", "head", "title", "noscript", "template", "svg", "iframe"})
_PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
     "section", "article", "header", "footer", "main", "aside", "figure", "hr", "address", "details"}
)
_LINE_TAGS = frozenset(
    {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "form", "fieldset",
     "legend", "option", "tbody", "thead", "tfoot"}
)
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses ASCII whitespace only (not NBSP, not U+3000)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: dict[str, int] = dict.fromkeys(_SKIP_TAGS, 0)
        self.pre = 0
        self.last = "\n"  # last character emitted
        self.newlines = 2  # line breaks at the end of the output
        self.title: str | None = None
        self._title: list[str] | None = None
        self.h1: str | None = None
        self._h1: list[str] | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.meta_published: str | None = None
        self.time_datetime: str | None = None

    @property
    def visible(self) -> bool:
        return not any(self.skip.values())

    def _emit(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.last = text[-1]
            stripped = text.rstrip("\n")
            self.newlines = len(text) - len(stripped) + (self.newlines if not stripped else 0)

    def _break(self, newlines: int) -> None:
        """End the current line (1) or paragraph (2), without piling up blank lines."""
        if self.newlines < newlines:
            self._emit("\n" * (newlines - self.newlines))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "body":
            self.skip["head"] = 0  # an unclosed <head> ends at <body>
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            content = a.get("content") or None
            if key == "og:url" and self.og_url is None:
                self.og_url = content
            elif key in ("article:published_time", "datepublished") and self.meta_published is None:
                self.meta_published = content
        elif tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and self.canonical is None:
                self.canonical = a.get("href") or None
        elif tag == "time":
            if self.time_datetime is None and a.get("datetime") and self.visible:
                self.time_datetime = a["datetime"]
        elif tag == "title" and self.title is None and self._title is None and not self.skip["svg"]:
            self._title = []
        elif tag == "h1" and self.h1 is None and self._h1 is None and self.visible:
            self._h1 = []
        if tag in _SKIP_TAGS:
            self.skip[tag] += 1
            return
        if not self.visible:
            return
        if tag == "pre":
            self.pre += 1
        if tag == "br":
            self._emit("\n")  # <br><br> is a blank line
        elif tag in _PARAGRAPH_TAGS:
            self._break(2)
        elif tag in _LINE_TAGS:
            self._break(1)
        elif tag in _CELL_TAGS and self.last not in " \n":
            self._emit(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.title = _HTML_SPACE.sub(" ", "".join(self._title)).strip() or None
            self._title = None
        elif tag == "h1" and self._h1 is not None:
            self.h1 = _HTML_SPACE.sub(" ", "".join(self._h1)).strip() or None
            self._h1 = None
        if tag in _SKIP_TAGS:
            if self.skip[tag]:
                self.skip[tag] -= 1
            return
        if not self.visible:
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _PARAGRAPH_TAGS:
            self._break(2)
        elif tag in _LINE_TAGS:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        if not self.visible:
            return
        if self._h1 is not None:
            self._h1.append(data)
        if self.pre:
            self._emit(data)
            return
        text = _HTML_SPACE.sub(" ", data)
        if text.startswith(" ") and self.last in " \n":
            text = text[1:]
        self._emit(text)

    def result(self) -> Extracted:
        lines = [line.strip(" \t") for line in "".join(self.parts).split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
        return Extracted(
            text,
            self.title or self.h1,
            self.canonical or self.og_url,
            self.meta_published or self.time_datetime,
        )


def html_to_text(html: str) -> Extracted:
    """The visible text of an HTML page, with its title, URL and publication date.

    ``script``, ``style``, ``nav``, ``head`` (and ``title``, ``noscript``,
    ``template``, ``svg``, ``iframe``) are dropped, block elements become line breaks,
    entities are unescaped; runs of HTML whitespace become one space (other
    characters, NBSP included, are kept). Title from ``<title>`` or the first
    ``<h1>``; URL from ``<link rel=canonical>`` or ``og:url``; date from
    ``article:published_time`` or the first ``<time datetime>``.

    >>> page = '''<html><head><title>Biren IPO</title><script>var x = 1;</script></head>
    ... <body><nav>Home | News</nav><h1>Biren&nbsp;IPO</h1>
    ... <p>Biren &amp; <b>Alibaba</b><br>expand.</p></body></html>'''
    >>> html_to_text(page)
    Extracted(text='Biren\\xa0IPO\\n\\nBiren & Alibaba\\nexpand.', title='Biren IPO', url=None, published=None)
    """
    parser = _HTMLText()
    parser.feed(_normalize_newlines(html))
    parser.close()
    return parser.result()


# --------------------------------------------------------------------------- languages


def _detect_language(text: str) -> str | None:
    from kg.langs import detect_language  # lazy: kg.langs is imported only when needed

    return detect_language(text)


def _check_language(code: str) -> str:
    """The registered code for ``code`` (``ko-KR`` -> ``ko``); LanguageError if unknown."""
    from kg.langs import get_language  # lazy

    return get_language(code).code


class _Languages:
    """Resolve and validate the language of each document (validation cached per code)."""

    def __init__(self, explicit: str | None):
        self.known: dict[str, str] = {}  # code as given -> registered code
        self.explicit = None if explicit is None else self.check(explicit)  # LanguageError lists valid codes

    def check(self, code: str) -> str:
        if code not in self.known:
            self.known[code] = _check_language(code)
        return self.known[code]

    def resolve(self, text: str, where: str, own: str | None = None) -> str:
        if self.explicit is not None:
            return self.explicit
        if own is not None:
            return own  # checked by the caller
        code = _detect_language(text)
        if code is None:
            raise LanguageError(f"{where}: cannot tell the language (no letters); pass --lang")
        return self.check(code)


# --------------------------------------------------------------------------- inputs


@dataclass(slots=True)
class _Source:
    name: str  # shown in messages and Document.source
    path: Path | None  # None for stdin
    fmt: str | None  # None: sniff (stdin, unknown extension)
    id: str = ""


def _expand(inputs: Iterable[str | os.PathLike[str]]) -> list[_Source]:
    sources: list[_Source] = []
    seen: set[str] = set()
    stdin_used = False
    for item in inputs:
        if isinstance(item, str) and item == "-":
            if stdin_used:
                raise InputError(f"{STDIN_NAME}: '-' is given more than once")
            stdin_used = True
            sources.append(_Source(STDIN_NAME, None, None, "stdin"))
            continue
        path = Path(item)
        name = str(path)
        if not os.path.lexists(path) or (path.is_symlink() and not path.exists()):
            raise InputError(f"{name}: no such file or directory")
        if path.is_dir():
            found = _walk(path)
            if not found:
                exts = ", ".join(sorted(FORMATS))
                raise InputError(f"{name}: folder has no documents (looked for {exts} files)")
            candidates = [(path / rel, FORMATS[rel.suffix.lower()]) for rel in found]
        else:
            candidates = [(path, FORMATS.get(path.suffix.lower()))]
        for file, fmt in candidates:
            real = os.path.realpath(file)
            if real in seen:
                continue
            seen.add(real)
            sources.append(_Source(str(file), file, fmt))
    if not sources:
        raise InputError("no input given; pass files, folders or - for stdin")
    _assign_ids([s for s in sources if s.path is not None])
    return sources


def _is_readme(filename: str) -> bool:
    """``README.md`` and the like describe a folder; they are not articles."""
    return Path(filename).stem.lower() == "readme"


def _walk(top: Path) -> list[Path]:
    def fail(err: OSError) -> None:
        raise InputError(f"{err.filename or top}: cannot read folder ({err.strerror})")

    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=fail):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath).relative_to(top)
        for f in filenames:
            if not f.startswith(".") and Path(f).suffix.lower() in FORMATS and not _is_readme(f):
                found.append(base / f)
    return sorted(found, key=lambda p: p.parts)


def _assign_ids(files: list[_Source]) -> None:
    """File name without extension; files sharing it get the shortest unique path tail.

    Each file of a clashing group takes its first candidate, in the order
    ``parent/stem``, ``parent/name.ext``, ``grandparent/parent/stem``, ...,
    that no other file of the group could take, so ids do not depend on the
    order of the inputs nor on how their paths were spelled.
    """
    groups: dict[str, list[_Source]] = {}
    for s in files:
        assert s.path is not None
        s.id = s.path.stem
        groups.setdefault(s.id, []).append(s)
    for group in groups.values():
        if len(group) == 1:
            continue
        options: list[list[str]] = []
        for s in group:
            parts = Path(os.path.abspath(s.path)).parts  # type: ignore[arg-type]
            stem = Path(parts[-1]).stem
            tails = []
            for k in range(2, len(parts) + 1):
                parents = [p for p in parts[-k:-1] if p != os.sep]
                tails += ["/".join([*parents, stem]), "/".join([*parents, parts[-1]])]
            options.append(tails)
        for i, s in enumerate(group):
            taken = {t for j, other in enumerate(options) if j != i for t in other}
            s.id = next((t for t in options[i] if t not in taken), options[i][-1])


def _read_file(src: _Source, max_bytes: int) -> bytes:
    with _open(src) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputTooLargeError(_too_large(src.name, size, max_bytes))
            data = fh.read(max_bytes + 1)  # not a regular file: its size may be 0
        except OSError as e:
            raise InputError(f"{src.name}: cannot read ({e.strerror})") from None
    if len(data) > max_bytes:
        raise InputTooLargeError(_too_large(src.name, None, max_bytes))
    return data


def _open(src: _Source):
    assert src.path is not None
    try:
        return open(src.path, "rb")
    except FileNotFoundError:
        raise InputError(f"{src.name}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{src.name}: is a folder that cannot be read") from None
    except OSError as e:
        raise InputError(f"{src.name}: cannot read ({e.strerror})") from None


def _looks_like_jsonl(src: _Source) -> bool:
    """Whether a file of unknown extension starts like JSON Lines (its first non-blank character is ``{``)."""
    with _open(src) as fh:
        head = fh.read(_SNIFF_BYTES)
    encoding, skip = _bom(head)
    if encoding != "utf-8":
        return head[skip:].decode(encoding, "ignore").lstrip()[:1] == "{"
    return head[skip:].lstrip()[:1] == b"{"


def _jsonl_lines(src: _Source, max_bytes: int) -> Iterator[tuple[int, str]]:
    """The numbered lines of a JSON Lines file, read one at a time (a JSONL file of any size is read in
    the memory of its longest line; a line over ``max_bytes`` is refused). UTF-8 (a byte-order mark is
    dropped); UTF-16/32 with a byte-order mark is read whole, within ``max_bytes``."""
    with _open(src) as fh:
        try:
            head = fh.read(_SNIFF_BYTES)
            if not head:
                raise EmptyInputError(f"{src.name}: empty, no text to read")
            encoding, skip = _bom(head)
            if encoding != "utf-8":
                fh.seek(0)
                data = fh.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise InputTooLargeError(_too_large(src.name, None, max_bytes))
                yield from enumerate(decode_bytes(data, src.name).split("\n"), start=1)
                return
            _refuse_binary(head, src.name)
            fh.seek(skip)
            offset, number = skip, 0
            while raw := fh.readline(max_bytes + 1):
                if len(raw) > max_bytes:
                    raise InputTooLargeError(
                        f"{src.name} line {number + 1}: too large (more than {max_bytes:,} bytes; the limit is "
                        f"{max_bytes:,} bytes a line); split the document")
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise _not_utf8(src.name, raw[e.start], offset + e.start) from None
                offset += len(raw)
                # a lone CR ends a line too, as when a whole file is read (_normalize_newlines)
                line = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line
                for part in _normalize_newlines(line).split("\n"):
                    number += 1
                    yield number, part
        except OSError as e:
            raise InputError(f"{src.name}: cannot read ({e.strerror})") from None


def _too_large(name: str, size: int | None, max_bytes: int) -> str:
    what = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return f"{name}: too large ({what}; the limit is {max_bytes:,} bytes); split it into smaller files"


def _read_stdin(stream: IO | None, max_bytes: int) -> str:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read(max_bytes + 1)
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise InputTooLargeError(_too_large(STDIN_NAME, None, max_bytes))
        return decode_bytes(data, STDIN_NAME)
    if len(data) > max_bytes or len(data.encode("utf-8", "surrogatepass")) > max_bytes:
        raise InputTooLargeError(_too_large(STDIN_NAME, None, max_bytes))
    if data.startswith("\ufeff"):
        data = data[1:]
    text = _normalize_newlines(data)
    if not text.strip():
        raise EmptyInputError(f"{STDIN_NAME}: empty, no text to read")
    return text


# --------------------------------------------------------------------------- JSONL


def _optional_str(obj: dict, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise JSONLError(f"{where}: {key!r} must be a string")
    return value.strip() or None


def _jsonl_documents(lines: Iterable[tuple[int, str]], src: _Source, langs: _Languages,
                     ids: dict[str, str]) -> Iterator[Document]:
    """The documents of numbered JSONL ``lines``."""
    stem = src.path.stem if src.path is not None else "stdin"
    count = 0
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{src.name} line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise JSONLError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
        if not isinstance(obj, dict):
            raise JSONLError(f"{where}: expected a JSON object with a 'text', got {type(obj).__name__}")
        if "text" not in obj:
            raise JSONLError(f"{where}: missing 'text'")
        body = obj["text"]
        if not isinstance(body, str) or not body.strip():
            raise JSONLError(f"{where}: 'text' must be a non-empty string")
        body = _normalize_newlines(body)
        raw_id = obj.get("id")
        if raw_id is None:
            doc_id = f"{stem}:{number}"
        elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
            raise JSONLError(f"{where}: 'id' must be a non-empty string or an integer")
        else:
            doc_id = str(raw_id).strip()
        if doc_id in ids:
            raise JSONLError(f"{where}: duplicate id {doc_id!r} (already used by {ids[doc_id]})")
        own = obj.get("lang")
        if own is not None:
            if not isinstance(own, str) or not own.strip():
                raise JSONLError(f"{where}: 'lang' must be a language code string such as \"en\"")
            if langs.explicit is None:
                try:
                    own = langs.check(own)
                except LanguageError as e:
                    raise JSONLError(f"{where}: 'lang' must be a supported language code ({e})") from None
        url = _optional_str(obj, "url", where)
        published = _optional_str(obj, "published", where)
        title = _optional_str(obj, "title", where)
        source = f"{src.name}:{number}"
        lang = langs.resolve(body, where, own)
        ids[doc_id] = source
        count += 1
        yield Document(doc_id, body, lang, source, url, published, title)
    if count == 0:
        raise EmptyInputError(f"{src.name}: empty, no text to read")


# --------------------------------------------------------------------------- public API


def read_documents(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    lang: str | None = None,
    *,
    stdin: IO | None = None,
    max_bytes: int = 50_000_000,
) -> Iterator[Document]:
    """Read files, folders and ``-`` (stdin) as :class:`~kg.model.Document` s, lazily.

    ``lang`` (``--lang``) is checked and every path is expanded when this is
    called, so an unknown language or a missing path fails at once; each
    document is then read when the iterator reaches it, and a bad one raises
    an :class:`~kg.errors.InputError` there. Use :func:`read_all` to read
    everything before doing anything else. ``stdin`` is the stream read for
    ``-`` (text or bytes; default ``sys.stdin``).

    >>> import io
    >>> docs = read_documents(["-"], "en", stdin=io.StringIO("Alibaba invests in Biren.\\r\\n"))
    >>> next(docs)
    Document(id='stdin', text='Alibaba invests in Biren.\\n', lang='en', source='<stdin>', url=None, published=None, title=None)
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, not {max_bytes!r}")
    langs = _Languages(lang)
    sources = _expand(inputs)
    return _generate(sources, langs, stdin, max_bytes)


def _generate(sources: list[_Source], langs: _Languages, stdin: IO | None, max_bytes: int) -> Iterator[Document]:
    ids: dict[str, str] = {}  # document id -> source that used it
    for src in sources:
        if src.path is not None and (src.fmt == "jsonl" or src.fmt is None and _looks_like_jsonl(src)):
            yield from _jsonl_documents(_jsonl_lines(src, max_bytes), src, langs, ids)
            continue
        if src.path is None:
            text = _read_stdin(stdin, max_bytes)
        else:
            text = decode_bytes(_read_file(src, max_bytes), src.name)
        fmt = src.fmt
        if fmt is None:  # stdin, or a file named explicitly with an unknown extension
            fmt = "jsonl" if text.lstrip()[:1] == "{" else "text"
        if fmt == "jsonl":
            yield from _jsonl_documents(enumerate(text.split("\n"), start=1), src, langs, ids)
            continue
        if fmt == "markdown":
            extracted = markdown_to_text(text)
        elif fmt == "html":
            extracted = html_to_text(text)
        else:
            extracted = Extracted(text)
        if not extracted.text.strip():
            raise EmptyInputError(f"{src.name}: empty, no visible text to read")
        if src.id in ids:
            raise InputError(
                f"{src.name}: document id {src.id!r} is already used by {ids[src.id]}; rename the file"
            )
        doc_lang = langs.resolve(extracted.text, src.name)
        ids[src.id] = src.name
        yield Document(src.id, extracted.text, doc_lang, src.name, extracted.url, extracted.published, extracted.title)


def read_all(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    lang: str | None = None,
    *,
    stdin: IO | None = None,
    max_bytes: int = 50_000_000,
) -> list[Document]:
    """Read every input before returning: any bad input raises before anything is used.

    Same arguments as :func:`read_documents`.

    >>> import io
    >>> [d.id for d in read_all("-", "en", stdin=io.StringIO('{"id": "a", "text": "Hi"}\\n{"text": "Yo"}'))]
    ['a', 'stdin:2']
    """
    return list(read_documents(inputs, lang, stdin=stdin, max_bytes=max_bytes))
