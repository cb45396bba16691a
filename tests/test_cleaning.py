"""Cleaning: each repair on real corpus lines, the offset map's exactness, the `histner clean` command."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import paths
from pipeline.text.clean import DEFAULT_STEPS, clean
from pipeline.text.romanization import mr_key

from conftest import run_histner

HEADER = re.compile(r"North Korea s Alliances and the Unfinished Korean War \d{3}|\b2\d\d Avram Agov\b")


@pytest.fixture(scope="module")
def cleaned_transcript(transcript_text):
    return clean(transcript_text)


@pytest.fixture(scope="module")
def cleaned_article(article_text):
    return clean(article_text)


def sentence(text: str, needle: str, width: int = 120) -> str:
    """A real stretch of corpus text around `needle` (fails loudly if the corpus lacks it)."""
    i = text.index(needle)
    return text[max(0, i - width):i + len(needle) + width]


# --- 1. web boilerplate -------------------------------------------------------------------------
def test_boilerplate_list_and_marker_go_title_and_body_stay(transcript_text, cleaned_transcript):
    assert "Similar documents" in transcript_text and "Transcription:" in transcript_text
    out = cleaned_transcript.text
    assert "Similar documents" not in out and "Transcription:" not in out
    assert "NATIONALIST CHINA THE FIRST FEW YEARS" not in out
    assert out.startswith("North Korea's Alliances and the Unfinished Korean War")
    assert "This article examines the Korean Armistice" in out


# --- 2. running headers ---------------------------------------------------------------------------
def test_running_headers_removed_and_page_rejoined(transcript_text, cleaned_transcript):
    assert len(HEADER.findall(transcript_text)) == 15
    assert HEADER.findall(cleaned_transcript.text) == []
    # page 226 ends mid-sentence ("but after") and 227 reads on after its header
    assert "the peninsula, but after the Korean War the superpowers" in cleaned_transcript.text


def test_a_title_that_opens_lines_without_page_numbers_is_kept(article_text):
    # the Markdown's section headings recur as text but never with page numbers
    assert clean(article_text).text.count("North Korea") >= article_text.count("North Korea") - 1


# --- 3. footnote references -----------------------------------------------------------------------
def test_inline_footnote_numbers_leave_the_flow(cleaned_transcript):
    out = cleaned_transcript.text
    assert "the Korean people. According" in out
    assert "not even a fart during" in out  # quote marks lost: a weak candidate kept by the sequence
    assert "the civil war, and despite" in out
    markers = [int(r.original.strip()) for r in cleaned_transcript.footnotes]
    assert markers == sorted(markers) and markers[0] == 1 and len(markers) >= 70


def test_numbers_that_are_not_notes_stay(cleaned_transcript, cleaned_article):
    assert "614 million rubles" in cleaned_transcript.text
    assert "between 20 and 30 percent" in cleaned_article.text
    assert "Volume 18, Number 2" in cleaned_transcript.text


def test_superscript_markers_go_into_the_map(article_text, cleaned_article):
    assert len(re.findall("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", article_text)) == len(cleaned_article.footnotes) == 114
    assert "of the Korean people.” According" in cleaned_article.text
    first = cleaned_article.footnotes[0]
    assert article_text[first.start:first.end] == "¹"


# --- 4. apostrophes and the MR aspiration mark ------------------------------------------------------
def test_dropped_apostrophes_restored(transcript_text, cleaned_transcript):
    out = cleaned_transcript.text
    for damaged, repaired in [("North Korea s", "North Korea's"), ("Democratic People s Republic",
                              "Democratic People's Republic"), ("New Year s Eve", "New Year's Eve")]:
        assert re.search(re.escape(damaged) + r"\b", transcript_text)
        assert not re.search(re.escape(damaged) + r"\b", out) and repaired in out
    body = transcript_text[transcript_text.index("Transcription:"):]
    assert len(re.findall(r"\w s\b", body)) >= 120
    assert re.findall(r"[^\W\d_] s\b", out) == []


def test_aspiration_mark_restored_only_inside_mr_words(cleaned_transcript, cleaned_article):
    out = cleaned_transcript.text
    for repaired in ["P'yŏngyang", "P'anmunjŏm", "Inch'ŏn", "Chuch'e was not", "Yu Sŏngch'ŏl"]:
        assert repaired in out
    assert "P yŏngyang" not in out
    # two whole MR words, and a surname before a given name, stay apart
    assert "uri choguk yŏksa" in cleaned_article.text
    assert "Pak Hŏnyŏng" in cleaned_article.text
    assert clean("Ch oe Yonggŏn").text == "Ch'oe Yonggŏn"
    assert clean("such a change, not an option").text == "such a change, not an option"


# --- 5. hyphenation and joined compounds --------------------------------------------------------------
def test_joined_compounds_get_their_hyphen(transcript_text, cleaned_transcript):
    for joined, repaired in [("thirtyeighth", "thirty-eighth"), ("selfreliance", "self-reliance"),
                             ("longerterm", "longer-term")]:
        assert joined in transcript_text
        assert repaired in cleaned_transcript.text


def test_compounds_are_not_invented_in_names_or_urls(article_text, cleaned_article):
    assert "Roschin" in article_text and "Roschin" in cleaned_article.text
    assert "www.wilsoncenter.org" in cleaned_article.text


def test_line_end_hyphenation(article_text):
    line = sentence(article_text, "North Korean leaders' thinking. The war gave birth to self-reliance", 40)
    broken = line.replace("self-reliance", "self-\nreliance").replace("Korean", "Ko-\nrean", 1)
    out = clean(broken).text
    assert "self-reliance" in out
    assert "Ko-" not in out and "North Korean leaders" in out


# --- 6. MR vowel marks and the apostrophe form --------------------------------------------------------
def test_damaged_mr_vowels_repaired_german_and_japanese_kept(article_text, cleaned_article):
    out = cleaned_article.text
    damaged_korean = [w for w in re.findall(r"\w*[öōüū]\w*", article_text) if w not in ("Günter", "Kantō")]
    assert len(damaged_korean) >= 30
    left = re.findall(r"\w*[öōüū]\w*", out)
    assert sorted(left) == ["Günter", "Günter", "Kantō", "saöþ"]  # saöþ: þ is not MR, left for a person
    for repaired in ["Kim Ilsŏng", "Kŭmsŏng", "Puk-Chosŏn", "Sŏ Tongman", "P'yŏngyang, January 28, 1969"]:
        assert repaired in out


def test_mr_apostrophe_variants_unified(article_text, cleaned_article):
    assert "P’yŏngyang" in article_text
    assert "P’yŏngyang" not in cleaned_article.text
    assert clean("Pʻyŏngyang and P`yŏngyang").text == "P'yŏngyang and P'yŏngyang"
    assert "Korea’s" not in article_text or "Korea’s" in cleaned_article.text  # English possessive untouched


# --- 7. Unicode -------------------------------------------------------------------------------------
def test_unicode_damage(article_text):
    line = sentence(article_text, "Chosŏn", 60)
    decomposed = unicodedata.normalize("NFD", line)
    assert clean(decomposed, ["unicode.v1"]).text == unicodedata.normalize("NFC", line)
    quoted = sentence(article_text, "“heroic battle.”", 50)
    mojibake = quoted.encode("utf-8").decode("latin-1")  # UTF-8 bytes read as Latin-1
    assert mojibake != quoted and clean(mojibake, ["unicode.v1"]).text == quoted
    assert clean("the ﬁrst\u00a0con\u00adference", ["unicode.v1"]).text == "the first conference"


# --- romanization key ---------------------------------------------------------------------------------
@pytest.mark.parametrize("group", [
    ["P'yŏngyang", "Pyongyang", "P yŏngyang", "Pʻyŏngyang", "P’yŏngyang"],
    ["Kim Il Sung", "Kim Ilsŏng", "Kim Il-sung", "KIM IL SUNG"],
    ["Chosŏn", "Choson", "Joseon"],
])
def test_mr_key_folds_spelling_variants(group):
    assert len({mr_key(v) for v in group}) == 1


def test_mr_key_keeps_different_names_apart():
    assert len({mr_key(n) for n in ["Kim Il Sung", "Kim Jong Il", "Pak Hŏnyŏng", "Pusan", "Seoul"]}) == 5


# --- offsets ------------------------------------------------------------------------------------------
def check_map(original: str, steps=DEFAULT_STEPS) -> None:
    c = clean(original, steps)
    for p in c.offsets.pieces:
        if p.copy:  # every copied character is the same character in the original
            assert original[p.o0:p.o1] == c.text[p.c0:p.c1]
        else:  # every replacement maps to exactly the stretch a repair recorded
            assert any(r.start <= p.o0 and p.o1 <= r.end for r in c.repairs)
    n = len(c.text)
    for s in range(0, n, max(1, n // 40)):
        for e in (s + 1, min(n, s + 7), n):
            if e <= s:
                continue
            o_s, o_e = c.to_original(s, e)
            assert 0 <= o_s <= o_e <= len(original)
            src = original[o_s:o_e]
            # the source text is the cleaned span's: its copied characters in order, nothing outside it
            copied = "".join(c.text[max(s, p.c0):min(e, p.c1)] for p in c.offsets.pieces if p.copy and p.c0 < e and s < p.c1)
            assert all(ch in src for ch in set(copied))
            if all(p.copy for p in c.offsets.pieces if p.c0 < e and s < p.c1):
                back = c.to_cleaned(o_s, o_e)
                assert back is not None and back[0] <= s and e <= back[1]


_ALPHABET = st.sampled_from(list("aeiouŏŭöōüū ptkPTKChs'’ʻ-\n0123456789.,\"¹²Ãâ€™\u00ad\u00a0ﬁ") + [
    " s ", "P yŏngyang", "Kim Ilsöng", " 12 ", "North Korea s Alliances and the Unfinished Korean War 227 ",
    "\n\n228 Avram Agov ", "thirtyeighth", "self-\nreliance", "Similar documents\n", "Transcription:\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=60).map("".join))
def test_offset_map_is_exact_on_random_text(text):
    check_map(text)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_offset_map_is_exact_on_real_text(data, transcript_text, article_text):
    source = data.draw(st.sampled_from([transcript_text, article_text]))
    start = data.draw(st.integers(0, len(source) - 1))
    length = data.draw(st.integers(1, 3000))
    check_map(source[start:start + length])


_DAMAGE = st.sampled_from([" s ", "P yŏngyang", "Kim Ilsöng", " 12 ", "\n\n228 Avram Agov ", "thirtyeighth",
                           "self-\nreliance", "Similar documents\n", "Transcription:\n", "\u00ad", "ﬁ", "’"])


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cleaning_is_idempotent_on_damaged_real_text(data, transcript_text, article_text):
    """clean(clean(x)) == clean(x): spaCy's training re-tokenises cleaned reference texts."""
    source = data.draw(st.sampled_from([transcript_text, article_text]))
    start = data.draw(st.integers(0, len(source) - 1))
    text = source[start:start + data.draw(st.integers(1, 2000))]
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(_DAMAGE) + text[at:]
    once = clean(text).text
    assert clean(once).text == once


def test_cleaning_is_idempotent_on_the_seeds(transcript_text, article_text):
    for text in (transcript_text, article_text):
        once = clean(text).text
        assert clean(once).text == once


def test_gold_transcript_spans_survive_clean_and_map_back(transcript_gold):
    total = 0
    for doc in transcript_gold:
        c = clean(doc["text"])
        for start, end, _label in doc["label"]:
            there = c.to_cleaned(start, end)
            assert there is not None, (doc["id"], doc["text"][start:end])
            assert c.to_original(*there) == (start, end), (doc["id"], doc["text"][start:end])
            total += 1
    assert total == 654


# --- the command ---------------------------------------------------------------------------------------
def test_clean_command_txt_offsets_and_explain(tmp_path, transcript_text):
    out, offsets = tmp_path / "clean.txt", tmp_path / "offsets.jsonl"
    res = run_histner("clean", "corpus/raw/article_transcript_scraped.txt", "-o", str(out), "--offsets",
                      str(offsets), "--explain", cwd=paths.ROOT)
    assert res.returncode == 0, res.stderr
    cleaned = clean(transcript_text)
    assert out.read_text(encoding="utf-8") == cleaned.text
    record = json.loads(offsets.read_text(encoding="utf-8"))
    assert len(record["footnotes"]) == len(cleaned.footnotes)
    lines = res.stdout.splitlines()
    assert len(lines) == len(cleaned.repairs)
    assert any("running_headers.v1" in line and "227" in line for line in lines)
    assert any(line.startswith("corpus/raw/article_transcript_scraped.txt:208:") for line in lines)


def test_clean_command_jsonl_keeps_id_meta_and_moves_spans(tmp_path):
    out = tmp_path / "clean.jsonl"
    res = run_histner("clean", str(paths.GOLD_TRANSCRIPT), "-o", str(out))
    assert res.returncode == 0, res.stderr
    src = [json.loads(l) for l in paths.GOLD_TRANSCRIPT.read_text(encoding="utf-8").splitlines()]
    got = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in got] == [d["id"] for d in src] and [d["meta"] for d in got] == [d["meta"] for d in src]
    for s, g in zip(src, got):
        assert len(g["label"]) == len(s["label"])
        assert [lab for *_, lab in g["label"]] == [lab for *_, lab in s["label"]]
    moved = {g["text"][a:b] for g in got for a, b, _ in g["label"]}
    assert "P'yŏngyang" in moved


@pytest.mark.parametrize("name,content,problem", [
    ("binary.txt", b"ok\n\x00\x01", ":2: binary data"),
    ("latin1.txt", "Chosŏn\nKantō".encode("utf-8") + b"\n\xe9t\xe9", ":3: not valid UTF-8"),
    ("empty.txt", b"  \n", "empty"),
    ("bad.jsonl", b'{"text": "ok"}\n{"text": oops}\n', ":2: malformed JSON"),
    ("notext.jsonl", b'{"text": "ok"}\n{"id": 3}\n', ":2: missing field 'text'"),
])
def test_clean_command_bad_input(tmp_path, name, content, problem):
    src, out = tmp_path / name, tmp_path / ("out" + src_suffix(name))
    src.write_bytes(content)
    res = run_histner("clean", str(src), "-o", str(out), "--offsets", str(tmp_path / "off.jsonl"))
    assert res.returncode == 1
    assert str(src) in res.stderr and problem in res.stderr
    assert not out.exists() and not (tmp_path / "off.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def src_suffix(name: str) -> str:
    return name[name.index("."):]
