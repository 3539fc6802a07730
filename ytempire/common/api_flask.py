"""The app's Flask class: Flask without the per-request work an API of bearer tokens never uses.

Two costs Flask pays on every request, 5-7 % of the API's CPU for a cheap authenticated read:
- it opens a signed-cookie session, building an itsdangerous serializer and parsing the Cookie
  header, though nothing here keeps anything in `flask.session` (clients authenticate with bearer
  tokens; CORS is configured without credentials). The session is a null one: reading it gives an
  empty mapping, writing to it raises.
- it asks `inspect.iscoroutinefunction` of each hook and view on every call (~17 a request).
  Whether a function is a coroutine function never changes, so the answer is kept per function.
"""
from __future__ import annotations

from inspect import iscoroutinefunction

from flask import Flask
from flask.sessions import SessionInterface

MAX_KEPT_CALLABLES = 4096


class NoCookieSessions(SessionInterface):
    """Every request gets Flask's null session; nothing is read from or written to a cookie."""

    def open_session(self, app, request):
        return None  # Flask then makes the null session

    def save_session(self, app, session, response) -> None:  # never called for a null session
        return None


class ApiFlask(Flask):
    session_interface = NoCookieSessions()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._coroutine_functions: dict = {}

    def ensure_sync(self, func):
        # A bound method is made afresh on each access (a class-based view's dispatch_request is
        # bound to a new view per request): its function is what says whether it is a coroutine.
        key = getattr(func, "__func__", func)
        try:
            is_coroutine = self._coroutine_functions[key]
        except KeyError:
            is_coroutine = iscoroutinefunction(func)
            if len(self._coroutine_functions) < MAX_KEPT_CALLABLES:
                self._coroutine_functions[key] = is_coroutine
        except TypeError:   # an unhashable callable: asked each time
            is_coroutine = iscoroutinefunction(func)
        return self.async_to_sync(func) if is_coroutine else func
