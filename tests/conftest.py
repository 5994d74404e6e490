"""Shared fixtures: the gazetteer and the seed build load once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def gazetteer():
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_results():
    import kg

    return list(kg.extract([SEEDS]))


@pytest.fixture(autouse=True)
def _own_default_store(tmp_path, monkeypatch):
    """Each test's `kg build` writes its own default store, never the working folder's .techkg/store."""
    monkeypatch.setenv("TECHKG_STORE", str(tmp_path / "default-store"))
