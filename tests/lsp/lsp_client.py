"""Helpers to drive ``mtfix lsp`` through a real LSP client (pytest-lsp) over stdio."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

GLOSSARY = textwrap.dedent('''\
    # Terms for the language server tests; this comment must survive edits.
    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner"]
    source = ["链主"]
    note = "链主: the lead enterprise of an industrial chain"
    ref = ["https://example.org/chain-leader"]

    [[term]]
    id = "agglomeration-zone"
    preferred = "agglomeration zone"
    variants = ["gathering area", "cluster area"]
    source = ["集聚区"]

    [[term]]
    id = "macao"
    preferred = "Macao"
    variants = ["Macau"]
    source = ["澳门"]
    auto = false
''')


async def start(client: LanguageClient, root: Path, **options: Any) -> None:
    """Initialise the session; ``options`` are the initializationOptions."""
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
        workspace=types.WorkspaceClientCapabilities(apply_edit=True),
        text_document=types.TextDocumentClientCapabilities(code_action=types.CodeActionClientCapabilities(
            resolve_support=types.ClientCodeActionResolveOptions(properties=["command"]))))
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root.as_uri(),
        initialization_options={"debounceMs": 20, "pollMs": 0, **options}))


def open_document(client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


async def until(condition: Callable[[], Any], timeout: float = 15.0) -> Any:
    """Wait until ``condition()`` is true (the server answers asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


async def diagnostics_of(client: LanguageClient, uri: str, count: int | None = None) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` (once there are ``count`` of them)."""
    def ready() -> bool:
        found = client.diagnostics.get(uri)
        return found is not None and (count is None or len(found) == count)

    await until(ready)
    return list(client.diagnostics[uri])


def spans(found: list[types.Diagnostic]) -> list[tuple[int, int, int, int, str]]:
    return [(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, str(d.code))
            for d in found]


def utf16_offset(text: str, line: int, character: int) -> int:
    """The Python offset of an LSP (UTF-16) position, as a client computes it."""
    lines = text.split("\n")
    start = sum(len(t) + 1 for t in lines[:line])
    units = 0
    for index, char in enumerate(lines[line] if line < len(lines) else ""):
        if units >= character:
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(lines[line]) if line < len(lines) else len(text)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """What a client does with a workspace edit's text edits (from the end backwards)."""
    spans = [(utf16_offset(text, e.range.start.line, e.range.start.character),
              utf16_offset(text, e.range.end.line, e.range.end.character), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


def change_document(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


async def actions_at(client: LanguageClient, uri: str, start: tuple[int, int], end: tuple[int, int],
                     only: list[str] | None = None) -> list[types.CodeAction]:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(*start), types.Position(*end)),
        context=types.CodeActionContext(diagnostics=[], only=only))
    return list(await client.text_document_code_action_async(params) or [])


def by_title(found: list[types.CodeAction], title: str) -> types.CodeAction:
    titles = [a.title for a in found]
    assert title in titles, titles
    return found[titles.index(title)]



def precompile(path: Path) -> None:
    """Compile a glossary into the cache the server reads (as an earlier run would have):
    the server then starts in a fraction of a second instead of importing the inflection rules."""
    from mtfix.glossary.cache import load_matcher

    load_matcher([str(path)])
