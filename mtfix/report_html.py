"""``mtfix check --format html``: one self-contained QA report a translator can open and send.

No external file, font or script: the styles and a few lines of filtering
script are inline. It holds a summary per term and per file, then every
finding with its source and target and the change highlighted.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from mtfix.model import KIND_COUNT, KIND_INCONSISTENT, KIND_MISSING, KIND_SPLIT, KIND_VARIANT, Finding

KINDS = (KIND_VARIANT, KIND_SPLIT, KIND_MISSING, KIND_COUNT, KIND_INCONSISTENT)

_STYLE = """
body{font:15px/1.45 system-ui,"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
"WenQuanYi Micro Hei",sans-serif;margin:2em;color:#222;max-width:75em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;
vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none;font-weight:600}
del::before{content:"[-"}del::after{content:"-]"}ins::before{content:"{+"}ins::after{content:"+}"}
mark{background:#ffe58a}.kind{font-size:.8em;padding:.1em .4em;border-radius:.3em;background:#eee}
.k-variant{background:#dde9ff}.k-split{background:#ffe0c2}.k-missing,.k-count-mismatch{background:#ffd6d6}
.k-inconsistent{background:#eadcff}.src{color:#333}.where{font-family:monospace;font-size:.9em}
.detail{color:#555;font-size:.9em}#filter{font-size:1em;padding:.2em;width:20em}
"""

_SCRIPT = """
const rows=[...document.querySelectorAll('#findings tbody tr')];
const shown=document.getElementById('shown');
function apply(){const q=document.getElementById('filter').value.toLowerCase();let n=0;
for(const r of rows){const ok=!q||r.textContent.toLowerCase().includes(q);r.hidden=!ok;n+=ok;}
shown.textContent=n+' of '+rows.length+' shown';}
document.getElementById('filter').addEventListener('input',apply);apply();
"""


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _highlight(text: str, start: int, end: int, replacement: str) -> str:
    return f"{_e(text[:start])}<del>{_e(text[start:end])}</del><ins>{_e(replacement)}</ins>{_e(text[end:])}"


def _marked(text: str, word: str) -> str:
    """``text`` with the evidence ``word`` (a Simplified glossary form) highlighted,
    also where the source is written in Traditional characters."""
    at = text.find(word) if word else -1
    if at < 0 and word and not text.isascii():
        from mtfix.source.chinese import to_simplified  # keeps offsets

        at = to_simplified(text).find(word)
    if at < 0:
        return _e(text)
    end = at + len(word)
    return f"{_e(text[:at])}<mark>{_e(text[at:end])}</mark>{_e(text[end:])}"


def _target_cell(finding: Finding, context: str | None) -> str:
    if finding.kind in (KIND_VARIANT, KIND_SPLIT):
        if finding.target is not None:
            return _highlight(finding.target, finding.start, finding.end, finding.replacement)
        if context is not None and context[finding.column - 1:].startswith(finding.match):
            start = finding.column - 1
            return _highlight(context, start, start + len(finding.match), finding.replacement)
        return _highlight(finding.match, 0, len(finding.match), finding.replacement)
    return _e(finding.target)


def _row(path: str, finding: Finding, context: str | None) -> str:
    where = f"{_e(path)}:{finding.line}:{finding.column}"
    segment = f"<br>{_e(finding.segment)}" if finding.segment else ""
    term = (f"{_e(finding.term)}<br><small>{_e(finding.preferred)}</small>" if finding.term else "")
    detail = f'<div class="detail">{_e(finding.detail)}</div>' if finding.detail else ""
    return (f'<tr class="k-{finding.kind}"><td class="where">{where}{segment}</td>'
            f'<td><span class="kind k-{finding.kind}">{finding.kind}</span></td><td>{term}</td>'
            f'<td class="src" lang="zh">{_marked(finding.source or "", finding.evidence)}</td>'
            f'<td lang="en">{_target_cell(finding, context)}{detail}</td></tr>')


def _count_table(title: str, label: str, counts: dict[str, Counter[str]]) -> str:
    head = "".join(f"<th>{k}</th>" for k in KINDS)
    body = "".join(f"<tr><td>{_e(name)}</td>" + "".join(f'<td class="n">{c[k] or ""}</td>' for k in KINDS)
                   + f'<td class="n">{sum(c.values())}</td></tr>' for name, c in counts.items())
    return (f"<h2>{title}</h2><table><thead><tr><th>{label}</th>{head}<th>total</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _summaries(items: Sequence[tuple[str, Finding]], paths: Sequence[str]) -> str:
    by_term: dict[str, Counter[str]] = {}
    by_file: dict[str, Counter[str]] = {p: Counter() for p in paths}
    for path, f in items:
        by_term.setdefault(f.term or "(no term)", Counter())[f.kind] += 1
        by_file.setdefault(path, Counter())[f.kind] += 1
    return (_count_table("By term", "term", dict(sorted(by_term.items())))
            + _count_table("By file", "file", by_file))


def render_html(items: Sequence[tuple[str, Finding]], paths: Sequence[str],
                contexts: dict[tuple[str, int], str] | None = None, title: str = "mtfix QA report") -> str:
    """The report for ``(path, finding)`` pairs over the checked ``paths``; ``contexts``
    gives the line of a plain-text file a finding sits on, keyed by (path, line)."""
    contexts = contexts or {}
    kinds = Counter(f.kind for _, f in items)
    overview = ", ".join(f"{kinds[k]} {k}" for k in KINDS if kinds[k]) or "no findings"
    rows = "".join(_row(p, f, contexts.get((p, f.line))) for p, f in items)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f'<meta name="viewport" content="width=device-width"><style>{_STYLE}</style></head><body>'
            f'<h1>{_e(title)}</h1><p id="summary">{len(items)} findings in {len(paths)} files: '
            f'{overview}. Generated {stamp}.</p>{_summaries(items, paths)}'
            f'<h2>Findings</h2><p><input id="filter" type="search" placeholder="filter: term, file, text">'
            f' <span id="shown"></span></p><table id="findings"><thead><tr><th>where</th><th>kind</th>'
            f'<th>term</th><th>source</th><th>target</th></tr></thead><tbody>{rows}</tbody></table>'
            f"<script>{_SCRIPT}</script></body></html>\n")
