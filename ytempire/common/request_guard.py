"""Checks on the raw request that run before any view, and so before login or any schema."""
from __future__ import annotations

import json

from flask import Flask, request

from ytempire.errors import ValidationError

# Far above any body the API documents (the deepest is a batch item's video_config, 4 levels), far below
# what exhausts Python's recursion while parsing or validating.
MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """How deeply arrays and objects nest in a parsed JSON value (a scalar is 0); no recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, depth + 1)
            stack.extend((item, depth + 1) for item in node)
    return deepest


def reject_deeply_nested_json() -> None:
    """A JSON body nested deeper than MAX_JSON_DEPTH is a 400; malformed JSON is left to the view's parser."""
    if not request.is_json:
        return
    raw = request.get_data(cache=True)
    if not raw or raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return   # every level opens with a bracket of its own: too few brackets to nest too deep
    try:
        too_deep = json_depth(json.loads(raw)) > MAX_JSON_DEPTH
    except RecursionError:
        too_deep = True
    except ValueError:
        return
    if too_deep:
        raise ValidationError("JSON body nested too deeply",
                              details=[{"field": None, "message": f"Nest arrays and objects at most "
                                                                 f"{MAX_JSON_DEPTH} levels deep."}])


def register_request_guards(app: Flask) -> None:
    app.before_request(reject_deeply_nested_json)
