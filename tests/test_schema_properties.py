"""Properties of every schema the API has: what it accepts as text or as a date-time can be stored and read back."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, fields
from sqlalchemy import text

from ytempire.common.schemas import BaseSchema, StrictBoolean, UTCDateTime
from ytempire.common.timeutil import EARLIEST_INSTANT, LATEST_INSTANT


def every_schema(app):
    """Every BaseSchema subclass the app has imported (the app factory imports every blueprint)."""
    seen, todo = set(), [BaseSchema]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in seen:
                seen.add(subclass)
                todo.append(subclass)
    return sorted(seen, key=lambda schema: f"{schema.__module__}.{schema.__qualname__}")


def loadable_fields(app, kind):
    """(schema, key in the request, field, is a list) for every field of `kind` a schema would read."""
    found = []
    for schema in every_schema(app):
        for name, field in schema().fields.items():
            inner = field.inner if isinstance(field, fields.List) else field
            if not field.dump_only and isinstance(inner, kind):
                found.append((schema, field.data_key or name, inner, isinstance(field, fields.List)))
    return found


def test_the_app_has_many_schemas_with_string_and_date_time_fields(app):
    assert len(every_schema(app)) > 40
    assert len(loadable_fields(app, fields.String)) > 40
    assert len(loadable_fields(app, fields.DateTime)) > 15


def test_every_date_time_field_is_the_shared_bounded_type(app):
    others = [(schema.__qualname__, key) for schema, key, field, _ in loadable_fields(app, fields.DateTime)
              if not isinstance(field, UTCDateTime)]
    assert others == []


def test_every_boolean_field_is_strict_json_true_or_false(app):
    loose = [(schema.__qualname__, key) for schema, key, field, _ in loadable_fields(app, fields.Boolean)
             if not isinstance(field, StrictBoolean)]
    assert loose == []


unstorable = st.sampled_from(["\x00", *map(chr, (0xD800, 0xDBFF, 0xDC00, 0xDFFF))]) | \
    st.integers(0xD800, 0xDFFF).map(chr)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), prefix=st.text(max_size=20), suffix=st.text(max_size=20), bad=unstorable)
def test_any_string_field_of_any_schema_refuses_nul_and_lone_surrogates_naming_the_field(app, data, prefix, suffix,
                                                                                         bad):
    schema, key, _, is_list = data.draw(st.sampled_from(loadable_fields(app, fields.String)))
    value = prefix + bad + suffix
    with pytest.raises(ValidationError) as raised:
        schema().load({key: [value] if is_list else value}, partial=True)
    messages = raised.value.messages
    assert key in messages or f"{key}.0" in messages, (schema.__qualname__, key, messages)


offsets = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59)) \
    .map(lambda delta: timezone(timedelta(minutes=delta // timedelta(minutes=1))))
edges = st.sampled_from([datetime(1, 1, 1), datetime(1, 1, 2, 23, 59), datetime(9999, 12, 30, 12),
                         datetime(9999, 12, 31, 23, 59, 59)])
moments = st.one_of(edges, st.datetimes()).flatmap(
    lambda moment: st.one_of(st.just(moment), offsets.map(lambda zone: moment.replace(tzinfo=zone))))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), moment=moments)
def test_any_date_time_field_loads_a_utc_instant_postgresql_stores_and_python_reads_back_or_refuses_it(app, db, data,
                                                                                                      moment):
    schema, key, field, _ = data.draw(st.sampled_from(loadable_fields(app, fields.DateTime)))
    try:
        loaded = field.deserialize(moment.isoformat())
    except ValidationError:
        utc = moment.replace(tzinfo=moment.tzinfo or timezone.utc)
        try:
            utc = utc.astimezone(timezone.utc)
        except OverflowError:
            return
        assert not EARLIEST_INSTANT <= utc <= LATEST_INSTANT, (schema.__qualname__, key, moment)
        return
    assert loaded.utcoffset() == timedelta(0) and EARLIEST_INSTANT <= loaded <= LATEST_INSTANT
    with db.engine.connect() as connection:
        for zone in ("UTC", "Pacific/Kiritimati", "Etc/GMT+12"):
            connection.execute(text(f"SET TIME ZONE '{zone}'"))
            stored = connection.execute(text("SELECT CAST(:moment AS timestamptz)"), {"moment": loaded}).scalar_one()
            assert stored == loaded, (zone, moment)
