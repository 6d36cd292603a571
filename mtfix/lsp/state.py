"""What the language server holds: its options, open buffers and their latest analyses."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtfix.lsp.analysis import Analysis, Analyzer
from mtfix.lsp.glossaries import Glossaries, Loaded
from mtfix.lsp.positions import UTF16

Made = dict[tuple[int, ...], Any]  # see ``actions.diagnostics``

DEBOUNCE, POLL = 0.15, 2.0  # seconds


@dataclass
class Buffer:
    uri: str
    path: str
    kind: str
    text: str
    version: int
    analyzer: Analyzer
    analysis: Analysis | None = None
    analysed: tuple[int, int] | None = None  # (version, generation) of ``analysis``
    pending: asyncio.TimerHandle | None = None
    loaded: Loaded | None = None
    made: Made = field(default_factory=dict)  # the diagnostics last published (``actions.diagnostics``)
    fixes: tuple[Analysis, list[Any]] | None = None  # an analysis and what fixing all of it edits

    @property
    def folder(self) -> Path:
        return Path(self.path).resolve().parent


@dataclass
class Options:
    glossaries: list[str] | None = None
    debounce: float = DEBOUNCE
    poll: float = POLL
    use_cache: bool = True

    @classmethod
    def read(cls, given: Any) -> Options:
        """``initializationOptions`` (or ``{"mtfix": {...}}``): ``glossaries`` (paths, as ``-g``),
        ``debounceMs``, ``pollMs`` (0: only on the client's word), ``noCache``."""
        given = given if isinstance(given, dict) else {}
        if isinstance(given.get("mtfix"), dict):  # settings namespaced as editors write them
            given = given["mtfix"]
        names = given.get("glossaries", given.get("glossary"))
        names = [names] if isinstance(names, str) else names
        glossaries = [os.path.expanduser(str(n)) for n in names] if isinstance(names, list) and names else None
        return cls(glossaries, float(given.get("debounceMs", DEBOUNCE * 1000)) / 1000,
                   float(given.get("pollMs", POLL * 1000)) / 1000, not given.get("noCache", False))


@dataclass
class State:
    options: Options = field(default_factory=Options)
    glossaries: Glossaries = field(default_factory=Glossaries)
    buffers: dict[str, Buffer] = field(default_factory=dict)
    generation: int = 0  # goes up when the glossaries change: every analysis is stale
    shown: set[str] = field(default_factory=set)  # errors shown once
    encoding: str = UTF16
    scratch: str = ""
