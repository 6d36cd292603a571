"""Where a long text may be cut so that no match or article repair spans the cut."""

from __future__ import annotations

# A line break after one of these ends a sentence; no multi-word term runs across it.
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "\u3002", "\uff01", "\uff1f", "\u2026", '"', "\u201d")


def paragraph_split(text: str) -> int:
    """Index just after the last blank line in ``text``, or 0 if there is none."""
    best = max(text.rfind("\n\n"), text.rfind("\n\r\n"))
    if best < 0:
        return 0
    return text.index("\n", best + 1) + 1


def sentence_split(text: str) -> int:
    """Index just after the last line break that follows sentence-final punctuation, or 0."""
    best = -1
    for end in _SENTENCE_ENDS:
        for newline in ("\n", "\r\n"):
            at = text.rfind(end + newline)
            if at >= 0:
                best = max(best, at + len(end) + len(newline))
    return max(best, 0)


def forced_split(text: str) -> int:
    """Last resort for text with no safe cut: the last line break, else the last space."""
    at = text.rfind("\n")
    if at < 0:
        at = text.rfind(" ")
    return at + 1 if at >= 0 else len(text)


def safe_split(text: str, force: bool = False) -> int:
    """The best cut of ``text``: a paragraph, then a sentence end; 0 if none (unless ``force``)."""
    cut = paragraph_split(text) or sentence_split(text)
    if cut == 0 and force:
        cut = forced_split(text)
    return cut
