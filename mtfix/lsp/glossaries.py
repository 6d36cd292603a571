"""Which glossaries a buffer is checked with, compiled once and reloaded when they change.

Discovery is ``mtfix check``'s, from the buffer's folder instead of the
working folder: the glossaries given at initialisation (as ``-g``), else the
nearest ``mtfix.toml`` / ``[tool.mtfix]``, else the bundled glossary. A
glossary is compiled again when a file it was read from (or the config file
naming it) changes on disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mtfix.config import Config, build_config
from mtfix.engine import Matcher
from mtfix.errors import MtfixError

Stamp = tuple[tuple[str, int, int], ...]  # (path, mtime_ns, size) of every file a matcher came from


def stamp(paths: tuple[str, ...]) -> Stamp:
    out = []
    for path in paths:
        try:
            info = os.stat(path)
            out.append((path, info.st_mtime_ns, info.st_size))
        except OSError:
            out.append((path, -1, -1))
    return tuple(out)


@dataclass(frozen=True)
class Loaded:
    """A compiled glossary and what it was built from; ``error`` instead when it could not be."""

    config: Config | None
    stamp: Stamp
    matcher: Matcher | None = None
    error: MtfixError | None = None

    @cached_property
    def checking(self) -> Matcher | None:
        """The matcher as ``mtfix check`` uses it (suggestions reported)."""
        return self.matcher.including_suggestions() if self.matcher is not None else None

    @cached_property
    def fixing(self) -> Matcher | None:
        """The matcher as ``mtfix fix`` uses it (suggestions left alone)."""
        return self.matcher.including_suggestions(False) if self.matcher is not None else None

    @property
    def files(self) -> tuple[str, ...]:
        if self.config is None:
            return ()
        return self.config.glossaries + ((self.config.source,) if self.config.source else ())


class Glossaries:
    """Compiled glossaries by the folder of the buffers that use them."""

    def __init__(self, flags: list[str] | None = None, use_cache: bool = True):
        self.flags = flags or None
        self.use_cache = use_cache
        self.loaded: dict[tuple[tuple[str, ...], tuple[str, ...]], Loaded] = {}  # by glossary files and protect
        self.configs: dict[Path, tuple[Config | None, MtfixError | None]] = {}

    def config_for(self, folder: Path) -> tuple[Config | None, MtfixError | None]:
        if folder not in self.configs:
            try:
                self.configs[folder] = (build_config(self.flags, cwd=folder, use_cache=self.use_cache), None)
            except MtfixError as exc:
                self.configs[folder] = (None, exc)
        return self.configs[folder]

    def for_folder(self, folder: Path) -> Loaded:
        """The glossary for buffers in ``folder``, compiled again if its files changed."""
        config, error = self.config_for(folder)
        if config is None:
            return Loaded(None, (), error=error)
        key = (config.glossaries, config.protect)
        loaded = self.loaded.get(key)
        if loaded is None or loaded.stamp != stamp(Loaded(config, ()).files):
            loaded = self.loaded[key] = self._load(config)
        return loaded

    def _load(self, config: Config) -> Loaded:
        from mtfix.glossary.cache import load_matcher

        files = Loaded(config, ()).files
        before = stamp(files)
        try:
            matcher = load_matcher(list(config.glossaries), use_cache=self.use_cache)
            return Loaded(config, before, config.protecting(matcher))
        except MtfixError as exc:
            return Loaded(config, before, error=exc)

    def forget_configs(self) -> None:
        """Look for config files again (one may have been added or removed)."""
        self.configs.clear()

    def changed(self) -> bool:
        """Whether a config file or glossary in use changed on disk since it was read."""
        folders = list(self.configs)
        old = {folder: self.configs[folder][0] for folder in folders}
        self.forget_configs()
        for folder in folders:
            config, _ = self.config_for(folder)
            if config != old[folder]:
                return True
        return any(loaded.stamp != stamp(loaded.files) for loaded in self.loaded.values())
