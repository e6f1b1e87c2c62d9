"""l10n: localize articles through gettext PO files.

The pipeline: ``formats`` parse a source article into a :class:`~l10n.document.model.Document`,
``segment`` splits its translatable blocks into sentences, ``catalog`` writes templates and
per-locale PO files, ``translate`` drafts empty entries with a machine-translation engine, and
``assemble`` splices translations back into the untouched skeleton of the source.
"""

__version__ = "0.1.0"
