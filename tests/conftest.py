from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from mtfix import Glossary, compile_glossary
from mtfix.glossary.load import parse_glossary

TEST_GLOSSARY = textwrap.dedent('''\
    [meta]
    name = "test"

    [[term]]
    id = "chain-leader"
    preferred = "chain leader"
    variants = ["chain owner", "chain master"]
    source = ["链主"]
    note = "lead enterprise of an industrial chain"

    [[term]]
    id = "agglomeration-zone"
    preferred = "agglomeration zone"
    variants = ["gathering area", "cluster area", "agglomeration area"]
    source = ["集聚区"]
    exceptions = ["computing cluster area"]

    [[term]]
    id = "starting-area"
    preferred = "municipal management starting area"
    variants = ["urban management starting area", "starting area of municipal management"]

    [[term]]
    id = "start-up-area"
    preferred = "start-up area"
    variants = ["starting area"]

    [[term]]
    id = "gba"
    preferred = "Greater Bay Area"
    variants = ["Greater Bay region", "big bay area"]

    [[term]]
    id = "github"
    preferred = "GitHub"
    variants = ["Github"]
    case_sensitive = true

    [[term]]
    id = "key-link"
    preferred = "key link"
    variants = ["bull's nose"]

    [[term]]
    id = "hour"
    preferred = "hour-long session"
    variants = ["sixty minute session"]
''')


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["MTFIX_CACHE_DIR"] = str(tmp_path_factory.mktemp("mtfix-cache"))
    os.environ.pop("NO_COLOR", None)


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return parse_glossary(TEST_GLOSSARY, "test.toml")


@pytest.fixture(scope="session")
def matcher(glossary: Glossary):
    return compile_glossary(glossary)


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.toml"
    path.write_text(TEST_GLOSSARY, encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "zhaoqing-agglomeration-zone.en.txt"
