"""JSON responses written by orjson read back exactly as Flask's own encoder would write them."""

import datetime
import json

from flask import Flask

from service.json_provider import OrjsonProvider

VALUE = {
    "zebra": "Prishtinë — “quoted”",
    "alpha": [1, 0.9866, 5e-05, 1.0, None, True],
    "when": datetime.datetime(2026, 11, 28, 1, 2, 3, tzinfo=datetime.UTC),
    "nested": {"b": 1, "a": 2},
}


def _app(debug=False):
    app = Flask(__name__)
    app.debug = debug
    app.json = OrjsonProvider(app)
    return app


def test_values_order_and_text_match_flasks_encoder():
    app = _app()
    with app.app_context():
        body = app.json.response(VALUE).get_data(as_text=True)
    assert list(json.loads(body)) == ["zebra", "alpha", "when", "nested"]
    assert json.loads(body) == {**VALUE, "when": "Sat, 28 Nov 2026 01:02:03 GMT"}
    assert "Prishtinë — “quoted”" in body and body.endswith("\n")


def test_what_orjson_refuses_takes_flasks_path():
    app = _app()
    with app.app_context():
        body = app.json.response({"big": 2**70}).get_data(as_text=True)
    assert json.loads(body) == {"big": 2**70}


def test_debug_mode_is_indented():
    app = _app(debug=True)
    with app.app_context():
        assert "\n  " in app.json.response({"a": 1}).get_data(as_text=True)
