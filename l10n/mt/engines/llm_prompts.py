"""The prompts of the chat engine (:mod:`l10n.mt.engines.llm`), as versioned data.

A prompt format is the system message, the user message (a template around the request
object) and the shape of the request and answer. Changing any of them changes what a model
writes, so each change is a new row of :data:`PROMPTS` with a new version: the version goes
into every draft's provenance (``# mt: e=llm ... p=1``) and into the translation memory's model
key, so drafts made with an older prompt are never reused as if they were new. Old rows stay,
so ``[engines.llm] prompt = "1"`` reproduces an earlier run.

Request (JSON, the ``$request`` of the user template)::

    {"title": "...", "names": ["Zelensky", ...], "required_terms": {"Kyiv": "Kyiv"},
     "messages": [{"id": "1", "text": "...", "before": "...", "after": "..."}, ...]}

``before``/``after`` are present only when the neighbouring paragraph is not itself one of the
request's messages. Answer: one JSON object ``{"1": "translation", "2": ...}``, keyed by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template


@dataclass(frozen=True)
class PromptFormat:
    """One version of the chat engine's prompt."""

    version: str
    """Written into provenance (``p=``) and the memory key; never reused for another text."""
    system: Template
    """System message; ``$source`` and ``$target`` are the languages' English names."""
    user: Template
    """User message; ``$request`` is the request object as JSON."""
    context_keys: tuple[str, str] = ("before", "after")
    """Keys of a message's neighbouring paragraphs in the request."""


_SYSTEM_V1 = Template(
    "You are a professional news translator. Translate the text of every message of the "
    "request from $source to $target.\n"
    "Rules:\n"
    "1. Translate only each message's \"text\". The \"title\", the neighbouring paragraphs "
    "(\"before\", \"after\") and the other messages are the article around it: use them to get "
    "gender, number, names and meaning right, never translate them into the answer.\n"
    "2. Tokens such as _1_, _/1_ and _12_ stand for markup: keep every one exactly as written, "
    "as often as in the text, around the same words.\n"
    "3. Keep each person's grammatical gender, each name and each term the same in every "
    "message. Write the people and places of \"names\" as the article does, unless $target "
    "has an established form of the name.\n"
    "4. Where a message contains a term of \"required_terms\", use exactly the given "
    "translation.\n"
    "5. Answer with one JSON object mapping each message id to its translation, nothing else, "
    "for example {\"1\": \"...\", \"2\": \"...\"}. Every id of the request must be in it."
)

PROMPTS: dict[str, PromptFormat] = {
    "1": PromptFormat("1", _SYSTEM_V1, Template("$request")),
}
"""Every prompt version, by version."""

CURRENT_PROMPT = "1"
"""The version used unless ``[engines.llm] prompt`` names another."""
