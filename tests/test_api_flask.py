"""The app's Flask class: no cookie session, and each callable asked once whether it is a coroutine."""
import functools

import pytest
from flask import session

import ytempire.common.api_flask as module
from ytempire.common.api_flask import MAX_KEPT_CALLABLES, ApiFlask


def test_the_api_sets_no_cookie_and_reads_none(client, user):
    me = user.get("/api/v1/users/me", headers={"Cookie": "session=eyJmb28iOiJiYXIifQ.forged.signature"})
    assert me.status_code == 200
    assert "Set-Cookie" not in me.headers
    assert client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "x" * 12}
                       ).headers.get("Set-Cookie") is None


def test_the_session_is_empty_and_refuses_writes(app):
    assert app.secret_key   # Flask would sign a cookie session with it
    with app.test_request_context("/", headers={"Cookie": "session=anything"}):
        assert dict(session) == {}
        with pytest.raises(RuntimeError):
            session["user"] = "someone"


def test_plain_functions_pass_through_and_are_asked_once(monkeypatch):
    app = ApiFlask("probe")
    asked = []
    real = module.iscoroutinefunction
    monkeypatch.setattr(module, "iscoroutinefunction", lambda func: asked.append(func) or real(func))

    def hook():
        return "ran"

    assert app.ensure_sync(hook) is hook
    assert app.ensure_sync(hook)() == "ran"
    assert asked == [hook]


def test_bound_methods_of_fresh_objects_share_one_entry():
    app = ApiFlask("probe")

    class View:
        def dispatch(self):
            return id(self)

    before = len(app._coroutine_functions)
    for _ in range(50):
        view = View()
        assert app.ensure_sync(view.dispatch)() == id(view)
    assert len(app._coroutine_functions) == before + 1


def test_coroutine_functions_still_go_through_async_to_sync(monkeypatch):
    app = ApiFlask("probe")
    wrapped = []
    monkeypatch.setattr(app, "async_to_sync", lambda func: wrapped.append(func) or (lambda: "synced"))

    async def view():
        return "async"

    assert app.ensure_sync(view)() == "synced"
    assert app.ensure_sync(view)() == "synced"
    assert wrapped == [view, view]


def test_the_kept_answers_are_bounded():
    app = ApiFlask("probe")
    functions = [functools.partial(print, n) for n in range(MAX_KEPT_CALLABLES + 10)]
    for function in functions:
        assert app.ensure_sync(function) is function
    assert len(app._coroutine_functions) == MAX_KEPT_CALLABLES
