"""What the server sends about one analysed buffer: diagnostics, code actions, hover.

Everything here is built from an ``Analysis`` and the buffer's ``Positions``;
the protocol types come from ``lsprotocol`` (installed with pygls).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types

from mtfix.lsp.analysis import Analysis, Edit, Located
from mtfix.lsp.positions import Positions
from mtfix.model import KIND_SPLIT, KIND_SUGGESTION, KIND_VARIANT, Finding, Glossary, Term
from mtfix.report import quote

SOURCE = "mtfix"
FIX_ALL_KIND = "source.fixAll.mtfix"
ADD_VARIANT, ADD_EXCEPTION = "mtfix.addVariant", "mtfix.addException"
_MAX_PHRASE = 80  # a longer selection is no glossary phrase


def message(finding: Finding) -> str:
    """What ``mtfix check`` says about a finding, the term's note last."""
    if finding.kind in (KIND_VARIANT, KIND_SUGGESTION, KIND_SPLIT):
        text = f"{quote(finding.match)} -> {quote(finding.replacement)}"
        if finding.kind == KIND_SPLIT:
            text += " split by an inline tag, not rewritten"
    else:
        text = f"{finding.kind}: {finding.detail}"
    if finding.suggestion:
        text += " (suggestion)"
    return f"{text}. {finding.note}" if finding.note else text


def to_range(positions: Positions, start: int, end: int) -> types.Range:
    return types.Range(types.Position(*positions.position(start)), types.Position(*positions.position(end)))


def diagnostic(located: Located, positions: Positions, where: types.Range | None = None) -> types.Diagnostic:
    finding = located.finding
    severity = types.DiagnosticSeverity.Hint if not finding.auto else types.DiagnosticSeverity.Information
    return types.Diagnostic(range=where or to_range(positions, located.start, located.end), message=message(finding),
                            severity=severity, code=finding.term or finding.kind, source=SOURCE)


Made = dict[tuple[int, ...], tuple[Finding, types.Diagnostic]]  # (id(finding), *start, *end) -> diagnostic


def diagnostics(analysis: Analysis, positions: Positions, made: Made | None = None) -> list[types.Diagnostic]:
    """The buffer's diagnostics; ``made`` holds those of the last call, reused where a finding
    kept its place (after a keystroke most do: building them is most of the work)."""
    if analysis.error is not None:
        line = (analysis.error.line or 1) - 1
        where = types.Range(types.Position(line, 0), types.Position(line + 1, 0))
        return [types.Diagnostic(range=where, message=analysis.error.message, severity=types.DiagnosticSeverity.Error,
                                 source=SOURCE)]
    if made is None:
        return [diagnostic(f, positions) for f in analysis.found]
    old, out = dict(made), []
    made.clear()
    for located in analysis.found:
        start, end = positions.position(located.start), positions.position(located.end)
        key = (id(located.finding), *start, *end)
        kept = old.get(key)
        if kept is None or kept[0] is not located.finding:
            where = types.Range(types.Position(*start), types.Position(*end))
            kept = located.finding, diagnostic(located, positions, where)
        made[key] = kept
        out.append(kept[1])
    return out


def text_edits(edits: Sequence[Edit], positions: Positions) -> list[types.TextEdit]:
    return [types.TextEdit(range=to_range(positions, a, b), new_text=new) for a, b, new in sorted(edits)]


@dataclass
class Context:
    """One code action request: the buffer, where, and what may be offered."""

    uri: str
    analysis: Analysis
    positions: Positions
    start: int  # the requested range as buffer offsets
    end: int
    only: Sequence[str] | None
    fix_all: list[Edit]  # what ``mtfix fix`` changes in the buffer
    glossary: Glossary | None  # the glossary in use
    writable: bool  # whether the project glossary may be written to
    lazy: bool = False  # the client resolves code actions: commands come with resolve

    def wants(self, kind: str) -> bool:
        return self.only is None or any(kind == k or kind.startswith(k + ".") for k in self.only)

    def edit_action(self, title: str, kind: str, edits: list[Edit], found: Sequence[Located] = (),
                    preferred: bool = False) -> types.CodeAction:
        change = types.WorkspaceEdit(changes={self.uri: text_edits(edits, self.positions)})
        return types.CodeAction(title=title, kind=kind, edit=change, is_preferred=preferred or None,
                                diagnostics=[diagnostic(f, self.positions) for f in found] or None)


def code_actions(context: Context) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    here = context.analysis.at(context.start, context.end)
    if context.wants(types.CodeActionKind.QuickFix):
        actions += _quick_fixes(context, here)
        actions += _glossary_actions(context, here)
    if context.fix_all and context.wants(FIX_ALL_KIND):
        actions.append(context.edit_action("Fix all mtfix findings in this file", FIX_ALL_KIND, context.fix_all))
    return actions


def _quick_fixes(context: Context, here: list[Located]) -> list[types.CodeAction]:
    quick = types.CodeActionKind.QuickFix
    fixable = [f for f in here if f.finding.fixable]
    actions = [context.edit_action(f"Replace {quote(f.finding.match)} with {quote(f.finding.replacement)}",
                                   quick, context.analysis.quick_fix(f), [f], preferred=True) for f in fixable]
    for term in dict.fromkeys(f.finding.term for f in fixable):
        edits = context.analysis.term_fixes(term)
        actions.append(context.edit_action(f"Fix all {quote(term)} in this file", quick, edits,
                                           [f for f in fixable if f.finding.term == term]))
    if fixable and context.fix_all:
        actions.append(context.edit_action("Fix all mtfix findings in this file", quick, context.fix_all))
    return actions


def _glossary_actions(context: Context, here: list[Located]) -> list[types.CodeAction]:
    if not context.writable or context.glossary is None:
        return []
    actions = []
    for located in here:
        finding = located.finding
        if finding.fixable and finding.term:
            from mtfix.review.teach import around

            phrase = around(context.analysis.units[located.unit].text, finding.start, finding.end)
            actions.append(_command(f"Add an exception {quote(phrase)} to term {quote(finding.term)}",
                                    ADD_EXCEPTION, [context.uri, phrase, finding.term], context.lazy))
    selected = context.analysis.text[context.start:context.end].strip()
    if not here and selected and "\n" not in selected and len(selected) <= _MAX_PHRASE:
        for term in similar_terms(selected, context.glossary):
            actions.append(_command(f"Add {quote(selected)} to the glossary as a variant of {quote(term.preferred)}",
                                    ADD_VARIANT, [context.uri, selected, term.id], context.lazy))
    return actions


def _command(title: str, name: str, arguments: list[str], lazy: bool) -> types.CodeAction:
    """An action that runs a server command; ``lazy``: the command comes with ``codeAction/resolve``
    (a list of actions that hold commands reads back, in some clients, as a list of commands)."""
    command = types.Command(title=title, command=name, arguments=arguments)
    if lazy:
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                data={"command": name, "arguments": arguments})
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, command=command)


def resolve(action: types.CodeAction) -> types.CodeAction:
    """Fill in the command of a lazy action (``_command``)."""
    data = action.data if isinstance(action.data, dict) else {}
    if data.get("command") in (ADD_VARIANT, ADD_EXCEPTION):
        action.command = types.Command(title=action.title, command=data["command"],
                                       arguments=list(data.get("arguments", [])))
    return action


def similar_terms(phrase: str, glossary: Glossary, limit: int = 3) -> list[Term]:
    """The terms whose preferred form or variants read most like ``phrase``."""
    from rapidfuzz import fuzz, process

    names = [(name, index) for index, term in enumerate(glossary.terms) for name in (term.preferred, *term.variants)]
    best: dict[int, float] = {}
    for _, score, at in process.extract(phrase, [n for n, _ in names], scorer=fuzz.WRatio, limit=limit * 8,
                                        score_cutoff=60):
        index = names[at][1]
        best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best, key=lambda i: -best[i])[:limit]
    return [glossary.terms[i] for i in ranked]


def hover(analysis: Analysis, positions: Positions, offset: int, glossary: Glossary | None) -> types.Hover | None:
    """The term of the finding under the cursor: preferred form, source forms, note, refs."""
    found = [f for f in analysis.found if f.start <= offset <= f.end and f.finding.term]
    if not found or glossary is None:
        return None
    located = found[0]
    try:
        term = glossary.term(located.finding.term)
    except KeyError:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=term_markdown(term)),
                       range=to_range(positions, located.start, located.end))


def term_markdown(term: Term) -> str:
    lines = [f"**{term.preferred}** (`{term.id}`)"]
    if term.source:
        lines.append("Source: " + ", ".join(term.source))
    if term.variants:
        lines.append("Variants: " + ", ".join(term.variants))
    if not term.auto:
        lines.append("Fixed only where the source has the term (`auto = false`)")
    if term.note:
        lines.append(term.note)
    lines += [f"ref: <{url}>" for url in term.ref]
    return "\n\n".join(lines)
