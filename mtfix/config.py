"""Configuration: built once (defaults < config file < flags) and passed explicitly.

The nearest ``mtfix.toml`` or ``pyproject.toml`` with a ``[tool.mtfix]`` table,
searching upwards from the working folder, may name glossaries; their paths
are relative to that file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mtfix.errors import ConfigError
from mtfix.glossary.load import default_glossary_path

_KEYS = {"glossaries"}


@dataclass(frozen=True)
class Config:
    glossaries: tuple[str, ...]
    source: str | None = None  # the config file these came from, if any
    use_cache: bool = True


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path) from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("mtfix") if isinstance(tool, dict) else None
    return data


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its mtfix table."""
    for folder in (start, *start.parents):
        for name in ("mtfix.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
    return None


def _glossaries(path: Path, table: dict[str, Any]) -> tuple[str, ...]:
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"unknown key '{sorted(unknown)[0]}' (known: {', '.join(sorted(_KEYS))})", path)
    names = table.get("glossaries", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError("'glossaries' must be a list of paths", path)
    return tuple(str((path.parent / n).resolve()) for n in names)


def build_config(glossaries: list[str] | None = None, cwd: Path | None = None,
                 use_cache: bool = True) -> Config:
    """Flags win; then the nearest config file; then the bundled glossary."""
    if glossaries:
        return Config(tuple(glossaries), None, use_cache)
    found = find_config((cwd or Path.cwd()).resolve())
    if found is not None:
        path, table = found
        names = _glossaries(path, table)
        if names:
            return Config(names, str(path), use_cache)
    return Config((str(default_glossary_path()),), None, use_cache)
