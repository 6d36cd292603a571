"""A seeded generator of noisy zh->en parallel text for mining tests and benchmarks.

News and literary sentences built from templates; names and terms are
planted, some rendered two ways across segments (what mining must find),
others always rendered one way (what it must not report). The English side
carries MT-like noise: words with no source ("also", "actively"), dropped
adverbs, numbers, Traditional characters in some source segments.
"""

from __future__ import annotations

import random

# source, renderings (first is the majority), share of the first rendering
INCONSISTENT = [
    ("林晓明", ("Lin Xiaoming", "Lin Hsiao-ming"), 0.6),
    ("陈思远", ("Chen Siyuan", "Chen Sze-yuen"), 0.7),
    ("集聚区", ("agglomeration zone", "cluster area"), 0.6),
    ("链主", ("chain leader", "chain owner"), 0.55),
    ("牛鼻子", ("key link", "bull nose"), 0.6),
    ("招商局", ("Investment Promotion Bureau", "Bureau of Attracting Investment"), 0.65),
]
CONSISTENT = [
    ("张伟", "Zhang Wei"), ("王芳", "Wang Fang"), ("肇庆", "Zhaoqing"), ("深圳", "Shenzhen"),
    ("产业园",
     "industrial park"), ("新能源汽车", "new energy vehicles"), ("营商环境", "business environment"),
    ("西江", "Xijiang River"),
]
PEOPLE = ["林晓明", "陈思远", "张伟", "王芳"]
PLACES = ["集聚区", "产业园", "肇庆", "深圳"]
THINGS = ["链主", "新能源汽车", "营商环境", "招商局", "牛鼻子"]
_NUMBERS = [str(n) for n in (3, 5, 12, 28, 71, 109, 232)]

# Each term occurs in several templates, as in real text, so that no two words always co-occur.
TEMPLATES = [
    ("{P}表示，{L}将继续推进{T}建设。",
     "{P} said that the {L} will {also}continue to promote the construction of {T}."),
    ("今年以来，{L}共引进{N}个项目。",
     "Since the beginning of this year, the {L} has introduced {N} projects."),
    ("{P}在{L}考察了{T}。", "{P} inspected {T} in the {L}."),
    ("{P}强调，要抓住招商引资的牛鼻子。", "{P} stressed the need to grasp the {K} of attracting investment."),
    ("{T}是{L}工作的牛鼻子。", "{T} is the {K} of the work of the {L}."),
    ("牛鼻子抓住了，{L}的工作就顺了。", "Once the {K} is grasped, the work of the {L} runs smoothly."),
    ("{L}的{T}发展{fast}。", "{T} in the {L} is developing {rapidly}."),
    ("月光洒在西江上，{P}静静地望着远方。",
     "Moonlight fell on the Xijiang River, and {P} gazed quietly into the distance."),
    ("{P}和{P2}在{L}签约。", "{P} and {P2} signed the agreement in the {L}."),
    ("{L}优化营商环境，吸引了{N}家企业。",
     "The {L} {actively}optimized its business environment and attracted {N} enterprises."),
    ("招商局负责{L}的招商工作。", "The {B} is in charge of investment promotion in the {L}."),
    ("{P}走访了招商局。", "{P} visited the {B}."),
    ("{P}回忆起童年，眼里闪着泪光。", "{P} recalled his childhood, tears glistening in his eyes."),
    ("{L}的链主企业带动了上下游。", "The {C} enterprises in the {L} drove upstream and downstream firms."),
    ("{P}希望更多链主落户{L}。", "{P} hopes that more {C}s will settle in the {L}."),
    ("{P}说：“{L}的变化太大了。”", "\"The {L} has changed so much,\" {P} said."),
]
_TRADITIONAL = str.maketrans("区链长发展东红", "區鏈長發展東紅")


def _render(source: str, rng: random.Random) -> str:
    for zh, renderings, share in INCONSISTENT:
        if zh == source:
            return renderings[0] if rng.random() < share else renderings[1]
    return dict(CONSISTENT)[source]


def _segment(rng: random.Random) -> tuple[str, str]:
    zh, en = rng.choice(TEMPLATES)
    p, p2 = rng.sample(PEOPLE, 2)
    slots = {"P": p, "P2": p2, "L": rng.choice(PLACES), "T": rng.choice(THINGS), "N": rng.choice(_NUMBERS)}
    values = {k: v if k == "N" else _render(v, rng) for k, v in slots.items()}
    values |= {"K": _render("牛鼻子", rng), "B": _render("招商局", rng), "C": _render("链主", rng),
               "also": rng.choice(["", "", "also "]), "actively": rng.choice(["", "actively "]),
               "rapidly": "rapidly" if slots["N"] != "3" else "", "fast": "迅速" if slots["N"] != "3" else ""}
    source = zh.format(**slots, fast=values["fast"])
    target = en.format(**values)
    if rng.random() < 0.1:
        source = source.translate(_TRADITIONAL)
    return source, target[0].upper() + target[1:]


def generate(segments: int = 400, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [_segment(rng) for _ in range(segments)]


def as_tsv(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"{zh}\t{en}\n" for zh, en in pairs)
