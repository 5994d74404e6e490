"""Chinese relations read from the shape of profiles and biographies.

The rule families of ``structures`` in ``kg/data/rules/zh.json`` are matched
like the pattern families (:mod:`kg.relations._patterns`: the same flattened
sentences, macros, modality, questions and conditionals), but they may span a
long stretch of a sentence, so two things are read locally instead:

- a past title ('历任…副总经理', '原董事长': a fact with modality "past") is
  judged only by the words right before the title and the verb before the
  organisation (group ``v``), not by every '前'/'原' the long stretch holds;
- a long gap never crosses another person (``{NOPER}``), so a biography's
  subject ('张三，男，…，现任X公司董事长') keeps its titles and no one else's.

Each family is registered as the extractor ``zh.<family>``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, partial

from ..context import Analysis
from ..model import Candidate, Mention
from ..rules import load_rules
from . import EXTRACTORS, Extractor
from ._patterns import _expand, _macros, _matches, _past, _skip_sentence, config, flats, modality

__all__ = ["structure_families"]


@cache
def _compiled():
    r = load_rules("zh")
    macros = _macros(r, True)
    macros["NOPER"] = r"(?:(?!⟨\d+:Person⟩)[^。；！？!?])"
    data = r.get("structures", {})
    past = tuple(sorted(data.get("past_words", []), key=len, reverse=True))
    families = {}
    for family, rules in data.items():
        if family.startswith("_") or not isinstance(rules, list) or family in ("past_words", "doc_unless"):
            continue
        out = []
        for k, rule in enumerate(rules):
            rx = re.compile(_expand(rule["pattern"], macros))
            triples = tuple(tuple(t) for t in rule["triples"]) if "triples" in rule else (("s", rule.get("predicate", "title"), "o"),)
            out.append((rx, triples, float(rule.get("confidence", 0.7)), f"{family}[{k}]"))
        families[family] = out
    return families, past, {k: tuple(v) for k, v in data.get("doc_unless", {}).items()}


def structure_families() -> list[str]:
    """The families of ``structures`` in the Chinese rules (``doc_unless``: words that, anywhere in
    the text, switch a family off)."""
    return sorted(_compiled()[0])


def _is_past(m: re.Match, past: tuple[str, ...]) -> bool:
    """A past word in the clause that holds the organisation, before the title."""
    s = m.string
    a = m.start("o") if m.start("o") < m.start("t") else m.start("t")
    clause_start = max(s.rfind(c, m.start(), a) for c in "，,、；;。.")
    clause = s[max(clause_start + 1, m.start()):m.start("t")]
    clause = re.sub(r"⟨\d+:[A-Za-z]+⟩", "", clause)
    verb = m.group("v") if "v" in m.re.groupindex and m.group("v") else ""
    return any(w in clause or w in verb for w in past)


def _title_predicates(m: re.Match) -> list[str]:
    cfg = config("zh")
    preds: list[str] = []
    for _, _, ps in cfg.titles.find_all(list(m.group("t"))):
        for p in ps:
            if p not in preds:
                preds.append(p)
    return preds


def _run(family: str, name: str, analysis: Analysis) -> Iterator[Candidate]:
    families, past, doc_unless = _compiled()
    cfg = config("zh")
    if any(w in analysis.text for w in doc_unless.get(family, ())):
        return  # a weak reading the text itself makes needless ('总部' names the seat elsewhere)
    for flat in flats(analysis):
        if not flat.items or _skip_sentence(cfg, flat):
            continue
        found: dict[tuple, Candidate] = {}
        for rx, triples, conf, _src in families[family]:
            for m in _matches(rx, flat):
                i0, i1 = flat.item_range(*m.span())
                mod = modality(cfg, flat, i0, i1)
                if mod == "denied":
                    continue
                groups = m.groupdict()
                span = flat.doc_span(*m.span())
                for sg, pred, og in triples:
                    if groups.get(sg) is None or groups.get(og) is None:
                        continue
                    preds = _title_predicates(m) if pred == "title" else [pred]
                    ended = pred == "title" and _is_past(m, past)
                    subjects = [x for x in flat.objects_in(groups[sg]) if isinstance(x, Mention)]
                    for p in preds:
                        for subj in subjects:
                            for obj in flat.objects_in(groups[og]):
                                if obj is subj or (isinstance(obj, Mention) and obj.text == subj.text):
                                    continue
                                key = (subj.start, subj.end, p, obj.start, obj.end)
                                if key not in found:
                                    found[key] = Candidate(subj, p, obj, conf, name, flat.sentence.index, span,
                                                           _past(cfg, p, mod) if ended else mod)
        yield from found.values()


for _family in structure_families():
    _name = f"zh.{_family}"
    EXTRACTORS.register(_name)(Extractor(_name, ("zh",), "0.1.0", partial(_run, _family, _name)))
