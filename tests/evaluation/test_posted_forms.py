"""The council's posts are read through forms: malformed input is an error message, never a
server error."""

import pytest
from django.http import QueryDict

from evaluation.forms import (
    ConflictDeclarationForm,
    ScoreAnswerForm,
    SendBackForm,
    posted_self_answers,
)


def _post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key] = value
    return data


def test_one_autosaved_answer_is_read_with_the_pages_revision_and_token():
    form = ScoreAnswerForm(_post(criterion="12", option="34", revision="3", tab="ab12"))
    assert form.is_valid()
    assert form.cleaned_data["answers"] == {12: 34}
    assert (form.cleaned_data["revision"], form.cleaned_data["tab"]) == (3, "ab12")


def test_the_whole_sheet_is_read_from_its_radios():
    form = ScoreAnswerForm(_post(c_1="10", c_2="20", csrfmiddlewaretoken="x"))
    assert form.is_valid()
    assert form.cleaned_data["answers"] == {1: 10, 2: 20}
    assert form.cleaned_data["revision"] == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"revision": "-1"}, "revision"),
        ({"revision": "1e9999"}, "revision"),
        ({"tab": "ZZ"}, "revision"),
        ({"criterion": "1"}, "answer"),
        ({"criterion": "1", "option": "²"}, "answer"),
        ({"c_x": "1"}, "answer"),
        ({"c_1": "99999999999"}, "answer"),
    ],
)
def test_a_malformed_save_is_refused_with_its_message(fields, message):
    form = ScoreAnswerForm(_post(**fields))
    assert not form.is_valid()
    expected = (
        ScoreAnswerForm.MALFORMED_REVISION
        if message == "revision"
        else ScoreAnswerForm.MALFORMED_ANSWER
    )
    assert form.first_error() == str(expected)


def test_a_declaration_is_a_conflict_only_when_it_says_so():
    assert ConflictDeclarationForm(_post(has_conflict="1")).is_valid()
    form = ConflictDeclarationForm(_post(has_conflict="0", reason="-"))
    assert form.is_valid() and form.cleaned_data["has_conflict"] is False
    assert not ConflictDeclarationForm(_post(has_conflict="yes")).is_valid()


def test_sending_back_keeps_the_way_back_to_the_round():
    form = SendBackForm(_post(back="round", reason=""))
    assert form.to_round and form.cleaned_data["reason"] == ""
    assert not SendBackForm(_post(reason="x" * 2001)).is_valid()


def test_self_assessment_answers_leave_out_anything_but_small_numbers():
    answers = posted_self_answers(_post(c_1="5", c_2="²", c_x="3", c_3="", other="7"))
    assert answers == {1: 5}
