"""Configuration: built once (defaults < config file < flags) and passed explicitly.

The nearest ``mtfix.toml`` or ``pyproject.toml`` with a ``[tool.mtfix]`` table,
searching upwards from the working folder, may name glossaries; their paths
are relative to that file, and the name ``"default"`` stands for the bundled
glossary (``glossaries = ["mtfix-glossary.toml", "default"]`` reads a project
glossary and the bundled one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.errors import ConfigError
from mtfix.files import read_regular
from mtfix.glossary.load import MAX_GLOSSARY_BYTES, default_glossary_path, parse_toml

_KEYS = {"glossaries"}
DEFAULT_NAME = "default"  # in a ``glossaries`` list: the bundled glossary


@dataclass(frozen=True)
class Config:
    glossaries: tuple[str, ...]
    source: str | None = None  # the config file these came from, if any
    use_cache: bool = True


def _read_toml(path: Path) -> dict[str, Any]:
    data = read_regular(str(path), MAX_GLOSSARY_BYTES, ConfigError, "config file ")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("not valid UTF-8", path, data[:exc.start].count(b"\n") + 1) from None
    return parse_toml(text, str(path), ConfigError)


def _table(path: Path) -> dict[str, Any] | None:
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("mtfix") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"[tool.mtfix] must be a table, not {type(table).__name__}", path)
    return table


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its mtfix table."""
    for folder in (start, *start.parents):
        for name in ("mtfix.toml", "pyproject.toml"):
            candidate = folder / name
            if os.path.isfile(candidate):  # False, not an error, for a folder we may not look into
                table = _table(candidate)
                if table is not None:
                    return candidate, table
    return None


def _glossaries(path: Path, table: dict[str, Any]) -> tuple[str, ...]:
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"unknown key '{sorted(unknown)[0]}' (known: {', '.join(sorted(_KEYS))})", path)
    where = "[tool.mtfix] " if path.name == "pyproject.toml" else ""
    names = table.get("glossaries", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError(f"{where}'glossaries' must be a list of paths", path)
    if any(not n.strip() or "\0" in n for n in names):
        raise ConfigError(f"{where}'glossaries' holds an empty path or one with a NUL character", path)
    return tuple(str(default_glossary_path()) if n == DEFAULT_NAME else str((path.parent / n).resolve())
                 for n in names)


def _working_folder() -> Path:
    try:
        return Path.cwd().resolve()
    except OSError as exc:  # the folder was deleted (or made unreadable) under the shell
        why = "it no longer exists" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise ConfigError(f"cannot look for mtfix.toml from the current folder: {why}; "
                          "cd to an existing folder or name the glossary with -g") from None


def build_config(glossaries: list[str] | None = None, cwd: Path | None = None,
                 use_cache: bool = True) -> Config:
    """Flags win; then the nearest config file; then the bundled glossary."""
    if glossaries:
        return Config(tuple(glossaries), None, use_cache)
    found = find_config(cwd.resolve() if cwd else _working_folder())
    if found is not None:
        path, table = found
        names = _glossaries(path, table)
        if names:
            return Config(names, str(path), use_cache)
    return Config((str(default_glossary_path()),), None, use_cache)
