"""Superuser-only access: anonymous is 401 (from the JWT check), a normal user 403."""
from functools import wraps

from flask_jwt_extended import current_user, verify_jwt_in_request

from ytempire.errors import Forbidden


def require_admin() -> None:
    """Raise unless the request carries a valid token of an active administrator."""
    verify_jwt_in_request()
    if not current_user.is_admin:
        raise Forbidden("Administrator access required")


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        require_admin()
        return view(*args, **kwargs)

    return wrapper
