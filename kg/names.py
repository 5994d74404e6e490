"""How a name looks once its spelling, script and legal form are set aside.

Cross-document resolution (:mod:`kg.link`) compares names written in
different articles and scripts. :func:`analyze_name` turns one name into a
:class:`NameForm`: normalised forms for exact comparison, the *core* (the
distinctive part, without a leading place, trailing descriptors such as
'Robotics' or '반도체', and legal forms such as 'Inc.' or '有限公司'), a
Latin reading of Hanzi (pinyin, via pypinyin), and a *phonetic skeleton*: the
consonant classes of the core, which is the same for 'Nvidia' and '엔비디아',
'Zhou Mingyuan', '저우밍위안' and '周明远'. The words themselves live in
``kg/data/names.json``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

__all__ = ["NameForm", "analyze_name", "strip_gloss", "skeleton", "fold", "romanize_hangul", "is_descriptor", "industries", "script_of", "normalize", "similarity"]

DATA_FILE = Path(__file__).parent / "data" / "names.json"

_GLOSS = re.compile(r"\s*[(（][\u3400-\u9fff\uf900-\ufaff]+[)）]\s*")
_SEP = re.compile(r"[\s\-‐‑–—_·・/]+")


@cache
def _data() -> dict:
    with open(DATA_FILE, encoding="utf-8") as f:
        return json.load(f)


def strip_gloss(name: str) -> str:
    """A name without a parenthesised Hanja gloss: ``치후(奇虎)360`` -> ``치후360``.

    >>> strip_gloss("치후(奇虎)360")
    '치후360'
    """
    return _GLOSS.sub("", name)


#: The sound tables of ``kg/data/names.json`` (read once, at import).
_SOUNDS = _data()["sounds"]


def normalize(name: str) -> str:
    """NFKC, case-folded, without a Hanja gloss, spaces or punctuation.

    >>> normalize("Narae  Semiconductor, Inc."), normalize("치후(奇虎)360")
    ('naraesemiconductorinc', '치후360')
    """
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", strip_gloss(name)).casefold())


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" or "\u3130" <= c <= "\u318f"


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


def script_of(name: str) -> str:
    """``latin``, ``hangul``, ``han``, ``mixed`` or ``other`` (digits and punctuation do not count).

    >>> script_of("Nvidia"), script_of("엔비디아"), script_of("英伟达"), script_of("오픈AI")
    ('latin', 'hangul', 'han', 'mixed')
    """
    kinds = set()
    for c in name:
        if _is_hangul(c):
            kinds.add("hangul")
        elif _is_han(c):
            kinds.add("han")
        elif c.isascii() and c.isalpha() or unicodedata.category(c).startswith("L") and "LATIN" in unicodedata.name(c, ""):
            kinds.add("latin")
    if len(kinds) == 1:
        return kinds.pop()
    return "mixed" if kinds else "other"


# -- phonetic skeleton -------------------------------------------------------------------------
# Transliteration keeps consonants and loses vowels: Korean adds 으 between
# consonants ('Microsoft' -> 마이크로소프트), Mandarin and Korean spell vowels
# differently. So a name is reduced to classes of consonants that every
# transliteration keeps apart (the tables are "sounds" in kg/data/names.json).

_INITIAL = _SOUNDS["hangul_initial"]
_FINAL = _SOUNDS["hangul_final"]


def _hangul_skeleton(text: str) -> str:
    out = []
    for c in text:
        code = ord(c) - 0xAC00
        if 0 <= code < 11172:
            ini, fin = code // 588, code % 28
            if _INITIAL[ini] != "_":
                out.append(_INITIAL[ini])
            out.append(_FINAL[fin])
    return "".join(out)


_PINYIN_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|üan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|üe|"
    r"a|o|e|i|u|ü)")
_PINYIN_INITIAL = _SOUNDS["pinyin_initials"]


def _pinyin_syllables(word: str) -> list[str] | None:
    """``word`` cut into pinyin syllables, or None if it is not pinyin ('mingyuan' -> ming, yuan).

    Of the ways to cut it, the one with the fewest syllables that start with a vowel wins, then the
    fewest syllables: pinyin writes an apostrophe before such a syllable inside a word, so
    'tiangang' is tian-gang, not tiang-ang.

    >>> _pinyin_syllables("tiangang"), _pinyin_syllables("xinan"), _pinyin_syllables("nvidia")
    (['tian', 'gang'], ['xi', 'nan'], None)
    """
    n = len(word)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        vowel_starts, count, cut = best[i]
        for j in range(i + 1, min(n, i + 6) + 1):
            if _PINYIN_SYLLABLE.fullmatch(word, i, j):
                cand = (vowel_starts + (word[i] in "aeiou"), count + 1, cut + [word[i:j]])
                if best[j] is None or cand[:2] < best[j][:2]:
                    best[j] = cand
    return best[n][2] if best[n] is not None else None


def _pinyin_skeleton(syllables: list[str]) -> str:
    out = []
    for s in syllables:
        ini = s[:2] if s[:2] in ("zh", "ch", "sh") else s[0] if s[0] in _PINYIN_INITIAL and s[0] not in "aeiouüv" else ""
        out.append(_PINYIN_INITIAL.get(ini, ""))
        if s.endswith("ng") or s.endswith("n"):
            out.append("N")
        elif s.endswith("er") and len(s) == 2:
            out.append("L")
    return "".join(out)


_EN_DIGRAPHS = [tuple(x) for x in _SOUNDS["english_digraphs"]]
_EN_SINGLE = _SOUNDS["english_letters"]
_VOWELS = set(_SOUNDS["english_vowels"])


def _english_skeleton(word: str) -> str:
    out, i, n = [], 0, len(word)
    while i < n:
        for dg, cls in _EN_DIGRAPHS:
            if word.startswith(dg, i):
                out.append(cls)
                i += len(dg)
                break
        else:
            c = word[i]
            nxt = word[i + 1] if i + 1 < n else ""
            if c == "c":
                out.append("S" if nxt in ("e", "i", "y") else "K")
            elif c == "x":
                # Mandarin-looking 'xi'/'xu' and a word-initial x sound like s ('Xiaomi' 샤오미, 'Xerox' 제록스)
                out.append("S" if i == 0 or nxt in ("i", "u") else "KS")
            elif c == "r":
                # English drops r after a vowel before a consonant or at the end ('Moore' 무어, 'Ford' 포드)
                prev = word[i - 1] if i else ""
                silent_e = nxt == "e" and i + 2 == n  # 'Moore', 'Store'
                if not (prev in _VOWELS and (nxt not in _VOWELS or silent_e)):
                    out.append("L")
            elif c in _EN_SINGLE:
                out.append(_EN_SINGLE[c])
            i += 1
    return "".join(out)


def _latin_skeleton(text: str) -> str:
    words = [w for w in re.split(r"[^a-z]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
                                  .decode().lower()) if w]
    parsed = [_pinyin_syllables(w) for w in words]
    if words and all(p is not None for p in parsed) and any(len(p) > 1 or len(w) <= 6 for p, w in zip(parsed, words)):
        return "".join(_pinyin_skeleton(p) for p in parsed)  # type: ignore[arg-type]
    return "".join(_english_skeleton(w) for w in words)


@cache
def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [s for s in lazy_pinyin(text, errors="ignore") if s.isascii() and s.isalpha()]


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def skeleton(text: str) -> str:
    """The phonetic consonant skeleton of a name in any script.

    >>> skeleton("Nvidia"), skeleton("엔비디아"), skeleton("英伟达") == skeleton("Yingweida")
    ('NPT', 'NPT', True)
    >>> skeleton("Zhou Mingyuan"), skeleton("저우밍위안"), skeleton("周明远")
    ('SMN', 'SMN', 'SMN')
    >>> skeleton("Microsoft") == skeleton("마이크로소프트"), skeleton("Qualcomm") == skeleton("퀄컴")
    (True, True)
    """
    parts = []
    for run in re.finditer(r"[\uac00-\ud7a3]+|[\u3400-\u9fff\uf900-\ufaff]+|[^\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff]+",
                           text):
        chunk = run.group()
        if _is_hangul(chunk[0]):
            parts.append(_hangul_skeleton(chunk))
        elif _is_han(chunk[0]):
            parts.append(_pinyin_skeleton(_pinyin(chunk)))
        else:
            parts.append(_latin_skeleton(chunk))
    return _collapse("".join(parts))


# -- a folded spelling with vowels -------------------------------------------------------------
# The skeleton forgets vowels, so '윤서진' and 'Han Ji-hoon' (Yoon Seo-jin's colleague) share one.
# The folded spelling keeps them, in classes that romanisations of Korean and Mandarin and
# Korean transliterations agree on: 'Yoon Seo-jin' and '윤서진' both fold to 'unsosin'.

_RR_INITIAL = _SOUNDS["romanization_initial"]
_RR_MEDIAL = _SOUNDS["romanization_medial"]
_RR_FINAL = _SOUNDS["romanization_final"]
_FOLD_STEPS = [tuple(x) for x in _SOUNDS["fold_steps"]]
_FOLD_LETTERS = str.maketrans({k: v or None for k, v in _SOUNDS["fold_letters"].items()})


def romanize_hangul(text: str) -> str:
    """A plain romanisation of Hangul (Revised Romanization, letter by letter, l for ㄹ).

    >>> romanize_hangul("윤서진"), romanize_hangul("링시")
    ('yunseojin', 'lingsi')
    """
    out = []
    for c in text:
        code = ord(c) - 0xAC00
        if 0 <= code < 11172:
            ini, med, fin = code // 588, (code % 588) // 28, code % 28
            out.append((_RR_INITIAL[ini] if _RR_INITIAL[ini] != "_" else "") + _RR_MEDIAL[med] + _RR_FINAL[fin])
        elif c.isascii() and c.isalnum():
            out.append(c.lower())
    return "".join(out)


def fold(text: str) -> str:
    """A spelling of a name in any script, folded so that its romanisations and transliterations meet.

    >>> fold("Yoon Seo-jin") == fold("윤서진"), fold("Han Ji-hoon") == fold("윤서진")
    (True, False)
    >>> fold("Lingxi") == fold("링시") == fold("灵犀")
    True
    """
    parts = []
    for run in re.finditer(r"[\uac00-\ud7a3]+|[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z]+", unicodedata.normalize("NFKC", text)):
        chunk = run.group()
        if _is_hangul(chunk[0]):
            parts.append(romanize_hangul(chunk))
        elif _is_han(chunk[0]):
            parts.append("".join(_pinyin(chunk)))
        else:
            parts.append(chunk.lower())
    s = "".join(parts)
    for a, b in _FOLD_STEPS:
        s = s.replace(a, b)
    s = s.translate(_FOLD_LETTERS)
    return _collapse(s)


def similarity(a: str, b: str) -> float:
    """1 - the edit distance of two keys over the longer length.

    >>> similarity("MTLTS", "MSLT")
    0.6
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1 - prev[-1] / max(len(a), len(b))


# -- the parts of a name -----------------------------------------------------------------------

class NameForm(NamedTuple):
    """One name, analysed for comparison with names in other articles and scripts. (A named tuple: a
    store keeps tens of thousands of them between builds, and tuples pickle fast.)"""

    text: str
    script: str  # latin | hangul | han | mixed | other
    norm: str  # normalize(text)
    legal: str  # normalised without the legal form ('Inc.', '(주)', '有限公司')
    core: str  # normalised distinctive part: no place prefix, descriptor or legal form
    descriptors: frozenset[str]  # concept ids of the descriptors ('robotics')
    digits: tuple[str, ...]  # digit runs of the whole name (versions: 'Tianqiong-2')
    roman: str  # a Latin spelling of the core: itself if Latin, pinyin if Hanzi, else ''
    skeleton: str  # skeleton(core)
    folded: str  # fold(core): the core's sound with vowels
    acronyms: frozenset[str]  # initials of a multi-word Latin name, or the name if it is an acronym


@cache
def _legal_forms() -> tuple[list[str], list[str]]:
    """(suffixes, prefixes), longest first; Korean legal forms also stand before the name."""
    d = _data()["legal_forms"]
    suffixes = sorted({f for forms in d.values() for f in forms}, key=len, reverse=True)
    return suffixes, sorted(d.get("ko", []), key=len, reverse=True)


@cache
def _descriptor_index() -> list[tuple[str, str]]:
    """(descriptor as written, concept), longest first."""
    pairs = {(name, concept) for concept, by_lang in _data()["descriptors"].items()
             for names in by_lang.values() for name in names}
    return sorted(pairs, key=lambda p: (-len(p[0]), p))


def is_descriptor(text: str) -> bool:
    """Whether ``text`` is only a descriptor, a word for a kind of business ('航空', 'Robotics', '반도체').

    >>> is_descriptor("航空"), is_descriptor("robotics"), is_descriptor("璇玑机器人")
    (True, True, False)
    """
    return text.strip().casefold() in _descriptor_names()


@cache
def _descriptor_names() -> frozenset[str]:
    return frozenset(name.casefold() for name, _ in _descriptor_index())


def _strip_legal(text: str) -> str:
    suffixes, prefixes = _legal_forms()
    changed = True
    s = text.strip()
    while changed:
        changed = False
        for f in suffixes:
            latin = f[0].isascii()
            if s.lower().endswith(f.lower()) if latin else s.endswith(f):
                rest = s[: len(s) - len(f)]
                # a Latin legal form is a word of its own ('Acme Co.', not 'Acmeco')
                if rest.strip(" ,") and (not latin or not rest or rest[-1] in " ,"):
                    s, changed = rest.rstrip(" ,"), True
                    break
        for f in prefixes:
            if s.startswith(f) and s[len(f):].strip():
                s, changed = s[len(f):].lstrip(), True
                break
    return s


def _strip_descriptors(text: str) -> tuple[str, frozenset[str]]:
    concepts: set[str] = set()
    s = text.strip()
    changed = True
    while changed:
        changed = False
        for name, concept in _descriptor_index():
            latin = name[0].isascii()
            if s.lower().endswith(name.lower()) if latin else s.endswith(name):
                rest = s[: len(s) - len(name)].rstrip(" -")
                if latin and s[: len(s) - len(name)] and s[: len(s) - len(name)][-1] not in " -":
                    continue  # 'Robotics' must be a word of its own in a Latin name
                if len(normalize(rest)) >= 2:
                    s, changed = rest, True
                    concepts.add(concept)
                    break
    return s, frozenset(concepts)


def _strip_place(text: str, places: frozenset[str]) -> str:
    words = _SEP.split(text.strip())
    if len(words) > 1 and words[0] in places:
        return text.strip()[len(words[0]):].lstrip(" -")
    if len(words) == 1 and words[0] and _is_han(words[0][0]):
        for n in (4, 3, 2):  # '杭州灵犀' -> '灵犀'
            if len(text) - n >= 2 and text[:n] in places:
                return text[n:]
    return text


@cache
def _generic_descriptors() -> frozenset[str]:
    return frozenset(_data()["generic_descriptors"])


def industries(descriptors: frozenset[str]) -> frozenset[str]:
    """The descriptors that name an industry, which two names of one company do not contradict.

    >>> sorted(industries(frozenset({"robotics", "technology"})))
    ['robotics']
    """
    return descriptors - _generic_descriptors()


@cache
def _acronym_skip() -> frozenset[str]:
    return frozenset(_data()["acronym_skip"])


def _acronyms(text: str, without_legal: str) -> frozenset[str]:
    out = set()
    for form in {text, without_legal}:
        words = [w for w in _SEP.split(form.replace(",", " ").replace(".", " ").strip()) if w]
        if all(w.isascii() for w in words):
            initials = "".join(w[0] for w in words if w.lower() not in _acronym_skip() and w[0].isalpha())
            if len(words) >= 2 and len(initials) >= 2:
                out.add(initials.upper())
    compact = re.sub(r"[\s.\-]", "", without_legal)
    if 2 <= len(compact) <= 6 and compact.isascii() and compact.isalpha() and compact.isupper():
        out.add(compact)
    return frozenset(out)


@cache
def analyze_name(text: str, places: frozenset[str] = frozenset()) -> NameForm:
    """The comparable forms of a name; ``places`` are names that may stand before it ('Hangzhou').

    >>> f = analyze_name("杭州灵犀机器人有限公司", frozenset({"杭州"}))
    >>> f.core, sorted(f.descriptors), f.roman
    ('灵犀', ['robotics'], 'lingxi')
    >>> g = analyze_name("링시로보틱스")
    >>> g.core, g.skeleton == f.skeleton, analyze_name("Lingxi Robotics Inc.").core
    ('링시', True, 'lingxi')
    >>> sorted(analyze_name("Pacific Semiconductor Manufacturing Corp.").acronyms)
    ['PSM', 'PSMC']
    """
    clean = unicodedata.normalize("NFKC", strip_gloss(text)).strip()
    without_legal = _strip_legal(clean)
    core_text, concepts = _strip_descriptors(_strip_place(without_legal, places))
    core_text = _strip_place(core_text, places)
    core = normalize(core_text)
    script = script_of(core_text)
    if script == "latin":
        roman = re.sub(r"\d+", "", core)  # versions are compared apart (digits)
    elif script == "han":
        roman = "".join(_pinyin(core_text))
    else:
        roman = ""
    return NameForm(
        text=text,
        script=script_of(clean),
        norm=normalize(clean),
        legal=normalize(without_legal),
        core=core,
        descriptors=concepts,
        digits=tuple(re.findall(r"\d+", clean)),
        roman=roman,
        skeleton=skeleton(re.sub(r"\d+", " ", core_text)),
        folded=fold(core_text),
        acronyms=_acronyms(clean, without_legal),
    )
