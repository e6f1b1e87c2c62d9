"""Project configuration: ``l10n.toml`` (or ``[tool.l10n]`` in ``pyproject.toml``) -> Config.

Every key is checked here, once, at the public boundary; the rest of the code trusts the frozen
:class:`Config`. An error names the file, the key and what is allowed.

Example ``l10n.toml``::

    source_language = "en"
    locales = ["pt_BR", "es"]

    [paths]
    source = "source"
    locales = "locales"
    build = "build"
    symlinks = "refuse"        # or "inside": follow symbolic links that stay inside the project
    max_source_mb = 50         # larger source files are refused

    [segment]
    mode = "sentence"          # or "paragraph": one message per block

    [markdown]
    front_matter_keys = ["title", "description", "summary"]   # paths: "seo.title", "resources.*.title"
    code_shortcodes = ["highlight", "code-toggle", "raw"]   # paired tags whose body is code
    shortcode_parameters = ["figure.caption", "alert.text"]   # shortcode params that are prose
    extensions = ["definition_lists", "attributes", "alerts", "mdx"]   # [] for plain CommonMark + GFM

    [text]
    line_breaks = "auto"       # "soft": lines of a block are one wrapped paragraph;
                               # "hard": every line is its own block; "auto": guess per block
    indented = "verbatim"      # indented blocks (code, literal text); "translate" to extract them

    [html]
    skip_classes = ["notranslate"]   # elements with one of these classes are never extracted

    [po]
    width = 79                 # like msgcat; 0 = no wrapping

    [merge]
    fuzzy_threshold = 0.6

    [build]
    include_drafts = false     # publish machine drafts and edited drafts (fuzzy)
    include_stale = false      # publish stale translations (their source changed since)
    format = "source"          # or "html": a web page per article (build/<locale>/<article>.html)
    min_percent = 80           # publish an article only when 80 % of its words are reviewed
    required = ["title", "first_paragraph"]   # blocks that must be reviewed (l10n.document.selectors)
    below = "skip"             # or "keep": what happens to an article below the policy
    [build.locales.pt_BR]
    min_percent = 90           # per-locale override of min_percent, required, below

    [translate]
    engine = "bergamot"        # default engine (or chain) for every locale
    memory = ".l10n/memory.sqlite"
    memory_fuzzy = 0.75        # close memory matches as drafts; 0 = off
    [translate.locales]
    es = "apertium"            # per-locale engine
    de = ["deepl", "pseudo"]   # per-locale chain: the first that covers the pair and is reachable

    [engines.libre]
    url = "http://localhost:5000/"

    [glossary]
    path = "glossary.tsv"      # the default, read when the file exists (l10n.glossary)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from l10n.catalog.publish import ArticlePolicies, PublishPolicy
from l10n.config_build import ARTICLE_KEYS, article_policies
from l10n.document.formats import MARKDOWN_EXTENSIONS
from l10n.document.formats.frontmatter import key_pattern_problem
from l10n.document.localize import LOCALIZE_KEYS, LocalizeOptions, localize_options
from l10n.document.templates import DEFAULT_CODE_SHORTCODES, DEFAULT_PROSE_PARAMETERS
from l10n.errors import ConfigError, LocaleError
from l10n.locales import normalize_locale
from l10n.mt.engines import DEFAULT_ENGINE, ENGINES, coverage_hint, unserved_locales
from l10n.mt.memory.location import WHERE_PASSWORDS_GO, has_password, is_postgres
from l10n.output import DEFAULT_OUTPUT, OUTPUTS, OutputFormat
from l10n.po import DEFAULT_WIDTH
from l10n.safe_files import MAX_SOURCE_BYTES, SYMLINK_POLICIES, SymlinkPolicy

CONFIG_NAME = "l10n.toml"
SegmentMode = Literal["sentence", "paragraph"]
LineBreaks = Literal["auto", "soft", "hard"]

_TOP_KEYS = {
    "source_language", "locales", "project", "paths", "segment", "markdown", "text", "html", "po",
    "merge", "translate", "engines", "build", "glossary",
}

DEFAULT_GLOSSARY = "glossary.tsv"
"""The glossary file read when ``[glossary] path`` is not set and the file exists."""


@dataclass(frozen=True)
class Config:
    """A validated project configuration; paths are absolute."""

    root: Path
    """Folder holding the configuration file; relative paths are resolved against it."""
    config_path: Path
    """The file the configuration was read from."""
    source_language: str
    """Language of the articles in ``source/`` (gettext form, e.g. ``en``)."""
    locales: tuple[str, ...]
    """Target locales, normalised (``pt_BR``)."""
    source_dir: Path
    """Where the articles are."""
    locales_dir: Path
    """Where ``templates/*.pot`` and ``<locale>/*.po`` go."""
    build_dir: Path
    """Where localized articles are written, one folder per locale."""
    project: str = "l10n"
    """Project-Id-Version of the catalogs."""
    segment_mode: SegmentMode = "sentence"
    """One message per sentence, or per block."""
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary")
    """Front-matter key paths whose string values are translatable (``*`` for any one key or
    list item; see :func:`l10n.document.formats.frontmatter.key_matches`)."""
    text_line_breaks: LineBreaks = "auto"
    """How lines inside a plain-text block are treated."""
    code_shortcodes: tuple[str, ...] = DEFAULT_CODE_SHORTCODES
    """Paired Hugo shortcodes and Liquid/Nunjucks tags whose body is code, kept verbatim."""
    shortcode_parameters: tuple[str, ...] = DEFAULT_PROSE_PARAMETERS
    """``shortcode.parameter`` names whose double-quoted values are prose (a figure's caption)."""
    text_indented: bool = False
    """Whether indented plain-text blocks (code, literal text) are translatable."""
    markdown_extensions: tuple[str, ...] = MARKDOWN_EXTENSIONS
    """Markdown syntax read beyond CommonMark (names of :data:`MARKDOWN_EXTENSIONS`)."""
    html_skip_classes: tuple[str, ...] = ("notranslate",)
    """HTML articles: elements with one of these classes are never extracted."""
    po_width: int = DEFAULT_WIDTH
    """Wrap width of PO files (msgcat's default); 0 disables wrapping."""
    fuzzy_threshold: float = 0.6
    """Similarity (0-1) above which a changed sentence inherits an old translation as fuzzy."""
    default_engines: tuple[str, ...] = (DEFAULT_ENGINE,)
    """Engine chain of locales without their own entry (``[translate] engine``)."""
    locale_engines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per-locale engine chains (``[translate.locales]``), tried in order."""
    engine_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """``[engines.NAME]`` tables, passed to the engine factory as they are."""
    memory_path: Path | None = None
    """Translation-memory SQLite file; None for a PostgreSQL memory or no memory."""
    memory_url: str | None = None
    """PostgreSQL memory shared by a team (``[translate] memory = "postgresql://..."`` or
    ``"service=name"``, never with a password), which also holds the rate budgets shards share;
    None for a file."""
    memory_fuzzy: float = 0.75
    """Minimum similarity of a close memory match offered as a draft (``[translate]
    memory_fuzzy``); 0 disables close matches."""
    publish: PublishPolicy = PublishPolicy()
    """What ``l10n build`` publishes by default (``[build] include_drafts``, ``include_stale``)."""
    output: OutputFormat = DEFAULT_OUTPUT
    """What ``l10n build`` writes by default (``[build] format``): the source format or ``html``."""
    articles: ArticlePolicies = ArticlePolicies()
    """When an article is published for a locale at all (``[build] min_percent``, ``required``,
    ``below``, and ``[build.locales.<locale>]`` overrides)."""
    localize: LocalizeOptions = LocalizeOptions()
    """Locale-correct articles: lang/dir keys, dates in the prose, fallback locales (``[build]``)."""
    notices: tuple[str, ...] = ()
    """Deprecation notices about the file (an old key name), for the CLI to show once."""
    glossary_path: Path | None = None
    """The project glossary (:mod:`l10n.glossary`); ``None`` when the project has none."""
    max_wait: float = 60.0
    """Seconds a ``translate`` run may lose to failing online services; 0 = no limit."""
    symlinks: SymlinkPolicy = "refuse"
    """Symbolic links below the configured folders: refused, or followed when they stay inside
    the project (:mod:`l10n.safe_files`)."""
    max_source_bytes: int = MAX_SOURCE_BYTES
    """Size limit of a source article."""

    @property
    def inside(self) -> tuple[Path, ...]:
        """The folders that make up the project: its root and the configured folders."""
        return (self.root, self.source_dir, self.locales_dir, self.build_dir)

    def engines_for(self, locale: str) -> tuple[str, ...]:
        """The engine chain configured for ``locale``, in the order they are tried."""
        return self.locale_engines.get(locale, self.default_engines)

    def engine_for(self, locale: str) -> str:
        """The first engine configured for ``locale``."""
        return self.engines_for(locale)[0]


def engine_gaps(config: Config) -> list[str]:
    """One line per locale no engine of its chain can translate into, naming the chain and what
    would cover the locale (checked without building any engine or reaching a service)."""
    lines = []
    for locale in config.locales:
        chain = config.engines_for(locale)
        if any(not unserved_locales(name, config.source_language, [locale],
                                    config.engine_options.get(name)) for name in chain):
            continue
        lines.append(
            f"{locale}: {', '.join(chain)} cannot translate {config.source_language} -> {locale}; "
            f"translate will skip it; {coverage_hint(config.source_language, locale)}"
        )
    return lines


def find_config(start: Path) -> Path:
    """The nearest ``l10n.toml`` (or ``pyproject.toml`` with ``[tool.l10n]``) at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    raise ConfigError(
        f"no {CONFIG_NAME} found here or in any parent folder; create one with at least "
        "source_language = \"en\" and locales = [\"pt_BR\"] (see `l10n init --help`)",
        path=start / CONFIG_NAME,
    )


_TOOL_TABLE_HEADER = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*l10n[ \t]*[.\]]", re.MULTILINE)
"""A ``[tool.l10n]`` (or ``[tool.l10n.x]``) header, found without parsing the file."""


def _has_tool_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError:
        # Broken, but meant for us: load_config then reports the syntax error and its line.
        return _TOOL_TABLE_HEADER.search(raw) is not None
    table = data.get("tool", {}).get("l10n")
    return isinstance(table, dict) and bool(table)


def load_config(path: Path) -> Config:
    """Read and validate a configuration file (``l10n.toml`` or ``pyproject.toml``)."""
    path = path.resolve()
    if path.is_dir():
        raise ConfigError("is a folder, expected a configuration file", path=path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("configuration file not found", path=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error_position(exc, raw)
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line) from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("l10n", {})
        if not isinstance(data, dict) or not data:
            raise ConfigError("no [tool.l10n] table", path=path)
    return config_from_mapping(data, root=path.parent, config_path=path)


_TOML_POSITION = re.compile(r" \(at line (\d+), column (\d+)\)$| \(at end of document\)$")
"""Where tomllib puts the position of a syntax error in its message (Python 3.11-3.13)."""


def toml_error_position(exc: tomllib.TOMLDecodeError, source: str) -> tuple[str, int | None]:
    """The message of a TOML syntax error in ``source`` without its position, and its line.

    Python 3.14 gives ``lineno``; earlier releases only write "(at line N, column M)" or "(at
    end of document)" into the message, so the line is read from there (the end of the document
    is its last line). The column stays in the message.
    """
    text = str(exc).splitlines()[0] if str(exc) else "syntax error"
    lineno = getattr(exc, "lineno", None)
    colno = getattr(exc, "colno", None)
    m = _TOML_POSITION.search(text)
    if m is not None:
        text = text[: m.start()]
        if m.group(1) is not None and lineno is None:
            lineno, colno = int(m.group(1)), int(m.group(2))
        elif m.group(1) is None and lineno is None:
            lineno = max(1, len(source.splitlines()))
            text += " (at the end of the file)"
    if colno is not None:
        text += f" (column {colno})"
    return text, lineno if isinstance(lineno, int) else None


def default_config(root: Path) -> Config:
    """The configuration of a project whose ``l10n.toml`` says nothing but ``locales = []``:
    every default, for commands run outside a project (``l10n segment``)."""
    return config_from_mapping({"locales": []}, root=root, config_path=root / CONFIG_NAME)


def config_from_mapping(data: Mapping[str, Any], *, root: Path, config_path: Path) -> Config:
    """Validate a parsed TOML table into a :class:`Config`."""
    v = _Validator(config_path)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        v.fail(unknown[0], f"unknown key; allowed keys are {', '.join(sorted(_TOP_KEYS))}")

    source_language = v.locale("source_language", data.get("source_language", "en"))
    locales_raw = data.get("locales")
    if locales_raw is None:
        v.fail("locales", "missing; list the target locales, e.g. locales = [\"pt_BR\", \"es\"]")
    if not isinstance(locales_raw, list) or not all(isinstance(x, str) for x in locales_raw):
        v.fail("locales", "must be a list of locale strings, e.g. [\"pt_BR\", \"es\"]")
    locales = tuple(v.locale("locales", x) for x in cast(list[str], locales_raw))
    if len(set(locales)) != len(locales):
        v.fail("locales", "lists a locale twice")
    if source_language in locales:
        v.fail("locales", f"contains the source language '{source_language}'")

    paths = v.table(data, "paths", {"source", "locales", "build", "symlinks", "max_source_mb"})
    source_dir = v.folder(root, "paths.source", paths.get("source", "source"))
    locales_dir = v.folder(root, "paths.locales", paths.get("locales", "locales"))
    build_dir = v.folder(root, "paths.build", paths.get("build", "build"))
    symlinks = v.choice("paths.symlinks", paths.get("symlinks", "refuse"), SYMLINK_POLICIES)
    max_mb = paths.get("max_source_mb", MAX_SOURCE_BYTES // (1024 * 1024))
    if not isinstance(max_mb, int) or isinstance(max_mb, bool) or not 1 <= max_mb <= 4096:
        v.fail("paths.max_source_mb", "must be a whole number of megabytes from 1 to 4096")

    segment = v.table(data, "segment", {"mode"})
    mode = v.choice("segment.mode", segment.get("mode", "sentence"), ("sentence", "paragraph"))

    markdown = v.table(data, "markdown", {"front_matter_keys", "code_shortcodes", "shortcode_parameters", "extensions"})
    fm_keys = markdown.get("front_matter_keys", ["title", "description", "summary"])
    if not isinstance(fm_keys, list) or not all(isinstance(k, str) and k for k in fm_keys):
        v.fail("markdown.front_matter_keys",
               "must be a list of key names or paths, e.g. [\"title\", \"resources.*.title\"]")
    for key in fm_keys:
        problem = key_pattern_problem(key)
        if problem:
            v.fail("markdown.front_matter_keys", problem)
    code_names = markdown.get("code_shortcodes", list(DEFAULT_CODE_SHORTCODES))
    if not isinstance(code_names, list) or not all(
        isinstance(k, str) and k and k.strip() == k for k in code_names
    ):
        v.fail("markdown.code_shortcodes", "must be a list of tag names, e.g. [\"highlight\"]")
    parameters = markdown.get("shortcode_parameters", list(DEFAULT_PROSE_PARAMETERS))
    if not isinstance(parameters, list) or not all(
        isinstance(k, str) and re.fullmatch(r"[A-Za-z_][\w.:-]*\.[A-Za-z_][\w-]*", k) for k in parameters
    ):
        v.fail("markdown.shortcode_parameters",
               "must be a list of shortcode.parameter names, e.g. [\"figure.caption\"]")
    extensions = markdown.get("extensions", list(MARKDOWN_EXTENSIONS))
    if not isinstance(extensions, list) or not all(e in MARKDOWN_EXTENSIONS for e in extensions):
        v.fail("markdown.extensions", "must be a list of names from: " + ", ".join(MARKDOWN_EXTENSIONS))

    text = v.table(data, "text", {"line_breaks", "indented"})
    line_breaks = v.choice("text.line_breaks", text.get("line_breaks", "auto"),
                           ("auto", "soft", "hard"))
    indented = v.choice("text.indented", text.get("indented", "verbatim"), ("verbatim", "translate"))

    html = v.table(data, "html", {"skip_classes"})
    skip_classes = html.get("skip_classes", ["notranslate"])
    if not isinstance(skip_classes, list) or not all(
        isinstance(c, str) and re.fullmatch(r"[^\s]+", c) for c in skip_classes
    ):
        v.fail("html.skip_classes", "must be a list of class names, e.g. [\"notranslate\"]")

    po = v.table(data, "po", {"width"})
    width = po.get("width", DEFAULT_WIDTH)
    if not isinstance(width, int) or isinstance(width, bool) or (0 < width < 20) or width < 0:
        v.fail("po.width", "must be 0 (no wrapping) or a whole number of columns >= 20")

    merge = v.table(data, "merge", {"fuzzy_threshold"})
    threshold = merge.get("fuzzy_threshold", 0.6)
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not (
        0.0 < float(threshold) <= 1.0
    ):
        v.fail("merge.fuzzy_threshold", "must be a number between 0 (exclusive) and 1")

    build = v.table(data, "build", {*_BUILD_KEYS, *ARTICLE_KEYS, *LOCALIZE_KEYS, "locales", "format"})
    publish, notices = _publish_policy(v, {k: x for k, x in build.items() if k in _BUILD_KEYS})
    output = v.choice("build.format", build.get("format", DEFAULT_OUTPUT), tuple(OUTPUTS))
    articles = article_policies(v, build, locales)
    localize = localize_options(build, locales, v.file)

    translate = v.table(data, "translate", {"engine", "memory", "memory_fuzzy", "locales", "max_wait"})
    max_wait = translate.get("max_wait", 60)
    if isinstance(max_wait, bool) or not isinstance(max_wait, (int, float)) or max_wait < 0:
        v.fail("translate.max_wait", "must be a number of seconds (0 = no limit)")
    engine = v.chain("translate.engine", translate.get("engine", DEFAULT_ENGINE))
    per_locale_raw = translate.get("locales", {})
    if not isinstance(per_locale_raw, dict):
        v.fail("translate.locales", "must be a table of locale = \"engine\" or [\"engine\", ...]")
    per_locale: dict[str, tuple[str, ...]] = {}
    for key, value in per_locale_raw.items():
        loc = v.locale(f"translate.locales.{key}", key)
        if loc not in locales:
            v.fail(f"translate.locales.{key}", f"'{key}' is not in locales ({', '.join(locales)})")
        per_locale[loc] = v.chain(f"translate.locales.{key}", value)
    memory_fuzzy = translate.get("memory_fuzzy", 0.75)
    if isinstance(memory_fuzzy, bool) or not isinstance(memory_fuzzy, (int, float)) or not (
        0.0 <= float(memory_fuzzy) <= 1.0
    ):
        v.fail("translate.memory_fuzzy", "must be a similarity between 0 and 1 (0 = off)")
    memory_raw = translate.get("memory", ".l10n/memory.sqlite")
    memory_path: Path | None = None
    memory_url: str | None = None
    if isinstance(memory_raw, str) and is_postgres(memory_raw):
        if has_password(memory_raw):
            v.fail("translate.memory", f"must not contain a password; {WHERE_PASSWORDS_GO}")
        memory_url = memory_raw
    elif memory_raw is not False and memory_raw != "":
        memory_path = v.path(root, "translate.memory", memory_raw)

    engines = data.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(t, dict) for t in engines.values()):
        v.fail("engines", "must hold one table per engine, e.g. [engines.libre] url = \"...\"")
    glossary = v.table(data, "glossary", {"path"})
    glossary_path: Path | None = None
    if "path" in glossary:
        glossary_path = v.path(root, "glossary.path", glossary["path"])
    elif (root / DEFAULT_GLOSSARY).is_file():
        glossary_path = (root / DEFAULT_GLOSSARY).resolve()

    project = data.get("project", "l10n")
    if not isinstance(project, str) or not project:
        v.fail("project", "must be a non-empty string (the Project-Id-Version of catalogs)")

    return Config(
        root=root.resolve(),
        config_path=config_path,
        source_language=source_language,
        locales=locales,
        source_dir=source_dir,
        locales_dir=locales_dir,
        build_dir=build_dir,
        project=project,
        segment_mode=cast(SegmentMode, mode),
        front_matter_keys=tuple(fm_keys),
        text_line_breaks=cast(LineBreaks, line_breaks),
        code_shortcodes=tuple(code_names),
        shortcode_parameters=tuple(parameters),
        text_indented=indented == "translate",
        markdown_extensions=tuple(extensions),
        html_skip_classes=tuple(skip_classes),
        po_width=width,
        fuzzy_threshold=float(threshold),
        default_engines=engine,
        locale_engines=per_locale,
        engine_options={k: dict(t) for k, t in engines.items()},
        memory_path=memory_path,
        memory_url=memory_url,
        memory_fuzzy=float(memory_fuzzy),
        publish=publish,
        output=cast(OutputFormat, output),
        articles=articles,
        localize=localize,
        notices=notices,
        glossary_path=glossary_path,
        max_wait=float(max_wait),
        symlinks=cast(SymlinkPolicy, symlinks),
        max_source_bytes=max_mb * 1024 * 1024,
    )


_BUILD_KEYS = ("include_drafts", "include_stale", "include_fuzzy")


def _publish_policy(v: _Validator, build: Mapping[str, Any]) -> tuple[PublishPolicy, tuple[str, ...]]:
    """``[build]`` -> the default publish policy; ``include_fuzzy`` is the old name of
    ``include_drafts`` (it never meant stale translations) and earns a notice."""
    for key in _BUILD_KEYS:
        if not isinstance(build.get(key, False), bool):
            v.fail(f"build.{key}", "must be true or false")
    notices: tuple[str, ...] = ()
    drafts = bool(build.get("include_drafts", False))
    if "include_fuzzy" in build:
        if "include_drafts" in build and build["include_fuzzy"] != build["include_drafts"]:
            v.fail("build.include_fuzzy", "is the old name of build.include_drafts, which says "
                   "otherwise; keep only include_drafts")
        drafts = bool(build["include_fuzzy"])
        notices = (f"{v.file}: [build] include_fuzzy is deprecated; write include_drafts "
                   "(stale translations need include_stale)",)
    return PublishPolicy(drafts=drafts, stale=bool(build.get("include_stale", False))), notices


class _Validator:
    """Small helpers that raise :class:`ConfigError` naming the key."""

    def __init__(self, path: Path) -> None:
        self.file = path

    def fail(self, key: str, message: str) -> None:
        raise ConfigError(f"'{key}': {message}", path=self.file)

    def table(self, data: Mapping[str, Any], key: str, allowed: set[str]) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, "must be a table")
        unknown = sorted(set(value) - allowed)
        if unknown:
            self.fail(f"{key}.{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
        return cast(Mapping[str, Any], value)

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            self.fail(key, f"is {value!r}; allowed: {', '.join(allowed)}")
        return cast(str, value)

    def engine(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or value not in ENGINES:
            self.fail(key, f"is {value!r}; engines: {', '.join(ENGINES)}")
        return cast(str, value)

    def chain(self, key: str, value: Any) -> tuple[str, ...]:
        """An engine name, or a non-empty list of distinct engine names (tried in order)."""
        if isinstance(value, str):
            return (self.engine(key, value),)
        if not isinstance(value, list) or not value:
            self.fail(key, f'must be an engine name or a list of them, e.g. ["deepl", "pseudo"]; '
                           f"engines: {', '.join(ENGINES)}")
        names = tuple(self.engine(f"{key}[{i}]", item) for i, item in enumerate(value))
        if len(set(names)) != len(names):
            self.fail(key, "lists an engine twice")
        return names

    def locale(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            self.fail(key, "must be a locale string such as \"pt_BR\"")
        try:
            return normalize_locale(value)
        except LocaleError as exc:
            raise ConfigError(f"'{key}': {exc.message}", path=self.file) from exc

    def path(self, root: Path, key: str, value: Any) -> Path:
        if not isinstance(value, str) or not value:
            self.fail(key, "must be a non-empty path string")
        p = Path(value).expanduser()
        return (p if p.is_absolute() else root / p).resolve()

    def folder(self, root: Path, key: str, value: Any) -> Path:
        """A configured folder: refused when it is a file system root, the user's home or a
        folder above the project, where l10n would read or write files that are not its own."""
        path = self.path(root, key, value)
        project = root.resolve()
        home = _home()
        instead = f'use a folder of the project, e.g. "{key.split(".")[-1]}"'
        if path == Path(path.anchor):
            self.fail(key, f"is {path}, the root of the file system; {instead}")
        if home is not None and path == home:
            self.fail(key, f"is {path}, your home folder; {instead}")
        if path != project and project.is_relative_to(path):
            self.fail(key, f"is {path}, a folder above the project; {instead}")
        return path


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None
