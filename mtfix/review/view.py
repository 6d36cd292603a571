"""What the review screen says, computed from the state at render time.

Each function returns prompt_toolkit formatted text as plain
``(style, text)`` pairs, so this module needs no prompt_toolkit import. With
``markers`` (NO_COLOR) changes are also marked in the text itself. A check
(``missing``, ``count-mismatch``) shows its source above the target with the
term highlighted in the source, and its explanation where a fix shows its diff.
An ``inconsistent`` item (a mined group) shows its first occurrence where a fix
shows its match, and its renderings, numbered, where a fix shows its diff.
"""

from __future__ import annotations

import re
import unicodedata

from mtfix.model import KIND_SPLIT, Edit
from mtfix.review.diff import word_diff
from mtfix.review.proposals import Proposal, line_bounds
from mtfix.review.reading import applied, paragraph_bounds, settled
from mtfix.review.state import ReviewState, Status

Fragments = list[tuple[str, str]]

SCROLL_HERE = ("[SetCursorPosition]", "")  # the window scrolls to keep this visible
MARKS = {"match": ("»", "«"), "delete": ("[-", "-]"), "insert": ("{+", "+}")}

# Key hints by what the keys do right now, most wanted first; the last two always stay in view.
KEYS = {
    "review": (("y", "accept"), ("n", "reject"), ("s", "skip"), ("e", "edit"), ("u", "undo"),
               ("+", "variant"), ("x", "protect"), ("E", "edit segment"),
               ("a/r", "all of term"), ("l", "overview"), ("/", "search"), ("j/k", "move"),
               ("^C", "quit, write nothing"), ("q", "write+quit"), ("?", "help")),  # the rest: ? and docs
    "group": (("1-9", "choose preferred"), ("e", "type one"), ("n", "dismiss"), ("+", "variant"),
              ("u", "undo"), ("s", "skip"), ("←/→", "select"), ("j/k", "move"),
              ("^C", "quit, write nothing"), ("q", "write+quit"), ("?", "help")),
    "check": (("y", "noted"), ("n", "dismiss"), ("s", "skip"), ("e", "off: a check changes no text"),
              ("u", "undo"), ("a/r", "all of term"), ("j/k", "move"), ("^C", "quit, write nothing"),
              ("q", "write+quit"), ("?", "help")),
    "edit": (("Enter", "accept edited text"), ("Esc", "cancel"), ("^C", "quit, write nothing")),
    "prefer": (("Enter", "choose it as preferred"), ("Esc", "cancel"), ("^C", "quit, write nothing")),
    "variant": (("Enter", "write variant"), ("Tab", "next term"), ("Esc", "cancel"),
                ("^C", "quit, write nothing")),
    "exception": (("Enter", "reject, write exception"), ("Esc", "cancel"), ("^C", "quit, write nothing")),
    "overview": (("Enter", "go"), ("^A", "accept group"), ("^R", "reject group"), ("^X", "revoke rejection"),
                 ("↑/↓", "select"), ("type", "filter"), ("^C", "quit, write nothing"), ("Esc", "close")),
    "search": (("Enter", "find next"), ("Esc", "cancel"), ("^C", "quit, write nothing")),
    "help": (("j/k", "scroll"), ("^C", "quit, write nothing"), ("q ? Esc", "close help")),
    "segment": (("Enter", "accept edited segment"), ("Esc", "cancel"), ("^C", "quit, write nothing")),
}
# Always in the key line: leaving, help, and in a field the keys that accept and cancel it.
_KEPT = frozenset({"q", "?", "Enter", "Esc", "q ? Esc"})
_WORDS = re.compile(r"\n|[^\S\n]+|\S+")
_WHOLE = ("class:match", "class:delete", "class:insert")  # never broken across rows if they fit

HELP = """\
mtfix review: decide on each proposed fix

  y          accept this proposal
  n          reject it (never proposed again for this spot)
  s          skip: decide later (shown again, also in the next run)
  a          accept this and every remaining occurrence of this term
  r          reject this and every remaining occurrence of this term
  e          edit the replacement (Enter accepts it, Esc cancels; an
             empty one deletes the words: Enter again confirms it)
  E          edit the whole segment (or line) as it will be written, in
             $VISUAL or $EDITOR when set: one decision, u undoes it
  u          undo the last decision (repeatable, back to the first)
  +          add a variant: VARIANT => TERM (Tab: next term id; a new
             preferred form creates a term); its occurrences are proposed
  x          reject and protect: the phrase (edit it) becomes an exception
             of the term, never proposed again
  Y          accept every remaining occurrence of this variant (all files)
  N          reject every remaining occurrence of this variant (all files)
  A          accept every remaining proposal in this file
  R          reject every remaining proposal in this file
             (a/r, Y/N, A/R: fixes and checks apart; the status line says
             how many were decided; u undoes the whole move)
  j / Down   next proposal        k / Up   previous proposal
  PgDn/PgUp  scroll the context (the whole paragraph or segment, with
             the changes accepted in it applied)
  ] / [      next / previous undecided proposal
  } / {      first undecided proposal of the next / previous file
  /          search the proposals' lines (Enter finds the next hit)
  l          overview: every proposal by term and variant with counts;
             type to filter, Up/Down select, Enter (or a click) goes there,
             ^A / ^R accept / reject the group, Esc closes. Rejections
             from earlier runs are listed last: ^X revokes one (it is
             reviewed again). Clicks on the key line press the key.
  ? q Esc    close this help (any key this screen does not list
             shows the keys in the status line)
  q          write the accepted changes to every file and quit
  Ctrl-C     quit without writing anything

In a bilingual file a check (the source has a term the target does not
render, or renders fewer times) changes no text: y notes it (shown again
next run while the term is still missing), n dismisses it (never shown
again for this segment), a/r note/dismiss every check of the term; e is off.
A variant split by an inline tag ("split") is such an item too: mtfix
does not rewrite it, so fix it by hand in your CAT tool.

With --mine, groups of renderings of one name or phrase are items too
("inconsistent"): 1-9 choose the preferred rendering (Left/Right select one
for +), e types another, n dismisses. A choice writes the term to the
project glossary and its fixes join the review at once; u undoes it.
Glossary writes go to the first -g file, else the first glossary of
mtfix.toml, else a new mtfix-glossary.toml (with an mtfix.toml that keeps
the bundled glossary as "default").

Every decision is saved at once in .mtfix/<file>.review.json beside the
file, so a crash or a closed terminal loses nothing. Run mtfix review again
to resume: rejected proposals are not shown again, skipped ones are.
"""


def help_from(top: int) -> Fragments:
    """The help text from its row ``top`` on (it scrolls in a small terminal)."""
    return [("", "\n".join(HELP.splitlines()[top:]))]


def _marked(kind: str, text: str, markers: bool) -> Fragments:
    style = f"class:{kind}"
    if not markers:
        return [(style, text)]
    left, right = MARKS[kind]
    return [(style, left), (style, text), (style, right)]


def _settled_run(text: str, lo: int, hi: int, style: str, done: list[Edit]) -> Fragments:
    """``text[lo:hi]`` in ``style``, the accepted changes ``done`` inside it applied."""
    out: Fragments = []
    for edit in (e for e in done if lo <= e.start and e.end <= hi):
        out += [(style, text[lo:edit.start]), ("class:settled", edit.replacement)]
        lo = edit.end
    return [piece for piece in [*out, (style, text[lo:hi])] if piece[1]]


def _source_with(source: str, form: str, markers: bool) -> Fragments:
    """``source: ...`` with every place of the term's source ``form`` highlighted (a
    Traditional source too: the form is found in its Simplified twin, same offsets)."""
    from mtfix.source.chinese import to_simplified

    out: Fragments = [("class:source", "source: ")]
    done, simplified = 0, to_simplified(source) if form else source
    while form and (start := simplified.find(form, done)) >= 0:
        done, before = start + len(form), source[done:start]
        out += [("class:source", before), *_marked("match", source[start:done], markers)]
    return [*out, ("class:source", source[done:])]


def _segment_text(state: ReviewState, p: Proposal) -> str:
    return state.files[p.file].segments[p.segment].target


def titles(state: ReviewState) -> tuple[str, str]:
    """The titles of the upper and lower panes: a fix and its result, or a check and why."""
    p = state.current
    if p is not None and p.inconsistent:
        return "inconsistent: first occurrence", "renderings"
    return ("proposal", "result") if p is None or p.fixable else (f"check: {p.finding.kind}", "why")


def _check_context(state: ReviewState, p: Proposal, markers: bool) -> Fragments:
    """The source with the term highlighted (the window scrolls to its first place), then the target."""
    segment = state.files[p.file].segments[p.segment]
    source, done = segment.source or "", 0
    split = p.finding.kind == KIND_SPLIT  # the target's words are what is split: shown there
    out: Fragments = [("class:label", "source: "), *([] if p.source_spans or split else [SCROLL_HERE])]
    for n, (start, end) in enumerate(p.source_spans):
        out += [("class:source", source[done:start]), *([SCROLL_HERE] if n == 0 and not split else []),
                *_marked("match", source[start:end], markers)]
        done = end
    out += [("class:source", source[done:]), ("", "\n\n"), ("class:label", "target: ")]
    if not split:
        return [*out, ("class:text", segment.target)]
    f, target = p.finding, segment.target
    return [*out, ("class:text", target[:f.start]), SCROLL_HERE, *_marked("match", target[f.start:f.end], markers),
            ("class:text", target[f.end:])]


def context(state: ReviewState, markers: bool = False) -> Fragments:
    """The whole paragraph (or segment) of the current proposal, its line(s) in full
    colour and the matched words highlighted, with the changes already accepted in
    it applied: it reads as it will be written. A fix's source form is highlighted
    in the source."""
    p = state.current
    if p is None:
        return []
    if not p.fixable and not p.inconsistent:
        return _check_context(state, p, markers)
    segment = state.files[p.file].segments[p.segment]
    text, f = segment.target, p.finding
    first, last = paragraph_bounds(text, f.edit.start, f.edit.end)
    lo, hi = line_bounds(text, f.edit.start, f.edit.end)
    lo, hi = max(lo, first), min(hi, last)
    done = settled(state, state.cursor, first, last)
    out: Fragments = []
    if segment.source:
        out += [*_source_with(segment.source.strip(), f.evidence if p.fixable else "", markers), ("", "\n\n")]
    return [*out, *_settled_run(text, first, lo, "class:dim", done),
            *_settled_run(text, lo, f.start, "class:text", done), SCROLL_HERE,
            *_marked("match", text[f.start:f.end], markers),
            *_settled_run(text, f.end, hi, "class:text", done), *_settled_run(text, hi, last, "class:dim", done)]


def renderings(state: ReviewState, selected: int = 0) -> Fragments:
    """An inconsistent item: what it is, then its renderings numbered, ``selected`` marked."""
    p = state.current
    assert p is not None and p.group is not None
    out: Fragments = [("class:detail", p.finding.detail), ("", "\n")]
    for n, r in enumerate(p.group.renderings):
        mark = ">" if n == selected else " "
        number = str(n + 1) if n < 9 else " "
        out += [("class:label", f"{mark}{number} "), ("class:term" if n == selected else "", r.text),
                ("class:dim", f" ({r.count})"), ("", "\n")]
    out.append(("class:dim", "a choice writes the term to the project glossary and proposes its fixes"))
    return out


def result(state: ReviewState, markers: bool = False, replacement: str | None = None,
           selected: int = 0) -> Fragments:
    """The current proposal's line(s) once changed, as a word-level diff.

    ``replacement`` previews a text being edited instead of the proposed one.
    """
    p = state.current
    if p is None:
        return []
    if p.inconsistent:
        return renderings(state, selected)
    if not p.fixable:
        return [("class:detail", p.finding.detail), ("", "\n"),
                ("class:dim", "nothing is changed: y notes it, n dismisses it for this segment")]
    text, edit = _segment_text(state, p), p.finding.edit
    lo, hi = line_bounds(text, edit.start, edit.end)
    new = state.replacement() if replacement is None else replacement
    done = settled(state, state.cursor, lo, hi)  # shown as written, so only this change is a change
    after = applied(text, lo, hi, sorted([*done, Edit(edit.start, edit.end, new)], key=lambda e: (e.start, e.end)))
    out: Fragments = []
    end = 0  # the window scrolls to the end of the last change
    for piece in word_diff(applied(text, lo, hi, done), after):
        if piece.kind == "equal":
            out.append(("class:text", piece.text))
            continue
        if not markers and piece.kind == "insert" and out and out[-1][0] == "class:delete":
            out.append(("", " "))  # keep "Cluster Area" and "Agglomeration Zone" apart
        out += _marked(piece.kind, piece.text, markers)
        end = len(out)
    return [*out[:end], SCROLL_HERE, *out[end:]] if out else out


def term(state: ReviewState) -> Fragments:
    """The term and what is left of it, this decision, preferred form and variant, note."""
    p = state.current
    if p is None:
        return []
    f, status, more = p.finding, state.status(), state.remaining_of_term()
    if p.inconsistent:
        return _group_term(state, p)
    sort = "" if p.fixable else " check"
    out: Fragments = [("class:label", "term "), ("class:term", f.term),
                      ("", f" · {more} more{sort} of this term {'remains' if more == 1 else 'remain'}" if more
                          else f" · last{sort} of this term")]
    if status is not Status.PENDING:
        edited = p.fixable and state.replacement() != f.edit.replacement
        out.append(("class:decided", f"  [{status.label(p.fixable)}"
                                     f"{' as ' + repr(state.replacement()) if edited else ''}]"))
    out += [("", "\n"), ("class:label", "preferred "), ("class:term", f.preferred)]
    out += ([("class:label", "  matched "), ("", f"{f.match!r} (variant {f.variant!r})")] if p.fixable
            else [("class:label", "  source form "), ("", f.evidence)])
    if f.note:
        out += [("", "\n"), ("class:label", "note "), ("", f.note)]
    return out


def _group_term(state: ReviewState, p: Proposal) -> Fragments:
    group, status = p.group, state.status()
    out: Fragments = [("class:label", "group "), ("", f"{group.kind}")]
    if group.term:
        out += [("class:label", "  extends term "), ("class:term", group.term)]
    else:
        out.append(("", " · a new term"))
    if status is not Status.PENDING:
        chosen = f" {state.replacement()!r}" if status is Status.ACCEPTED else ""
        out.append(("class:decided", f"  [{status.label(False, p.finding.kind)}{chosen}]"))
    return out


def header(state: ReviewState) -> Fragments:
    p = state.current
    if p is None:
        return [("class:header", " mtfix review")]
    where = f" (file {p.file + 1} of {len(state.files)})" if len(state.files) > 1 else ""
    return [("class:header", f" {state.files[p.file].path}:{p.line}:{p.column}{_unit(state, p)}{where}"
                             " · mtfix review ")]


def _unit(state: ReviewState, p: Proposal) -> str:
    """`` unit 3`` (XLIFF), `` tu 5`` (TMX), `` line 12`` (PO): how a bilingual file names the segment."""
    segment = state.files[p.file].segments[p.segment]
    if segment.source is None or not segment.ref:
        return ""
    return f" {segment.ref}" if segment.ref.startswith(("line ", "tu ")) else f" unit {segment.ref}"


def status(state: ReviewState, message: str = "") -> Fragments:
    """File, position N/M and the counts; says so when everything is decided."""
    p, counts = state.current, state.counts()
    name = state.files[p.file].path if p else ""
    tally = " · ".join(f"{label} {n}" for label, n in counts.labelled())
    out: Fragments = [("class:status", f" {state.cursor + 1}/{len(state.proposals)}  {tally}  {name} ")]
    if state.done:
        out.append(("class:done", " all decided: q writes and quits, u undoes "))
    if message:
        out.append(("class:message", f" {message} "))
    return out


def keys(width: int = 200, mode: str = "review") -> Fragments:
    """As many key hints for ``mode`` as fit in ``width``, in their order; the ``_KEPT``
    ones (else the last two) always."""
    hints = [f"{key} {label}" for key, label in KEYS[mode]]
    shown = {n for n, (key, _) in enumerate(KEYS[mode]) if key in _KEPT} or {len(hints) - 2, len(hints) - 1}
    room = width - 1 - len(" · ".join(hints[n] for n in shown))
    for n, hint in enumerate(hints):
        if n in shown:
            continue
        if len(hint) + 3 > room:
            break
        shown.add(n)
        room -= len(hint) + 3
    return [("class:keys", " · ".join(hints[n] for n in sorted(shown)))]


def at_row(fragments: Fragments, row: int) -> Fragments:
    """Wrapped ``fragments`` with the point the window scrolls to at the start of ``row``."""
    out: Fragments = [SCROLL_HERE] if row <= 0 else []
    rows = 0
    for piece in fragments:
        if piece == SCROLL_HERE:
            continue
        out.append(piece)
        if piece[1] == "\n":
            rows += 1
            if rows == row:
                out.append(SCROLL_HERE)
    return out if row <= rows else [*out, SCROLL_HERE]


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _units(fragments: Fragments, width: int) -> list[Fragments]:
    """Fragments cut into what is placed whole: a word, a run of spaces, or a highlighted
    phrase with its markers (a deletion and its insertion together) that fits in a row."""
    units: list[Fragments] = []
    run: Fragments = []

    def flush() -> None:
        if run and _cells("".join(t for _, t in run)) <= width:
            units.append(list(run))
        else:
            units.extend([(s, w)] for s, t in run for w in _WORDS.findall(t))
        run.clear()

    for style, text in fragments:
        if style in _WHOLE and "\n" not in text:
            run.append((style, text))
            continue
        flush()
        units.extend([[(style, w)] for w in _WORDS.findall(text)] or [[(style, text)]])
    flush()
    return units


def _glued(units: list[Fragments], width: int) -> list[Fragments]:
    """Units with no space between them placed as one when they fit in a row, so an
    opening quote stays with the highlighted words after it (``'»bull nose«'``)."""
    out: list[Fragments] = []
    for unit in units:
        text = "".join(t for _, t in unit)
        if out and not text.isspace() and not (last := "".join(t for _, t in out[-1])).isspace() \
                and _cells(last + text) <= width:
            out[-1] = out[-1] + unit
        else:
            out.append(unit)
    return out


def wrap(fragments: Fragments, width: int) -> Fragments:
    """Break rows between words, not inside them, for a window ``width`` cells wide.

    A word longer than a row is left to the window's own wrapping.
    """
    if width < 2:
        return fragments
    out: Fragments = []
    column = 0
    units = _glued(_units(fragments, width), width)
    for n, unit in enumerate(units):
        text = "".join(t for _, t in unit)
        cells = _cells(text)
        if text.isspace() and text != "\n" and column + cells == width and n == len(units) - 1:
            out += unit  # the row is exactly full: a break here would add an empty row
            continue
        if text == "\n" or (text.isspace() and column + cells >= width):
            out.append((unit[0][0], "\n"))  # spaces that end a row become its break
            column = 0
            continue
        if column and column + cells > width and cells <= width:
            out.append(("", "\n"))
            column = 0
        out += unit
        column = column + cells if column + cells <= width else (column + cells) % width  # the window wraps
    return out
