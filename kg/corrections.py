"""A user's corrections of entity resolution, kept as data so every later build honours them.

``kg merge A B`` and ``kg split A --doc D`` append one JSON object per line to
a corrections file (by default ``corrections.jsonl`` in the build's output
folder); ``kg build`` reads it and :func:`kg.link.link` applies it:

``{"op": "merge", "entities": ["en/Lingxi_Robotics", "ko/링시"], "note": "...", "at": "2026-11-24T10:00:00+00:00"}``
    The entities become one; it keeps the id of the first.
``{"op": "split", "entity": "en/Chen_Jie", "docs": ["09_zh_campus"], "note": "...", "at": "..."}``
    The names of ``entity`` read in the listed documents become an entity of
    their own, and are never merged back with the rest.

Entities are named by id (``en/Lingxi_Robotics``, ``deepseek``; the last part
of the entity's IRI). The file is rewritten atomically: a failed write leaves
the old one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .errors import InputError

__all__ = ["Correction", "read_corrections", "append_correction", "DEFAULT_NAME"]

DEFAULT_NAME = "corrections.jsonl"


@dataclass(frozen=True, slots=True)
class Correction:
    op: str  # "merge" | "split"
    entities: tuple[str, ...] = ()  # merge: the entities to make one (the first id is kept)
    entity: str = ""  # split: the entity to split
    docs: frozenset[str] = field(default_factory=frozenset)  # split: the documents whose names leave it
    note: str = ""
    at: str = ""
    source: str = ""  # "FILE line N", for messages

    def as_json(self) -> dict:
        d: dict = {"op": self.op}
        if self.op == "merge":
            d["entities"] = list(self.entities)
        else:
            d["entity"] = self.entity
            d["docs"] = sorted(self.docs)
        if self.note:
            d["note"] = self.note
        if self.at:
            d["at"] = self.at
        return d


def _parse(obj: object, where: str) -> Correction:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: a correction must be a JSON object")
    op = obj.get("op")
    note = obj.get("note", "")
    at = obj.get("at", "")
    if op == "merge":
        ents = obj.get("entities")
        if not isinstance(ents, list) or len(ents) < 2 or not all(isinstance(e, str) and e.strip() for e in ents):
            raise InputError(f"{where}: a merge needs \"entities\": a list of two or more entity ids")
        return Correction("merge", entities=tuple(e.strip() for e in ents), note=str(note), at=str(at), source=where)
    if op == "split":
        ent, docs = obj.get("entity"), obj.get("docs")
        if not isinstance(ent, str) or not ent.strip():
            raise InputError(f"{where}: a split needs \"entity\": the id of the entity to split")
        if not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d for d in docs):
            raise InputError(f"{where}: a split needs \"docs\": the documents whose names leave the entity")
        return Correction("split", entity=ent.strip(), docs=frozenset(docs), note=str(note), at=str(at), source=where)
    raise InputError(f"{where}: unknown correction op {op!r}; use \"merge\" or \"split\"")


def read_corrections(path: str | Path) -> list[Correction]:
    """The corrections in ``path`` (none if it does not exist); a malformed line is an :class:`InputError`."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{p}: corrections file is not UTF-8 text") from None
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{p.name} line {n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{where}: not JSON ({e.msg})") from None
        out.append(_parse(obj, where))
    return out


def append_correction(path: str | Path, correction: Correction) -> Correction:
    """Add ``correction`` to the file at ``path`` (created if missing), atomically; returns it with its time."""
    from .exporters import atomic_write

    p = Path(path)
    old = p.read_text(encoding="utf-8") if p.exists() else ""
    read_corrections(p)  # a broken file is reported, not extended
    at = correction.at or datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    done = Correction(correction.op, correction.entities, correction.entity, correction.docs, correction.note, at,
                      correction.source)
    with atomic_write(p) as f:
        if old and not old.endswith("\n"):
            old += "\n"
        f.write(old + json.dumps(done.as_json(), ensure_ascii=False) + "\n")
    return done
