"""The corpus state's tables on disk: a DiskDict behaves as a dict, in bounded memory, one transaction per build."""
from __future__ import annotations

import pickle
import random

import pytest

from kg.statedb import DiskDict, StateDB


def test_a_disk_dict_behaves_as_a_dict_through_random_operations_with_a_tiny_cache(tmp_path):
    """Random sets, deletions, in-place changes and reads, on a table that keeps 7 entries in memory
    (so nearly every value is written back and read again): always what a dict holds."""
    db = StateDB(tmp_path / "state.db")
    table, ref = db.table("t", cache=7), {}
    rng = random.Random(3)
    keys = [("doc%d" % i, str(i % 5)) for i in range(60)] + list(range(40)) + ["k%d" % i for i in range(30)]
    for step in range(6000):
        key = rng.choice(keys)
        op = rng.random()
        if op < 0.35:
            value = {rng.randrange(9)} if rng.random() < 0.5 else (rng.random(), "x")
            table[key], ref[key] = value, value if not isinstance(value, set) else set(value)
        elif op < 0.5:
            assert table.pop(key, None) == ref.pop(key, None)
        elif op < 0.75 and isinstance(ref.get(key), set):
            x = rng.randrange(9)
            table[key].add(x)  # changed in place, as LinkState changes its sets
            ref[key].add(x)
        else:
            assert table.get(key) == ref.get(key)
            assert (key in table) == (key in ref)
        if step % 500 == 0:
            assert len(table) == len(ref)
            assert dict(table.items()) == ref
    db.commit()
    assert dict(table.items()) == ref and len(table) == len(ref)
    db.close()
    again = StateDB(tmp_path / "state.db").table("t")
    assert dict(again.items()) == ref and len(again) == len(ref)


def test_equal_keys_made_of_other_objects_are_one_key(tmp_path):
    """A key is found by its value, not by the objects it is made of (pickle would write a string met
    twice as a reference: another key for the same tuple)."""
    table = StateDB(tmp_path / "s.db").table("t", cache=1)
    a = "same"
    table[(a, a)] = 1
    table["other"] = 2  # pushes the first out of the cache
    assert table[("sa" + "me", "".join(["s", "ame"]))] == 1 and len(table) == 2


def test_what_a_build_does_not_commit_is_not_the_state(tmp_path):
    db = StateDB(tmp_path / "s.db")
    db.table("t")["kept"] = 1
    db.set("header", ("v1", 3))
    db.commit()
    db.table("t")["lost"] = 2
    db.set("header", ("v2", 4))
    db.flush()
    db.close()  # (a build that failed, or was killed: nothing after the commit stays)
    db = StateDB(tmp_path / "s.db")
    assert dict(db.table("t").items()) == {"kept": 1} and db.get("header") == ("v1", 3)
    db.clear()
    assert len(db.table("t")) == 0 and db.get("header") is None


def test_iterating_reads_every_key_in_pages_while_values_change(tmp_path):
    table = StateDB(tmp_path / "s.db").table("t", cache=10)
    for i in range(5000):
        table[i] = i
    seen = 0
    for key, value in table.items():  # as LinkState.release rewrites each article's entry
        table[key] = value + 1
        seen += 1
    assert seen == 5000 and all(table[i] == i + 1 for i in range(0, 5000, 7))


def test_a_table_is_not_pickled(tmp_path):
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(StateDB(tmp_path / "s.db").table("t"))
