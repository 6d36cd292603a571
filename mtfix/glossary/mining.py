"""``mtfix glossary mine``: read the inputs, run the right finder, write the output.

Bilingual files (TSV, TMX, XLIFF, PO) are read by their format modules, so
mining sees the same segments as ``mtfix check``; a file whose sources hold
no Chinese is mined as English text. Plain text that is tab-separated with a
Chinese first column is read as TSV.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from mtfix.engine.canon import is_cjk
from mtfix.engine.positions import anchored_positions
from mtfix.errors import InputError
from mtfix.glossary.mine import Group, format_groups, groups_json, groups_toml, is_bilingual, ranked
from mtfix.model import Glossary

UNSUPPORTED = (".sdlxliff", ".tbx", ".xml", ".html", ".htm")


@dataclass(frozen=True)
class Piece:
    """English text and where it starts in its file (1-based line and column)."""

    text: str
    line: int = 1
    column: int = 1
    anchors: tuple[tuple[int, int, int], ...] = ()  # as ``Segment.anchors``: where markup splits it

    def positions(self, offsets: Iterable[int]) -> Iterator[tuple[int, int]]:
        """The file line and column of each offset in ``text`` (linear when ascending)."""
        return anchored_positions(self.text, self.line, self.column, self.anchors, offsets)


@dataclass(frozen=True)
class Input:
    """One file: its (Chinese, English) pairs if bilingual, else its English text as one piece."""

    path: str
    pairs: tuple[tuple[str, str], ...]
    pieces: tuple[Piece, ...]


def _glossary(args: argparse.Namespace) -> Glossary:
    from mtfix.config import build_config
    from mtfix.glossary.load import load_glossaries

    return load_glossaries(list(build_config(args.glossary).glossaries))


def _from_segments(path: str, module) -> Input:
    segments = [s for s in module.load(path).segments if s.target.strip()]
    pairs = tuple((s.source, s.target) for s in segments if s.source and s.source.strip())
    pieces = tuple(Piece(s.target, s.line, s.column, tuple(s.anchors)) for s in segments)
    if not any(is_cjk(c) for source, _ in pairs for c in source):
        pairs = ()  # not Chinese -> English: mine the targets as English text
    return Input(path, pairs, pieces)


def read_input(path: str) -> Input | None:
    """The segments of ``path``, or None (with a note on stderr) for a format mine cannot read."""
    from mtfix.formats import handler_for
    from mtfix.formats.text import decode_bytes, read_file_bytes

    module = handler_for(path)
    if module is not None and hasattr(module, "load"):
        return _from_segments(path, module)
    if module is not None or path.lower().endswith(UNSUPPORTED):
        print(f"{path}: skipped: mine reads TSV, TMX, XLIFF, PO and plain text, not this format",
              file=sys.stderr)
        return None
    try:
        data = read_file_bytes(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    if is_bilingual(path, data):
        from mtfix.formats import tsv

        return _from_segments(path, tsv)
    return Input(path, (), (Piece(decode_bytes(data, path)[0]),))


def _inputs(paths: list[str]) -> list[Input]:
    from mtfix.formats import expand_paths

    return [found for path in expand_paths(paths) if (found := read_input(path)) is not None]


def mine_groups(inputs: Sequence[Input], glossary: Glossary, min_count: int = 2) -> list[Group]:
    """Bilingual files are mined together, and English files together; the groups are ranked."""
    from mtfix.glossary.align import mine_pairs
    from mtfix.glossary.variation import Text, mine_english

    pairs = [pair for found in inputs for pair in found.pairs]
    texts = [Text(found.path, piece.text, piece.positions) for found in inputs if not found.pairs
             for piece in found.pieces]
    groups: list[Group] = []
    if pairs:
        from dataclasses import replace

        from mtfix.glossary.mine import known_term

        words = [s for term in glossary.terms for s in term.source]
        for group in mine_pairs(pairs, words, min_count):
            known = known_term(group, glossary)
            groups.append(replace(group, term=known.id) if known else group)
    if texts:
        groups += [g for g in mine_english(texts, glossary)
                   if sum(r.count for r in g.renderings) >= min_count]
    return ranked(groups)


def _near_misses(args: argparse.Namespace, inputs: Sequence[Input], glossary: Glossary, out: TextIO) -> int:
    import json
    from dataclasses import replace

    from mtfix.glossary.nearmiss import find_near_misses, format_near_miss

    records = []
    for found in inputs:
        for piece in found.pieces:
            misses = find_near_misses(piece.text, glossary, args.threshold)
            for miss, (line, column) in zip(misses, piece.positions(m.offset for m in misses), strict=True):
                miss = replace(miss, line=line, column=column)
                if args.format == "json":
                    records.append(miss.record(found.path))
                else:
                    out.write(format_near_miss(found.path, miss) + "\n")
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return 0


def mine_command(args: argparse.Namespace, out: TextIO) -> int:
    glossary = _glossary(args)
    inputs = _inputs(args.paths)
    if args.fuzzy:
        return _near_misses(args, inputs, glossary, out)
    groups = mine_groups(inputs, glossary, args.min_count)
    if args.emit_toml == "-":  # stdout is then one TOML file (the counts are in its comments)
        out.write(groups_toml(groups, glossary))
        return 0
    out.write(groups_json(groups) + "\n" if args.format == "json" else format_groups(groups, glossary))
    if args.emit_toml:
        from mtfix.glossary.command import _glossary_text, write_file
        from mtfix.glossary.mine import emit_groups

        write_file(args.emit_toml, emit_groups(_glossary_text(args.emit_toml), args.emit_toml, groups, glossary))
    return 0
