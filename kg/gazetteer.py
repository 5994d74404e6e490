"""Known tech-industry entities and the names they go by in Korean, English and Chinese.

The built-in gazetteer is the JSONL files of ``kg/data/gazetteer/`` (one entity
per line; the format is described in that folder's ``README.md``); users add
their own with ``--gazetteer FILE`` (``.jsonl``, ``.csv`` or ``.ttl``). An entry
of a user file whose id is already known extends it: its type, label and
identifiers replace the old ones and its aliases are added.

:meth:`Gazetteer.find` scans a text for every known name (leftmost-longest,
non-overlapping) with boundary rules per script:

* Latin/digit names match case-sensitively and must not be glued to Latin
  letters or digits ("Meta" is not found in "Metaverse", "AMD" not in "AMDX");
* Hangul names must not follow a Hangul syllable ("애플" is not found in
  "파인애플") but may be followed by one (particles: "엔비디아의");
* Han names have no boundaries (Chinese has no spaces; the NLP stage checks
  token alignment).

Spaces and hyphens inside a name are optional in the text and any run of them
matches ("Qwen2.5-Max" finds "Qwen 2.5 Max", "알리바바 그룹" finds "알리바바그룹"),
as is a space where a name switches between Latin and Hangul/Han script
("LG전자" finds "LG 전자"). :meth:`Gazetteer.lookup` is looser still: it ignores
case, width, spaces and punctuation.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .errors import GazetteerError

__all__ = [
    "TYPES",
    "DATA_DIR",
    "GazetteerEntry",
    "GazetteerHit",
    "Gazetteer",
    "load_gazetteer",
    "normalize_name",
]

#: Folder of the built-in gazetteer files.
DATA_DIR = Path(__file__).parent / "data" / "gazetteer"
#: The version of the built-in gazetteer (``kg/data/gazetteer/VERSION``; changes in CHANGELOG.md).
VERSION = (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()

_TYPES_FILE = DATA_DIR / "types.jsonl"
_TK = "https://techkg.dev/ontology#"


def _read_types(path: Path) -> tuple[str, ...]:
    types = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            types.append(json.loads(line)["type"])
    return tuple(types)


#: The entity types a gazetteer entry may have (ontology class local names),
#: read from ``kg/data/gazetteer/types.jsonl``.
TYPES: tuple[str, ...] = _read_types(_TYPES_FILE)
_TYPE_SET = frozenset(TYPES)

_ID_RE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*\Z")
_LANG_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*\Z")
_QID_RE = re.compile(r"Q[1-9][0-9]*\Z")
_ENTRY_KEYS = ("id", "type", "label", "aliases", "wikidata", "ticker", "website", "country", "source", "exclude")


# ---------------------------------------------------------------- records


class AliasMap(Mapping[str, tuple[str, ...]]):
    """An immutable, hashable ``lang -> names`` mapping (the aliases of an entry).

    >>> m = AliasMap({"ko": ["엔비디아"], "zh": ("英伟达",)})
    >>> m["ko"], len(m), dict(m) == {"ko": ("엔비디아",), "zh": ("英伟达",)}
    (('엔비디아',), 2, True)
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Iterable[str]] | None = None):
        self._data = {lang: tuple(names) for lang, names in (data or {}).items()}

    def __getitem__(self, lang: str) -> tuple[str, ...]:
        return self._data[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)

    def __getstate__(self):
        return self._data

    def __setstate__(self, state):
        self._data = state


@dataclass(frozen=True)
class GazetteerEntry:
    """One known entity: a stable id, an ontology type, an English label and its names.

    >>> e = GazetteerEntry("nvidia", "Company", "Nvidia", {"en": ["NVIDIA"], "ko": ["엔비디아"]})
    >>> e.names()
    ('Nvidia', 'NVIDIA', '엔비디아')
    >>> e.names("ko"), e.label_for("ko"), e.label_for("zh")
    (('Nvidia', '엔비디아'), '엔비디아', 'Nvidia')
    """

    id: str
    type: str
    label: str
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=AliasMap)
    wikidata: str = ""
    ticker: str = ""
    website: str = ""
    source: str = ""
    #: ISO 3166-1 alpha-2 code of the country an organisation is based in
    #: (or a person works in); general knowledge, so no source is needed.
    country: str = ""
    #: Longer surface forms that contain one of the names but are not this
    #: entity ("인텔리전스" for 인텔); find() skips them.
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.aliases, AliasMap):
            object.__setattr__(self, "aliases", AliasMap(self.aliases))
        object.__setattr__(self, "exclude", tuple(self.exclude))

    def names(self, lang: str | None = None) -> tuple[str, ...]:
        """The label and the aliases of one language (or of all), without repeats.

        >>> load_gazetteer().get("tencent").names("zh")
        ('Tencent Holdings', '腾讯', '腾讯控股', '腾讯公司')
        """
        out = [self.label]
        for code in (self.aliases if lang is None else (lang,)):
            out.extend(self.aliases.get(code, ()))
        return tuple(dict.fromkeys(out))

    def label_for(self, lang: str | None) -> str:
        """The preferred name in ``lang``: its first alias there, else the label.

        >>> e = load_gazetteer().get("alibaba-group")
        >>> e.label_for("ko"), e.label_for("zh"), e.label_for("fr")
        ('알리바바', '阿里巴巴', 'Alibaba Group')
        """
        names = self.aliases.get(lang, ()) if lang else ()
        return names[0] if names else self.label


@dataclass(frozen=True)
class GazetteerHit:
    """A span of a text (character offsets, end exclusive) that names ``entry``."""

    start: int
    end: int
    text: str
    entry: GazetteerEntry


# ------------------------------------------------------------ normalising

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'"})
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013")
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_CHAR_CACHE: dict[str, str] = {}


def _norm_char(c: str) -> str:
    """NFKC (full-width -> ASCII, ㎡ -> m2) plus curly quotes -> straight ones."""
    n = _CHAR_CACHE.get(c)
    if n is None:
        n = unicodedata.normalize("NFKC", c).translate(_QUOTES)
        _CHAR_CACHE[c] = n
    return n


def _is_sep(c: str) -> bool:
    """Characters that may separate the words of a name: spaces (not line breaks) and hyphens."""
    return c in _HYPHENS or (c.isspace() and c not in _LINE_BREAKS)


def _is_latin(c: str) -> bool:
    """A Latin letter or a digit (the characters a Latin name must not be glued to)."""
    return c in _ASCII_ALNUM or (
        ("\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff") and c.isalpha()
    )


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" or "\u3131" <= c <= "\u318e"


def _is_cjk(c: str) -> bool:
    """Han characters and Japanese kana."""
    return (
        "\u4e00" <= c <= "\u9fff"
        or "\u3400" <= c <= "\u4dbf"
        or "\u3040" <= c <= "\u30ff"
        or "\uf900" <= c <= "\ufaff"
        or "\U00020000" <= c <= "\U0003134f"
    )


def _script(c: str) -> str:
    if c.isdigit() and c.isascii():
        return "D"
    if _is_latin(c):
        return "L"
    if _is_hangul(c):
        return "H"
    if _is_cjk(c):
        return "C"
    return "O"


def _is_neutral(name: str) -> bool:
    """True for names with no Hangul, Han or kana: they can appear in a text of any language."""
    return not any(_is_hangul(c) or _is_cjk(c) for c in name)


def normalize_name(name: str) -> str:
    """The key :meth:`Gazetteer.lookup` compares names by.

    NFKC, case-folded, without spaces, punctuation or control characters.

    >>> normalize_name("Qwen 2.5-Max") == normalize_name("Qwen2.5-Max") == normalize_name("ＱＷＥＮ２.５ｍａｘ")
    True
    >>> normalize_name("알리바바 그룹") == normalize_name("알리바바그룹")
    True
    """
    s = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    return "".join(c for c in s if not unicodedata.category(c)[0] in "PZC")


# A trie node is a dict: one character -> child node; _SEP -> the node after an
# optional separator; _END -> (priority, entry or None). Keys of one character
# can never equal these two.
_SEP = "<sep>"
_END = "<end>"


def _tokens(name: str) -> list[str]:
    """A name as trie keys: normalised characters with _SEP where the text may put separators."""
    chars = [ch for c in name for ch in _norm_char(c)]
    toks: list[str] = []
    pending = False
    prev = ""
    run = 0  # Latin letters in a row before the current character
    for ch in chars:
        if _is_sep(ch) or ch in _LINE_BREAKS:
            pending = bool(toks)
            continue
        if toks:
            a, b = _script(prev), _script(ch)
            soft = (a in "LD" and b in "HC") or (a in "HC" and b in "LD") or (a == "L" and b == "D" and run >= 3)
            if pending or soft:
                toks.append(_SEP)
        run = run + 1 if _script(ch) == "L" else 0
        toks.append(ch)
        prev = ch
        pending = False
    return toks


# ---------------------------------------------------------------- gazetteer


class Gazetteer:
    """A set of :class:`GazetteerEntry` with indexes to look names up and find them in texts.

    >>> gaz = load_gazetteer()
    >>> len(gaz) >= 300, gaz.get("openai").type, "openai" in gaz
    (True, 'Startup', True)
    """

    def __init__(self, entries: Iterable[GazetteerEntry] = (), _seq: Mapping[str, int] | None = None):
        self._entries: dict[str, GazetteerEntry] = {}
        for e in entries:
            self._entries[e.id] = e
        self._seq = dict(_seq or {})  # id -> load order of the file that last defined it
        self._index: dict[str, list[GazetteerEntry]] = {}
        for e in sorted(self._entries.values(), key=self._rank):
            for name in e.names():
                key = normalize_name(name)
                if key:
                    bucket = self._index.setdefault(key, [])
                    if e not in bucket:
                        bucket.append(e)
        self._tries: dict[str | None, dict] = {}
        for lang in (None, "en", "ko", "zh"):
            self._trie(lang)

    # -- loading

    @classmethod
    def load(cls, extra: Iterable[str | Path] | str | Path = ()) -> "Gazetteer":
        """The built-in gazetteer plus the user files ``extra`` (``.jsonl``, ``.csv``, ``.ttl`` or folders of them).

        User entries with a known id extend it (type, label and identifiers
        replace, aliases add); later files win over earlier ones.

        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.jsonl"
        >>> _ = p.write_text('{"id": "acme-robotics", "type": "Startup", "label": "Acme Robotics", "aliases": {"ko": ["애크미로보틱스"]}}\\n', encoding="utf-8")
        >>> gaz = Gazetteer.load([p])
        >>> gaz.get("acme-robotics").label_for("ko"), len(gaz) == len(load_gazetteer()) + 1
        ('애크미로보틱스', True)
        """
        if isinstance(extra, (str, Path)):
            extra = (extra,)
        entries: dict[str, GazetteerEntry] = {}
        seq: dict[str, int] = {}
        origin: dict[str, str] = {}
        for path in sorted(DATA_DIR.glob("*.jsonl")):
            if path == _TYPES_FILE:
                continue
            shown = f"kg/data/gazetteer/{path.name}"
            for lineno, entry in _read_jsonl(path, shown):
                if entry.id in entries:
                    raise GazetteerError(
                        f"gazetteer {shown} line {lineno}: id {entry.id!r} is already defined in {origin[entry.id]}"
                    )
                entries[entry.id] = entry
                seq[entry.id] = 0
                origin[entry.id] = shown
        for n, path in enumerate(_expand(extra), start=1):
            for _lineno, entry in _read_file(path):
                old = entries.get(entry.id)
                entries[entry.id] = _merge(old, entry) if old else entry
                seq[entry.id] = n
        return cls(entries.values(), _seq=seq)

    # -- container protocol

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries.values())

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    def get(self, id: str) -> GazetteerEntry | None:
        """The entry with this id, or None.

        >>> load_gazetteer().get("tsmc").label
        'Taiwan Semiconductor Manufacturing Company'
        >>> load_gazetteer().get("no-such-thing") is None
        True
        """
        return self._entries.get(id)

    # -- names

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """The entries one of whose names equals ``name`` up to case, width, spaces and punctuation.

        User entries come before built-in ones, then by id.

        >>> [e.id for e in load_gazetteer().lookup("알리바바 그룹")]
        ['alibaba-group']
        >>> [e.id for e in load_gazetteer().lookup("qwen 2.5 max")]
        ['qwen-2-5-max']
        >>> load_gazetteer().lookup("pineapple")
        []
        """
        return list(self._index.get(normalize_name(name), ()))

    def find(self, text: str, lang: str | None = None, excluded: list[tuple[int, int]] | None = None
             ) -> list[GazetteerHit]:
        """Every non-overlapping occurrence of a known name in ``text``, leftmost-longest, in text order.

        With ``lang`` ("ko", "en", "zh", ...) only the label, the aliases of that
        language and the names of any language written without Hangul or Han
        (TSMC, GPT-4) are looked for; with None, all names. The spans of the
        entries' excludes found instead ('Apple growers') are added to ``excluded``.

        >>> gaz = load_gazetteer()
        >>> [(h.text, h.entry.id) for h in gaz.find("엔비디아와 TSMC는 파인애플을 좋아한다", "ko")]
        [('엔비디아', 'nvidia'), ('TSMC', 'tsmc')]
        >>> [(h.start, h.end, h.entry.id) for h in gaz.find("Meta's metadata on the Metaverse")]
        [(0, 4, 'meta-platforms')]
        """
        if lang:
            lang = lang.lower().split("-")[0].split("_")[0]
        root = self._trie(lang or None)
        orig: Sequence[int]
        if unicodedata.is_normalized("NFKC", text):
            # (most text) no character changes under NFKC, so each is itself but for the quotes
            chars: list[str] = list(text.translate(_QUOTES))
            orig = range(len(text))
        else:
            norm = [c if c.isascii() else _norm_char(c) for c in text]
            chars = list("".join(norm))
            if len(chars) == len(text):  # each character normalised to one: offsets are the same
                orig = range(len(text))
            else:
                orig = [i for i, c in enumerate(norm) for _ in c]
        n = len(chars)
        seps = [c in _HYPHENS or (c.isspace() and c not in _LINE_BREAKS) for c in chars]  # _is_sep, inlined
        hits: list[GazetteerHit] = []
        i = 0
        while i < n:
            ch = chars[i]
            if ch not in root or (i and orig[i] == orig[i - 1]):
                i += 1
                continue
            if i:
                prev = chars[i - 1]
                if (_is_latin(ch) and _is_latin(prev)) or (_is_hangul(ch) and _is_hangul(prev)):
                    i += 1
                    continue
            end, payload = _longest(root, chars, seps, orig, n, i)
            if payload is None:
                i += 1
                continue
            entry = payload[1]
            start, stop = orig[i], orig[end - 1] + 1
            if entry is not None:
                hits.append(GazetteerHit(start, stop, text[start:stop], entry))
            elif excluded is not None:
                excluded.append((start, stop))
            i = end
        return hits

    # -- internals

    def _rank(self, entry: GazetteerEntry) -> tuple[int, str]:
        return (-self._seq.get(entry.id, 0), entry.id)

    def _trie(self, lang: str | None) -> dict:
        trie = self._tries.get(lang)
        if trie is not None:
            return trie
        root: dict = {}

        def add(name: str, priority: tuple, entry: GazetteerEntry | None) -> None:
            toks = _tokens(name)
            if not toks:
                return
            node = root
            for t in toks:
                node = node.setdefault(t, {})
            old = node.get(_END)
            if old is None or priority < old[0]:
                node[_END] = (priority, entry)

        for entry in self._entries.values():
            rank = self._rank(entry)
            add(entry.label, (0, 1, *rank), entry)
            for code, names in entry.aliases.items():
                own = lang is None or code == lang
                for name in names:
                    if own or _is_neutral(name):
                        add(name, (0, 0 if own else 1, *rank), entry)
            for name in entry.exclude:
                add(name, (1, 0, *rank), None)
        self._tries[lang] = root
        return root


def _longest(root: dict, chars: list[str], seps: list[bool], orig: list[int], n: int, i: int):
    """The longest name starting at ``i`` whose end passes the boundary rules: (end, payload)."""
    best_end, best = -1, None
    stack = [(root[chars[i]], i + 1)]
    while stack:
        node, j = stack.pop()
        payload = node.get(_END)
        if payload is not None and j >= best_end and (best is None or j > best_end or payload[0] < best[0]):
            if j == n or orig[j] != orig[j - 1]:  # not inside one normalised character
                if not (j < n and _is_latin(chars[j - 1]) and _is_latin(chars[j])):
                    best_end, best = j, payload
        if j < n:
            ch = chars[j]
            if seps[j]:
                nxt = node.get(_SEP)
                if nxt is not None:
                    k = j + 1
                    while k < n and seps[k]:
                        k += 1
                    stack.append((nxt, k))
            else:
                nxt = node.get(ch)
                if nxt is not None:
                    stack.append((nxt, j + 1))
                sep = node.get(_SEP)
                if sep is not None:
                    nxt = sep.get(ch)
                    if nxt is not None:
                        stack.append((nxt, j + 1))
    return best_end, best


_DEFAULT: Gazetteer | None = None


def load_gazetteer(extra: Iterable[str | Path] | str | Path = ()) -> Gazetteer:
    """:meth:`Gazetteer.load`, cached when there are no user files.

    >>> load_gazetteer() is load_gazetteer()
    True
    """
    global _DEFAULT
    if isinstance(extra, (str, Path)):
        extra = (extra,)
    extra = tuple(extra)
    if extra:
        return Gazetteer.load(extra)
    if _DEFAULT is None:
        _DEFAULT = Gazetteer.load()
    return _DEFAULT


# ---------------------------------------------------------------- readers


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(q for q in path.iterdir() if q.suffix.lower() in _READERS)
            if not found:
                raise GazetteerError(f"gazetteer {p}: the folder holds no .jsonl, .csv or .ttl file")
            yield from found
        else:
            yield path


def _read_file(path: Path) -> list[tuple[int, GazetteerEntry]]:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise GazetteerError(
            f"gazetteer {path}: unknown format {path.suffix or '(no extension)'!r}; use .jsonl, .csv or .ttl"
        )
    return reader(path, str(path))


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise GazetteerError(f"gazetteer {shown}: no such file") from None
    except IsADirectoryError:
        raise GazetteerError(f"gazetteer {shown}: is a folder, not a file") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise GazetteerError(f"gazetteer {shown} line {line}: not UTF-8 text") from None
    except OSError as e:
        raise GazetteerError(f"gazetteer {shown}: cannot read ({e.strerror})") from None


def _check_type(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(f"{where}: missing type; choose one of: {', '.join(TYPES)}")
    value = value.strip()
    if value not in _TYPE_SET:
        close = difflib.get_close_matches(value, TYPES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise GazetteerError(f"{where}: unknown type {value!r}{hint}; choose one of: {', '.join(TYPES)}")
    return value


def _check_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GazetteerError(f"{where}: missing id")
    value = value.strip()
    if not _ID_RE.match(value):
        raise GazetteerError(f"{where}: bad id {value!r}; use a lowercase ascii slug like 'alibaba-group'")
    return value


def _check_lang(value: str, where: str) -> str:
    code = value.strip().lower()
    if not _LANG_RE.match(code):
        raise GazetteerError(f"{where}: bad language code {value!r}; use one like 'ko', 'en' or 'zh'")
    return code


def _make_entry(data: Mapping[str, object], where: str) -> GazetteerEntry:
    """Check one record (a parsed JSONL line or a merged CSV/TTL entity) and build the entry."""
    unknown = [k for k in data if k not in _ENTRY_KEYS]
    if unknown:
        raise GazetteerError(f"{where}: unknown field {unknown[0]!r}; the fields are: {', '.join(_ENTRY_KEYS)}")
    id_ = _check_id(data.get("id"), where)
    type_ = _check_type(data.get("type"), where)
    label = data.get("label")
    if not isinstance(label, str) or not label.strip():
        raise GazetteerError(f"{where}: missing label for {id_!r}")
    raw = data.get("aliases") or {}
    if not isinstance(raw, Mapping):
        raise GazetteerError(f"{where}: aliases must be an object like {{\"ko\": [\"엔비디아\"]}}")
    aliases: dict[str, list[str]] = {}
    for lang, names in raw.items():
        code = _check_lang(str(lang), where)
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(x, str) and x.strip() for x in names):
            raise GazetteerError(f"{where}: aliases of {lang!r} must be a list of non-empty strings")
        bucket = aliases.setdefault(code, [])
        for x in names:
            if x.strip() not in bucket:
                bucket.append(x.strip())
    strings = {}
    for key in ("wikidata", "ticker", "website", "source"):
        value = data.get(key) or ""
        if not isinstance(value, str):
            raise GazetteerError(f"{where}: {key} must be a string")
        strings[key] = value.strip()
    if strings["wikidata"] and not _QID_RE.match(strings["wikidata"]):
        raise GazetteerError(f"{where}: bad wikidata id {strings['wikidata']!r}; use a QID like 'Q95' or leave it empty")
    if strings["website"] and not strings["website"].startswith(("http://", "https://")):
        raise GazetteerError(f"{where}: website must start with http:// or https://")
    country = data.get("country") or ""
    if not isinstance(country, str) or country and not re.fullmatch(r"[A-Z]{2}", country.strip()):
        raise GazetteerError(f"{where}: country must be a two-letter ISO 3166 code like 'KR', not {country!r}")
    exclude = data.get("exclude") or []
    if isinstance(exclude, str):
        exclude = [exclude]
    if not isinstance(exclude, list) or not all(isinstance(x, str) and x.strip() for x in exclude):
        raise GazetteerError(f"{where}: exclude must be a list of non-empty strings")
    return GazetteerEntry(
        id=id_,
        type=type_,
        label=label.strip(),
        aliases=aliases,
        exclude=tuple(x.strip() for x in exclude),
        country=country.strip(),
        **strings,
    )


def _merge(old: GazetteerEntry, new: GazetteerEntry) -> GazetteerEntry:
    aliases = {lang: list(names) for lang, names in old.aliases.items()}
    for lang, names in new.aliases.items():
        bucket = aliases.setdefault(lang, [])
        bucket.extend(n for n in names if n not in bucket)
    return GazetteerEntry(
        id=old.id,
        type=new.type,
        label=new.label,
        aliases=aliases,
        wikidata=new.wikidata or old.wikidata,
        ticker=new.ticker or old.ticker,
        website=new.website or old.website,
        source=new.source or old.source,
        country=new.country or old.country,
        exclude=tuple(dict.fromkeys(old.exclude + new.exclude)),
    )


def _read_jsonl(path: Path, shown: str) -> list[tuple[int, GazetteerEntry]]:
    out: list[tuple[int, GazetteerEntry]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(_read_text(path, shown).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"gazetteer {shown} line {lineno}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise GazetteerError(f"{where}: bad JSON ({e.msg} at column {e.colno})") from None
        if not isinstance(data, dict):
            raise GazetteerError(f"{where}: expected a JSON object, got {type(data).__name__}")
        entry = _make_entry(data, where)
        if entry.id in seen:
            raise GazetteerError(f"{where}: duplicate id {entry.id!r} (first on line {seen[entry.id]})")
        seen[entry.id] = lineno
        out.append((lineno, entry))
    return out


_CSV_REQUIRED = ("id", "type", "label")
_CSV_COLUMNS = ("id", "type", "label", "lang", "alias", "wikidata", "ticker", "website", "country", "source", "exclude")


def _read_csv(path: Path, shown: str) -> list[tuple[int, GazetteerEntry]]:
    text = _read_text(path, shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as e:
        raise GazetteerError(f"gazetteer {shown} line 1: bad CSV ({e})") from None
    columns = [h.strip().lower() for h in header]
    for col in columns:
        if col not in _CSV_COLUMNS:
            raise GazetteerError(
                f"gazetteer {shown} line 1: unknown column {col!r}; the columns are: {', '.join(_CSV_COLUMNS)}"
            )
    missing = [c for c in _CSV_REQUIRED if c not in columns]
    if missing:
        raise GazetteerError(
            f"gazetteer {shown} line 1: missing column {missing[0]!r}; the header must name id,type,label,lang,alias"
        )
    records: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise GazetteerError(f"gazetteer {shown} line {reader.line_num}: bad CSV ({e})") from None
        lineno = reader.line_num
        where = f"gazetteer {shown} line {lineno}"
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > len(columns):
            raise GazetteerError(f"{where}: {len(row)} cells but the header has {len(columns)} columns")
        cells = {col: (row[k].strip() if k < len(row) else "") for k, col in enumerate(columns)}
        id_ = _check_id(cells["id"], where)
        rec = records.get(id_)
        if rec is None:
            type_ = _check_type(cells["type"], where)
            if not cells["label"]:
                raise GazetteerError(f"{where}: missing label for {id_!r}")
            rec = records[id_] = {"id": id_, "type": type_, "label": cells["label"], "aliases": {}, "exclude": []}
            first_line[id_] = lineno
        else:
            if cells["type"]:
                _check_type(cells["type"], where)
            for key in ("type", "label"):
                if cells[key] and cells[key] != rec[key]:
                    raise GazetteerError(
                        f"{where}: {key} {cells[key]!r} of {id_!r} differs from {rec[key]!r} on line {first_line[id_]}"
                    )
        aliases = [a.strip() for a in cells.get("alias", "").split("|") if a.strip()]
        if aliases:
            if not cells.get("lang"):
                raise GazetteerError(f"{where}: alias without lang; say which language it is (ko, en, zh, ...)")
            code = _check_lang(cells["lang"], where)
            bucket = rec["aliases"].setdefault(code, [])
            bucket.extend(a for a in aliases if a not in bucket)
        for key in ("wikidata", "ticker", "website", "country", "source"):
            if cells.get(key):
                if rec.get(key) and rec[key] != cells[key]:
                    raise GazetteerError(f"{where}: {key} {cells[key]!r} of {id_!r} differs from {rec[key]!r}")
                rec[key] = cells[key]
        rec["exclude"].extend(x.strip() for x in cells.get("exclude", "").split("|") if x.strip())
    return [(first_line[i], _make_entry(rec, f"gazetteer {shown} line {first_line[i]}")) for i, rec in records.items()]


def _guess_lang(text: str) -> str:
    if any(_is_hangul(c) for c in text):
        return "ko"
    if any("\u3040" <= c <= "\u30ff" for c in text):
        return "ja"
    if any(_is_cjk(c) for c in text):
        return "zh"
    return "en"


def _line_of(text: str, needles: Iterable[str]) -> int:
    for needle in needles:
        if needle:
            at = text.find(needle)
            if at >= 0:
                return text.count("\n", 0, at) + 1
    return 1


def _read_ttl(path: Path, shown: str) -> list[tuple[int, GazetteerEntry]]:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS, DCTERMS

    text = _read_text(path, shown)
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as e:  # rdflib raises BadSyntax and a few others
        lines = getattr(e, "lines", None)
        why = getattr(e, "_why", None) or str(e).strip().splitlines()[0]
        if isinstance(lines, int):
            raise GazetteerError(f"gazetteer {shown} line {lines + 1}: bad Turtle ({why})") from None
        m = re.search(r"line (\d+)", str(e))
        line = f" line {m.group(1)}" if m else ""
        raise GazetteerError(f"gazetteer {shown}{line}: bad Turtle ({why})") from None

    subjects = set(graph.subjects(RDF.type, None)) | set(graph.subjects(RDFS.label, None)) | set(
        graph.subjects(SKOS.altLabel, None)
    )
    out: list[tuple[int, GazetteerEntry]] = []
    seen: dict[str, str] = {}
    for subject in sorted(subjects, key=str):
        iri = str(subject)
        local = re.split(r"[/#]", iri.rstrip("/#"))[-1]
        needles = [f"<{iri}>", f":{local} ", f":{local}\n", f":{local}\t", f":{local}", local]
        lineno = _line_of(text, needles)
        where = f"gazetteer {shown} line {lineno}"
        tk_types = sorted(str(o)[len(_TK):] for o in graph.objects(subject, RDF.type) if str(o).startswith(_TK))
        if not tk_types:
            if any(True for _ in graph.objects(subject, RDFS.label)) or any(True for _ in graph.objects(subject, SKOS.altLabel)):
                raise GazetteerError(f"{where}: {iri} has labels but no rdf:type in the tk: namespace ({_TK})")
            continue
        if not isinstance(subject, URIRef):
            raise GazetteerError(f"{where}: entities need an IRI, not a blank node")
        if len(tk_types) > 1:
            raise GazetteerError(f"{where}: {iri} has several tk: types ({', '.join(tk_types)}); give it one")
        type_where = f"gazetteer {shown} line {_line_of(text, [f'tk:{tk_types[0]}', tk_types[0]])}"
        _check_type(tk_types[0], type_where)
        id_ = _check_id(unquote(local), where)
        if id_ in seen:
            raise GazetteerError(f"{where}: duplicate id {id_!r} (also from {seen[id_]})")
        seen[id_] = iri
        aliases: dict[str, list[str]] = {}
        labels: list[tuple[str, str]] = []
        for prop in (RDFS.label, SKOS.altLabel):
            literals = []
            for o in graph.objects(subject, prop):
                if not isinstance(o, Literal):
                    raise GazetteerError(f"{where}: a label of {iri} is not a literal")
                lang = (o.language or "").lower() or _guess_lang(str(o))
                literals.append((lang, str(o).strip()))
            literals.sort()
            if prop == RDFS.label:
                labels = literals
            for lang, value in literals:
                if value:
                    bucket = aliases.setdefault(lang, [])
                    if value not in bucket:
                        bucket.append(value)
        if not labels:
            raise GazetteerError(f"{where}: missing rdfs:label for {iri}")
        tagged = {lang: value for lang, value in reversed(labels)}
        untagged = [v for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal) and not o.language for v in [str(o).strip()]]
        label = tagged.get("en") or (sorted(untagged)[0] if untagged else labels[0][1])
        record = {"id": id_, "type": tk_types[0], "label": label, "aliases": aliases}
        for o in graph.objects(subject, OWL.sameAs):
            m = re.match(r"https?://www\.wikidata\.org/entity/(Q\d+)\Z", str(o))
            if m:
                record["wikidata"] = m.group(1)
        for prop in (FOAF.homepage, URIRef("https://schema.org/url"), URIRef("http://schema.org/url")):
            for o in graph.objects(subject, prop):
                record["website"] = str(o)
        for o in graph.objects(subject, DCTERMS.source):
            record["source"] = str(o)
        out.append((lineno, _make_entry(record, where)))
    return out


_READERS = {".jsonl": _read_jsonl, ".csv": _read_csv, ".ttl": _read_ttl}
