"""``mtfix check`` output for CI: GitHub Actions workflow commands and SARIF 2.1.0.

Both are written as findings come (a run may have millions): GitHub's
``::warning file=...,line=...,col=...::message`` lines one by one, and the SARIF
log's results streamed inside its one JSON document, the rules (one per glossary
term that has findings, with its note and ``ref``) written after them.

Levels: a variant ``fix`` rewrites is a warning; a suggestion (an ``auto = false``
term without evidence), a variant split by an inline tag and the bilingual checks
(``missing``, ``count-mismatch``, ``inconsistent``) are notices (SARIF ``note``).
Columns count characters (Unicode code points), as mtfix's own output does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from mtfix import __version__
from mtfix.model import KIND_SUGGESTION, KIND_VARIANT, Finding, Term

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def is_warning(finding: Finding) -> bool:
    return finding.kind == KIND_VARIANT and not finding.suggestion


def message(finding: Finding) -> str:
    if finding.kind in (KIND_VARIANT, KIND_SUGGESTION):
        text = f"'{finding.match}' -> '{finding.replacement}'"
        if finding.suggestion:
            text += " (suggestion: auto = false, fixed only with evidence or --include-suggestions)"
    else:
        text = f"{finding.kind}: {finding.detail}" if finding.detail else finding.kind
    return text + (f". {finding.note}" if finding.note else "")


def rule_id(finding: Finding) -> str:
    return finding.term or f"mtfix-{finding.kind}"


def end_of(finding: Finding) -> tuple[int, int]:
    """The line and column just past the match (the match may hold line breaks)."""
    lines = finding.match.split("\n")
    if len(lines) == 1:
        return finding.line, finding.column + len(finding.match)
    return finding.line + len(lines) - 1, len(lines[-1]) + 1


# --- GitHub Actions ------------------------------------------------------------------------------

def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(path: str, finding: Finding) -> str:
    """One workflow command: ``::warning file=F,line=L,col=C,endLine=..,endColumn=..,title=T::MESSAGE``."""
    end_line, end_column = end_of(finding)
    level = "warning" if is_warning(finding) else "notice"
    props = [f"file={_property(path)}", f"line={finding.line}", f"col={finding.column}"]
    if finding.match:
        props += [f"endLine={end_line}", f"endColumn={end_column}"]
    props.append(f"title={_property('mtfix ' + rule_id(finding))}")
    return f"::{level} {','.join(props)}::{_data(message(finding))}"


class GithubWriter:
    def __init__(self, out: TextIO):
        self.out = out

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        self.out.write("".join(github_line(path, f) + "\n" for f in findings))

    def close(self) -> None:
        pass


# --- SARIF 2.1.0 ---------------------------------------------------------------------------------

def artifact_uri(path: str) -> str:
    """A URI reference for a path as given: relative paths stay relative (GitHub resolves them
    against the repository), absolute ones become ``file://`` URIs."""
    if path == "<stdin>":
        return "stdin"
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


def sarif_result(path: str, finding: Finding, index: int) -> dict[str, object]:
    end_line, end_column = end_of(finding)
    region: dict[str, object] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.match:
        region |= {"endLine": end_line, "endColumn": end_column, "snippet": {"text": finding.match}}
    properties = {k: v for k, v in (("kind", finding.kind), ("variant", finding.variant),
                                    ("preferred", finding.preferred), ("replacement", finding.replacement),
                                    ("auto", finding.auto), ("segment", finding.segment or None),
                                    ("source", finding.source), ("evidence", finding.evidence or None))
                  if v not in (None, "")}
    return {"ruleId": rule_id(finding), "ruleIndex": index, "level": "warning" if is_warning(finding) else "note",
            "message": {"text": message(finding)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}, "region": region}}],
            "properties": properties}


def sarif_rule(rule: str, term: Term | None, kind: str) -> dict[str, object]:
    if term is None:
        return {"id": rule, "name": kind, "shortDescription": {"text": f"mtfix {kind} check"},
                "defaultConfiguration": {"level": "note"}}
    described = {"id": rule, "name": term.id,
                 "shortDescription": {"text": f"Write '{term.preferred}'"},
                 "fullDescription": {"text": term.note or f"Write '{term.preferred}', not "
                                     + ", ".join(f"'{v}'" for v in term.variants[:5])},
                 "defaultConfiguration": {"level": "warning" if term.auto else "note"},
                 "properties": {"preferred": term.preferred, "variants": list(term.variants),
                                "source": list(term.source), "ref": list(term.ref), "auto": term.auto}}
    if term.ref:
        described["helpUri"] = term.ref[0]
    return described


class SarifWriter:
    """One SARIF log, its results written as they come, then the rules they used."""

    def __init__(self, out: TextIO, terms: Mapping[str, Term]):
        self.out, self.terms = out, terms
        self.rules: dict[str, tuple[int, str]] = {}  # rule id -> (index, kind)
        self.count = 0
        out.write(f'{{\n  "$schema": "{SARIF_SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n      "results": [')

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        for finding in findings:
            rule = rule_id(finding)
            index = self.rules.setdefault(rule, (len(self.rules), finding.kind))[0]
            text = json.dumps(sarif_result(path, finding, index), ensure_ascii=False)
            self.out.write(("\n        " if not self.count else ",\n        ") + text)
            self.count += 1

    def close(self) -> None:
        rules = [sarif_rule(rule, self.terms.get(rule), kind)
                 for rule, (_, kind) in sorted(self.rules.items(), key=lambda item: item[1][0])]
        driver = {"name": "mtfix", "version": __version__, "rules": rules}
        tail = json.dumps({"columnKind": "unicodeCodePoints", "tool": {"driver": driver}}, ensure_ascii=False,
                          indent=2)
        # The run object continues after "results": its remaining keys, indented to sit inside it.
        body = tail[1:-1].strip("\n").replace("\n", "\n    ")
        self.out.write(("\n      ],\n    " if self.count else "],\n    ") + body + "\n    }\n  ]\n}\n")
