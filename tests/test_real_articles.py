"""Real articles (``tests/data/articles/``, see its PROVENANCE.tsv) through the whole CLI.

Every fixture is extracted and built three times (``tests/realbuild.py``): untranslated it must
come back byte for byte; translated by ``pseudo`` and by ``rot13`` (every word changed, markup
left alone) the built article must keep its structure under the independent validator
(``tests/validate.py``), and whatever ``build`` refused must be an error of ``l10n check``.

Fixtures that fail today are marked ``xfail(strict=True)`` with the reason, per pass: when a fix
makes one pass, the unexpected pass fails the suite, and its line here is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from realbuild import Outcome, Pass, run_pass

ARTICLES_DIR = Path(__file__).parent / "data" / "articles"
ARTICLES = sorted(p for p in ARTICLES_DIR.iterdir() if p.suffix in (".md", ".markdown", ".txt")
                  and p.name != "LICENSES.txt")

XFAIL: dict[Pass, dict[str, str]] = {}
"""Fixtures expected to fail per pass, with the reason (none today)."""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[Pass, dict[str, Outcome]]:
    """Each pass run once over all fixtures (one project per pass)."""
    results: dict[Pass, dict[str, Outcome]] = {}
    for which in ("identity", "pseudo", "rot13"):
        project = tmp_path_factory.mktemp(f"articles-{which}")
        results[which] = {o.name: o for o in run_pass(ARTICLES, project, which)}
    return results


def _params(which: Pass) -> list[object]:
    marks = XFAIL.get(which, {})
    return [pytest.param(p.name, id=p.name, marks=[pytest.mark.xfail(strict=True,
                                                                      reason=marks[p.name])]
                         if p.name in marks else []) for p in ARTICLES]


def _assert_valid(outcome: Outcome) -> None:
    assert outcome.valid, "; ".join(map(str, outcome.problems))
    if outcome.refusals:
        assert outcome.check_errors, "build refused a translation that check did not report"


def test_fixture_set_is_real_and_small() -> None:
    names = {p.name for p in ARTICLES}
    rows = (ARTICLES_DIR / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t", 1)[0] for row in rows} == names
    assert 20 <= len(names) <= 40
    assert sum(p.stat().st_size for p in ARTICLES) < 400_000
    generators = {row.split("\t")[1] for row in rows}
    assert {"hugo", "jekyll", "docusaurus", "eleventy", "kramdown", "text"} <= generators


@pytest.mark.parametrize("name", [p.name for p in ARTICLES])
def test_untranslated_real_article_builds_byte_identical(
    outcomes: dict[Pass, dict[str, Outcome]], name: str
) -> None:
    assert outcomes["identity"][name].valid


@pytest.mark.parametrize("name", _params("pseudo"))
def test_pseudo_translated_real_article_keeps_its_structure(
    outcomes: dict[Pass, dict[str, Outcome]], name: str
) -> None:
    _assert_valid(outcomes["pseudo"][name])


@pytest.mark.parametrize("name", _params("rot13"))
def test_every_word_translated_real_article_keeps_its_structure(
    outcomes: dict[Pass, dict[str, Outcome]], name: str
) -> None:
    _assert_valid(outcomes["rot13"][name])


def test_careless_translation_is_refused_by_build_and_reported_by_check(tmp_path: Path) -> None:
    """The harness sees refusals: every letter rotated, link destinations included."""
    article = ARTICLES_DIR / "jekyll-site__site_template__about.markdown"
    (outcome,) = run_pass([article], tmp_path, "naive")
    assert outcome.refusals > 0
    assert outcome.check_errors >= outcome.refusals
    _assert_valid(outcome)
