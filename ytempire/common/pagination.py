"""Page/limit pagination in the reference's shape: {page, limit, total, pages}."""
from __future__ import annotations

import math

from marshmallow import fields, validate
from sqlalchemy import func, select

from ytempire.common.schemas import BaseSchema
from ytempire.extensions import db


class PaginationQuerySchema(BaseSchema):
    """`page` ≥ 1 and `limit` 1–50 (default 10); anything else is a 400."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class PaginationSchema(BaseSchema):
    page = fields.Integer()
    limit = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


# One shared instance: a new schema deep-copies its declared fields, on every list request.
_PAGINATION = PaginationSchema()


def pagination_body(page_info: dict) -> dict:
    """`page_info` (see `pagination`) as PaginationSchema dumps it."""
    return _PAGINATION.dump(page_info)


def count_rows(statement, params: dict | None = None) -> int:
    """The rows `statement` selects (`params`: its bound parameters' values)."""
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()), params)


def pagination(page: int, limit: int, total: int) -> dict:
    return {"page": page, "limit": limit, "total": total, "pages": math.ceil(total / limit) if total else 0}


def paginate(statement, page: int, limit: int):
    """Run `statement` for one page; return (items, pagination dict)."""
    total = count_rows(statement)
    items = db.session.scalars(statement.limit(limit).offset((page - 1) * limit)).all()
    return items, pagination(page, limit, total)
