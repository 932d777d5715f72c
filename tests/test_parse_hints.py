"""A malformed language tag is reported in the user's words (ctoc_kg.parse_hints):
pyoxigraph's own message names what its tag parser saw ("An integer should not be
empty" for ``@en-``), so the cause names the tag as written, with the parser's words
after it.  Other syntax errors keep the parser's cause unchanged."""

from __future__ import annotations

import pytest

from conftest import ctoc
from ctoc_kg.parse_hints import explain, language_tag_at

SUBJECT = '<https://example.org/a> <https://example.org/b> '

# what people write instead of a BCP 47 tag; each is refused by the parser
MALFORMED = ["en-", "en-US-", "en--us", "1en", "fr_FR", "", "e", "toolongtag", "en-toolongsubtag",
             "é", "en-a"]


@pytest.mark.parametrize("suffix", ["nt", "ttl"])
@pytest.mark.parametrize("tag", MALFORMED)
def test_a_malformed_tag_is_named_as_written(tmp_path, tag, suffix):
    data = tmp_path / f"data.{suffix}"
    # a good line first, non-ASCII text before the tag: columns are characters, lines count
    data.write_text(f'{SUBJECT}"déjà"@fr .\n{SUBJECT}"ça 𝄞"@{tag} .\n', encoding="utf-8")
    proc = ctoc("validate", str(data))
    assert proc.returncode == 2
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith(f"ctoc-kg: error: {data}:2:"), line
    assert f'malformed language tag "@{tag}"' in line, line
    assert "the parser says: " in line  # its own words are kept


@pytest.mark.parametrize("text", [
    f'{SUBJECT}"x"@en. .\n',                    # the tag is fine: the statement is not
    f'{SUBJECT}"x@en-" oops .\n',               # an "@" inside the string
    f'<https://example.org/a b> <https://example.org/b> "x"@en .\n',
    f'{SUBJECT}"no end .\n',
])
def test_other_syntax_errors_keep_the_parsers_cause(tmp_path, text):
    data = tmp_path / "data.nt"
    data.write_text(text, encoding="utf-8")
    proc = ctoc("validate", str(data))
    assert proc.returncode == 2
    assert f"{data}:1:" in proc.stderr
    assert "language tag" not in proc.stderr, proc.stderr


def test_good_tags_still_load(tmp_path):
    data = tmp_path / "data.nt"
    data.write_text("".join(f'{SUBJECT}"x"@{t} .\n' for t in ("en", "fr-CA", "zh-Hant", "x-private",
                                                               "english")), encoding="utf-8")
    proc = ctoc("export", str(data), "--format", "nt", "--no-ontology")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("@") == 5


def test_the_position_must_fall_on_the_tag():
    text = '<a> <b> "x"@en-us , "y"@fr .'
    start = text.index("@en") + 2  # 1-based column of its first letter
    assert language_tag_at(text, start) == "en-us"
    assert language_tag_at(text, start + len("en-us")) == "en-us"  # just after it
    assert language_tag_at(text, start - 3) is None  # on the string
    assert language_tag_at(text, text.index("@fr") + 2) == "fr"
    assert language_tag_at(text, len(text)) is None


def test_explain_needs_a_position_and_a_readable_line(tmp_path):
    data = tmp_path / "x.nt"
    data.write_text(f'{SUBJECT}"x"@en- .\n')
    column = len(SUBJECT) + 6
    assert explain(data, 1, column, "cause").startswith('malformed language tag "@en-"')
    assert explain(data, None, column, "cause") == "cause"
    assert explain(data, 7, column, "cause") == "cause"  # no such line
    assert explain(tmp_path / "gone.nt", 1, column, "cause") == "cause"
