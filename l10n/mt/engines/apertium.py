"""Apertium: offline rule-based MT through the ``apertium`` command of Debian's packages.

Apertium covers what the embedded Bergamot model does not: English -> Spanish, Catalan and
Galician directly, and through a pivot (``[engines.apertium] pivots = {fr = "es"}``: en -> es ->
fr with ``apertium-eng-spa`` and ``apertium-fr-es``) French or Portuguese. Measured quality is far
below Bergamot (chrF++ 51-53 for en -> es) and far above leaving English.

How it is driven, and why:

* the installed pairs are the modes ``apertium -l`` lists (``eng-spa``, ``es-pt_BR``); nothing
  else is assumed, so :meth:`ApertiumEngine.supports` is true only for installed pairs, and a
  missing pair is reported naming the Debian package that would provide it;
* one process per request: start-up costs about a second, so a request carries many texts, each
  inside ``<p>...</p>`` of Apertium's HTML format (a block boundary Apertium never translates
  across and gives back one for one), text HTML-escaped before and unescaped after;
* masked tokens (``_1_``, ``_/1_``) pass through untouched (checked by the translate core's
  verification like every engine's output); ``-u`` drops the ``*`` marks of unknown words;
* every request has a total deadline (``timeout`` seconds over all legs of a pivot); the pipeline
  runs in its own process group and the whole group is killed when the deadline passes.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel.core import get_global

from l10n.errors import ConfigError, EngineError, LocaleError
from l10n.locales import normalize_locale, parse_locale
from l10n.mt.engines.base import Limits, read_options
from l10n.mt.engines.text import split_outer_space

DEFAULT_TIMEOUT = 120.0
"""Seconds one request (all legs of a pivot) may take before the pipeline is killed."""

LIST_TIMEOUT = 20.0
"""Seconds ``apertium -l`` may take."""

DEBIAN_PAIRS: dict[str, tuple[str, str]] = {
    "apertium-eng-spa": ("en", "es"),
    "apertium-eng-cat": ("en", "ca"),
    "apertium-en-gl": ("en", "gl"),
    "apertium-eo-en": ("eo", "en"),
    "apertium-eu-en": ("eu", "en"),
    "apertium-hbs-eng": ("sh", "en"),
    "apertium-isl-eng": ("is", "en"),
    "apertium-mkd-eng": ("mk", "en"),
    "apertium-fr-es": ("fr", "es"),
    "apertium-es-pt": ("es", "pt"),
    "apertium-es-gl": ("es", "gl"),
    "apertium-es-ro": ("es", "ro"),
    "apertium-spa-cat": ("es", "ca"),
    "apertium-spa-ita": ("es", "it"),
    "apertium-spa-arg": ("es", "an"),
    "apertium-spa-ast": ("es", "ast"),
    "apertium-fra-cat": ("fr", "ca"),
    "apertium-por-cat": ("pt", "ca"),
    "apertium-pt-gl": ("pt", "gl"),
    "apertium-cat-ita": ("ca", "it"),
    "apertium-oc-ca": ("oc", "ca"),
    "apertium-oc-es": ("oc", "es"),
    "apertium-oci-fra": ("oc", "fr"),
    "apertium-eo-es": ("eo", "es"),
    "apertium-eo-fr": ("eo", "fr"),
    "apertium-eo-ca": ("eo", "ca"),
    "apertium-eu-es": ("eu", "es"),
    "apertium-br-fr": ("br", "fr"),
    "apertium-afr-nld": ("af", "nl"),
    "apertium-dan-nor": ("da", "nb"),
    "apertium-swe-dan": ("sv", "da"),
    "apertium-swe-nor": ("sv", "nb"),
    "apertium-nno-nob": ("nn", "nb"),
    "apertium-rus-ukr": ("ru", "uk"),
    "apertium-bel-rus": ("be", "ru"),
    "apertium-mkd-bul": ("mk", "bg"),
    "apertium-ind-zlm": ("id", "ms"),
    "apertium-urd-hin": ("ur", "hi"),
    "apertium-pol-szl": ("pl", "szl"),
}
"""Debian's Apertium pair packages (Debian 12/13) and the two languages each translates between
(both directions), for the message naming what to install."""

_BLOCK_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SPACES_RE = re.compile(r" {2,}")


@dataclass(frozen=True)
class Mode:
    """One installed translation direction."""

    name: str
    """The mode as ``apertium -l`` lists it (``eng-spa``, ``es-pt_BR``)."""
    source: str
    """Source language, two letters where ISO 639-1 has them (``en``)."""
    target: str
    """Target language (``pt``)."""
    variant: str | None
    """Target variant after ``_`` (``BR`` of ``es-pt_BR``), else ``None``."""


def _language(code: str) -> str | None:
    aliases = get_global("language_aliases")
    code = code.lower()
    if len(code) == 3 and code in aliases:
        return str(aliases[code])
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def parse_mode(name: str) -> Mode | None:
    """The :class:`Mode` of a mode name, or ``None`` for anything but ``LANG-LANG[_VARIANT]``
    (developer modes such as ``eng-spa-tagger``, ``eco-es-fr``)."""
    parts = name.split("-")
    if len(parts) != 2:
        return None
    target, _, variant = parts[1].partition("_")
    src, tgt = _language(parts[0]), _language(target)
    if src is None or tgt is None or src == tgt:
        return None
    return Mode(name, src, tgt, variant or None)


def _command() -> str | None:
    return shutil.which("apertium")


@lru_cache(maxsize=8)
def _installed(command: str) -> tuple[Mode, ...]:
    try:
        done = subprocess.run(
            [command, "-l"], capture_output=True, text=True, timeout=LIST_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    modes = (parse_mode(line.strip()) for line in done.stdout.splitlines())
    return tuple(m for m in modes if m is not None)


def installed_modes() -> tuple[Mode, ...]:
    """The translation directions installed here (empty without the ``apertium`` command)."""
    command = _command()
    return _installed(command) if command else ()


def _pick(modes: Sequence[Mode], source: str, target: str, variant: str | None) -> Mode | None:
    """The mode for ``source`` -> ``target``: the one of the target's variant, else the plain
    one."""
    candidates = [m for m in modes if m.source == source and m.target == target]
    for wanted in (variant, None):
        for mode in candidates:
            if mode.variant == wanted:
                return mode
    return None


def route(
    modes: Sequence[Mode], source: str, target: str, pivots: Mapping[str, str]
) -> tuple[Mode, ...] | None:
    """The modes that translate gettext locale ``source`` into ``target``: a direct pair, else
    the legs through the pivot configured for the target (its locale or language); ``None``
    when neither is installed."""
    try:
        src, tgt = parse_locale(source), parse_locale(target)
    except LocaleError:
        return None
    direct = _pick(modes, src.language, tgt.language, tgt.territory)
    if direct is not None:
        return (direct,)
    pivot = pivots.get(target, pivots.get(tgt.language))
    if not pivot or pivot in (src.language, tgt.language):
        return None
    first = _pick(modes, src.language, pivot, None)
    second = _pick(modes, pivot, tgt.language, tgt.territory)
    return (first, second) if first and second else None


def _packages(a: str, b: str) -> list[str]:
    return [name for name, pair in DEBIAN_PAIRS.items() if set(pair) == {a, b}]


def missing_pair_hint(source: str, target: str, pivots: Mapping[str, str]) -> str:
    """What to install (and configure) so that Apertium translates ``source`` -> ``target``."""
    try:
        src, tgt = parse_locale(source).language, parse_locale(target).language
    except LocaleError:
        return f"apertium cannot translate {source} -> {target}"
    head = f"no Apertium pair {src} -> {tgt} is installed"
    if _command() is None:
        head = "the apertium command is not installed"
    direct = _packages(src, tgt)
    if direct:
        return f"{head}; install it with `apt-get install apertium {direct[0]}`"
    pivot = pivots.get(target, pivots.get(tgt))
    hubs = [pivot] if pivot else sorted({lang for pair in DEBIAN_PAIRS.values() for lang in pair})
    for hub in sorted(hubs, key=lambda h: h != "es"):
        legs = _packages(src, hub), _packages(hub, tgt)
        if legs[0] and legs[1]:
            return (
                f"{head}; Debian has no direct pair, but one through {hub}: `apt-get install "
                f"apertium {legs[0][0]} {legs[1][0]}` and [engines.apertium] pivots = "
                f'{{{tgt} = "{hub}"}} in l10n.toml'
            )
    return f"{head}, and Debian packages no Apertium pair for it"


def serves(source: str, target: str) -> bool:
    """Whether the installed pairs translate ``source`` -> ``target`` without a pivot (the
    registry's answer, given without options)."""
    return route(installed_modes(), source, target, {}) is not None


def serves_configured(options: Mapping[str, object], source: str, target: str) -> bool:
    """Whether the installed pairs translate ``source`` -> ``target`` with the pivots of
    ``options`` (``[engines.apertium]``; bad options: no)."""
    try:
        engine = build_apertium(options)
    except ConfigError:
        return False
    return engine.supports(source, target)


def installed_pivot(source: str, target: str) -> str | None:
    """A language through which the installed pairs translate ``source`` -> ``target`` when no
    direct pair is installed (Spanish first: the hub of Apertium's Romance pairs), else ``None``;
    what ``l10n init`` writes under ``[engines.apertium] pivots``."""
    modes = installed_modes()
    if route(modes, source, target, {}) is not None:
        return None
    hubs = sorted({m.target for m in modes}, key=lambda lang: (lang != "es", lang))
    for hub in hubs:
        if route(modes, source, target, {target: hub}) is not None:
            return hub
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


class ApertiumEngine:
    """``apertium``: the installed Apertium pairs, many texts per process call."""

    name = "apertium"

    def __init__(self, *, pivots: Mapping[str, str], timeout: float) -> None:
        self.pivots = dict(pivots)
        self.timeout = timeout
        self.limits = Limits(max_chars=20_000, max_items=400, max_concurrency=1)
        self._version: str | None = None

    @property
    def version(self) -> str:
        """``apertium-3.8.3`` (the ``apertium -V`` of the installed command)."""
        if self._version is None:
            self._version = "apertium-unknown"
            command = _command()
            if command:
                try:
                    done = subprocess.run([command, "-V"], capture_output=True, text=True,
                                          timeout=LIST_TIMEOUT, check=False)
                    words = done.stdout.split()
                    if words:
                        self._version = "apertium-" + words[-1]
                except (OSError, subprocess.TimeoutExpired):
                    pass
        return self._version

    def route(self, source: str, target: str) -> tuple[Mode, ...] | None:
        """The modes used for the pair, or ``None``."""
        return route(installed_modes(), source, target, self.pivots)

    def supports(self, source: str, target: str) -> bool:
        """True when an installed pair (or pivot configured here) covers the pair."""
        return self.route(source, target) is not None

    def unsupported_reason(self, source: str, target: str) -> str:
        """Why the pair is not covered, naming the Debian packages that would cover it."""
        return missing_pair_hint(source, target, self.pivots)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` in one process call per leg."""
        legs = self.route(source, target)
        command = _command()
        if legs is None or command is None:
            raise EngineError(missing_pair_hint(source, target, self.pivots), engine=self.name)
        pieces = [split_outer_space(text) for text in texts]
        wanted = [i for i, (_, core, _) in enumerate(pieces) if core]
        if not wanted:
            return list(texts)
        payload = "".join(f"<p>{html.escape(pieces[i][1], quote=False)}</p>" for i in wanted)
        deadline = time.monotonic() + self.timeout
        for mode in legs:
            payload = self._run(command, mode.name, payload, deadline)
        blocks = _BLOCK_RE.findall(payload)
        if len(blocks) != len(wanted):
            raise EngineError(
                f"apertium gave back {len(blocks)} texts for {len(wanted)}", engine=self.name
            )
        result = list(texts)
        for index, block in zip(wanted, blocks, strict=True):
            lead, core, trail = pieces[index]
            text = html.unescape(block).strip()
            if "  " not in core:
                text = _SPACES_RE.sub(" ", text)
            result[index] = f"{lead}{text}{trail}" if text else ""
        return result

    def _run(self, command: str, mode: str, payload: str, deadline: float) -> str:
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._timeout()
        process = subprocess.Popen(
            [command, "-f", "html", "-u", mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(payload.encode("utf-8"), timeout=left)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise self._timeout() from None
        except BaseException:
            _kill_group(process)
            raise
        if process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise EngineError(
                f"apertium {mode} failed (exit {process.returncode})"
                + (f": {detail[0][:200]}" if detail else ""),
                engine=self.name,
            )
        return out.decode("utf-8", "replace")

    def _timeout(self) -> EngineError:
        return EngineError(
            f"apertium took longer than {self.timeout:g} s and was stopped; raise "
            "[engines.apertium] timeout or send less at once",
            engine=self.name,
        )


def build_apertium(options: Mapping[str, object]) -> ApertiumEngine:
    """Registry factory: ``[engines.apertium] pivots = {fr = "es"}``, ``timeout = 120``."""
    pivots_raw = options.get("pivots", {})
    rest = {k: v for k, v in options.items() if k != "pivots"}
    read = read_options("apertium", rest, {"timeout": float, "pivots": str})
    if not isinstance(pivots_raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in pivots_raw.items()
    ):
        raise ConfigError(
            '[engines.apertium] pivots must be a table of target = "pivot language", '
            'e.g. pivots = {fr = "es"}'
        )
    pivots: dict[str, str] = {}
    for key, value in pivots_raw.items():
        try:
            target = normalize_locale(key) if "_" in key else parse_locale(key).language
            pivots[target] = parse_locale(value).language
        except LocaleError as exc:
            raise ConfigError(f"[engines.apertium] pivots.{key}: {exc.message}") from exc
    timeout = float(read.get("timeout", DEFAULT_TIMEOUT))  # type: ignore[arg-type]
    if timeout <= 0:
        raise ConfigError("[engines.apertium] timeout must be more than 0 seconds")
    return ApertiumEngine(pivots=pivots, timeout=timeout)
