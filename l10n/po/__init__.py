"""PO files exactly as GNU gettext reads and writes them: the one public face of ``l10n.po``.

Every PO file ``l10n`` writes must survive a re-save by the gettext tools byte for byte, and
every file it reads must be one that ``msgfmt`` accepts. So the package has its own strict
reader and a writer that reproduces GNU gettext 0.21, line breaking included:

* :mod:`l10n.po.lex`, :mod:`l10n.po.read`: tokens and grammar, as po-lex.c and po-gram-gen.y
  (:func:`parse_po`); :mod:`l10n.po.scan`: the fast path for plain entries, which gives the
  same result or leaves the text to the strict parser; :mod:`l10n.po.comments`,
  :mod:`l10n.po.entries`: comments and entries as both build them.
* :mod:`l10n.po.files`: files on disk, UTF-8 only (:func:`load_po`, :func:`save_po`,
  :func:`compile_mo`).
* :mod:`l10n.po.write`: write-po.c, i.e. ``msgcat --force-po`` (:func:`format_po`).
* :mod:`l10n.po.linebreak` (+ ``linebreak_data``): libunistring's UAX #14 line breaking.
* :mod:`l10n.po.flags`, :mod:`l10n.po.header`, :mod:`l10n.po.directives`: ``#,`` flags, the
  header entry, format directives as gettext's parsers read them.
* :mod:`l10n.po.format_check`: what ``msgfmt -c`` rejects about an entry's directives
  (:func:`format_problem`).
* :mod:`l10n.po.msgfmt_check` (+ :mod:`l10n.po.plural_expr`): what else ``msgfmt -c`` rejects
  in a file that parses (no header, a bad ``Plural-Forms``, newline mismatches, directives);
  :func:`load_po` refuses a PO file (not a ``.pot``) that fails them.

Import from here; the submodules' own public names exist for tests and for this face.

The in-memory catalog is polib's ``POFile``/``POEntry``, as elsewhere in ``l10n``:
``entry.tcomment`` holds the ``# `` translator comment, ``entry.comment`` the ``#.`` extracted
comment (several lines joined with ``\\n``), ``entry.occurrences`` the ``#:`` references as
``(file, "line")`` (``""`` when a reference has no line), ``entry.flags`` the tokens of the
``#,`` line, ``entry.previous_*`` the ``#|`` fields. The header is ``po.metadata`` (key order
kept as read), ``po.header`` (its comment lines) and ``po.metadata_is_fuzzy``. :func:`parse_po`
also keeps the header entry as it was read in the :data:`HEADER_ATTR` attribute of the
``POFile``: :func:`format_po` writes its exact text back while ``po.metadata`` still says the
same thing, so an unusual header (``Key:value`` without a space, continuation lines) is not
rewritten by a load/save cycle.

Known limits, each one an error or a documented loss rather than a silent difference:

* polib cannot hold the position of the header (it is always written first), a
  ``msgid_plural ""`` (read as no plural), or a comment made of a single empty ``#`` or ``#.``
  line (dropped).
* ``domain`` directives, charsets other than UTF-8, bytes that are not UTF-8, non-ASCII text
  without a declared charset, NUL bytes and octal/hex escapes that do not form UTF-8 are
  refused (msgfmt accepts them; convert with ``msgconv``).
* CRLF line ends are read as LF and written as LF (msgcat would keep ``\\r`` in comments).
* A comment line ending in a backslash is written as is, as msgcat does, and like msgcat's
  output it reads back joined with the next line.
* Breaks inside format directives are avoided as gettext does for C, Objective C, Python and
  Python-brace formats (including gettext 0.21's off-by-directive bookkeeping for the
  latter); for the 26 other format languages a break could land inside a directive.
* The line-breaking tables are those of Unicode 14.0 (Python 3.11's ``unicodedata``,
  libunistring 1.0); characters assigned later may break differently from a newer gettext.
"""

from __future__ import annotations

from l10n.po.files import compile_mo, decode_po, load_po, po_from_text, save_po
from l10n.po.flags import FORMAT_LANGUAGES, Flags, FormatState, parse_flags
from l10n.po.format_check import format_problem
from l10n.po.header import HEADER_ATTR, header_charset
from l10n.po.read import parse_po
from l10n.po.write import (
    DEFAULT_WIDTH,
    Message,
    format_messages,
    format_po,
    header_message,
    untranslated_message,
)

__all__ = [
    "DEFAULT_WIDTH",
    "FORMAT_LANGUAGES",
    "HEADER_ATTR",
    "Flags",
    "Message",
    "FormatState",
    "compile_mo",
    "decode_po",
    "format_messages",
    "format_po",
    "format_problem",
    "header_charset",
    "header_message",
    "load_po",
    "po_from_text",
    "parse_flags",
    "parse_po",
    "save_po",
    "untranslated_message",
]
