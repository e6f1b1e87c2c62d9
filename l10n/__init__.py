"""l10n: localize articles through gettext PO files.

The folders are the pipeline:

* ``document/`` parses a source article (``formats/``) into a
  :class:`~l10n.document.model.Document`, splits its blocks into sentences (``segment``,
  ``units``) and, at build time, splices translations back into the untouched skeleton
  (``assemble``).
* ``catalog/`` turns segments into templates and per-locale catalogs (``template``), updates
  them when the source changes (``merge``), classifies, checks and counts their entries.
* ``po/`` reads and writes PO files exactly as GNU gettext does.
* ``mt/`` drafts empty entries with machine translation: masking, engines, memory.

``project`` runs the commands over a project's folders and ``cli`` is their click face.
"""

__version__ = "0.1.0"
