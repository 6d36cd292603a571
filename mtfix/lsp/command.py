"""``mtfix lsp``: parsing only; pygls is imported when the command runs."""

from __future__ import annotations

import argparse

from mtfix.errors import MtfixError


def run_lsp(args: argparse.Namespace) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise MtfixError("mtfix lsp needs pygls; install it with: pip install 'mtfix[lsp]'") from None
    from mtfix.lsp.server import serve

    return serve()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lsp", help="run the language server (LSP over stdio) for editors",
        description="Speak the Language Server Protocol over stdin/stdout: diagnostics for what "
                    "'mtfix check' finds in open files, quick fixes, hover. Glossaries as for check, "
                    "from each file's folder, or initializationOptions.glossaries.")
    parser.add_argument("--stdio", action="store_true", help="accepted for editors that pass it (stdio is the default)")
    parser.set_defaults(run=run_lsp)
