"""``mtfix glossary mine``: read the inputs, run the right finder, write the output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from mtfix.errors import InputError
from mtfix.glossary.mine import Group, format_groups, groups_json, groups_toml, is_bilingual, ranked, read_pairs
from mtfix.model import Glossary

MARKUP = (".xlf", ".xliff", ".sdlxliff", ".tmx", ".po", ".pot", ".tbx", ".xml", ".html", ".htm")


def _glossary(args: argparse.Namespace) -> Glossary:
    from mtfix.config import build_config
    from mtfix.glossary.load import load_glossaries

    return load_glossaries(list(build_config(args.glossary).glossaries))


def _inputs(paths: list[str]) -> list[tuple[str, bytes]]:
    from mtfix.formats import expand_paths

    files = []
    for path in expand_paths(paths):
        if path.lower().endswith(MARKUP):
            print(f"{path}: skipped: mine reads TSV and plain text (this format is not supported yet)",
                  file=sys.stderr)
            continue
        try:
            files.append((path, Path(path).read_bytes()))
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path) from None
    return files


def _text(path: str, data: bytes) -> str:
    from mtfix.formats.text import decode_bytes

    return decode_bytes(data, path)[0]


def mine_groups(files: list[tuple[str, bytes]], glossary: Glossary, min_count: int = 2) -> list[Group]:
    """Bilingual files are mined together, and English files together; the groups are ranked."""
    from mtfix.glossary.align import mine_pairs
    from mtfix.glossary.phrases import mine_text

    pairs = [p for path, data in files if is_bilingual(path, data) for p in read_pairs(data, path)]
    texts = [_text(path, data) for path, data in files if not is_bilingual(path, data)]
    groups: list[Group] = []
    if pairs:
        words = [s for term in glossary.terms for s in term.source]
        groups += mine_pairs(pairs, words, min_count)
    if texts:
        groups += mine_text("\n\n".join(texts), min_count)
    return ranked(groups)


def _targets(path: str, data: bytes) -> str:
    """The target column of a TSV, each on its own line, so that line numbers stay those of the file."""
    lines = _text(path, data).splitlines()
    return "\n".join(line.split("\t")[1] if "\t" in line else "" for line in lines)


def _near_misses(args: argparse.Namespace, files: list[tuple[str, bytes]], glossary: Glossary,
                 out: TextIO) -> int:
    import json

    from mtfix.glossary.nearmiss import find_near_misses, format_near_miss

    records = []
    for path, data in files:
        text = _targets(path, data) if is_bilingual(path, data) else _text(path, data)
        for miss in find_near_misses(text, glossary, args.threshold):
            if args.format == "json":
                records.append(miss.record(path))
            else:
                out.write(format_near_miss(path, miss) + "\n")
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return 0


def mine_command(args: argparse.Namespace, out: TextIO) -> int:
    glossary = _glossary(args)
    files = _inputs(args.paths)
    if args.fuzzy:
        return _near_misses(args, files, glossary, out)
    groups = mine_groups(files, glossary, args.min_count)
    out.write(groups_json(groups) + "\n" if args.format == "json" else format_groups(groups, glossary))
    if args.emit_toml:
        toml = groups_toml(groups, glossary)
        if args.emit_toml == "-":
            out.write(toml)
        else:
            from mtfix.glossary.command import write_file

            write_file(args.emit_toml, toml)
    return 0
