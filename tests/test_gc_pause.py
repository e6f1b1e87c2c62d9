"""``l10n.gc_pause``: the collector is paused while the wrapped work runs and comes back as it
was, also when the work fails."""

from __future__ import annotations

import gc

import pytest

from l10n.gc_pause import gc_paused


@gc_paused
def _state(fail: bool = False) -> bool:
    if fail:
        raise ValueError("failed")
    return gc.isenabled()


def test_the_collector_is_paused_during_the_work_and_back_after_it() -> None:
    assert gc.isenabled()
    assert _state() is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        _state(fail=True)
    assert gc.isenabled()


def test_a_collector_the_caller_paused_stays_paused() -> None:
    gc.disable()
    try:
        assert _state() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
