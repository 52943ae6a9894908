"""Name the JSON type of a parsed value in words, for error messages: "got null", not "NoneType"."""


def json_kind(value):
    """Return what a value parsed from JSON is, as a reader says it: "null", "a number", "a list", ...

    Messages name the JSON a user wrote, never a Python type ("NoneType", "dict").

    Examples
    --------
    >>> f"field 'text' must be a string, got {json_kind(None)}"
    "field 'text' must be a string, got null"
    >>> json_kind([1, 2]), json_kind(True), json_kind(3.5)
    ('a list', 'true/false', 'a number')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    # Not from JSON (a caller's own value): its type still says more than nothing.
    return f"a {type(value).__name__}"
