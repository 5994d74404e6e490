"""Korean relations stated by a verb: subject, object marked by its particle, verb.

``알리바바는 ... 모델(Qwen 2.5-Max)을 출시하면서`` -> develops;
``애플과 제휴해`` -> partneredWith (subject dropped: the paragraph's topic);
``장원 총재가 설립한 회사로`` -> founderOf(장원, the sentence's topic);
``X가 Y를 인수했다`` -> acquired; ``X는 Y에 투자했다`` -> investsIn.
Verbs, their relation and their object's particle are data
(``predicates`` in ``kg/data/rules/ko.json``). Denied statements are dropped;
planned ones are kept with their modality.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Candidate
from ..ontology import classes_under
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, clause_group, ends_with_generic_org, ends_with_generic_product, group_heads, has_marker, lexicons, modality_of

ORG_TYPES = classes_under("Organization")



def _is_modal_noun(group) -> bool:
    mod = lexicons()["modality"]
    first = group.phrases[0].toks[0].text
    return first in mod["planned"] or first in mod["hedged"]


def _predicates_topic(items, hi) -> bool:
    """The group at ``hi`` is what the topic is said to be: '(X는) ... 기업이다', '... 기업으로'.

    Not a plain object of another verb: in 'X가 Y를 인수한 회사를 비판했다' the company is
    someone else.
    """
    head = items[hi]
    nxt = items[hi + 1] if hi + 1 < len(items) else None
    return (isinstance(nxt, syn.Predicate) and nxt.copula) or has_marker(head, "Complement") \
        or head.marker in ("", ",")


def _following_group(items, pi):
    nxt = items[pi + 1] if pi + 1 < len(items) else None
    return nxt if isinstance(nxt, syn.Group) else None


@extractor("ko.predicates", languages=("ko",))
def predicate_relations(analysis: Analysis) -> Iterator[Candidate]:
    lx = lexicons()
    previous_topic: list = []  # heads of the last topic in the paragraph
    previous_end = None
    for sent, ks in syn.parse(analysis):
        if previous_end is not None and "\n" in analysis.text[previous_end:sent.start]:
            previous_topic = []  # a new paragraph forgets the topic
        previous_end = sent.end
        question = sent.text.rstrip().endswith("?")
        topic_heads = group_heads(analysis, ks.topic) if ks.topic is not None else []
        for pi, pred in enumerate(ks.items):
            if not isinstance(pred, syn.Predicate) or question:
                continue
            entry = lx["predicates"].get(pred.stem)
            if entry is None:
                continue
            modality = modality_of(pred)
            if modality == "denied":
                continue
            obj_group = clause_group(ks.items, pi, entry["marker"])
            inherited = False
            head_after = _following_group(ks.items, pi)
            if pred.subject is not None:
                subjects = group_heads(analysis, pred.subject)
            elif pred.ending == "ETM" and head_after is not None and _is_modal_noun(head_after):
                # 'X는 Y를 인수할 계획이다': the verb modifies a plan, not a gapped noun
                subjects = topic_heads
            elif pred.ending != "ETM" and previous_topic:
                subjects, inherited = previous_topic, True
            elif pred.ending == "ETM" and head_after is not None and obj_group is not None and not pred.passive \
                    and obj_group is not head_after and group_heads(analysis, head_after) \
                    and not _is_modal_noun(head_after):
                # 'Y를 개발한 X': the object is stated, so the noun after the clause is its subject
                subjects = group_heads(analysis, head_after)[-1:]
            elif pred.ending == "ETM" and head_after is not None and entry["marker"] == "O" and obj_group is not None \
                    and ends_with_generic_org(head_after) and not group_heads(analysis, head_after) \
                    and _predicates_topic(ks.items, pi + 1):
                # 'X는 Y를 생산하는 (대한민국의) 전자 기업이다': the relative clause's head is the topic
                subjects = topic_heads
            else:
                subjects = []
            if pred.passive and not entry.get("passive_keeps_roles"):
                # 'Y는 X에 인수됐다': the agent is marked with 에/에게
                agent = next((g for g in reversed(ks.items[:pi]) if isinstance(g, syn.Group) and has_marker(g, "Agent")), None)
                if agent is None or entry["marker"] != "O":
                    continue
                objects, subjects = subjects, group_heads(analysis, agent)
            elif obj_group is not None:
                objects = group_heads(analysis, obj_group)
            elif pred.ending == "ETM" and (entry["marker"] == "O" or entry.get("relative_object")):
                # relative clause: the noun after the verb is the object ('구글이 설립한 딥마인드', '홍길동이 속한 OO당')
                head = _following_group(ks.items, pi)
                objects = group_heads(analysis, head) if head is not None else []
                if head is not None and not objects and ks.topic is not None and ks.topic is not pred.subject \
                        and (ends_with_generic_org(head)
                             or entry["predicate"] == "develops" and ends_with_generic_product(head)):
                    objects = topic_heads  # '비렌은 ... 장원 총재가 설립한 회사로', 'X는 A가 내놓은 브랜드다'
            elif entry["marker"] == "O" and pred.subject is not None and syn.is_subject(pred.subject) \
                    and ks.topic is not None and ks.topic is not pred.subject:
                # a topicalised object: '구글은 1998년 래리 페이지와 세르게이 브린이 설립했다'
                objects = topic_heads
            else:
                objects = []
            conf = 0.8 if not inherited else 0.65
            if pred.long_subject:
                conf = min(conf, 0.75)  # subject bound across a relative clause: new rule, weaker
            for s in subjects:
                for o in objects:
                    if s is o or s.text == o.text:
                        continue
                    # arguments typed only by this verb (a common-noun product, an unknown maker) are weaker
                    # (per pair: one weak pair must not lower the next one)
                    weak = o.source == "ko.product_object" or s.source in ("ko.maker", "ko.founder")
                    pair_conf = min(conf, 0.6 if o.source == "ko.product_object" else 0.7) if weak else conf
                    pair_conf = min(pair_conf, entry.get("confidence", pair_conf))
                    predicate = entry["predicate"]
                    if entry.get("person_predicate") and s.type == "Person":
                        predicate = entry["person_predicate"]  # '홍길동은 OO당에 가입했다': a person is a member
                    if entry["object"] not in ("Organization", "Product", "Person") \
                            and o.type not in classes_under(entry["object"]):
                        continue  # '서울에 있는 X는 상장했다': a city is not a stock exchange
                    if entry.get("subject") and s.type != entry["subject"]:
                        continue  # '홍길동은 OO에 입사했다': only a person joins as an employee
                    if entry.get("inverse"):
                        # 'X는 Y를 영입했다': the object holds the relation to the subject
                        if o.type != entry["object"] or s.type not in ORG_TYPES:
                            continue
                        yield candidate(o, predicate, s, pair_conf, "ko.predicates",
                                        sent.index, [s, o, pred] if s.sentence == sent.index else [o, pred], modality)
                        continue
                    if predicate == "develops" and o.type in ORG_TYPES:
                        if pred.stem not in lx["rules"]["product_arguments"].get("org_object_means_founder", ()):
                            continue  # a product verb with an organisation as object states nothing we model
                        predicate = "founderOf"  # 'X가 OO당을 만들었다'
                    yield candidate(s, predicate, o, pair_conf, "ko.predicates", sent.index,
                                    [s, o, pred] if s.sentence == sent.index else [o, pred], modality)
        if ks.topic is not None and topic_heads:
            previous_topic = topic_heads
