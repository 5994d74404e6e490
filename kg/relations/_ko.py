"""Helpers shared by the Korean extractors: mentions of groups, heads, spans."""
from __future__ import annotations

from functools import cache

from ..context import Analysis
from ..model import Candidate, Mention
from ..rules import load_rules
from ..syntax import ko as syn
from ..syntax.lexicon import Lexicon


@cache
def lexicons():
    r = load_rules("ko")
    return {
        "rules": r,
        "titles": Lexicon(r["titles"]),
        "depts": Lexicon({w: True for w in r["department_nouns"]}),
        "person_cues": Lexicon({w: True for w in r["person_cues"]}),
        "relnouns": Lexicon({k: v for k, v in r["relational_nouns"].items() if not k.startswith("_")}),
        "predicates": Lexicon({k: v for k, v in r["predicates"].items() if not k.startswith("_")}),
        "predicative": set(r["predicative_verbs"]),
        "transparent": Lexicon({w: True for w in r["transparent_heads"]}),
        "generic_org": Lexicon({w: True for w in r["generic_org_heads"]}),
        "generic_product": Lexicon({w: True for w in r.get("generic_product_heads", ())}),
        "markers": {k: tuple(v) for k, v in r["marker_forms"].items()},
        "modality": r["modality"],
        "hq": r["headquarters"],
        "past": frozenset(r.get("past_modifiers", ())),
        "past_kept": frozenset(r.get("past_kept_predicates", ())),
    }


def role_modality(predicate: str, ended: bool) -> str:
    """"past" for a role a past modifier marks as ended ('전 CEO'), else "asserted"."""
    return "past" if ended and predicate not in lexicons()["past_kept"] else "asserted"


def entity_mentions(analysis: Analysis, start: int, end: int) -> list[Mention]:
    """Top-level mentions inside [start, end), without nested ones."""
    return [m for m in analysis.mentions if start <= m.start and m.end <= end and not m.source.endswith(".nested")]


def in_parens(phrase: syn.Phrase, m: Mention) -> bool:
    return any(s <= m.start and m.end <= e for s, e in phrase.parens)


def phrase_mentions(analysis: Analysis, phrase: syn.Phrase) -> list[Mention]:
    return [m for m in entity_mentions(analysis, phrase.start, phrase.end) if not in_parens(phrase, m)]


def phrase_head(analysis: Analysis, phrase: syn.Phrase) -> Mention | None:
    """The mention a phrase is about: its last mention, or the person of a trailing title."""
    ms = phrase_mentions(analysis, phrase)
    if not ms:
        # '생성형 AI 모델(Qwen 2.5-Max)': a common noun named in parentheses
        inner = [m for m in entity_mentions(analysis, phrase.start, phrase.end) if in_parens(phrase, m)]
        return inner[0] if inner and phrase.toks[-1].text == ")" else None
    lx = lexicons()
    texts = [t.text for t in phrase.toks]
    titles = lx["titles"].find_all(texts)
    if titles and titles[-1][1] == len(texts) - 1:
        people = [m for m in ms if m.type == "Person"]
        if people:
            return people[-1]
    last = ms[-1]
    trailing = [t for t in phrase.toks if t.start >= last.end]
    k = 0
    while k < len(trailing):
        tt = [t.text for t in trailing]
        m = lx["transparent"].match_starting_at(tt, k) or lx["titles"].match_starting_at(tt, k) \
            or lx["depts"].match_starting_at(tt, k) or (last.type == "Person" and lx["person_cues"].match_starting_at(tt, k))
        if m:
            k = m[0] + 1
        elif trailing[k].text in "()" or trailing[k].text in syn.CLOSE_QUOTES or any(s <= trailing[k].start < e for s, e in phrase.parens) \
                or (trailing[k].tag == "SN" and 0 < k < len(trailing) - 1 and trailing[k - 1].text == "(" and trailing[k + 1].text == ")"):
            k += 1
        else:
            return None
    return last


def group_heads(analysis: Analysis, group: syn.Group) -> list[Mention]:
    """The mentions a noun group refers to (several when coordinated)."""
    lx = lexicons()
    # '(이)라는' introduces the names of the head noun: V3와 R1이라는 두 가지 모델
    for k, p in enumerate(group.phrases[:-1]):
        if p.marker in ("라는", "이라는", "란", "이란"):
            head = group.phrases[-1]
            if phrase_head(analysis, head) is None:
                names = [p]
                q = k - 1
                while q >= 0 and group.links[q] == "coord":
                    names.append(group.phrases[q])
                    q -= 1
                return sorted((h for h in (phrase_head(analysis, x) for x in names) if h), key=lambda m: m.start)
    # split by coordination; each conjunct's head is its last phrase's head
    conjuncts: list[list[syn.Phrase]] = [[group.phrases[0]]]
    for link, p in zip(group.links, group.phrases[1:]):
        if link == "coord":
            conjuncts.append([p])
        else:
            conjuncts[-1].append(p)
    heads = []
    for conj in conjuncts:
        k = len(conj) - 1
        # skip transparent heads: '비렌의 경우'
        while k > 0 and all(lx["transparent"].get(t.text) for t in conj[k].toks):
            k -= 1
        h = phrase_head(analysis, conj[k])
        if h is not None:
            heads.append(h)
    return heads


def clause_group(items, pi, marker_kind):
    """The nearest group before predicate ``pi`` (within its clause) carrying the marker.

    A comitative ``와/과`` is often tagged as coordination (``마이크로소프트와 AI 분야에서
    협력``), so for that marker a phrase inside a group counts too: the group is cut there.
    """
    for it in reversed(items[:pi]):
        if isinstance(it, syn.Predicate):
            if it.adjectival and it.ending == "ETM":
                continue
            return None
        if isinstance(it, syn.Group):
            if has_marker(it, marker_kind):
                return it
            if marker_kind == "C":
                for k, p in enumerate(it.phrases[:-1]):
                    if has_marker(syn.Group([p], []), "C"):
                        return syn.Group(it.phrases[:k + 1], it.links[:k], it.quote_depth)
    return None


def ends_with_generic_org(group: syn.Group) -> bool:
    texts = [t.text for t in group.phrases[-1].toks]
    m = lexicons()["generic_org"].match_ending_at(texts, len(texts) - 1)
    return m is not None


def ends_with_generic_product(group: syn.Group) -> bool:
    """'... 선보인 가전 브랜드다': the group's head is a common noun naming a kind of product."""
    texts = [t.text for t in group.phrases[-1].toks]
    return lexicons()["generic_product"].match_ending_at(texts, len(texts) - 1) is not None


def has_marker(group: syn.Group, kind: str) -> bool:
    forms = lexicons()["markers"][kind]
    return group.marker in forms


def modality_of(pred: syn.Predicate) -> str | None:
    """'planned', 'denied', 'hedged' or None (asserted), from the predicate and what follows it."""
    mod = lexicons()["modality"]
    own = " ".join(t.lemma for t in pred.toks)
    after = pred.after
    endings = [piece for t in pred.toks[1:] for piece in t.lemma.split("+")[1:] + ([t.text] if t.tag == "EC" else [])]
    if any(e in mod.get("question_endings", ()) for e in endings):
        return "denied"  # '... 설립했는지는 확인되지 않았다': an open question is dropped like a denial
    if any(e in mod.get("conditional_endings", ()) for e in endings):
        return "planned"  # '... 인수한다면': a hypothesis is kept as a statement, not as a fact
    for word in mod["denied"]:
        if word in after.split()[:3] or word in own.split()[1:]:
            return "denied"
    for word in mod["planned"]:
        if word in own.split()[1:] or word in after.split()[:4]:
            return "planned"
    for word in mod["hedged"]:
        if word in after.split()[:3]:
            return "hedged"
    return None


def candidate(subject: Mention, predicate: str, obj: Mention, confidence: float, extractor: str,
              sentence: int, parts: list, modality: str | None = None) -> Candidate:
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    return Candidate(subject, predicate, obj, confidence, extractor, sentence, (start, end), modality or "asserted")

