"""normalize(): what storage indexes and what queries are folded to."""

from content import normalize


def test_harakat_and_tatweel_do_not_change_a_word() -> None:
    assert normalize("مُحَمَّد") == normalize("محمد") == normalize("مـحـمـد")


def test_alef_variants_fold_to_bare_alef() -> None:
    assert normalize("أحمد إسلام آمن ٱلله") == "احمد اسلام امن الله"


def test_decomposed_hamza_composes_then_folds() -> None:
    assert normalize("\u0627\u0654\u062d\u0645\u062f") == "احمد"


def test_arabic_indic_and_persian_digits_become_ascii() -> None:
    assert normalize("٢٠٢٤ و ۱۲") == "2024 و 12"


def test_bidi_and_zero_width_marks_are_removed() -> None:
    assert normalize("\u200fروسيا\u200e \u2067Kyiv\u2069\u200b") == "روسيا kyiv"


def test_casefold_and_nfkc() -> None:
    assert normalize("ＡＢＣ Straße") == "abc strasse"


def test_whitespace_collapses() -> None:
    assert normalize("  a \n\t b  ") == "a b"


def test_empty_text() -> None:
    assert normalize("") == ""
