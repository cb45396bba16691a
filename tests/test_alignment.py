"""The character alignment that projects the gold and will measure cleaning."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.alignment import align_texts, fold


def test_real_article_and_transcript_align(article_text, transcript_text):
    alignment = align_texts(article_text, transcript_text)
    body = transcript_text.index("Transcription:")
    inverse = alignment.target_to_source()
    covered = sum(1 for t in inverse[body:] if t >= 0) / (len(transcript_text) - body)
    assert covered > 0.95  # almost every transcript character has its article counterpart
    cases = {"P'yŏngyang": "P yŏngyang", "Kim Il Sung's": "Kim Il Sung s", "1945–1970": "1945 1970",
             "Democratic People's Republic of Korea": "Democratic People s Republic of Korea"}
    for source, damaged in cases.items():
        start = article_text.index(source)
        mapped = alignment.map_span(start, start + len(source))
        assert mapped is not None and transcript_text[mapped[0]:mapped[1]] == damaged


def test_unmatched_ends_give_no_projection():
    alignment = align_texts("the Yalu River flows", "the flows")
    start = alignment.source.index("Yalu River")
    assert alignment.map_span(start, start + len("Yalu River")) is None


words = st.lists(st.sampled_from(["Kim", "Il", "Sung", "P'yŏngyang", "1950", "the", "Soviet", "Union", ",", "."]),
                 min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(words, st.data())
def test_alignment_is_monotone_and_maps_equal_characters(tokens, data):
    source = " ".join(tokens)
    # damage: delete some characters, as a scrape drops apostrophes and dashes
    drop = data.draw(st.sets(st.integers(0, len(source) - 1), max_size=len(source) // 4))
    target = "".join(ch for i, ch in enumerate(source) if i not in drop)
    alignment = align_texts(source, target)
    mapped = [(s, t) for s, t in enumerate(alignment.source_to_target) if t >= 0]
    assert [t for _s, t in mapped] == sorted(t for _s, t in mapped)  # order preserved
    for s, t in mapped:
        assert fold(source[s]) == fold(target[t])
    if not drop:
        assert alignment.coverage() == 1.0
