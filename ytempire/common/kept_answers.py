"""JSON answers kept per row version, so a read serializes only what changed since it was last read.

A feature names what one answer depends on as a version: a tuple of columns that changes whenever
the answer would (the row's `updated_at`, which the database sets on every update whoever writes
it, plus the few columns of joined rows the answer shows). A read asks PostgreSQL for those
versions only (one narrow query), takes the answers kept for them, and loads and serializes just
the rows whose version it has not seen. Kept per app (per process), at most MAX_KEPT per kind;
cleared when full.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Response, current_app

MAX_KEPT = 20_000


@dataclass(frozen=True)
class AnswerKind:
    """name: the kind's own store; row_version: a version row's key (it carries `id`);
    load(ids): the full rows for those ids; loaded_version: the same key from a loaded row;
    render(row): the answer's dict."""

    name: str
    row_version: Callable[[object], tuple]
    load: Callable[[list], Iterable]
    loaded_version: Callable[[object], tuple]
    render: Callable[[object], dict]

    def texts(self, rows: list) -> list[str]:
        """The JSON text for each version row, in order; a row deleted meanwhile is left out."""
        kept = current_app.extensions.setdefault(f"ytempire.kept_answers.{self.name}", {})
        versions = [self.row_version(row) for row in rows]
        found = [kept.get(version) for version in versions]
        missing = [row.id for row, text in zip(rows, found) if text is None]
        if not missing:
            return found
        fresh = {}
        dumps = current_app.json.dumps
        for loaded in self.load(missing):
            fresh[loaded.id] = text = dumps(self.render(loaded))
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[self.loaded_version(loaded)] = text
        texts = (text or fresh.get(row.id) for row, text in zip(rows, found))
        return [text for text in texts if text is not None]

    def one(self, rows: list, missing: Exception) -> Response:
        """The answer of the single version row in `rows`; `missing` is raised when there is none
        (not the caller's, or deleted meanwhile)."""
        texts = self.texts(rows)
        if not texts:
            raise missing
        return json_response(texts[0])


def json_response(body: str, status: int = 200) -> Response:
    return current_app.response_class(body, status=status, mimetype="application/json")


def list_body(name: str, texts: list[str], rest: dict) -> str:
    """`{"<name>": [texts...], **rest}` as JSON, the kept texts spliced in as they are."""
    tail = current_app.json.dumps(rest)
    return f'{{"{name}":[' + ",".join(texts) + "]" + ("," + tail[1:] if rest else "}")
