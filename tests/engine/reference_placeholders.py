"""``protected_spans`` as it was before issue 13: a frozen copy, kept to compare against.

The algorithm before the pre-tests (the characters every match of a family holds,
looked for before its expression runs): every expression runs over the whole
text, URLs and e-mail addresses are found from every "://", "www." and "@", and
the spans are kept leftmost first, the longer at one start. The expressions are
read from the engine's tables (mtfix/engine/placeholders.py), which issue 13 left
unchanged, so that this checks when they run, not what they are.
tests/engine/test_placeholders_fast.py checks that the engine finds the same
spans; benchmarks/bench_placeholders.py times the two side by side. Do not change
it to follow the engine: it is the specification the engine is held to.
"""

from __future__ import annotations

import re

from mtfix.engine import placeholders


def protected_spans(text: str, families: tuple[str, ...] = placeholders.FAMILIES,
                    extra: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    spans = [(m.start() - (name == "pod"), m.end()) for name, entries in placeholders._INLINE.items()
             if name in families for _, pattern in entries for m in re.finditer(pattern, text)]
    if "url" in families:
        for m in re.finditer("://", text):
            at = start = m.start()
            while start > 0 and at - start < 5 and text[start - 1].isalpha():
                start -= 1
            if text[start:at].lower() in placeholders._SCHEMES and (tail := placeholders._URL_TAIL.match(text, at)):
                spans.append((start, tail.end()))
        for m in re.finditer(r"www\.", text):
            at = m.start()
            if (not at or not text[at - 1].isalnum()) and (www := placeholders._WWW.match(text, at)):
                spans.append(www.span())
    if "email" in families:
        for m in re.finditer("@", text):
            at = start = m.start()
            while start > 0 and at - start < 64 and text[start - 1] in placeholders._LOCAL_CHARS:
                start -= 1
            while start < at and not text[start].isalnum():
                start += 1
            if start < at and (domain := placeholders._DOMAIN.match(text, at)):
                spans.append((start, domain.end()))
    if "markdown" in families:
        spans += [m.span() for m in placeholders._FENCE.finditer(text)]
    if extra:
        joined = re.compile("|".join(f"(?:{p})" for p in extra), re.MULTILINE)
        spans += [m.span() for m in joined.finditer(text) if m.end() > m.start()]
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
