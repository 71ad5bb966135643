"""Synthetic projects for the benchmark: a knowledge base of N step pages, and a plain MkDocs
site with the same number of nav-free Markdown pages of similar size.

The knowledge base is written in the real YAML format and passes the real validator: trees of
20 steps (8 questions, 12 outcomes) whose text lengths follow the real content's averages,
citing the real principles and sources (copied from `knowledge/`). Everything else the build
reads (docs/, overrides/, hooks/, build_tools/ ...) is a symlink to this repository, so the
synthetic site is built by exactly the code and theme settings of the real one.

Deterministic: the same N always gives the same files.
"""

from __future__ import annotations

import posixpath
import random
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

STEPS_PER_TREE = 20
QUESTIONS_PER_TREE = 8  # 8 questions with 19 answers between them + 12 outcomes = 20 steps
# Folders not linked into a synthetic project: its own data and outputs, and the benchmark.
# Top-level files are not linked either: published-urls.txt and redirects.yml list the real
# site's URLs, and a clinic file would make a clinic edition.
OWN = {"decision_trees", "knowledge", "site", "benchmarks"}

WORDS = """client therapist session consent record supervisor confidentiality disclosure risk
safety family partner parent child court request information agreement boundary relationship
contact referral colleague clinic practice code law duty harm plan note assessment purpose
support concern welfare capacity interpreter trainee observer recording payer insurer letter
report school employer community social media message email phone emergency crisis service
decision reason option limit policy release form authority guardian statement evidence
treatment therapy counselling approach context setting history question answer""".split()
VERBS = """explain agree check record share discuss ask tell review consider protect decide
document contact refer plan confirm limit respect seek offer arrange inform""".split()
ADJ = """clear written informed brief careful current relevant minimum necessary specific
reasonable serious immediate separate professional legal ethical local""".split()
ABBREVIATIONS = ["APA", "ACA", "NASW", "AAMFT", "BACP", "HIPAA"]
VERDICTS = (["permitted-with-conditions"] * 5 + ["not-permitted"] * 3 + ["consult"] * 2
            + ["required", "urgent", "permitted"])
JURISDICTIONS = ["US (federal)", "England and UK", "Codes differ", "US states"]


class Text:
    """Readable filler of a given length, with the Markdown the real data uses."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, words: int, end: str = ".") -> str:
        r = self.rng
        out = []
        for i in range(words):
            pick = r.random()
            if pick < 0.12:
                out.append(r.choice(VERBS))
            elif pick < 0.25:
                out.append(r.choice(ADJ))
            elif pick < 0.27:
                out.append(r.choice(ABBREVIATIONS))
            else:
                out.append(r.choice(WORDS))
        if len(out) > 4 and r.random() < 0.3:
            j = r.randrange(1, len(out) - 1)
            out[j] = f"**{out[j]}**"
        text = " ".join(out)
        return text[0].upper() + text[1:] + end

    def chars(self, n: int, end: str = ".") -> str:
        """Sentences until about n characters."""
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < n:
            parts.append(self.sentence(self.rng.randint(7, 16), end))
        return " ".join(parts)

    def paragraphs(self, n: int, count: int = 2) -> str:
        return "\n\n".join(self.chars(n // count) for _ in range(count))

    def label(self, n: int) -> str:
        words = self.chars(n, end="").replace("**", "").split()
        out = words[:1]
        for word in words[1:]:
            if len(" ".join(out + [word])) > n:
                break
            out.append(word)
        return " ".join(out)


def _tree_shape(rng: random.Random) -> dict[str, list[str]]:
    """Question id -> answer targets: a breadth-first tree over 20 nodes, plus a few shared
    outcomes, so every node is reachable, every path ends in an outcome, and there is no cycle."""
    questions = [f"q-{i:02d}" for i in range(1, QUESTIONS_PER_TREE + 1)]
    outcomes = [f"o-{i:02d}" for i in range(1, STEPS_PER_TREE - QUESTIONS_PER_TREE + 1)]
    order = questions + outcomes
    # 19 edges make a spanning tree: three questions get 3 answers, five get 2.
    fan = [3, 3, 3, 2, 2, 2, 2, 2]
    children: dict[str, list[str]] = {}
    nxt = 1
    for q, k in zip(questions, fan):
        children[q] = order[nxt:nxt + k]
        nxt += k
    for q in questions:  # a shared outcome on some questions, like the real trees
        if rng.random() < 0.4:
            extra = rng.choice([o for o in outcomes if o not in children[q]])
            children[q].append(extra)
    return children


def _citations(rng: random.Random, sources: list[str], count: int) -> list:
    out = []
    for sid in rng.sample(sources, min(count, len(sources))):
        out.append({"source": sid, "pinpoint": f"({rng.choice('abcd')})"} if rng.random() < 0.4
                   else sid)
    return out


def make_tree(index: int, principles: list[str], sources: list[str]) -> tuple[dict, dict]:
    """One decision tree and its worked case, as plain data for the YAML files."""
    rng = random.Random(index)
    text = Text(rng)
    tid = f"synthetic-{index:05d}"
    shape = _tree_shape(rng)
    nodes: dict[str, dict] = {}
    for q, targets in shape.items():
        labels = []
        for _ in targets:
            label = text.label(rng.randint(20, 80))
            while label.lower() in {x.lower() for x in labels}:
                label += " " + rng.choice(WORDS)
            labels.append(label)
        nodes[q] = {
            "kind": "question",
            "text": text.sentence(rng.randint(7, 11), end="?").replace("**", ""),
            "help": text.paragraphs(360),
            "principles": rng.sample(principles, 2),
            "sources": _citations(rng, sources, rng.choice([0, 0, 1, 2])),
            "answers": [{"label": lab, "next": t} for lab, t in zip(labels, targets)],
        }
        if not nodes[q]["sources"]:
            del nodes[q]["sources"]
    for i in range(1, STEPS_PER_TREE - QUESTIONS_PER_TREE + 1):
        oid = f"o-{i:02d}"
        nodes[oid] = {
            "kind": "outcome",
            "verdict": rng.choice(VERDICTS),
            "headline": text.sentence(rng.randint(13, 19)).replace("**", ""),
            "summary": text.chars(330),
            "actions": [text.chars(115) for _ in range(rng.randint(4, 5))],
            "principles": rng.sample(principles, rng.randint(3, 4)),
            "sources": _citations(rng, sources, rng.randint(4, 8)),
            "jurisdiction_notes": [{"jurisdiction": j, "note": text.chars(220)}
                                   for j in rng.sample(JURISDICTIONS, 2)],
        }
    review = {"last_reviewed": "2026-11-01", "next_review": "2036-11-01",
              "reviewer": "Benchmark generator"}
    tree = {
        "id": tid,
        "title": f"Synthetic decision {index}: {text.label(40)}",
        "question": text.sentence(rng.randint(8, 12), end="?").replace("**", ""),
        "audience": "Therapists, counsellors, trainees and supervisors (synthetic data)",
        "summary": text.paragraphs(600),
        "start": "q-01",
        "review": review,
        "nodes": nodes,
    }
    # The worked case follows the first answer at each question to an outcome.
    answers, at = [], "q-01"
    while nodes[at]["kind"] == "question":
        answers.append(nodes[at]["answers"][0]["label"])
        at = nodes[at]["answers"][0]["next"]
    case = {"id": f"{tid}-case", "title": text.label(60), "tree": tid,
            "vignette": text.chars(300), "answers": answers, "expected_outcome": at,
            "discussion": text.chars(300)}
    return tree, case


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def _ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


def _source_ids(sources_file: Path) -> list[str]:
    return [s["id"] for s in yaml.safe_load(sources_file.read_text())["sources"]]


# ------------------------------------------------------------------ mkdocs.yml handling


class _Tagged:
    """A YAML value with a custom tag (`!ENV`, `!relative`, `!!python/name:`), kept as is."""

    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper, data: _Tagged):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=_Loader)  # noqa: S506 (safe loader subclass)


def write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True))


def _link_repo(project: Path) -> None:
    """Symlink every top-level folder of the repository the build may read (not its data)."""
    for entry in sorted(ROOT.iterdir()):
        if entry.name.startswith(".") or entry.name in OWN or not entry.is_dir():
            continue
        link = project / entry.name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(entry)


# ------------------------------------------------------------------ our site


def make_knowledge_base(project: Path, steps: int) -> dict:
    """Write a synthetic project of `steps` step pages; return what was written."""
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    _link_repo(project)
    knowledge = project / "knowledge"
    knowledge.mkdir()
    real = ROOT / "knowledge"
    shutil.copytree(real / "principles", knowledge / "principles")
    for name in ("sources.yaml", "glossary.yaml", "disagreements.yaml"):
        if (real / name).exists():
            shutil.copy2(real / name, knowledge / name)
    principles = _ids(knowledge / "principles")
    sources = _source_ids(knowledge / "sources.yaml")
    trees = max(1, steps // STEPS_PER_TREE)
    for i in range(1, trees + 1):
        tree, case = make_tree(i, principles, sources)
        _dump(project / "decision_trees" / f"{tree['id']}.yaml", tree)
        _dump(knowledge / "cases" / f"{tree['id']}.yaml", {"cases": [case]})
    config = read_config(ROOT / "mkdocs.yml")
    # The hand-written guides link to real trees that a synthetic project does not have.
    validation = config.setdefault("validation", {})
    links = validation.setdefault("links", {})
    links["not_found"] = "info"
    links["anchors"] = "info"
    config.pop("watch", None)
    write_config(project / "mkdocs.yml", config)
    return {"trees": trees, "steps": trees * STEPS_PER_TREE}


# ------------------------------------------------------------------ the plain baseline

# Top-level blocks of our step pages that carry the text of the data: the plain page writes
# these as Markdown. Every other top-level block with a `kb-` class (answers summary, back
# links, decision record, disclaimer, flowchart, walk data, clinic panels ...) is copied into
# the plain page as raw HTML, as a hand-written Markdown site with the same pages would do.
TEXT_BLOCKS = {"kb-trail", "kb-verdict", "kb-help", "kb-answers", "kb-actions", "kb-principles",
               "kb-sources", "kb-jurisdictions", "kb-urgent", "kb-consult"}


class _TopLevel(HTMLParser):
    """Offsets of the top-level elements inside our step page's <article class="kb-step">."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth = 0  # inside the kb-step article = 1
        self.blocks: list[tuple[int, int, str]] = []  # start, end, class
        self._open: tuple[int, str, str] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.depth == 1:
                self.blocks.append((self._offset(), -1, dict(attrs).get("class") or ""))
            return
        if self.depth == 1:
            self._open = (self._offset(), tag, dict(attrs).get("class") or "")
        if self.depth or (tag == "article" and "kb-step" in (dict(attrs).get("class") or "")):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        self.depth -= 1
        if self.depth == 1 and self._open:
            start, _, cls = self._open
            end = self.rawdata.find(">", self._offset()) + 1
            self.blocks.append((start, end, cls))
            self._open = None


VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}


def ui_blocks(page_html: str) -> list[str]:
    """The raw-HTML blocks of one of our step pages (everything but the data's text)."""
    parser = _TopLevel(page_html)
    parser.feed(page_html)
    out = []
    for start, end, cls in parser.blocks:
        classes = set(cls.split())
        if end > start and any(c.startswith("kb-") for c in classes) and not classes & TEXT_BLOCKS:
            out.append(page_html[start:end])
    return out


def _plain_page(tree: dict, nid: str, page_of, principles: dict, sources: dict,
                blocks: list[str]) -> str:
    """A Markdown page with the text of our step page for this node, plus its UI blocks."""
    node = tree["nodes"][nid]
    here = page_of(tree["id"], nid)

    def link(target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(here))

    def cite(c) -> str:
        sid, pin = (c, None) if isinstance(c, str) else (c["source"], c.get("pinpoint"))
        s = sources[sid]
        return (f"- [{s['short']} {s['section']}{pin or ''}]({link('index.md')}) {s['title']} "
                f"({s['document']}, {s['edition']})")

    out = [f"[{tree['title']}]({link('index.md')}) · Step", ""]
    if node["kind"] == "question":
        out += [f"# {node['text']}", "", node["help"], ""]
        out += [f"- [{a['label']}]({link(page_of(tree['id'], a['next']))})"
                for a in node["answers"]]
        out += ["", "## The principles behind this question", ""]
    else:
        out += [f"**Verdict:** {node['verdict']}", "", f"# {node['headline']}", "",
                node["summary"], "", "## What to do", ""]
        out += [f"1. {a}" for a in node["actions"]]
        out += ["", "## Why", ""]
    out += [f"- [{principles[p]['title']}]({link('index.md')}): {principles[p]['summary']}"
            for p in node["principles"]]
    if node.get("sources"):
        out += ["", "## Sources", ""] + [cite(c) for c in node["sources"]]
    if node.get("jurisdiction_notes"):
        out += ["", "## Where the rules differ"]
    for j in node.get("jurisdiction_notes", []):
        out += ["", f"**{j['jurisdiction']}**", "", j["note"]]
    out += ["", "## Where you are", ""]
    for block in blocks:
        out += [block, ""]
    return "\n".join(out)


def make_plain_site(project: Path, pages: int, our_site: Path | None = None) -> dict:
    """A plain MkDocs + Material site with `pages` Markdown pages kept out of the nav.

    Same theme settings and Markdown extensions as our mkdocs.yml, the built-in search, no
    hooks. Each page carries the text of a synthetic step page as Markdown and, when
    `our_site` (our built synthetic site) is given, that page's other blocks as raw HTML, so
    the two sites have pages of similar size. Pages cycle through the synthetic trees."""
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    (docs / "pages").mkdir(parents=True)
    principles = {}
    for path in sorted((ROOT / "knowledge" / "principles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        principles[data["id"]] = data
    sources = {s["id"]: s for s in
               yaml.safe_load((ROOT / "knowledge" / "sources.yaml").read_text())["sources"]}
    trees = len(list((our_site / "decisions").glob("*/index.html"))) if our_site else 0

    def page_of(tid: str, nid: str) -> str:
        return f"pages/{tid}/{nid}.md"

    written, index = 0, 0
    (docs / "index.md").write_text("# Plain MkDocs baseline\n\nPages are kept out of the nav.\n")
    written += 1
    while written < pages:
        index += 1
        tree, _ = make_tree(index, sorted(principles), sorted(sources))
        for nid in tree["nodes"]:
            if written >= pages:
                break
            blocks = []
            if trees:
                ours = our_site / "decisions" / f"synthetic-{(index - 1) % trees + 1:05d}" / nid
                if (ours / "index.html").is_file():
                    blocks = ui_blocks((ours / "index.html").read_text())
            target = docs / page_of(tree["id"], nid)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_plain_page(tree, nid, page_of, principles, sources, blocks))
            written += 1
    # Links to pages not written (the last tree may be cut short) are reported at info level.
    real = read_config(ROOT / "mkdocs.yml")
    theme = dict(real.get("theme", {}))
    theme.pop("custom_dir", None)
    config = {
        "site_name": "Plain MkDocs baseline",
        "use_directory_urls": True,
        "strict": True,
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": real.get("markdown_extensions", []),
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "/pages/\n",
        "validation": {"links": {"not_found": "info", "anchors": "info"}},
    }
    write_config(project / "mkdocs.yml", config)
    return {"pages": written}
