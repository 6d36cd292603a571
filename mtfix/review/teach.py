"""Teaching the glossary from the review: choose a rendering of a mined group,
add a variant (``+``), reject and protect (``x``).

Each lesson writes the project glossary (``glossary.project``: tomlkit,
lint first, atomic), compiles the glossaries again and puts the proposals
the new glossary makes, in every file of the review, into the state as one
undoable step; its undo restores the glossary's bytes and withdraws them.
A refused write (a lint error, a term that lives in another glossary) raises
``MtfixError`` and changes nothing.
"""

from __future__ import annotations

import re
import threading
from functools import partial

from mtfix.engine.canon import canonical_key
from mtfix.errors import GlossaryError
from mtfix.glossary import project as writing
from mtfix.glossary.project import ProjectGlossary, Snapshot
from mtfix.model import Glossary, Term
from mtfix.review.proposals import Proposal, file_proposals, line_bounds
from mtfix.review.state import ReviewState, Status

ARROW = " => "  # in the ``+`` field: VARIANT => TERM (an id, or a new preferred form)
_WORD = re.compile(r"[\w'’-]+")


class Teacher:
    def __init__(self, state: ReviewState, project: ProjectGlossary, use_cache: bool = True,
                 warm: bool = False):
        self.state, self.project, self.use_cache = state, project, use_cache
        if warm:  # lint's plural forms import a large module: not while the editor waits on a key
            threading.Thread(target=_warm_up, daemon=True).start()

    # -- what the fields start with ------------------------------------------
    def glossary(self) -> Glossary:
        return self.project.load()

    def term_ids(self) -> list[str]:
        """Every term id of the glossaries read, sorted (Tab cycles them)."""
        return sorted({t.id for t in self.glossary().terms})

    def variant_field(self, rendering: str | None = None) -> str:
        """``+``: the words around the current match (or ``rendering``), then the term."""
        p = self.state.current
        if p is None:
            return ""
        if p.inconsistent:
            chosen = rendering or p.finding.variant
            others = [r.text for r in p.group.renderings if r.text != chosen]
            return f"{chosen}{ARROW}{p.group.term or (others[0] if others else chosen)}"
        return f"{around(self._target(p), p.finding.start, p.finding.end)}{ARROW}{p.term}"

    def exception_field(self) -> str:
        """``x``: the variant with a word of context on either side."""
        p = self.state.current
        return "" if p is None else around(self._target(p), p.finding.start, p.finding.end)

    # -- lessons -------------------------------------------------------------------
    def choose(self, preferred: str) -> str:
        """Choose the preferred rendering of the current group: write it, propose its fixes."""
        p = self.state.current
        if p is None or not p.inconsistent or not preferred.strip():
            return ""
        others = [r.text for r in p.group.renderings if canonical_key(r.text) != canonical_key(preferred)]
        saved = self._write_variants(p.group.term, preferred.strip(), others)
        return self._taught(saved, Status.ACCEPTED, preferred.strip(), f'chose "{preferred.strip()}"')

    def add_variant(self, field: str) -> str:
        """``VARIANT => TERM``: a variant of the term (by id or preferred form), else a new term."""
        variant, _, target = field.partition(ARROW.strip())
        variant, target = variant.strip(), target.strip()
        if not variant or not target:
            raise GlossaryError(f"write the variant, then {ARROW.strip()} and a term id or a preferred form")
        term = self._term(target)
        saved = (self._write_variants(term.id, term.preferred, [variant]) if term is not None
                 else writing.add_new_term(self.project, target, [variant]))
        to = f'term "{term.id}"' if term is not None else f'new term "{target}"'
        return self._taught(saved, None, None, f'variant "{variant}" of {to}')

    def protect(self, phrase: str) -> str:
        """Reject the current proposal and make ``phrase`` an exception of its term."""
        p = self.state.current
        if p is None or not p.fixable or not phrase.strip():
            return ""
        if canonical_key(p.finding.variant) not in canonical_key(phrase):
            raise GlossaryError(f'the exception must hold the variant "{p.finding.variant}"')
        own = {t.id for t in self.project.terms()}
        known = self._term(p.term)
        saved = (writing.add_exception(self.project, p.term, phrase) if p.term in own or known is None
                 else writing.extend_term(self.project, known, exceptions=[phrase]))
        return self._taught(saved, Status.REJECTED, None, f'exception "{phrase.strip()}" of term "{p.term}"')

    # -- internals -------------------------------------------------------------------
    def _target(self, p: Proposal) -> str:
        return self.state.files[p.file].segments[p.segment].target

    def _term(self, target: str) -> Term | None:
        terms = self.glossary().terms
        return (next((t for t in terms if t.id == target), None)
                or next((t for t in terms if canonical_key(t.preferred) == canonical_key(target)), None))

    def _write_variants(self, term_id: str | None, preferred: str, variants: list[str]) -> Snapshot:
        own = {t.id: t for t in self.project.terms()}
        if term_id in own and canonical_key(own[term_id].preferred) == canonical_key(preferred):
            return writing.add_variants(self.project, term_id, variants)
        known = self._term(term_id) if term_id else None
        if known is not None and canonical_key(known.preferred) == canonical_key(preferred) and term_id not in own:
            # a term of another glossary (the bundled one): its new variants go in a term of our own
            have = {canonical_key(v) for v in (known.preferred, *known.variants, *known.accepted)}
            fresh = [v for v in variants if canonical_key(v) not in have]
            if not fresh:
                raise GlossaryError(f'term "{known.id}" already has every one of these renderings')
            return writing.extend_term(self.project, known, variants=fresh)
        return writing.add_new_term(self.project, preferred, variants)

    def _taught(self, saved: Snapshot, status: Status | None, text: str | None, what: str) -> str:
        try:
            added = self.new_proposals()
        except BaseException:
            writing.restore(saved)
            raise
        self.state.teach(added, partial(self._revert, saved), status, text)
        files = len({p.file for p in added})
        where = f" in {files} files" if files > 1 else ""
        return f"{self.project.path.name}: {what}; {len(added)} new proposal{'s' * (len(added) != 1)}{where}"

    def _revert(self, saved: Snapshot) -> None:
        writing.restore(saved)

    def new_proposals(self) -> list[Proposal]:
        """The fixes the project glossary as written makes that the review does not hold yet
        (nor overlap one it holds), in every file; earlier rejections stay hidden.

        Only the project glossary is compiled (a lesson touches nothing else, and the
        bundled glossary takes seconds to compile); what the others propose is held already.
        """
        from mtfix.glossary.cache import load_matcher
        from mtfix.review.session import split_rejected

        if not self.project.path.exists():
            return []
        matcher = load_matcher([str(self.project.path)], use_cache=self.use_cache)
        held: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for p in self.state.proposals:
            if p.fixable:
                held.setdefault((p.file, p.segment), []).append((p.finding.start, p.finding.end))
        added = []
        for index, review_file in enumerate(self.state.files):
            fresh = [p for p in file_proposals(index, review_file, matcher) if p.fixable]
            shown, _ = split_rejected(fresh, [(p.anchor, p.ordinal) for p in review_file.earlier])
            added += [p for p in shown if not _overlaps(held.get((p.file, p.segment), []), p)]
        return added


def _warm_up() -> None:
    from mtfix.engine.forms import plural_of

    plural_of("zone")


def _overlaps(spans: list[tuple[int, int]], p: Proposal) -> bool:
    start, end = p.finding.start, p.finding.end
    return any(s < end and start < e for s, e in spans)


def around(text: str, start: int, end: int, words: int = 1) -> str:
    """``text[start:end]`` with up to ``words`` words on either side, on the same line and
    not across punctuation (a comma ends the phrase)."""
    lo, hi = line_bounds(text, start, end)
    begin, finish = start, end
    for _ in range(words):
        left = [m for m in _WORD.finditer(text, lo, begin) if not text[m.end():begin].strip()]
        if not left or left[-1].end() == begin:
            break
        begin = left[-1].start()
    for _ in range(words):
        right = next(_WORD.finditer(text, finish, hi), None)
        if right is None or text[finish:right.start()].strip() or right.start() == finish:
            break
        finish = right.end()
    return text[begin:finish].strip()
