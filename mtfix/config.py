"""Configuration: built once (defaults < config file < flags) and passed explicitly.

The nearest ``mtfix.toml`` or ``pyproject.toml`` with a ``[tool.mtfix]`` table,
searching upwards from the working folder, may name glossaries; their paths
are relative to that file, and the name ``"default"`` stands for the bundled
glossary (``glossaries = ["mtfix-glossary.toml", "default"]`` reads a project
glossary and the bundled one).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.errors import ConfigError
from mtfix.files import read_regular
from mtfix.glossary.load import MAX_GLOSSARY_BYTES, default_glossary_path, parse_toml

if TYPE_CHECKING:
    from mtfix.engine import Matcher

_KEYS = {"glossaries", "fail-on", "skip-fuzzy", "protect"}
# Finding kinds that fail ``check`` only when asked: reported either way (variants always fail it).
FAIL_ON_KINDS = ("inconsistent",)
DEFAULT_NAME = "default"  # in a ``glossaries`` list: the bundled glossary


@dataclass(frozen=True)
class Config:
    glossaries: tuple[str, ...]
    source: str | None = None  # the config file these came from, if any
    use_cache: bool = True
    fail_on: frozenset[str] = frozenset()  # of FAIL_ON_KINDS: these findings also make ``check`` exit 1
    skip_fuzzy: bool = False  # PO entries marked ``#, fuzzy`` are left alone (default: checked and fixed)
    protect: tuple[str, ...] = ()  # extra protected-span patterns, as a glossary's ``[meta] protect``

    def protecting(self, matcher: Matcher) -> Matcher:
        """``matcher`` (sharing its automata) protecting this config's patterns as well."""
        wanted = tuple(dict.fromkeys(matcher.protect_patterns + self.protect))
        return matcher if wanted == matcher.protect_patterns else matcher.replaced(protect_patterns=wanted)


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


def _settings(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """``fail-on`` and ``skip-fuzzy`` of a config table, checked."""
    where = "[tool.mtfix] " if path.name == "pyproject.toml" else ""
    out: dict[str, Any] = {}
    if "fail-on" in table:
        kinds = table["fail-on"]
        if not isinstance(kinds, list) or not all(k in FAIL_ON_KINDS for k in kinds):
            raise ConfigError(f"{where}'fail-on' must be a list of finding kinds ({', '.join(FAIL_ON_KINDS)})", path)
        out["fail_on"] = frozenset(kinds)
    if "skip-fuzzy" in table:
        if not isinstance(table["skip-fuzzy"], bool):
            raise ConfigError(f"{where}'skip-fuzzy' must be true or false", path)
        out["skip_fuzzy"] = table["skip-fuzzy"]
    if "protect" in table:
        out["protect"] = _protect(path, table["protect"], where)
    return out


def _protect(path: Path, patterns: Any, where: str) -> tuple[str, ...]:
    """``protect``: regular expressions for placeholders the built-in families miss;
    a bad one is an error on its own line of the config file."""
    from mtfix.engine.placeholders import ProtectError, check_pattern

    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{where}'protect' must be a list of regular expressions", path, _line_of(path, None))
    for pattern in patterns:
        try:
            check_pattern(pattern)
        except ProtectError as exc:
            raise ConfigError(f"{where}{exc}", path, _line_of(path, pattern)) from None
    return tuple(dict.fromkeys(patterns))


_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'")
_PROTECT_KEY = re.compile(r"^\s*protect\s*=")


def _line_of(path: Path, pattern: str | None) -> int | None:
    """The line of the ``protect`` key, or of the string in its list that reads as ``pattern``."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    start = next((n for n, line in enumerate(lines) if _PROTECT_KEY.match(line)), None)
    if start is None or pattern is None:
        return None if start is None else start + 1
    import tomllib

    for number in range(start, len(lines)):
        for literal in _STRING.findall(lines[number]):
            try:
                if tomllib.loads(f"x = {literal}")["x"] == pattern:
                    return number + 1
            except tomllib.TOMLDecodeError:
                continue
    return start + 1


def _working_folder() -> Path:
    try:
        return Path.cwd().resolve()
    except OSError as exc:  # the folder was deleted (or made unreadable) under the shell
        why = "it no longer exists" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise ConfigError(f"cannot look for mtfix.toml from the current folder: {why}; "
                          "cd to an existing folder or name the glossary with -g") from None


def _nearest(cwd: Path | None, named: bool) -> tuple[Path, dict[str, Any]] | None:
    """The config file for this run; glossaries named by flags need no folder to look from."""
    try:
        start = cwd.resolve() if cwd else _working_folder()
    except ConfigError:
        if named:
            return None
        raise
    return find_config(start)


def build_config(glossaries: list[str] | None = None, cwd: Path | None = None, use_cache: bool = True,
                 fail_on: list[str] | None = None, skip_fuzzy: bool | None = None) -> Config:
    """Flags win; then the nearest config file; then the bundled glossary (and no extra checks)."""
    found = _nearest(cwd, bool(glossaries))
    names: tuple[str, ...] = ()
    source: str | None = None
    settings: dict[str, Any] = {}
    if found is not None:
        path, table = found
        names, settings = _glossaries(path, table), _settings(path, table)
        source = str(path) if names else None
    if fail_on is not None:  # "--fail-on none" asks for no extra kind
        settings["fail_on"] = frozenset(fail_on) - {"none"}
    if skip_fuzzy is not None:
        settings["skip_fuzzy"] = skip_fuzzy
    if glossaries:
        return Config(tuple(glossaries), None, use_cache, **settings)
    return Config(names or (str(default_glossary_path()),), source, use_cache, **settings)
