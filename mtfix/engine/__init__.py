"""The pure core: strings and a compiled glossary in, findings and edits out.

Nothing here reads files, prints or imports the CLI, prompt_toolkit or jieba.
"""

from __future__ import annotations

from collections.abc import Container

from mtfix.engine.compiler import Matcher, compile_glossary
from mtfix.engine.matching import find_variants, fix_quickly
from mtfix.engine.rewrite import apply_edits
from mtfix.engine.suggestions import fixes_and_suggestions
from mtfix.model import Finding


def fix_text(text: str, matcher: Matcher,
             allowed: Container[int] | None = None) -> tuple[str, list[Finding]]:
    """The fixed text and the findings that fixed it (``allowed``: see ``find_variants``).

    Variants of ``auto = false`` terms are not applied unless the matcher includes
    suggestions; they come back as findings of kind ``suggestion`` (see ``suggestions``).
    """
    def find(piece: str, terms: Container[int] | None) -> list[Finding]:
        return find_variants(piece, matcher, terms)

    findings = fixes_and_suggestions(text, find, matcher, allowed)
    if not findings:
        return text, findings
    return apply_edits(text, (f.edit for f in findings if f.fixable)), findings


__all__ = ["Matcher", "apply_edits", "compile_glossary", "find_variants", "fix_quickly", "fix_text"]
