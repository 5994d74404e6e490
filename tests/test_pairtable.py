"""kg.pairtable.PairTable behaves as the dict it stands for, across pickling."""
from __future__ import annotations

import pickle
import random

import numpy as np
import pytest

from kg.pairtable import PairTable


def test_random_changes_and_pickling_agree_with_a_dict():
    rng = random.Random(3)
    table, expected = PairTable(("float", "label", "float")), {}
    rules = ["same-name", "pinyin", "acronym", "transliteration"]
    for round_ in range(30):
        for _ in range(rng.randint(0, 200)):
            key = (rng.randrange(500) << 32) | rng.randrange(500)
            if rng.random() < 0.3 and expected:
                gone = rng.choice(sorted(expected))
                assert table.pop(gone) == expected.pop(gone)
            else:
                value = (round(rng.random(), 3), rng.choice(rules), round(rng.random() - 0.5, 3))
                table[key] = value
                expected[key] = value
        assert len(table) == len(expected)
        assert set(table) == set(expected)
        assert all(table.get(k) == v for k, v in expected.items())
        assert table.get(1 << 40) is None and (1 << 40) not in table
        asked = sorted(expected)[::3] + [1 << 40]
        present, (scores, contexts) = table.lookup(np.array(asked, dtype=np.uint64), (0, 2))
        assert present.tolist() == [k in expected for k in asked]
        assert [(s, c) for s, c, p in zip(scores.tolist(), contexts.tolist(), present) if p] == \
            [(expected[k][0], expected[k][2]) for k in asked if k in expected]
        if round_ % 3 == 0:
            table = pickle.loads(pickle.dumps(table))  # changes folded into the columns
    assert dict(table.items()) == expected


def test_counts_and_missing_keys():
    table = PairTable(("count",))
    table[7] = 2
    table = pickle.loads(pickle.dumps(table))
    assert table[7] == 2 and isinstance(table[7], int)
    table[7] = table.get(7, 0) + 1
    del table[7]
    with pytest.raises(KeyError):
        table[7]
    with pytest.raises(KeyError):
        del table[7]
    assert len(table) == 0 and list(table) == []
    assert pickle.loads(pickle.dumps(table)).get(7, 0) == 0
