"""The notebooks' helpers that need no lakehouse."""

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("glimmr_nb", Path(__file__).resolve().parents[1] / "glimmr_nb.py")
glimmr_nb = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(glimmr_nb)


def test_top_and_rest_keeps_the_labels_with_most_and_pools_the_others():
    counts = {"aetna": 40, "unmatched:acme health": 3, "cigna": 40, "bcbs": 12, "unmatched:zenith": 1}
    shown, pooled = glimmr_nb.top_and_rest(counts, 3)
    assert shown == ["aetna", "cigna", "bcbs"], "most first, ties by label"
    assert pooled == ["unmatched:acme health", "unmatched:zenith"]


def test_top_and_rest_pools_nothing_when_all_fit():
    assert glimmr_nb.top_and_rest({"aetna": 2, "cigna": 5}, 12) == (["cigna", "aetna"], [])
    assert glimmr_nb.top_and_rest({}, 12) == ([], [])
    with pytest.raises(ValueError, match="got -1"):
        glimmr_nb.top_and_rest({"aetna": 1}, -1)
