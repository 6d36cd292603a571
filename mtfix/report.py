"""What the user reads: findings as text or JSON, diffs, and the closing summary.

``Report`` owns the counters, the wording and the exit code, so the CLI only
feeds it results.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from mtfix.errors import one_line
from mtfix.formats import SYMLINK
from mtfix.formats.xmlroot import UNKNOWN_XML
from mtfix.model import KIND_SPLIT, KIND_SUGGESTION, KIND_VARIANT, Finding

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "'": "\\'"})


def quote(text: str) -> str:
    return "'" + text.translate(_ESCAPES) + "'"


def _what(finding: Finding) -> str:
    if finding.kind in (KIND_VARIANT, KIND_SUGGESTION):
        return f"{quote(finding.match)} -> {quote(finding.replacement)} [{finding.term}]"
    if finding.kind == KIND_SPLIT:
        return (f"{quote(finding.match)} -> {quote(finding.replacement)} [{finding.term}] "
                "split by an inline tag, not rewritten")
    term = f" [{finding.term}]" if finding.term else ""
    return f"{finding.kind}: {finding.detail}{term}"


def format_finding(path: str, finding: Finding) -> str:
    """``PATH:LINE:COL: what [term]``; a bilingual segment adds ``in REF, source 'TEXT'``,
    and a variant that plain ``fix`` leaves alone ends in `` (suggestion)``."""
    text = f"{path}:{finding.line}:{finding.column}: {_what(finding)}"
    if finding.segment:
        text += f" in {finding.segment}"
    if finding.source is not None:
        text += f", source {quote(finding.source)}"
    if finding.suggestion:  # an auto = false term without source evidence: fix leaves it alone
        text += " (suggestion)"
    return one_line(text)  # a newline or ESC in a file name must not break the line


def finding_record(path: str, finding: Finding) -> dict[str, object]:
    return {"path": path, "line": finding.line, "column": finding.column,
            "match": finding.match, "replacement": finding.replacement,
            "term": finding.term, "kind": finding.kind, "variant": finding.variant,
            "preferred": finding.preferred,
            "edit": {"start": finding.edit.start, "end": finding.edit.end,
                     "replacement": finding.edit.replacement},
            "segment": finding.segment or None, "source": finding.source, "target": finding.target,
            "evidence": finding.evidence or None, "detail": finding.detail or None,
            "auto": finding.auto}


class JsonArray:
    """A JSON array of records written as they come, never held whole (a run may
    have millions of findings); the bytes are ``json.dumps(records, indent=2)``'s."""

    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def extend(self, records: Iterable[dict[str, object]]) -> None:
        for record in records:
            # At depth 1 each line of the record is indented two more spaces; no
            # line break occurs inside a JSON string, so this is exact.
            text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.out.write(("[\n  " if not self.count else ",\n  ") + text)
            self.count += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")


def _range(start: int, length: int) -> str:
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def unified_diff(path: str, before: str, after: str, context: int = 3) -> str:
    """A unified diff, as ``diff -u`` prints it (missing final newline marked).

    difflib's ``unified_diff`` treats lines that recur often (blank lines in a
    long article) as junk and then shows unchanged lines as changed; the
    matcher here keeps every line.
    """
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = [f"--- {path}\n", f"+++ {path}\n"]
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(" " + line for line in old[a1:a2])
                continue
            out.extend("-" + line for line in old[a1:a2])
            out.extend("+" + line for line in new[b1:b2])
    if len(out) == 2:
        return ""
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in out)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


@dataclass
class Report:
    """Counters over one run; ``summary()`` and ``exit_code()`` read them."""

    mode: str  # "check", "fix", "diff" or "dry-run"
    fail_on_findings: bool = False  # exit 1 when there are findings (check, fix --check)
    files: int = 0
    changed_files: int = 0
    findings: int = 0
    errors: list[str] = field(default_factory=list)
    symlinks_skipped: int = 0  # by folder walks, which never follow a symlink
    specials_skipped: int = 0  # FIFOs, devices and sockets met in folder walks
    xml_skipped: int = 0  # XML files met in folder walks that are neither XLIFF nor TMX
    # check: findings that are suggestions; fix: suggestions it left alone (auto = false terms)
    suggestions: int = 0
    # check: findings reported that do not fail it (``inconsistent`` unless --fail-on inconsistent)
    advisory: int = 0

    def skip(self, kind: str) -> None:
        """A file a folder walk left out: a symlink, or ``kind`` of special file."""
        if kind == SYMLINK:
            self.symlinks_skipped += 1
        elif kind.startswith(UNKNOWN_XML):
            self.xml_skipped += 1
        else:
            self.specials_skipped += 1

    def add(self, findings: int, error: str | None = None, suggestions: int = 0) -> None:
        self.files += 1
        if error is not None:
            self.errors.append(error)
            return
        self.findings += findings
        self.changed_files += bool(findings)
        self.suggestions += suggestions

    def add_late(self, findings: int, new_files: int, fail: bool = True) -> None:
        """Findings of a check over all files (``inconsistent``), counted after the files;
        unless they ``fail`` the check, only reported (counted apart, exit status unchanged)."""
        if not fail:
            self.advisory += findings
            return
        self.findings += findings
        self.changed_files += new_files

    def summary(self) -> str:
        where = _plural(self.changed_files, "file")
        if self.mode == "check":
            text = (f"{_plural(self.findings, 'finding')} in {where}" if self.findings
                    else f"no findings in {_plural(self.files - len(self.errors), 'file')}")
        elif self.mode == "fix":
            text = (f"{_plural(self.findings, 'fix', 'fixes')} in {where}" if self.findings
                    else "nothing to fix")
        else:
            text = (f"{_plural(self.findings, 'fix', 'fixes')} would be made in {where}"
                    if self.findings else "nothing to fix")
        text += self._suggested() + self._advisory()
        if not self.errors:
            return text + self._skipped()
        failed = f"{_plural(len(self.errors), 'file')} could not be processed"
        return (failed if self.files == len(self.errors) else f"{text}; {failed}") + self._skipped()

    def _suggested(self) -> str:
        """What became of the variants of ``auto = false`` terms, or nothing."""
        if not self.suggestions:
            return ""
        if self.mode == "check":
            return (f" ({_plural(self.suggestions, 'suggestion')}: auto = false, "
                    "applied by fix only with --include-suggestions)")
        return (f"; {_plural(self.suggestions, 'suggestion')} not applied "
                "(auto = false; --include-suggestions applies them)")

    def _advisory(self) -> str:
        if not self.advisory:
            return ""
        return (f"; {_plural(self.advisory, 'inconsistent finding')} reported, not failing the check "
                "(--fail-on inconsistent)")

    def _skipped(self) -> str:
        """``; 2 symlinks and 1 special file skipped``, or nothing."""
        counts = ((self.symlinks_skipped, "symlink"), (self.specials_skipped, "special file"),
                  (self.xml_skipped, "unknown XML file"))
        skipped = [_plural(count, word) for count, word in counts if count]
        return f"; {' and '.join(skipped)} skipped" if skipped else ""

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        if self.fail_on_findings and self.findings:
            return EXIT_FOUND
        return EXIT_OK
