"""Packages that load their names on first use (PEP 562): a package lists the module of each
name it exports, and a command imports only the modules whose names it touches, which keeps the
start of every run short (see tests/test_cli_startup.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, home: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: a name of ``home`` is imported from the module
    it names on first use and kept in ``namespace`` (the package's globals), so it is looked up
    once; any other name is an ``AttributeError``, as for a plain module."""

    def __getattr__(name: str) -> object:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
