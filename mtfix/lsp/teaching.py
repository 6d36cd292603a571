"""Teaching the glossary from the editor: a variant or an exception, written to the project glossary.

The file is the one ``mtfix review`` teaches (``glossary.project``), found from
the buffer's folder, and only when it exists and may be written; every write
is that module's: comments and layout kept, lint-checked, atomic.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from mtfix.errors import MtfixError
from mtfix.glossary.project import ProjectGlossary
from mtfix.model import Glossary


def writable_glossary(flags: Sequence[str] | None, folder: Path) -> ProjectGlossary | None:
    """The glossary file code actions write to, or None when there is none that may be written."""
    from mtfix.glossary.project import find_project_glossary

    try:
        project = find_project_glossary(list(flags) if flags else None, cwd=folder)
    except MtfixError:  # the first -g glossary is the bundled one
        return None
    path = project.path
    return project if path.is_file() and os.access(path, os.W_OK) else None


def teach(flags: Sequence[str] | None, folder: Path, glossary: Glossary | None, term_id: str, phrase: str,
          exception: bool) -> str:
    """Write ``phrase`` as a variant (or an exception) of term ``term_id``; what was done, in a line.

    A term of another glossary (the bundled one) gets a term of its own id in the project
    glossary holding only what is new, as ``mtfix review`` teaches it."""
    from mtfix.glossary import project as writing

    project = writable_glossary(flags, folder)
    if project is None or glossary is None:
        raise MtfixError("no glossary file that mtfix may write to (name one in mtfix.toml)")
    term = glossary.term(term_id)
    own = {t.id for t in project.terms()}
    what = "exception" if exception else "variant"
    if exception and term_id in own:
        writing.add_exception(project, term_id, phrase)
    elif exception:
        writing.extend_term(project, term, exceptions=[phrase])
    elif term_id in own:
        writing.add_variants(project, term_id, [phrase])
    else:
        writing.extend_term(project, term, variants=[phrase])
    return f'{project.path.name}: {what} "{phrase}" of term "{term_id}"'
