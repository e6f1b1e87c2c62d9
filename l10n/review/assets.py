"""The review page's style sheet, its one script (the filters) and its Content-Security-Policy.

The page is one file that works offline, so both are inlined. The policy allows inline styles,
the one script below by its SHA-256 hash, and nothing else: no other script (so none from a PO
file or an article, even if an escape were missed), no image, font, frame, form or connection.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { color-scheme: light; --line: #ccc; --muted: #666; }
body { font: 15px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111;
  margin: 1.5rem auto; max-width: 90rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0; } h2 { font-size: 1.2rem; margin: 2rem 0 .3rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta, .note, .prov, .lang, .tag, .comment, .flags { color: var(--muted); }
.lang { font-weight: normal; font-size: .9em; } .tag { font-size: .8em; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: start;
  vertical-align: top; }
thead th { background: #f3f3f3; }
.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; } .entries .text { width: 32%; }
.where { white-space: nowrap; font-size: .85em; }
.bar { display: block; height: 4px; background: #eee; margin-top: 2px; }
.bar span { display: block; height: 4px; background: #2a7; }
.bad, .error .sev { color: #b00; font-weight: bold; }
.warn, .warning .sev { color: #a60; }
.state { font-size: .8em; white-space: nowrap; padding: 0 .3em; border: 1px solid var(--line);
  border-radius: 3px; }
.fuzzy_machine .state, .fuzzy_edited .state { background: #eef4ff; }
.fuzzy_changed .state { background: #fff0d0; } .fuzzy_other .state { background: #f6eefc; }
.untranslated .state { background: #f3f3f3; } .translated .state { background: #e4f6e8; }
.prov, .comment, .flags { display: block; font-size: .75em; margin-top: .2rem;
  white-space: pre-wrap; }
.found { margin: 0; padding-inline-start: 1rem; font-size: .85em; }
del { background: #fdd; text-decoration: line-through; }
ins { background: #dfd; text-decoration: underline; }
.triage { display: block; font-weight: bold; } .triage.meaning { color: #a00; } .triage.cosmetic { color: #070; }
.before { display: block; font-size: .8em; color: var(--muted); }
tr.entry, section, details { scroll-margin-top: 3.5rem; }
tr.entry:target, tr.entry:target td { outline: 3px solid #fa0; background: #fff8e0; }
#filters { position: sticky; top: 0; background: #fff; padding: .4rem 0;
  border-bottom: 1px solid var(--line); z-index: 1; }
#filters button { font: inherit; font-size: .9em; margin: 0 .2rem .2rem 0; cursor: pointer;
  border: 1px solid var(--line); background: #f8f8f8; border-radius: 3px; }
#filters button[aria-pressed="true"] { background: #234; color: #fff; }
details { margin: .5rem 0; } summary { cursor: pointer; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  gap: 1rem; }
.columns article { border: 1px solid var(--line); padding: 0 .8rem; overflow-wrap: anywhere; }
.columns h4 { margin: .5rem 0; color: var(--muted); font-size: .85em; }
.columns pre { white-space: pre-wrap; }
.unsafe { color: #b00; font-size: .85em; } .raw { color: #b00; }
.img { color: var(--muted); font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; } #filters, nav.up { display: none; }
  .catalog { break-before: page; } tr, li { break-inside: avoid; }
  thead { display: table-header-group; } .bar { display: none; }
  del, ins, .state { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
"""The page's style sheet."""

SCRIPT = """"use strict";
(function () {
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-keys]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.catalog"));
  function apply(filter) {
    bar.querySelectorAll("button[data-filter]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-filter") === filter));
    });
    rows.forEach(function (row) {
      var keys = row.getAttribute("data-keys").split(" ");
      row.hidden = filter !== "all" && keys.indexOf(filter) < 0;
    });
    sections.forEach(function (section) {
      section.hidden = filter !== "all" && !section.querySelector("tr.entry:not([hidden])");
    });
    document.body.setAttribute("data-filter", filter);
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    if (target.closest("[hidden]")) { apply("all"); }
    target.scrollIntoView();
  }
  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-filter]");
    if (button) { apply(button.getAttribute("data-filter")); }
  });
  window.addEventListener("hashchange", reveal);
  bar.hidden = false;
  apply("all");
  reveal();
})();
"""
"""The filters: a click on a state shows only the rows whose ``data-keys`` name it (entries in
that state; on an index, the catalogs with some), and only the
catalogs that still show an entry; following a link to a hidden entry shows every row again.
Without scripts the page shows everything."""


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly ``script`` (``'sha256-...'``)."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src {script_hash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy (a ``<meta>`` element, first in the head)."""
