"""The scripted reader session the README shows runs clean and reads as a conversation."""

from __future__ import annotations

from pathlib import Path

from tests.handlers.reader_helpers import Reader
from tests.handlers.reader_transcript import session


async def test_reader_session_transcript(reader: Reader, tmp_path: Path) -> None:
    text = await session(reader)
    (tmp_path / "reader-transcript.txt").write_text(text, encoding="utf-8")
    for expected in (
        "you  › /start",
        "bot  ‹ Welcome to newsbot!",
        "[◀]  [page 1/",
        "you  › taps [▶]",
        "bot  ✎ ",  # a page turned in place
        "[◀]  [page 3/",
        "bot  ‹ أحدث المقالات",
        "منذ ساعتين",
        "نتائج البحث عن «المُنَاخ»: 1",
        "bot  ‹ سأجيب هنا بالعربية.",
    ):
        assert expected in text, expected
