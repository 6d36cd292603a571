"""mtfix: glossary-driven clean-up of machine-translated text.

The public API::

    from mtfix import Glossary, compile_glossary, find, fix_text
    glossary = Glossary.load("glossaries/zh-en-investment.toml")
    fixed, findings = fix_text("A gathering area.", glossary)
"""

from __future__ import annotations

from functools import lru_cache

__version__ = "0.1.0"

from mtfix.engine import Matcher, apply_edits, compile_glossary  # noqa: E402
from mtfix.engine import find_variants as _find_variants  # noqa: E402
from mtfix.engine import fix_text as _fix_text  # noqa: E402
from mtfix.errors import ConfigError, GlossaryError, InputError, MtfixError  # noqa: E402
from mtfix.model import Edit, Finding, Glossary, Term  # noqa: E402


@lru_cache(maxsize=8)
def _compiled(glossary: Glossary) -> Matcher:
    return compile_glossary(glossary)


def _matcher(glossary: Glossary | Matcher) -> Matcher:
    return glossary if isinstance(glossary, Matcher) else _compiled(glossary)


def find(text: str, glossary: Glossary | Matcher) -> list[Finding]:
    """Every wrong rendering in ``text`` (compiling the glossary once, memoised)."""
    return _find_variants(text, _matcher(glossary))


def fix_text(text: str, glossary: Glossary | Matcher) -> tuple[str, list[Finding]]:
    """``text`` with every wrong rendering replaced, and the findings."""
    return _fix_text(text, _matcher(glossary))


__all__ = ["ConfigError", "Edit", "Finding", "Glossary", "GlossaryError", "InputError", "Matcher",
           "MtfixError", "Term", "__version__", "apply_edits", "compile_glossary", "find",
           "fix_text"]
