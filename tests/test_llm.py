"""The chat engine ``llm`` against a fake OpenAI-compatible server on 127.0.0.1 that misbehaves,
and the context it gets from the translate core (article title, neighbouring paragraphs,
names, glossary terms)."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from fakellm import FakeModel, Seen, echo_context, first_word, request_of
from fakeserver import FakeServer

from l10n.catalog.provenance import parse_provenance
from l10n.catalog.store import PoStyle
from l10n.errors import ConfigError, EngineError
from l10n.glossary.load import parse_glossary
from l10n.mt.engines import create_engine
from l10n.mt.engines.base import ContextItem
from l10n.mt.engines.llm import LlmEngine, translations_in
from l10n.mt.engines.llm_prompts import CURRENT_PROMPT
from l10n.mt.translate import TranslateJob, TranslateOptions, TranslateReport, run_translate
from l10n.po import load_po, save_po

SECRET = "sk-test-SECRET-4242"
MODEL = "fake-7b"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    monkeypatch.setenv("L10N_LLM_API_KEY", SECRET)
    with FakeServer(chat=FakeModel()) as fake:
        yield fake


def model_of(server: FakeServer) -> FakeModel:
    assert isinstance(server.chat, FakeModel)
    return server.chat


def options(server: FakeServer, **extra: object) -> dict[str, object]:
    return {"url": server.url + "/v1", "model": MODEL, "backoff": 0.01, "retries": 1,
            "timeout": 5.0, **extra}


def engine(server: FakeServer, **extra: object) -> LlmEngine:
    built = create_engine("llm", options(server, **extra))
    assert isinstance(built, LlmEngine)
    return built


def items(*texts: str) -> list[ContextItem]:
    return [ContextItem(str(i + 1), t) for i, t in enumerate(texts)]


# --------------------------------------------------------------------------- engine


def test_results_land_by_id_when_the_model_answers_in_reverse_order(server: FakeServer) -> None:
    model_of(server).reorder = True
    out = engine(server).translate_batch(["One.", "Two.", "Three."], "en", "pt_BR")
    assert out == ["PT One.", "PT Two.", "PT Three."]


def test_json_inside_chatter_and_a_code_fence_is_read(server: FakeServer) -> None:
    model_of(server).wrap = True
    assert engine(server).translate_batch(["One.", "Two."], "en", "pt_BR") == ["PT One.", "PT Two."]


def test_an_id_missing_from_a_group_answer_is_asked_again_alone(server: FakeServer) -> None:
    model_of(server).missing_in_groups = {"Two."}
    out = engine(server).translate_batch(["One.", "Two.", "Three."], "en", "pt_BR")
    assert out == ["PT One.", "PT Two.", "PT Three."]
    assert model_of(server).sizes == [3, 1]
    assert model_of(server).requests[1]["messages"][0]["text"] == "Two."


def test_an_id_missing_every_time_is_a_failed_draft_and_the_others_are_kept(
    server: FakeServer,
) -> None:
    model_of(server).missing = {"Two."}
    out = engine(server).translate_batch(["One.", "Two.", "Three."], "en", "pt_BR")
    assert out == ["PT One.", "", "PT Three."]
    assert model_of(server).sizes == [3, 1]  # retried once alone, not more


def test_a_truncated_answer_is_split_until_the_requests_fit(server: FakeServer) -> None:
    model_of(server).max_messages = 2
    texts = [f"Sentence number {n}." for n in range(5)]
    out = engine(server).translate_batch(texts, "en", "pt_BR")
    assert out == ["PT " + t for t in texts]
    sizes = model_of(server).sizes
    assert sizes == [5, 2, 3, 1, 2]  # halves, and halves of the halves too long still


def test_a_broken_answer_is_split_then_fails_cleanly_without_endless_retries(
    server: FakeServer,
) -> None:
    server.chat = FakeModel(prose=True)
    assert engine(server).translate_batch(["Alone.", "Again."], "en", "pt_BR") == ["", ""]
    assert model_of(server).sizes == [2, 1, 1]  # split, then each alone, then given up


def test_a_refusal_fails_only_the_text_that_caused_it(server: FakeServer) -> None:
    model_of(server).refuse = {"How to build a bomb."}
    texts = ["One.", "How to build a bomb.", "Three.", "Four."]
    out = engine(server).translate_batch(texts, "en", "pt_BR")
    assert out == ["PT One.", "", "PT Three.", "PT Four."]


def test_an_answer_without_json_is_a_failed_draft_not_a_crash(server: FakeServer) -> None:
    server.chat = FakeModel(prose=True)
    assert engine(server).translate_batch(["One."], "en", "pt_BR") == [""]


def test_outer_whitespace_is_kept_and_blank_texts_are_not_sent(server: FakeServer) -> None:
    out = engine(server).translate_batch(["  Hello _1_ world.\n", "   "], "en", "pt_BR")
    assert out == ["  PT Hello _1_ world.\n", "   "]
    assert model_of(server).sizes == [1]


def test_the_request_asks_for_json_and_names_the_model(server: FakeServer) -> None:
    engine(server).translate_batch(["One."], "en", "pt_BR")
    body = model_of(server).bodies[0]
    assert body["model"] == MODEL
    assert body["response_format"] == {"type": "json_object"}
    assert "Portuguese (Brazil)" in body["messages"][0]["content"]
    assert server.requests[0].path == "/v1/chat/completions"
    engine(server, json_mode=False).translate_batch(["Two."], "en", "pt_BR")
    assert "response_format" not in model_of(server).bodies[1]


def test_server_errors_are_retried(server: FakeServer) -> None:
    server.statuses = [503]
    assert engine(server).translate_batch(["One."], "en", "pt_BR") == ["PT One."]
    assert server.count("/v1/chat/completions") == 2


def test_the_key_is_sent_as_a_bearer_header_and_in_no_message(server: FakeServer) -> None:
    engine(server).translate_batch(["One."], "en", "pt_BR")
    assert server.requests[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert SECRET not in server.requests[0].body.decode()
    server.statuses = [401]
    with pytest.raises(EngineError) as caught:
        engine(server).translate_batch(["One."], "en", "pt_BR")
    assert "authentication failed" in str(caught.value)
    assert "L10N_LLM_API_KEY" in str(caught.value)
    assert SECRET not in str(caught.value) and not caught.value.retryable


def test_the_key_env_option_names_the_variable_and_never_holds_a_key(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_GATEWAY_TOKEN", "other-SECRET-1")
    engine(server, key_env="MY_GATEWAY_TOKEN").translate_batch(["One."], "en", "pt_BR")
    assert server.requests[0].headers["Authorization"] == "Bearer other-SECRET-1"
    with pytest.raises(ConfigError) as caught:
        create_engine("llm", options(server, key_env="sk-live-abc/def"))
    assert "sk-live-abc/def" not in str(caught.value)
    with pytest.raises(ConfigError, match="environment variables only"):
        create_engine("llm", options(server, api_key=SECRET))


def test_a_local_server_needs_no_key(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("L10N_LLM_API_KEY")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert engine(server).translate_batch(["One."], "en", "pt_BR") == ["PT One."]
    assert "Authorization" not in server.requests[0].headers


def test_url_and_model_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("L10N_LLM_URL", raising=False)
    monkeypatch.delenv("L10N_LLM_MODEL", raising=False)
    with pytest.raises(ConfigError, match=r"url and model under \[engines.llm\]"):
        create_engine("llm", {"url": "http://127.0.0.1:1/v1"})
    with pytest.raises(ConfigError, match="unknown prompt version '9'"):
        create_engine("llm", {"url": "http://127.0.0.1:1/v1", "model": "m", "prompt": "9"})


def test_a_redirect_to_another_host_is_refused(server: FakeServer) -> None:
    with FakeServer(chat=FakeModel()) as elsewhere:
        server.redirect = elsewhere.url.replace("127.0.0.1", "localhost")
        with pytest.raises(EngineError, match="redirect to another host"):
            engine(server).translate_batch(["One."], "en", "pt_BR")
        assert not elsewhere.requests


def test_a_huge_answer_is_a_failed_draft(server: FakeServer) -> None:
    model_of(server).translate = lambda seen: "a" * 2_000_000
    assert engine(server).translate_batch(["One."], "en", "pt_BR") == [""]


def test_tolerant_reading_of_answer_shapes() -> None:
    assert translations_in('{"translations": {"1": "a"}}', {"1"}) == {"1": "a"}
    assert translations_in('x {"translations": [{"id": 1, "translation": "a"}]} y', {"1"}) == {
        "1": "a"}
    assert translations_in('{"note": "hi"} then {"2": "b"}', {"2"}) == {"2": "b"}
    assert translations_in("no json here", {"1"}) is None
    assert translations_in('{"1": null, "2": ""}', {"1", "2"}) == {}


# --------------------------------------------------------------------------- with the core


def write_po(path: Path, msgids: Sequence[str], title: str = "") -> Path:
    po = polib.POFile()
    po.metadata = {"Project-Id-Version": "t", "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit", "Language": "pt_BR"}
    if title:
        po.append(polib.POEntry(msgid=title, msgstr="", comment="front matter: title"))
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr="", comment="paragraph"))
    save_po(path, po)
    return path


def translate(path: Path, server: FakeServer, **extra: object) -> TranslateReport:
    engine_options = {"llm": options(server, **extra.pop("engine", {}))}  # type: ignore[call-overload]
    opts = TranslateOptions(style=PoStyle(79), today="2026-12-01", engine_options=engine_options,
                            **extra)  # type: ignore[arg-type]
    return run_translate([TranslateJob(path, "pt_BR", "en", "llm")], options=opts)


def drafts(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in load_po(path) if e.msgid}


CONTEXT_CASES: list[tuple[str, list[str]]] = [
    ("Hospital night", ["The doctor arrived late.", "She was tired."]),
    ("Winter", ["The wind came from the north.", "It was cold."]),
    ("The judge", ["The judge entered the room.", "She read the verdict slowly."]),
    ("The nurse", ["The nurse checked the charts.", "He had worked all night."]),
    ("The minister", ["The minister resigned on Monday.", "Her deputy takes over."]),
    ("Teachers", ["The teachers went on strike.", "They want better pay."]),
    ("A bank", ["She sat on the bank.", "The river was calm."]),
    ("Another bank", ["He went to the bank.", "The loan was approved."]),
    ("The bat", ["The bat flew out of the cave.", "It hunts at night."]),
    ("Baseball", ["He swung the bat.", "The ball left the stadium."]),
    ("The captain", ["The captain spoke to the crew.", "She ordered them to stay calm."]),
    ("Friends", ["My friend called yesterday.", "She is moving to Lisbon."]),
    ("The lawyer", ["The lawyer filed the appeal.", "He expects a ruling soon."]),
    ("The mayor", ["Mayor Silva opened the bridge.", "She cut the ribbon."]),
    ("The cook", ["The cook was praised.", "Her soup won the prize."]),
    ("The child", ["The child lost a tooth.", "He smiled anyway."]),
    ("A match", ["He lit a match.", "The fire spread quickly."]),
    ("Another match", ["The match ended in a draw.", "Both teams scored twice."]),
    ("The president", ["The president arrived in Kyiv.", "She met the soldiers."]),
    ("The director", ["The director thanked the cast.", "They had rehearsed for months."]),
    ("The pilot", ["The pilot landed safely.", "She was the first to leave the plane."]),
    ("The singer", ["The singer cancelled the tour.", "Her voice needs rest."]),
    ("Three paragraphs", ["The engineer inspected the dam.", "She found a crack.",
                          "It was repaired within a week."]),
]
"""The issue's gender and context cases first, then ours: an article title and its paragraphs."""


@pytest.mark.parametrize(("title", "paragraphs"), CONTEXT_CASES, ids=[c[0] for c in CONTEXT_CASES])
def test_each_draft_gets_its_own_neighbours_even_when_the_model_reorders(
    title: str, paragraphs: list[str], server: FakeServer, tmp_path: Path
) -> None:
    server.chat = FakeModel(translate=echo_context, reorder=True)
    path = write_po(tmp_path / "a.po", paragraphs, title=title)
    report = translate(path, server)
    assert report.failed == 0
    article = [title, *paragraphs]
    got = drafts(path)
    for index, text in enumerate(article):
        before = article[index - 1] if index else ""
        after = article[index + 1] if index + 1 < len(article) else ""
        assert got[text] == f"PT {text} [{first_word(before)}|{first_word(after)}]"
    request = model_of(server).requests[0]
    assert request["title"] == title
    assert [m["text"] for m in request["messages"]] == article


def test_neighbours_outside_the_request_travel_as_before_and_after(
    server: FakeServer, tmp_path: Path
) -> None:
    paragraphs = [f"Paragraph {n} of the story." for n in range(5)]
    path = write_po(tmp_path / "a.po", paragraphs, title="Story")
    translate(path, server, engine={"max_items": 2})
    requests = model_of(server).requests
    assert [len(r["messages"]) for r in requests] == [2, 2, 2]
    second = requests[1]["messages"]
    assert second[0]["before"] == paragraphs[0] and second[1]["after"] == paragraphs[3]
    assert all(r["title"] == "Story" for r in requests[1:])
    assert "title" not in requests[0] or requests[0]["messages"][0]["text"] == "Story"


def gendered(seen: Seen) -> str:
    """A fake that translates the issue's sentences, using the context as a model would."""
    if seen.text == "The doctor arrived late.":
        return "A médica chegou tarde." if seen.after.startswith("She") else "O médico chegou tarde."
    return {"She was tired.": "Ela estava cansada."}.get(seen.text, "PT " + seen.text)


def test_the_doctor_keeps_her_gender_with_context(server: FakeServer, tmp_path: Path) -> None:
    server.chat = FakeModel(translate=gendered)
    path = write_po(tmp_path / "a.po", ["The doctor arrived late.", "She was tired."])
    translate(path, server)
    assert drafts(path)["The doctor arrived late."] == "A médica chegou tarde."


def test_provenance_names_the_model_and_the_prompt_version(
    server: FakeServer, tmp_path: Path
) -> None:
    path = write_po(tmp_path / "a.po", ["The doctor arrived late."])
    translate(path, server)
    entry = next(e for e in load_po(path) if e.msgid)
    provenance = parse_provenance(entry.tcomment)
    assert provenance is not None and provenance.engine == "llm"
    assert provenance.model == MODEL and ("p", CURRENT_PROMPT) in provenance.extra
    assert f"m={MODEL} p={CURRENT_PROMPT}" in (entry.tcomment or "")
    assert "fuzzy" in entry.flags


def test_a_model_that_drops_markup_tokens_never_writes_a_broken_draft(
    server: FakeServer, tmp_path: Path
) -> None:
    server.chat = FakeModel(translate=lambda seen: "PT " + seen.text.replace("_1_", "").replace("_/1_", ""))
    path = write_po(tmp_path / "a.po", ["The **doctor** arrived late."])
    translate(path, server)
    draft = drafts(path)["The **doctor** arrived late."]
    assert draft == "PT The **PT doctor** PT arrived late."  # the fallback, around the tokens
    assert model_of(server).sizes == [1, 3]


def test_glossary_terms_and_article_names_are_in_the_prompt(
    server: FakeServer, tmp_path: Path
) -> None:
    glossary = parse_glossary(
        "term\tlocale\ttranslation\nprime minister\tpt_BR\tprimeiro-ministro\n",
        tmp_path / "glossary.tsv")
    path = write_po(tmp_path / "a.po", [
        "The prime minister met Zelensky in Kyiv on Monday.",
        "Later, Zelensky thanked the prime minister.",
        "They spoke for an hour.",
    ])
    server.chat = FakeModel(translate=lambda s: "PT " + s.text.replace("prime minister", "primeiro-ministro"))
    translate(path, server, glossary=glossary)
    request = model_of(server).requests[0]
    assert request["required_terms"] == {"prime minister": "primeiro-ministro"}
    assert request["names"][0] == "Zelensky" and "Kyiv" in request["names"]


def test_no_key_in_any_po_file_report_or_request_body(server: FakeServer, tmp_path: Path) -> None:
    path = write_po(tmp_path / "a.po", ["One sentence here.", "Another one."])
    server.statuses = [401]
    report = translate(path, server)
    assert report.aborted and SECRET not in report.aborted
    assert SECRET not in json.dumps(report.to_json())
    assert SECRET not in path.read_text(encoding="utf-8")
    assert all(SECRET not in r.body.decode() for r in server.requests)
    assert request_of(json.loads(server.requests[0].body))["messages"]


def test_translate_command_with_the_llm_engine_configured_in_l10n_toml(
    server: FakeServer, tmp_path: Path
) -> None:
    from tests.test_cli import run

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "night.md").write_text(
        "---\ntitle: Hospital night\n---\n\nThe doctor arrived late.\n\nShe was tired.\n",
        encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'source_language = "en"\nlocales = ["pt_BR"]\n'
        '[translate]\nengine = "llm"\nmemory = false\n'
        f'[engines.llm]\nurl = "{server.url}/v1"\nmodel = "{MODEL}"\n', encoding="utf-8")
    server.chat = FakeModel(translate=gendered)
    assert run(tmp_path, "extract")[0] == 0
    code, out, err = run(tmp_path, "translate")
    assert code == 0, out + err
    got = drafts(tmp_path / "locales" / "pt_BR" / "night.po")
    assert got["The doctor arrived late."] == "A médica chegou tarde."
    assert got["She was tired."] == "Ela estava cansada."
    assert model_of(server).requests[0]["title"] == "Hospital night"
    assert SECRET not in out + err
    server.statuses = [401]
    code, out, err = run(tmp_path, "translate", "--redraft-machine")
    assert code != 0 and "authentication failed" in out + err and SECRET not in out + err


_TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda t: t.strip() != "")
_CHATTER = st.text(st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)),
                   max_size=40)


@given(st.lists(_TEXTS, min_size=1, max_size=8), st.randoms(use_true_random=False), _CHATTER,
       _CHATTER)
def test_any_answer_order_and_any_chatter_around_it_read_back_the_same_ids(
    texts: list[str], rng: random.Random, before: str, after: str
) -> None:
    answer = {str(i + 1): t for i, t in enumerate(texts)}
    shuffled = list(answer.items())
    rng.shuffle(shuffled)
    content = before + json.dumps(dict(shuffled), ensure_ascii=rng.random() < 0.5) + after
    assert translations_in(content, set(answer)) == answer
