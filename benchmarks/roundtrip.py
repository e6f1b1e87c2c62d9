"""Round-trip benchmark: extract, fill every msgstr with its msgid, rebuild, compare byte for byte.

``l10n`` claims a byte-faithful round trip: ``l10n extract``, then every ``msgstr := msgid``, then
``l10n build`` gives back every source file byte for byte. This script measures that claim side by
side with the peers, each with its default options, the way the research anchor benchmark did
(``shared/docs/research/anchor-bench.md``, section 3):

==========  ===========================================================================
``l10n``    a temporary project (``locales = ["pt_BR"]``, ``paths.source`` = the files):
            ``l10n extract``, ``msgen`` on every PO file (then ``msgfmt --check``),
            ``l10n build --include-fuzzy``; one project for the whole corpus
``l10n-untranslated``  the same project built before filling (``l10n build``): must also be
            identical
``l10n-rendered``  the same project once more, every msgstr set to its msgid with one
            word-initial ASCII letter (outside code, tags and URLs) made MATHEMATICAL BOLD, the
            output mapped back before comparing. ``l10n build`` skips a msgstr equal to its
            msgid, so the two rows above never run its splice and re-wrap code; this row does,
            with text of the source's length. Re-wrapping is by design, so this row is judged by
            its HTML: the files whose HTML changes beyond whitespace are listed.
``po4a``    one config per file, ``[type: text] FILE $lang:OUT opt:"-o markdown"`` and
            ``[options] --master-charset UTF-8`` (without it po4a 0.69 reads the files as
            Latin-1): ``po4a --no-translations``, ``msgen``, ``po4a --no-update -k 0``
``tt-md``   Translate Toolkit ``md2po -i DIR -o PODIR``, ``msgen`` on each PO,
            ``po2md -i PODIR -t DIR -o OUTDIR``
``tt-txt``  the same with ``txt2po``/``po2txt`` (plain blank-line blocks, for reference; the
            files are given ``.txt`` names so that ``po2txt`` uses them as templates)
``mdpo``    optional: ``md2po FILE -s -p F.po``, ``msgen``, ``po2md FILE -p F.po -s OUT``
            (mdpo 2.1.4 in its own virtualenv ``benchmarks/.cache/venv-mdpo``)
==========  ===========================================================================

Where ``msgen`` refuses a PO file, it is filled with polib instead; every filled file is then
checked with ``msgfmt --check``. Both refusals are counted (for ``l10n`` either is a bug).

Corpora: ``commonmark``, one file per example of the CommonMark spec 0.31.2
(``tests/data/commonmark/spec-0.31.2.json``, 652 files, 15 s per process), and ``large``, the
5 MB corpus of ``corpus.py`` less the files that po4a rejects or hangs on alone (the cached check
of ``extract.py``; 274 files, 60 s per process). ``l10n`` also runs on the left-out files, and
the report says whether it gives them back.

Per file and tool: *byte-identical*; *same HTML* (markdown-it-py renders input and output to the
same CommonMark HTML, soft line breaks as spaces, checked for every file); *same HTML up to
whitespace* (the same once runs of whitespace outside ``<pre>`` are squeezed to one space, as a
browser shows them: a double space after a full stop is not a difference); or a failure: *hung*
(killed after the time limit), *crashed* (the tool exited non-zero or logged an error for the
file) or *missing output* (it exited 0 and wrote nothing). Seconds are the sum of the wall times of
the tool's own processes (``msgen`` excluded; a hung process counts its time limit); the per-file
tools run two at a time. The ``l10n`` files that do not round-trip are listed with their first
differing line.

A tool that runs once over the whole folder (``l10n``, Translate Toolkit) and fails or times out
as a whole is rerun one file at a time, so one bad file costs only itself.

    .venv/bin/python benchmarks/roundtrip.py [--corpus commonmark|large|both] [--tools l10n,po4a]
        [--limit N] [--json PATH] [--no-install]

Everything it writes goes under ``benchmarks/.cache/bench/roundtrip/``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod
import tools

WORK_DIR = tools.CACHE_DIR / "bench" / "roundtrip"
HTML_VENV = tools.CACHE_DIR / "venv-html"
HTML_REQUIREMENTS = ("markdown-it-py==4.3.0",)
"""The "same HTML" renderer, pinned as in the research anchor benchmark."""
MDPO_VENV = tools.CACHE_DIR / "venv-mdpo"
MDPO_REQUIREMENTS = ("mdpo==2.1.4",)
"""mdpo, pinned as in the research anchor benchmark (it brings pymd4c)."""

CorpusName = Literal["commonmark", "large"]
CORPORA: tuple[CorpusName, ...] = ("commonmark", "large")
ToolName = Literal["l10n", "po4a", "tt-md", "tt-txt", "mdpo"]
TOOL_NAMES: tuple[ToolName, ...] = ("l10n", "po4a", "tt-md", "tt-txt", "mdpo")
DEFAULT_TOOLS: tuple[ToolName, ...] = TOOL_NAMES
T = TypeVar("T")
Status = Literal["identical", "different", "missing output", "hung", "crashed"]
FAILURES: tuple[Status, ...] = ("missing output", "hung", "crashed")

PER_FILE_TIMEOUT_S: dict[CorpusName, float] = {"commonmark": 15.0, "large": 60.0}
BATCH_TIMEOUT_S = 900.0
"""Limit for one process over a whole folder (``l10n``, Translate Toolkit)."""
PARALLEL = 2
"""Per-file commands run this many at a time (the machine has 2 cores)."""
LOCALE = "pt_BR"

L10N_TOML = """\
source_language = "en"
locales = ["{locale}"]

[paths]
source = {source}
locales = "locales"
build = "build"
"""

PO4A_CFG = """\
[po4a_langs] {locale}
[po4a_paths] {pot} $lang:{po}
[options] --master-charset UTF-8
[type: text] {master} $lang:{out} opt:"-o markdown"
"""

HTML_SCRIPT = """\
import json, re, sys
from markdown_it import MarkdownIt

md = MarkdownIt("commonmark")
md.add_render_rule("softbreak", lambda self, tokens, idx, options, env: " ")
PRE = re.compile(r"(<pre[\\s>][\\s\\S]*?</pre>)")


def render(path):
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return md.render(handle.read())


def squeeze(html):
    parts = PRE.split(html)
    return "".join(p if i % 2 else re.sub(r"\\s+", " ", p) for i, p in enumerate(parts))


verdicts = []
for source, output in json.load(sys.stdin):
    try:
        a, b = render(source), render(output)
        verdicts.append([a == b, squeeze(a) == squeeze(b)])
    except Exception:
        verdicts.append([False, False])
print(json.dumps(verdicts))
"""


@dataclass(frozen=True)
class InputSet:
    """The files of one corpus that every tool gets, in one flat folder."""

    corpus: CorpusName
    """Which corpus."""
    folder: Path
    """Flat folder holding exactly these files."""
    names: tuple[str, ...]
    """File names, sorted."""
    timeout_s: float
    """Limit for a per-file process."""
    left_out: dict[str, str] = field(default_factory=dict)
    """Files of the corpus not in the set, with the reason (po4a rejects them)."""
    suffix: str = ""
    """Added to the tools' work folder names: ``-left-out`` for the left-out files."""

    def path(self, name: str) -> Path:
        """The input file called ``name``."""
        return self.folder / name


@dataclass(frozen=True)
class FileOutcome:
    """What one tool gave back for one input file."""

    name: str
    """Input file name."""
    status: Status
    """Byte-identical, different, or the failure class."""
    same_html: bool
    """Input and output render to the same HTML (False when there is no output)."""
    same_html_ws: bool
    """The same HTML once runs of whitespace outside ``<pre>`` are squeezed to one space (what a
    browser shows the same); True whenever ``same_html`` is."""
    first_difference: str = ""
    """The first differing line, for different files; the reason, for failures."""


@dataclass(frozen=True)
class ToolRun:
    """One tool over one input set."""

    tool: str
    """Row label: a tool name, or ``l10n-untranslated``."""
    corpus: CorpusName
    """Which corpus."""
    outcomes: tuple[FileOutcome, ...]
    """One per input file, in name order."""
    wall_s: float
    """Sum of the wall seconds of the tool's own processes."""
    cpu_s: float
    """Sum of their CPU seconds (user + system)."""
    msgen_refused: int
    """PO files that ``msgen`` refused (then filled with polib)."""
    msgfmt_refused: int
    """PO files filled by ``msgen`` that ``msgfmt --check`` then refused."""
    notes: tuple[str, ...] = ()
    """Anything the reader should know: a batch that failed and was rerun per file, ..."""

    def count(self, status: Status) -> int:
        """Files with this status."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def same_html(self) -> int:
        """Files whose output renders to the input's HTML."""
        return sum(1 for o in self.outcomes if o.same_html)

    @property
    def same_html_ws(self) -> int:
        """Files whose output renders to the input's HTML up to whitespace."""
        return sum(1 for o in self.outcomes if o.same_html_ws)


class Clock:
    """Adds up the wall and CPU seconds of one tool's processes (from several threads)."""

    def __init__(self) -> None:
        self.wall_s = 0.0
        """Sum of wall seconds so far."""
        self.cpu_s = 0.0
        """Sum of CPU seconds so far."""
        self._lock = threading.Lock()

    def add(self, m: tools.Measurement) -> None:
        """Count one measurement."""
        with self._lock:
            self.wall_s += m.wall_s
            self.cpu_s += m.cpu_s

    def run(self, argv: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None,
            timeout_s: float, log: Path | None = None) -> tools.Measurement:
        """Run and measure ``argv``, adding its times to the totals."""
        m = tools.run_measured(argv, cwd=cwd, timeout_s=timeout_s, log=log)
        self.add(m)
        return m


# --------------------------------------------------------------------------- inputs


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def commonmark_inputs(limit: int | None) -> InputSet:
    """One file per CommonMark example, ``example-NNN.md``, written exactly as the spec has it."""
    data_file = corpus_mod.COMMONMARK_DIR / "spec-0.31.2.json"
    if not data_file.exists():
        raise tools.BenchmarkError(f"{data_file} is missing: run `python benchmarks/corpus.py commonmark`")
    examples = json.loads(data_file.read_text(encoding="utf-8"))
    if limit is not None:
        examples = examples[:limit]
    folder = _fresh(WORK_DIR / "commonmark" / "src")
    names = []
    for ex in examples:
        name = f"example-{int(ex['example']):03d}.md"
        (folder / name).write_bytes(str(ex["markdown"]).encode("utf-8"))
        names.append(name)
    return InputSet("commonmark", folder, tuple(sorted(names)), PER_FILE_TIMEOUT_S["commonmark"])


def large_inputs(limit: int | None) -> tuple[InputSet, InputSet | None]:
    """The large corpus files that po4a accepts alone, and (if any) the ones it does not."""
    import extract  # the po4a check and its cache live there

    corpus = corpus_mod.build_large(out=sys.stderr)
    (extract.WORK_DIR).mkdir(parents=True, exist_ok=True)
    rejects = extract.po4a_rejects(corpus, timeout_s=PER_FILE_TIMEOUT_S["large"])
    files = [f for f in corpus.files if f.path.name not in rejects]
    if limit is not None:
        files = files[:limit]
    folder = _fresh(WORK_DIR / "large" / "src")
    for f in files:
        shutil.copyfile(f.path, folder / f.path.name)
    main = InputSet("large", folder, tuple(sorted(f.path.name for f in files)),
                    PER_FILE_TIMEOUT_S["large"], dict(rejects))
    if not rejects:
        return main, None
    rest = _fresh(WORK_DIR / "large" / "src-left-out")
    for name in rejects:
        shutil.copyfile(corpus.folder / name, rest / name)
    return main, InputSet("large", rest, tuple(sorted(rejects)), PER_FILE_TIMEOUT_S["large"],
                        suffix="-left-out")


def front_matter_lookalikes(inputs: InputSet) -> dict[str, str]:
    """Input files that ``l10n`` reads as starting with front matter, with what it makes of them.

    CommonMark examples are not articles: ``---`` on the first line followed by a key-looking line
    (or by a second ``---``) is a thematic break there, but front matter to ``l10n``, which has no
    option to turn that off. Such files must still round-trip byte for byte.
    """
    from l10n.document.formats.frontmatter import find_front_matter
    from l10n.errors import L10nError

    found = {}
    for name in inputs.names:
        text = inputs.path(name).read_text(encoding="utf-8")
        try:
            fm = find_front_matter(text, name, ("title", "description", "summary"))
        except L10nError as exc:
            found[name] = f"rejected as front matter: {exc}"
            continue
        if fm is not None:
            found[name] = f"front matter of {fm.end} bytes, {len(fm.blocks)} translatable values"
    return found


# --------------------------------------------------------------------------- filling


Fill = Literal["ok", "msgfmt refused", "msgen refused"]
"""How a PO file was filled: by ``msgen`` and accepted by ``msgfmt --check``; by ``msgen`` but
refused by ``msgfmt --check`` (the ``msgen`` output is used all the same); or, since ``msgen``
refused it, by polib."""


def fill_identity(po: Path, log: Path) -> Fill:
    """Set every msgstr of ``po`` to its msgid with ``msgen``, then check it with ``msgfmt``.

    If ``msgen`` refuses the file, it is filled with polib instead.
    """
    filled = po.with_name(po.name + ".msgen")
    with open(log, "ab") as sink:
        if subprocess.run(["msgen", "--force-po", "-o", str(filled), str(po)], stdout=sink,
                          stderr=subprocess.STDOUT, check=False).returncode == 0:
            os.replace(filled, po)
            checked = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)],
                                     stdout=sink, stderr=subprocess.STDOUT, check=False)
            return "ok" if checked.returncode == 0 else "msgfmt refused"
    filled.unlink(missing_ok=True)
    import polib

    catalog = polib.pofile(str(po), wrapwidth=0)
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    catalog.save(str(po))
    return "msgen refused"


def fill_all(pos: Iterable[Path], log: Path) -> list[Fill]:
    """Fill every PO file, two at a time."""
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(lambda p: fill_identity(p, log), pos))


# --------------------------------------------------------------------------- comparing


def _short(line: bytes, width: int = 90) -> str:
    text = repr(line.decode("utf-8", errors="replace"))
    return text if len(text) <= width else text[: width - 3] + "..."


def first_difference(source: bytes, output: bytes) -> str:
    """The first line where ``output`` differs from ``source``, for a human."""
    a = source.splitlines(keepends=True)
    b = output.splitlines(keepends=True)
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: source {_short(x)} -> output {_short(y)}"
    if len(a) > len(b):
        return f"line {len(b) + 1}: output ends; source goes on with {_short(a[len(b)])}"
    if len(b) > len(a):
        return f"line {len(a) + 1}: source ends; output goes on with {_short(b[len(a)])}"
    return "same lines, different bytes"  # unreachable: equal line lists are equal bytes


def html_python(install: bool) -> Path:
    """Python of the virtualenv holding markdown-it-py (created on first use)."""
    python = HTML_VENV / "bin" / "python"
    _ensure_venv(HTML_VENV, HTML_REQUIREMENTS, install, probe=python,
                 check=[str(python), "-c", "import markdown_it"])
    return python


def same_html(python: Path, pairs: Sequence[tuple[Path, Path]]) -> list[tuple[bool, bool]]:
    """For each (source, output) pair: the same HTML? the same up to whitespace?"""
    if not pairs:
        return []
    proc = subprocess.run([str(python), "-c", HTML_SCRIPT],
                          input=json.dumps([[str(a), str(b)] for a, b in pairs]),
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise tools.BenchmarkError(f"the HTML comparison failed:\n{proc.stderr.strip()[-1500:]}")
    return [(bool(a), bool(b)) for a, b in json.loads(proc.stdout)]


Produced = dict[str, Path | tuple[Status, str]]
"""Per input name: the output file, or the failure class with a reason."""


def judge(tool: str, inputs: InputSet, produced: Produced, html: Path, clock: Clock,
          fills: Sequence[Fill], notes: Sequence[str] = ()) -> ToolRun:
    """Compare every output with its input and put the results into a :class:`ToolRun`."""
    outcomes: dict[str, FileOutcome] = {}
    pairs: list[tuple[str, Path]] = []
    for name in inputs.names:
        got = produced.get(name, ("missing output", "no output"))
        if isinstance(got, tuple):
            outcomes[name] = FileOutcome(name, got[0], False, False, got[1])
        elif not got.is_file():
            outcomes[name] = FileOutcome(name, "missing output", False, False, "no output file")
        else:
            pairs.append((name, got))
    verdicts = same_html(html, [(inputs.path(n), out) for n, out in pairs])
    for (name, out), (html_same, ws_same) in zip(pairs, verdicts):
        source, output = inputs.path(name).read_bytes(), out.read_bytes()
        if source == output:
            outcomes[name] = FileOutcome(name, "identical", html_same, ws_same)
        else:
            outcomes[name] = FileOutcome(name, "different", html_same, ws_same,
                                         first_difference(source, output))
    return ToolRun(tool, inputs.corpus, tuple(outcomes[n] for n in inputs.names),
                   round(clock.wall_s, 2), round(clock.cpu_s, 2), fills.count("msgen refused"),
                   fills.count("msgfmt refused"), tuple(notes))


def _failure(m: tools.Measurement, timeout_s: float, what: str) -> tuple[Status, str]:
    if m.timed_out:
        return "hung", f"{what} killed after {timeout_s:.0f} s"
    tail = tools.log_tail(m, 2).replace("\n", " | ")[-200:]
    return "crashed", f"{what} exit {m.returncode}: {tail}"


def per_file(names: Sequence[str], one: Callable[[str], T]) -> dict[str, T]:
    """Run ``one`` for every name, two at a time, with progress on stderr."""
    produced: dict[str, T] = {}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for i, (name, got) in enumerate(zip(names, pool.map(one, names)), 1):
            produced[name] = got
            if i % 50 == 0 or i == len(names):
                print(f"    {i}/{len(names)} files, {time.monotonic() - started:.0f} s",
                      file=sys.stderr, flush=True)
    return produced


# --------------------------------------------------------------------------- the tools


def _ensure_venv(venv: Path, requirements: Sequence[str], install: bool, *, probe: Path,
                 check: Sequence[str]) -> None:
    if probe.exists() and subprocess.run(list(check), capture_output=True,
                                         check=False).returncode == 0:
        return
    if not install:
        raise tools.ToolMissing(f"{venv} lacks {' '.join(requirements)}: rerun without "
                                "--no-install")
    base = getattr(sys, "_base_executable", sys.executable)
    if not (venv / "bin" / "python").exists():
        proc = subprocess.run([base, "-m", "venv", str(venv)], capture_output=True, text=True,
                              check=False)
        if proc.returncode != 0:
            raise tools.ToolMissing(f"cannot create {venv}: {proc.stderr.strip()[-1500:]}")
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                           "--disable-pip-version-check", *requirements],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not probe.exists():
        raise tools.ToolMissing(f"pip install {' '.join(requirements)} into {venv} failed:\n"
                                f"{proc.stderr.strip()[-1500:]}")


def mdpo_scripts(install: bool) -> tuple[Path, Path]:
    """mdpo's ``md2po`` and ``po2md`` in their own virtualenv (created on first use)."""
    md2po = MDPO_VENV / "bin" / "md2po"
    _ensure_venv(MDPO_VENV, MDPO_REQUIREMENTS, install, probe=md2po,
                 check=[str(MDPO_VENV / "bin" / "python"), "-c", "import mdpo"])
    return md2po, MDPO_VENV / "bin" / "po2md"


@dataclass(frozen=True)
class Tools:
    """Paths of the executables, found (or installed) once."""

    l10n: Path | None = None
    """The project's ``l10n`` script."""
    po4a: Path | None = None
    """``po4a``."""
    tt: Path | None = None
    """Translate Toolkit's virtualenv ``bin`` folder."""
    mdpo: tuple[Path, Path] | None = None
    """mdpo's ``md2po`` and ``po2md``."""
    html: Path | None = None
    """Python with markdown-it-py."""


def find_tools(selected: Sequence[ToolName], install: bool) -> Tools:
    """Every executable the selected tools need; one error listing all that are missing."""
    found: dict[str, object] = {}
    problems = []
    for name, get in (
        ("gettext", lambda: _require_gettext()),
        ("html", lambda: html_python(install)),
        ("l10n", tools.l10n_cli),
        ("po4a", lambda: _po4a(install)),
        ("tt", lambda: tools.translate_toolkit("md2po", install).parent),
        ("mdpo", lambda: mdpo_scripts(install)),
    ):
        if name == "tt" and not {"tt-md", "tt-txt"} & set(selected):
            continue
        if name in ("l10n", "po4a", "mdpo") and name not in selected:
            continue
        try:
            found[name] = get()
        except tools.ToolMissing as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        raise tools.BenchmarkError("missing tools:\n" + "\n".join(problems) + "\n(`--tools` chooses "
                             f"which tools run; available: {', '.join(TOOL_NAMES)})")
    found.pop("gettext", None)
    return Tools(**found)  # type: ignore[arg-type]


def _require_gettext() -> None:
    for exe in ("msgen", "msgfmt"):
        if shutil.which(exe) is None:
            raise tools.ToolMissing(f"{exe} not found: `apt-get install gettext`")


def _po4a(install: bool) -> Path:
    updatepo = tools.po4a_updatepo(install)  # installs Debian's po4a if allowed
    po4a = updatepo.with_name("po4a")
    if not po4a.exists():
        raise tools.ToolMissing(f"{po4a} not found next to {updatepo}")
    return po4a


_ASCII_LETTERS = string.ascii_uppercase + string.ascii_lowercase
_TO_BOLD = str.maketrans({c: chr(0x1D400 + i) for i, c in enumerate(_ASCII_LETTERS)})
_FROM_BOLD = str.maketrans({chr(0x1D400 + i): c for i, c in enumerate(_ASCII_LETTERS)})
_WORD_START = re.compile(r"(?:^|(?<=[\s(\[*_]))[A-Za-z]")
_MARKUP = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)|<[^<>]*>|\]\([^)]*\)|&#?\w+;|https?://\S+")
"""Code spans, tags, link destinations, entities and bare URLs: never marked (``l10n build``
refuses a translation that changes them)."""


def mark(msgid: str) -> str:
    """``msgid`` with its first word-initial ASCII letter outside markup made MATHEMATICAL BOLD.

    The result differs from the msgid (so ``l10n build`` must splice and re-render the block)
    but has the same length in code points (so re-wrapping sees the same widths), and
    :func:`unmark` gives the msgid back. Without such a letter it is the msgid.
    """
    protected = [m.span() for m in _MARKUP.finditer(msgid)]
    for m in _WORD_START.finditer(msgid):
        if not any(a <= m.start() < b for a, b in protected):
            return msgid[: m.start()] + m.group(0).translate(_TO_BOLD) + msgid[m.end() :]
    return msgid


def unmark(text: str) -> str:
    """Undo :func:`mark` everywhere in ``text``."""
    return text.translate(_FROM_BOLD)


def fill_marked(po: Path) -> None:
    """Set every msgstr of ``po`` to the marked msgid (with polib)."""
    import polib

    catalog = polib.pofile(str(po), wrapwidth=0)
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: mark(entry.msgid), 1: mark(entry.msgid_plural)}
        else:
            entry.msgstr = mark(entry.msgid)
    catalog.save(str(po))


_BUILD_SUMMARY = re.compile(r"^(\d+) of (\d+) sentences translated", re.M)


def _build_summary(log: Path) -> tuple[int, int, int]:
    """(sentences used, sentences, warnings) from an ``l10n build`` log."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    m = _BUILD_SUMMARY.search(text)
    used, total = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return used, total, len(re.findall(r"^warning:", text, re.M))


def _add_summaries(summaries: Sequence[tuple[int, int, int]]) -> tuple[int, int, int]:
    return (sum(x[0] for x in summaries), sum(x[1] for x in summaries),
            sum(x[2] for x in summaries))


@dataclass(frozen=True)
class ProjectRun:
    """What one ``l10n`` project gave back: its three builds."""

    untranslated: Produced
    """Per source file: ``l10n build`` output before filling, or the failure."""
    filled: Produced
    """Per source file: ``l10n build --include-fuzzy`` output after ``msgen``, or the failure."""
    rendered: Produced
    """Per source file: the build with marked msgstrs, unmarked again, or the failure."""
    fills: tuple[Fill, ...]
    """How each PO file was filled by ``msgen``."""
    summaries: tuple[tuple[int, int, int], ...]
    """Per build (untranslated, filled, rendered): sentences used, sentences, warnings."""
    failure: str = ""
    """Empty when every command succeeded; otherwise which one failed, and how."""


L10N_ROWS = ("l10n", "l10n-untranslated", "l10n-rendered")


def run_l10n(inputs: InputSet, exe: Path, html: Path, work: Path) -> list[ToolRun]:
    """``l10n`` over one project holding every file: the rows of :data:`L10N_ROWS`.

    If a command fails for the whole project (``l10n`` writes nothing unless every file parses),
    every file is run again in a project of its own, to find the ones that fail.
    """
    work = _fresh(work)
    clocks = (Clock(), Clock(), Clock())
    run = _l10n_project(_fresh(work / "project"), inputs.folder, exe, BATCH_TIMEOUT_S, clocks)
    notes = []
    if run.failure:
        note = f"the whole-project run failed ({run.failure}); every file was rerun alone"
        print(f"    {note}", file=sys.stderr, flush=True)
        notes.append(note)
        single = _fresh(work / "single")

        def one(name: str) -> ProjectRun:
            folder = _fresh(single / name / "src")
            shutil.copyfile(inputs.path(name), folder / name)
            return _l10n_project(single / name, folder, exe, inputs.timeout_s, clocks)

        runs = per_file(inputs.names, one).values()
        run = ProjectRun(
            untranslated={n: p for r in runs for n, p in r.untranslated.items()},
            filled={n: p for r in runs for n, p in r.filled.items()},
            rendered={n: p for r in runs for n, p in r.rendered.items()},
            fills=tuple(f for r in runs for f in r.fills),
            summaries=tuple(_add_summaries([r.summaries[b] for r in runs]) for b in range(3)),
        )
    produced = (run.filled, run.untranslated, run.rendered)
    rows = []
    for i, label in enumerate(L10N_ROWS):
        used, total, warned = run.summaries[i]
        row_notes = [*notes, f"{used} of {total} sentences used a translation"
                     + (f"; {warned} build warnings" if warned else "")]
        rows.append(judge(label, inputs, produced[i], html, clocks[i],
                          run.fills if label == "l10n" else (), row_notes))
    return rows


def _l10n_project(project: Path, source: Path, exe: Path, timeout_s: float,
                  clocks: tuple[Clock, Clock, Clock]) -> ProjectRun:
    """Extract; build untranslated; fill with ``msgen`` and build; fill marked and build."""
    toml = L10N_TOML.format(locale=LOCALE, source=json.dumps(str(source)))
    (project / "l10n.toml").write_text(toml, encoding="utf-8")
    names = sorted(p.name for p in source.iterdir())
    clock_filled, clock_raw, clock_rendered = clocks

    def failed(m: tools.Measurement, what: str) -> tuple[Produced, str]:
        status, why = _failure(m, timeout_s, what)
        return {n: (status, why) for n in names}, why

    m = tools.run_measured([exe, "extract"], cwd=project, timeout_s=timeout_s,
                           log=project / "extract.log")
    for clock in clocks:  # the extraction belongs to every row
        clock.add(m)
    if not m.ok:
        all_failed, why = failed(m, "l10n extract")
        return ProjectRun(all_failed, all_failed, all_failed, (), ((0, 0, 0),) * 3, why)
    pos = sorted((project / "locales" / LOCALE).glob("*.po"))
    build = project / "build" / LOCALE
    failures: list[str] = []
    summaries: list[tuple[int, int, int]] = []

    def build_into(folder: str, clock: Clock, argv: Sequence[str], what: str) -> Produced:
        log = project / f"{folder}.log"
        m = clock.run([exe, *argv], cwd=project, timeout_s=timeout_s, log=log)
        summaries.append(_build_summary(log))
        if not m.ok:
            produced, why = failed(m, what)
            failures.append(why)
            return produced
        os.replace(build, project / folder)
        return {n: project / folder / n for n in names}

    untranslated = build_into("build-untranslated", clock_raw, ["build"], "l10n build")
    fills = fill_all(pos, project / "fill.log")
    filled = build_into("build-filled", clock_filled, ["build", "--include-fuzzy"],
                        "l10n build --include-fuzzy")
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        list(pool.map(fill_marked, pos))
    rendered = build_into("build-rendered", clock_rendered, ["build", "--include-fuzzy"],
                          "l10n build --include-fuzzy (marked)")
    unmarked = project / "build-rendered-unmarked"
    unmarked.mkdir()
    for name, got in rendered.items():
        if isinstance(got, Path) and got.is_file():
            text = got.read_bytes().decode("utf-8", errors="surrogateescape")
            (unmarked / name).write_bytes(unmark(text).encode("utf-8", errors="surrogateescape"))
            rendered[name] = unmarked / name
    return ProjectRun(untranslated, filled, rendered, tuple(fills), tuple(summaries),
                      "; ".join(failures))


def run_po4a(inputs: InputSet, exe: Path, html: Path, work: Path) -> ToolRun:
    """po4a, one config and two runs per file, two files at a time."""
    work = _fresh(work)
    clock = Clock()
    fills: list[Fill] = []

    def one(name: str) -> Path | tuple[Status, str]:
        d = _fresh(work / name)
        stem = Path(name).stem
        out = d / name
        cfg = d / "po4a.cfg"
        cfg.write_text(PO4A_CFG.format(locale=LOCALE, pot=d / f"{stem}.pot",
                                       po=d / f"{stem}.{LOCALE}.po", master=inputs.path(name),
                                       out=out), encoding="utf-8")
        m = clock.run([exe, "--no-translations", cfg], cwd=d, timeout_s=inputs.timeout_s,
                      log=d / "update.log")
        po = d / f"{stem}.{LOCALE}.po"
        if not m.ok:
            return _failure(m, inputs.timeout_s, "po4a --no-translations")
        if not po.exists():
            return "missing output", "no PO file"
        fills.append(fill_identity(po, d / "fill.log"))
        m = clock.run([exe, "--no-update", "-k", "0", cfg], cwd=d, timeout_s=inputs.timeout_s,
                      log=d / "translate.log")
        if not m.ok:
            return _failure(m, inputs.timeout_s, "po4a --no-update")
        return out

    produced = per_file(inputs.names, one)
    return judge("po4a", inputs, produced, html, clock, fills)


def run_tt(inputs: InputSet, kind: Literal["md", "txt"], bin_dir: Path, html: Path,
           work: Path) -> ToolRun:
    """Translate Toolkit over the whole folder; rerun per file if that fails as a whole."""
    work = _fresh(work)
    clock = Clock()
    to_po, from_po = (bin_dir / f"{kind}2po", bin_dir / f"po2{kind}")
    if kind == "txt":  # po2txt only takes templates named *.txt
        src = _fresh(work / "src")
        for name in inputs.names:
            shutil.copyfile(inputs.path(name), src / (name + ".txt"))
        ext = ".txt"
    else:
        src, ext = inputs.folder, ""
    podir, outdir = work / "po", work / "out"
    log1, log2 = work / f"{kind}2po.log", work / f"po2{kind}.log"
    m1 = clock.run([to_po, "--progress=none", "-i", src, "-o", podir], cwd=work,
                   timeout_s=BATCH_TIMEOUT_S, log=log1)
    fills: list[Fill] = []
    m2 = None
    if m1.ok:
        fills = fill_all(sorted(podir.rglob("*.po")), work / "fill.log")
        m2 = clock.run([from_po, "--progress=none", "-i", podir, "-t", src, "-o", outdir],
                       cwd=work, timeout_s=BATCH_TIMEOUT_S, log=log2)
    label = f"tt-{kind}"
    if not m1.ok or m2 is None or not m2.ok:
        bad = m1 if not m1.ok else m2
        assert bad is not None
        note = (f"the whole-folder run failed ({_failure(bad, BATCH_TIMEOUT_S, 'batch')[1]}); "
                "every file was rerun alone")
        print(f"    {note}", file=sys.stderr, flush=True)
        fills = []

        def one(name: str) -> Path | tuple[Status, str]:
            d = _fresh(work / "single" / name)
            source = src / (name + ext)
            po, out = d / (Path(name).stem + ".po"), d / (name + ext)
            m = clock.run([to_po, "--progress=none", "-i", source, "-o", po], cwd=d,
                          timeout_s=inputs.timeout_s, log=d / "to-po.log")
            if not m.ok:
                return _failure(m, inputs.timeout_s, f"{kind}2po")
            if not po.exists():
                return "crashed", _errors_for(d / "to-po.log", source.name) or "no PO file"
            fills.append(fill_identity(po, d / "fill.log"))
            m = clock.run([from_po, "--progress=none", "-i", po, "-t", source, "-o", out], cwd=d,
                          timeout_s=inputs.timeout_s, log=d / "from-po.log")
            if not m.ok:
                return _failure(m, inputs.timeout_s, f"po2{kind}")
            if not out.exists():
                return "crashed", _errors_for(d / "from-po.log", source.name) or "no output"
            return out

        single_produced: Produced = per_file(inputs.names, one)
        return judge(label, inputs, single_produced, html, clock, fills, [note])
    produced: Produced = {}
    for name in inputs.names:
        out = outdir / (name + ext)
        if out.exists():
            produced[name] = out
            continue
        stem = Path(name).stem
        why = _errors_for(log1, name + ext) or _errors_for(log2, stem + ".po")
        produced[name] = ("crashed", why) if why else ("missing output", "no output file")
    return judge(label, inputs, produced, html, clock, fills)


def _errors_for(log: Path, filename: str) -> str:
    """The Translate Toolkit error line (and its last traceback line) that names ``filename``."""
    if not log.exists():
        return ""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    for i, line in enumerate(lines):
        if "Error processing" in line and re.search(rf"[/ ]{re.escape(filename)}\b", line):
            # the exception is the last line of the traceback that follows
            j = i + 1
            while j < len(lines) and not re.match(r"\w[\w.]*(Error|Exception)\b", lines[j]):
                j += 1
            cause = lines[j] if j < len(lines) else ""
            return f"logged an error: {cause[:160]}".rstrip(": ")
    return ""


def run_mdpo(inputs: InputSet, scripts: tuple[Path, Path], html: Path, work: Path) -> ToolRun:
    """mdpo per file: ``md2po FILE -s -p F.po``, fill, ``po2md FILE -p F.po -s OUT``."""
    work = _fresh(work)
    clock = Clock()
    md2po, po2md = scripts
    fills: list[Fill] = []

    def one(name: str) -> Path | tuple[Status, str]:
        d = _fresh(work / name)
        po, out = d / (Path(name).stem + ".po"), d / name
        m = clock.run([md2po, inputs.path(name), "-s", "-p", po], cwd=d,
                      timeout_s=inputs.timeout_s, log=d / "md2po.log")
        if not m.ok:
            return _failure(m, inputs.timeout_s, "md2po")
        if not po.exists():
            return "missing output", "no PO file"
        fills.append(fill_identity(po, d / "fill.log"))
        m = clock.run([po2md, inputs.path(name), "-p", po, "-s", out], cwd=d,
                      timeout_s=inputs.timeout_s, log=d / "po2md.log")
        if not m.ok:
            return _failure(m, inputs.timeout_s, "po2md")
        return out

    produced = per_file(inputs.names, one)
    return judge("mdpo", inputs, produced, html, clock, fills)


def run_tool(tool: ToolName, inputs: InputSet, found: Tools) -> list[ToolRun]:
    """Run one tool over one input set (``l10n`` gives two rows)."""
    assert found.html is not None
    work = WORK_DIR / inputs.corpus / "runs" / (tool + inputs.suffix)
    if tool == "l10n":
        assert found.l10n is not None
        return run_l10n(inputs, found.l10n, found.html, work)
    if tool == "po4a":
        assert found.po4a is not None
        return [run_po4a(inputs, found.po4a, found.html, work)]
    if tool in ("tt-md", "tt-txt"):
        assert found.tt is not None
        kind: Literal["md", "txt"] = "md" if tool == "tt-md" else "txt"
        return [run_tt(inputs, kind, found.tt, found.html, work)]
    assert found.mdpo is not None
    return [run_mdpo(inputs, found.mdpo, found.html, work)]


# --------------------------------------------------------------------------- report


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}" if total else "–"


def table(runs: Sequence[ToolRun]) -> str:
    """The Markdown table of one corpus."""
    lines = [
        ("| tool | files | byte-identical | % | same HTML | % | same HTML up to whitespace | % | "
         "different | missing output | hung | crashed | POs refused by msgen / msgfmt --check | "
         "seconds (sum of wall) | CPU s |"),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        n = len(r.outcomes)
        ident, html, ws = r.count("identical"), r.same_html, r.same_html_ws
        lines.append(
            f"| {r.tool} | {n} | {ident} | {_pct(ident, n)} | {html} | {_pct(html, n)} | "
            f"{ws} | {_pct(ws, n)} | "
            f"{r.count('different')} | {r.count('missing output')} | {r.count('hung')} | "
            f"{r.count('crashed')} | {r.msgen_refused} / {r.msgfmt_refused} | {r.wall_s:.1f} | {r.cpu_s:.1f} |"
        )
    return "\n".join(lines)


def failure_listing(outcomes: Sequence[FileOutcome], limit: int | None = None) -> list[str]:
    """One line per outcome (up to ``limit``), with its first differing line or failure."""
    shown = outcomes if limit is None else outcomes[:limit]
    lines = [f"- `{o.name}`: {o.status}"
             + (" (same HTML)" if o.same_html else
                " (same HTML up to whitespace)" if o.same_html_ws else "")
             + (f": {o.first_difference}" if o.first_difference else "") for o in shown]
    if len(shown) < len(outcomes):
        lines.append(f"- ... and {len(outcomes) - len(shown)} more (see --json)")
    return lines


RENDERED_EXAMPLES = 10
"""How many re-wrapped files (different bytes, same HTML) the l10n-rendered listing shows."""


def print_l10n_row(run: ToolRun, left_out: bool) -> int:
    """Print the files of an l10n row that did not come back; the number of regressions.

    ``l10n`` and ``l10n-untranslated`` must give back every file byte for byte: each other file
    is a regression. ``l10n-rendered`` re-wraps changed blocks by design, so only failures and
    files whose HTML changed beyond whitespace are listed in full (and not counted as
    regressions); the other differing files are sampled.
    """
    which = " (left-out files)" if left_out else ""
    bad = [o for o in run.outcomes if o.status != "identical"]
    n = len(run.outcomes)
    if run.tool != "l10n-rendered":
        print(f"\n{run.tool}{which}: {n - len(bad)} of {n} files byte-identical"
              + (":" if bad else "."))
        for line in failure_listing(bad):
            print(line)
        regressions = len(bad)
    else:
        broken = [o for o in bad if not o.same_html_ws]
        spaced = [o for o in bad if o.same_html_ws and not o.same_html]
        rewrapped = [o for o in bad if o.same_html]
        print(f"\n{run.tool}{which}: {n - len(bad)} of {n} files byte-identical after unmarking; "
              f"{len(broken)} render to different HTML, beyond whitespace"
              + (":" if broken else "."))
        for line in failure_listing(broken):
            print(line)
        for label, group in (("Whitespace changed in the HTML", spaced),
                             ("Re-wrapped, same HTML", rewrapped)):
            if group:
                print(f"{label}: {len(group)} files, for example:")
                for line in failure_listing(group, RENDERED_EXAMPLES):
                    print(line)
        regressions = sum(1 for o in bad if o.status in FAILURES)
    for note in run.notes:
        print(f"- note: {note}")
    return regressions


def _versions(selected: Sequence[ToolName], found: Tools) -> list[str]:
    out = []
    if "l10n" in selected:
        out.append(tools.l10n_version())
    if "po4a" in selected:
        out.append(tools.po4a_version())
    if {"tt-md", "tt-txt"} & set(selected):
        out.append(tools.translate_toolkit_version())
    if found.mdpo is not None:
        proc = subprocess.run([str(found.mdpo[0]), "--version"], capture_output=True, text=True,
                              check=False)
        out.append((proc.stdout + proc.stderr).strip().splitlines()[0] if proc.stdout
                   or proc.stderr else "mdpo (version unknown)")
    out.append(subprocess.run(["msgen", "--version"], capture_output=True, text=True,
                              check=False).stdout.splitlines()[0])
    if found.html is not None:
        code = "from importlib.metadata import version; print('markdown-it-py', version('markdown-it-py'))"
        out.append(subprocess.run([str(found.html), "-c", code], capture_output=True, text=True,
                                  check=False).stdout.strip())
    return out


def _parse_tools(value: str) -> tuple[ToolName, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in TOOL_NAMES]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"unknown tool(s) {', '.join(bad) or '(none)'}; choose from {', '.join(TOOL_NAMES)}")
    return names  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=(*CORPORA, "both"), default="both",
                        help="which corpus (default both)")
    parser.add_argument("--tools", type=_parse_tools, default=DEFAULT_TOOLS,
                        help=f"comma-separated tools (default {','.join(DEFAULT_TOOLS)}; "
                             f"available {','.join(TOOL_NAMES)})")
    parser.add_argument("--limit", type=int, help="only the first N files of each corpus")
    parser.add_argument("--json", type=Path, help="also write every file's outcome to this file")
    parser.add_argument("--no-install", dest="install", action="store_false",
                        help="fail instead of installing a missing peer tool or markdown-it-py")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    selected: tuple[ToolName, ...] = args.tools
    corpora: tuple[CorpusName, ...] = CORPORA if args.corpus == "both" else (args.corpus,)
    try:
        found = find_tools(selected, args.install)
        versions = _versions(selected, found)
        load_before = os.getloadavg()
        report: dict[str, object] = {"versions": versions, "corpora": {}}
        sections = []
        for name in corpora:
            print(f"== {name}", file=sys.stderr, flush=True)
            extra: InputSet | None = None
            if name == "commonmark":
                inputs = commonmark_inputs(args.limit)
            else:
                inputs, extra = large_inputs(args.limit)
            lookalikes = front_matter_lookalikes(inputs) if name == "commonmark" else {}
            runs: list[ToolRun] = []
            for tool in selected:
                print(f"  {tool} on {len(inputs.names)} files", file=sys.stderr, flush=True)
                runs.extend(run_tool(tool, inputs, found))
            left_out_runs = (run_tool("l10n", extra, found)
                             if extra is not None and "l10n" in selected else [])
            sections.append((inputs, runs, lookalikes, left_out_runs))
            report["corpora"][name] = {  # type: ignore[index]
                "files": list(inputs.names), "left_out": inputs.left_out,
                "front_matter_lookalikes": lookalikes,
                "runs": [asdict(r) for r in runs],
                "l10n_on_left_out": [asdict(r) for r in left_out_runs],
            }
        load_after = os.getloadavg()
    except (tools.ToolMissing, corpus_mod.CorpusError, tools.BenchmarkError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print("# Round-trip benchmark: extract → msgstr := msgid → rebuild\n")
    print(f"- versions: {'; '.join(versions)}")
    print(f"- load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs")
    print(f"- per-file tools run {PARALLEL} files at a time; seconds are summed process wall "
          "times (msgen excluded)")
    l10n_regressions = 0
    for inputs, runs, lookalikes, left_out_runs in sections:
        limit_note = f", first {args.limit} files" if args.limit else ""
        print(f"\n## {inputs.corpus} ({len(inputs.names)} files{limit_note}, "
              f"{inputs.timeout_s:.0f} s per process)\n")
        if inputs.left_out:
            print("Left out for every tool (po4a rejects them alone): "
                  + ", ".join(f"`{n}` ({why})" for n, why in sorted(inputs.left_out.items()))
                  + "\n")
        print(table(runs))
        if inputs.corpus == "commonmark":
            print(f"\nExamples that l10n reads as starting with front matter: {len(lookalikes)}"
                  + "".join(f"\n- `{n}`: {why}" for n, why in sorted(lookalikes.items())))
        for r in [*runs, *left_out_runs]:
            if r.tool in L10N_ROWS:
                l10n_regressions += print_l10n_row(r, left_out=any(r is x for x in left_out_runs))
        for r in runs:
            if not r.tool.startswith("l10n") and r.notes:
                for note in r.notes:
                    print(f"\n{r.tool} note: {note}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    return 1 if l10n_regressions else 0


if __name__ == "__main__":
    sys.exit(main())
