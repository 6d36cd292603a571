"""The language server: open buffers, debounced checks, and the protocol handlers.

Checks run one at a time in a worker thread, so the server keeps answering
while a large buffer is checked; a buffer is checked again only after typing
pauses for ``debounce`` seconds. Glossaries are looked at again when the client
reports changed files and every ``poll`` seconds; when one changed, every open
buffer is checked again with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from mtfix import __version__
from mtfix.errors import MtfixError
from mtfix.lsp import actions
from mtfix.lsp.analysis import Analysis, Analyzer, kind_of, scratch_folder
from mtfix.lsp.glossaries import Glossaries, Loaded
from mtfix.lsp.positions import UTF8, UTF16, UTF32, Positions, apply_change
from mtfix.lsp.state import Buffer, Options, State
from mtfix.lsp.teaching import teach, writable_glossary


class _Protocol(LanguageServerProtocol):
    """The server keeps open documents itself (``Buffer``, lines as the LSP counts them); pygls's
    own copy of each would be rebuilt line by line on every keystroke for nothing."""

    def _user(self, method: str, params: Any) -> Any:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class MtfixServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("mtfix", __version__, protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.state = State()
        self.checker = ThreadPoolExecutor(1, thread_name_prefix="mtfix-check")
        self.lock = asyncio.Lock()

    # -- checking --------------------------------------------------------------
    def positions(self, buffer: Buffer, text: str | None = None) -> Positions:
        return Positions(buffer.text if text is None else text, self.state.encoding)

    async def analysed(self, buffer: Buffer) -> Analysis:
        """The buffer's analysis for its current text and glossary (checked now if stale)."""
        async with self.lock:
            now = (buffer.version, self.state.generation)
            if buffer.analysis is not None and buffer.analysed == now:
                return buffer.analysis
            text = buffer.text
            loop = asyncio.get_running_loop()
            analysis, loaded = await loop.run_in_executor(self.checker, self._check, buffer, text)
            buffer.loaded = loaded
            if (buffer.version, self.state.generation) == now:
                buffer.analysis, buffer.analysed = analysis, now
            return analysis

    def _check(self, buffer: Buffer, text: str) -> tuple[Analysis, Loaded]:
        loaded = self.state.glossaries.for_folder(buffer.folder)
        if loaded.checking is None:
            return Analysis(buffer.path, text), loaded
        return buffer.analyzer.check(text, loaded.checking), loaded

    async def publish(self, uri: str) -> None:
        buffer = self.state.buffers.get(uri)
        if buffer is None:
            return
        version = buffer.version
        analysis = await self.analysed(buffer)
        if buffer.loaded is not None and buffer.loaded.error is not None:
            self.show_once(buffer.loaded.error)
        if self.state.buffers.get(uri) is not buffer or buffer.version != version:
            return  # changed or closed meanwhile: a newer check follows
        found = actions.diagnostics(analysis, self.positions(buffer, analysis.text), buffer.made)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, found, version))

    def schedule(self, buffer: Buffer, delay: float) -> None:
        if buffer.pending is not None:
            buffer.pending.cancel()
        loop = asyncio.get_running_loop()
        buffer.pending = loop.call_later(delay, lambda: loop.create_task(self.publish(buffer.uri)))

    def show_once(self, error: MtfixError) -> None:
        text = str(error)
        if text not in self.state.shown:
            self.state.shown.add(text)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"mtfix: {text}"))

    async def reload(self, force: bool = False) -> None:
        """Check every open buffer again if a glossary or config file changed (``force``: anyway)."""
        loop = asyncio.get_running_loop()
        changed = await loop.run_in_executor(self.checker, self.state.glossaries.changed)
        if not (changed or force):
            return
        self.state.generation += 1
        self.state.shown.clear()
        for uri in list(self.state.buffers):
            await self.publish(uri)

    async def poll(self) -> None:
        while self.state.options.poll > 0:
            await asyncio.sleep(self.state.options.poll)
            with contextlib.suppress(Exception):  # a failed look is retried at the next tick
                await self.reload()


server = MtfixServer()


def _encoding(kind: Any) -> str:
    return {types.PositionEncodingKind.Utf8: UTF8, types.PositionEncodingKind.Utf32: UTF32}.get(kind, UTF16)


@server.feature(types.INITIALIZE)
def initialize(ls: MtfixServer, params: types.InitializeParams) -> None:
    import atexit
    import shutil

    options = Options.read(params.initialization_options)
    ls.state = State(options, Glossaries(options.glossaries, options.use_cache), scratch=scratch_folder())
    atexit.register(shutil.rmtree, ls.state.scratch, ignore_errors=True)  # also when the client just goes


@server.feature(types.INITIALIZED)
def initialized(ls: MtfixServer, params: types.InitializedParams) -> None:
    ls.state.encoding = _encoding(ls.workspace.position_encoding)
    asyncio.get_running_loop().create_task(ls.poll())


@server.feature(types.SHUTDOWN)
def shutdown(ls: MtfixServer, params: Any) -> None:
    import shutil

    if ls.state.scratch:
        shutil.rmtree(ls.state.scratch, ignore_errors=True)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: MtfixServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    path = to_fs_path(item.uri) or item.uri
    kind = kind_of(path, item.language_id)
    if kind is None:
        return
    analyzer = Analyzer(path, kind, ls.state.scratch, item.language_id)
    buffer = Buffer(item.uri, path, kind, item.text, item.version, analyzer)
    ls.state.buffers[item.uri] = buffer
    await ls.publish(item.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MtfixServer, params: types.DidChangeTextDocumentParams) -> None:
    buffer = ls.state.buffers.get(params.text_document.uri)
    if buffer is None:
        return
    text = buffer.text
    for change in params.content_changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            r = change.range
            text = apply_change(text, (r.start.line, r.start.character), (r.end.line, r.end.character),
                                change.text, ls.state.encoding)
        else:
            text = change.text
    buffer.text, buffer.version = text, params.text_document.version
    ls.schedule(buffer, ls.state.options.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MtfixServer, params: types.DidCloseTextDocumentParams) -> None:
    buffer = ls.state.buffers.pop(params.text_document.uri, None)
    if buffer is not None and buffer.pending is not None:
        buffer.pending.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(params.text_document.uri, []))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: MtfixServer, params: types.DidChangeWatchedFilesParams) -> None:
    await ls.reload()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: MtfixServer, params: types.DidChangeConfigurationParams) -> None:
    """Settings ``{"mtfix": {"glossaries": [...]}}`` replace those given at initialisation."""
    settings = params.settings if isinstance(params.settings, dict) else {}
    if not isinstance(settings.get("mtfix"), dict):
        return
    options = Options.read(settings)
    ls.state.options.glossaries = options.glossaries
    ls.state.glossaries = Glossaries(options.glossaries, ls.state.options.use_cache)
    await ls.reload(force=True)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
                                        resolve_provider=True))
async def code_action(ls: MtfixServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    buffer = ls.state.buffers.get(params.text_document.uri)
    if buffer is None:
        return None
    analysis = await ls.analysed(buffer)
    positions = ls.positions(buffer, analysis.text)
    loaded = buffer.loaded
    matcher = loaded.fixing if loaded is not None else None
    fix_all: list = []
    if buffer.fixes is not None and buffer.fixes[0] is analysis:  # editors ask on every cursor move
        fix_all = buffer.fixes[1]
    elif matcher is not None:
        fixer = buffer.analyzer.fix_unit(matcher)
        fix_all = await asyncio.get_running_loop().run_in_executor(ls.checker, analysis.all_fixes, fixer)
        buffer.fixes = analysis, fix_all
    r = params.range
    writable = writable_glossary(ls.state.options.glossaries, buffer.folder) is not None
    context = actions.Context(
        buffer.uri, analysis, positions, positions.offset(r.start.line, r.start.character),
        positions.offset(r.end.line, r.end.character), params.context.only, fix_all,
        matcher.glossary if matcher else None, writable, _resolves(ls))
    return actions.code_actions(context)


def _resolves(ls: MtfixServer) -> bool:
    """Whether the client asks for a code action's command only when it is chosen."""
    document = ls.client_capabilities.text_document
    support = document.code_action.resolve_support if document and document.code_action else None
    return support is not None and "command" in support.properties


@server.feature(types.CODE_ACTION_RESOLVE)
def resolve_code_action(ls: MtfixServer, params: types.CodeAction) -> types.CodeAction:
    return actions.resolve(params)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: MtfixServer, params: types.HoverParams) -> types.Hover | None:
    buffer = ls.state.buffers.get(params.text_document.uri)
    if buffer is None:
        return None
    analysis = await ls.analysed(buffer)
    positions = ls.positions(buffer, analysis.text)
    offset = positions.offset(params.position.line, params.position.character)
    matcher = buffer.loaded.matcher if buffer.loaded is not None else None
    return actions.hover(analysis, positions, offset, matcher.glossary if matcher else None)


async def _teach(ls: MtfixServer, arguments: Any, exception: bool) -> None:
    uri, phrase, term_id = (str(a) for a in arguments[:3])
    buffer = ls.state.buffers.get(uri)
    if buffer is None:
        return
    glossary = buffer.loaded.matcher.glossary if buffer.loaded and buffer.loaded.matcher else None
    try:
        done = teach(ls.state.options.glossaries, buffer.folder, glossary, term_id, phrase.strip(), exception)
    except (MtfixError, KeyError) as exc:
        problems = "".join(f"\n{p}" for p in getattr(exc, "problems", ()))
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"mtfix: {exc}{problems}"))
        return
    ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, done))
    await ls.reload(force=True)


@server.command(actions.ADD_VARIANT)
async def add_variant(ls: MtfixServer, *arguments: Any) -> None:
    await _teach(ls, arguments, exception=False)


@server.command(actions.ADD_EXCEPTION)
async def add_exception(ls: MtfixServer, *arguments: Any) -> None:
    await _teach(ls, arguments, exception=True)


def serve() -> int:
    """Serve on the process's stdin and stdout, through copies of their descriptors: pygls
    closes the streams it was given, and the CLI still flushes its own at the end."""
    with os.fdopen(os.dup(0), "rb") as stdin, os.fdopen(os.dup(1), "wb") as stdout:
        server.start_io(stdin, stdout)
    return 0
