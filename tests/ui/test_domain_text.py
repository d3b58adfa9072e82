"""The rules' messages say what is wrong in English too, with their values, and the list of
translatable messages holds every sentence the rules can say."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from domain.errors import ValidationError
from domain.identity import normalize_phone, validate_nik, validate_region_code
from localdb.outbox import require_text
from ui import domain_text as dt
from ui.resources import translation_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english(qapp) -> Iterator[None]:
    translator = QTranslator()
    assert translator.load(str(translation_file("en")))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def _error(call) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("call", "english_text"),
    [
        (lambda: validate_nik("130601550590001"), "A NIK has 16 digits (15 typed)."),
        (lambda: normalize_phone("0812"), "A phone number has 10-14 digits starting with 0 (4 typed)."),
        (lambda: validate_region_code("99.01"), "Province code 99 is not known."),
        (lambda: require_text("title", "x", low=3, high=200, label="Judul"),
         "Title: at least 3 characters (1 typed)."),
        (lambda: validate_nik(""), "The NIK is required."),
    ],
)  # fmt: skip
def test_messages_in_english_with_their_values(english, call, english_text: str) -> None:
    assert dt.domain_text(_error(call)) == english_text


def test_indonesian_stays_as_the_rules_wrote_it(qapp) -> None:
    error = _error(lambda: validate_nik("130601550590001"))
    assert dt.domain_text(error) == error.message == "NIK harus 16 digit (tertulis 15)."


def _fixed_sentences() -> set[str]:
    found: set[str] = set()
    for package in ("domain", "localdb"):
        for path in (ROOT / package).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                name = getattr(getattr(node, "func", None), "id", None) or getattr(
                    getattr(node, "func", None), "attr", None
                )
                if isinstance(node, ast.Call) and name and name.endswith("Error"):
                    found |= {
                        a.value
                        for a in node.args
                        if isinstance(a, ast.Constant)
                        and isinstance(a.value, str)
                        and " " in a.value
                        and a.value[0].isupper()
                    }
    return found


def test_every_fixed_sentence_of_the_rules_is_translatable() -> None:
    assert _fixed_sentences() <= {str(x) for x in dt.FIXED}
