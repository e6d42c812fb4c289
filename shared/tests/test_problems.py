from psn_shared.http.problems import field_errors


def test_nested_messages_become_one_entry_per_field():
    messages = {"json": {"email": ["Not a valid email address."], "days": {"0": {"date": ["Missing data."]}}}}
    assert field_errors(messages) == [
        {"field": "email", "location": "json", "message": "Not a valid email address."},
        {"field": "days.0.date", "location": "json", "message": "Missing data."},
    ]


def test_whole_body_errors_have_no_field():
    assert field_errors({"json": ["Invalid JSON body."]}) == [
        {"field": None, "location": "json", "message": "Invalid JSON body."}
    ]
    assert field_errors({"json": {"_schema": ["Invalid input type."]}}) == [
        {"field": None, "location": "json", "message": "Invalid input type."}
    ]
