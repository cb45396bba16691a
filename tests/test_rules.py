"""histner_guideline_rules: each rule on real corpus sentences (train/dev lines), then the whole pipeline.

A rule is given the entities a statistical NER typically proposes for the sentence (OntoNotes habits:
`the Soviet Union`, `Mao's`, `DPRK` as ORG) and must return what the guidelines say.
"""

from __future__ import annotations

import pytest
import spacy

from conftest import load_jsonl
from pipeline import model, paths
from pipeline.components.guideline_rules import DEFAULT_RULES, RULES, GuidelineRules

BLANK = spacy.blank("en")


@pytest.fixture(scope="module")
def corpus_lines(article_gold, transcript_gold) -> list[str]:
    """The train and dev texts (never test) that the sentences below are taken from, the probe included."""
    probe = load_jsonl(paths.GOLD_PROBE)
    return [d["text"] for d in article_gold + transcript_gold + probe if d["meta"]["split"] in ("train", "dev")]


def apply(rule: str, text: str, proposed: list[tuple[str, str]], corpus_lines: list[str]) -> list[tuple[str, str]]:
    """Run one rule on `text` with `proposed` (surface, label) entities; return (surface, label)."""
    assert any(text in line for line in corpus_lines), "test sentences come from the train/dev corpus"
    doc = BLANK(text)
    spans = []
    for surface, label in proposed:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    return [(s.text, s.label_) for s in RULES[rule](doc, spans)]


def test_strip_determiners_leaves_the_article_out(corpus_lines):
    text = "pushed the Soviet Union and the CCP toward"
    assert apply("strip_determiners", text, [("the Soviet Union", "LOC"), ("the CCP", "ORG")], corpus_lines) == \
        [("Soviet Union", "LOC"), ("CCP", "ORG")]


def test_strip_possessive_article_and_transcript_forms(corpus_lines):
    assert apply("strip_possessive", "at the end of Mao's two-month stay", [("Mao's", "PERSON")],
                 corpus_lines) == [("Mao", "PERSON")]
    # the transcript lost the apostrophe (D6): the bare `s` goes, but not inside a name
    assert apply("strip_possessive", "Kim Il Sung s chagrin", [("Kim Il Sung s chagrin", "PERSON")],
                 corpus_lines) == [("Kim Il Sung", "PERSON")]
    assert apply("strip_possessive", "the People s Liberation Army", [("People s Liberation Army", "ORG")],
                 corpus_lines) == [("People s Liberation Army", "ORG")]


def test_strip_titles_takes_ranks_and_nationality_out_of_person(corpus_lines):
    text = "Soviet Ambassador N. V. Roschin reported"
    assert apply("strip_titles", text, [("Soviet Ambassador N. V. Roschin", "PERSON")], corpus_lines) == \
        [("N. V. Roschin", "PERSON")]
    text = "Telegram from Marshal Vasylevskii and Ambassador Shtykov to Stalin"
    assert apply("strip_titles", text, [("Marshal Vasylevskii", "PERSON"), ("Ambassador Shtykov", "PERSON")],
                 corpus_lines) == [("Vasylevskii", "PERSON"), ("Shtykov", "PERSON")]


def test_state_acronyms_are_loc_relabelled_and_added(corpus_lines):
    text = "the North Koreans claimed that the Republic of Korea (ROK) was responsible"
    assert apply("state_acronyms_are_loc", text, [("ROK", "ORG")], corpus_lines) == [("ROK", "LOC")]
    text = "In the spring of 1951, when US forces started their counteroffensive"
    assert ("US", "LOC") in apply("state_acronyms_are_loc", text, [], corpus_lines)


def test_nationality_words_and_the_two_states_are_not_tagged(corpus_lines):
    text = "the exhausted Chinese and North Korean troops"
    assert apply("drop_nationality_words", text, [("North Korean", "LOC")], corpus_lines) == []


def test_events_are_not_organisations(corpus_lines):
    text = "in the wake of the Third Phase Offensive, which started on New Year’s Eve"
    assert apply("drop_events", text, [("Third Phase Offensive", "ORG")], corpus_lines) == []


def test_joined_organisations_split_and_joined_places_dropped(corpus_lines):
    text = "the commander of the unified CPVA-KPA command"
    assert apply("split_hyphen_compounds", text, [("CPVA-KPA", "ORG")], corpus_lines) == \
        [("CPVA", "ORG"), ("KPA", "ORG")]
    text = "evolution of the Sino-Soviet alliance"
    assert apply("split_hyphen_compounds", text, [("Sino-Soviet", "ORG")], corpus_lines) == []


def test_lowercase_words_are_not_names(corpus_lines):
    text = "the “southward” strategy in early January"
    assert apply("drop_lowercase_names", text, [("southward", "ORG")], corpus_lines) == []


def test_longest_name_joins_of_chains(corpus_lines):
    text = "a former head of operations in the General Staff of the KPA"
    assert apply("join_of_chains", text, [("KPA", "ORG")], corpus_lines) == [("General Staff of the KPA", "ORG")]
    text = "Statement of the Council of Ministers of the USSR on March 19, 1953"
    assert apply("join_of_chains", text, [("USSR", "LOC")], corpus_lines) == \
        [("Council of Ministers of the USSR", "ORG")]
    text = "claimed that the Republic of Korea (ROK) was responsible"
    assert apply("join_of_chains", text, [("Korea", "LOC")], corpus_lines) == [("Republic of Korea", "LOC")]


def test_nationality_and_ordinal_open_an_organisation(corpus_lines):
    text = "The Soviet 64th Air Corps consisted"
    assert apply("extend_nationality_into_org", text, [("Air Corps", "ORG")], corpus_lines) == \
        [("Soviet 64th Air Corps", "ORG")]


def test_peninsulas_and_parallels_are_places(corpus_lines):
    text = "The tense situation on the Korean peninsula after"
    assert apply("geographic_lines", text, [], corpus_lines) == [("Korean peninsula", "LOC")]
    text = "military provocations across the thirty-eighth parallel"
    assert apply("geographic_lines", text, [], corpus_lines) == [("thirty-eighth parallel", "LOC")]


def test_dates_need_a_calendar_anchor(corpus_lines):
    text = "insisted on a two-month rest for the exhausted Chinese and North Korean troops after Peng halted the offensive four days later on January 8, 1951"
    got = apply("clean_dates", text, [("two-month", "DATE"), ("four days later", "DATE"),
                                       ("January 8, 1951", "DATE")], corpus_lines)
    assert got == [("January 8, 1951", "DATE")]


def test_dates_lose_hedges_and_split_word_ranges(corpus_lines):
    text = "spent almost the entire month of April 1950 in Moscow"
    assert apply("clean_dates", text, [("almost the entire month of April 1950", "DATE")], corpus_lines) == \
        [("April 1950", "DATE")]
    text = "between June and October 1950"
    assert apply("clean_dates", text, [(text, "DATE")], corpus_lines) == [("June", "DATE"), ("October 1950", "DATE")]
    text = "the spring of 1950"
    assert apply("clean_dates", text, [(text, "DATE")], corpus_lines) == [("spring of 1950", "DATE")]


def test_name_edges_lose_footnote_numbers_and_what_follows_a_comma(corpus_lines):
    text = "Moscow: Nauka, 1988."
    assert apply("trim_name_edges", text, [("Nauka, 1988", "ORG")], corpus_lines) == [("Nauka", "ORG")]


def test_calendar_dates_the_ner_leaves_out(corpus_lines):
    text = "Prisoners. 4 November 1952, 56–59."
    assert apply("add_calendar_dates", text, [("November 1952", "DATE")], corpus_lines) == \
        [("4 November 1952", "DATE")]
    text = "which started on New Year’s Eve and led"
    assert apply("add_calendar_dates", text, [], corpus_lines) == [("New Year’s Eve", "DATE")]
    # an archive number that looks like a year is not a date (D25)
    text = "APRF, fond 3, opis 65, delo 830"
    assert apply("add_calendar_dates", text, [], corpus_lines) == []


def test_unknown_rule_names_are_refused():
    with pytest.raises(ValueError, match="no_such_rule"):
        GuidelineRules("rules", ["strip_determiners", "no_such_rule"])
    assert set(DEFAULT_RULES) <= set(RULES)


def test_default_pipeline_follows_the_guidelines_on_a_dev_sentence(article_gold):
    """The shipped pipeline (NER + label map + gazetteer + rules) on a dev line, against its gold."""
    nlp = model.load(None)
    line = next(d for d in article_gold if d["id"] == "001:L90")
    assert line["meta"]["split"] == "dev"
    doc = nlp(line["text"])
    got = {(e.text, e.label_) for e in doc.ents}
    gold = {(line["text"][s:e], lab) for s, e, lab in line["label"]}
    assert {("New Year’s Eve", "DATE"), ("CPVA", "ORG"), ("KPA", "ORG"), ("January 4, 1951", "DATE")} <= got
    assert not any("Offensive" in t for t, _ in got)
    assert len(got & gold) >= 0.9 * len(gold)


def test_ordinals_stay_in_organisation_names(corpus_lines):
    """D11 (`45th Division of the Korean People's Army`): an ordinal opening the name stays (probe L17, L29)."""
    text = "Soviet troops of the 25th Army under Colonel General"
    assert apply("trim_name_edges", text, [("25th Army", "ORG")], corpus_lines) == [("25th Army", "ORG")]
    text = "In late November the Ninth Army Group under Song Shilun"
    assert apply("trim_name_edges", text, [("Ninth Army Group", "ORG")], corpus_lines) == [("Ninth Army Group", "ORG")]
    

def test_day_first_dates_keep_their_day(corpus_lines):
    """Rule 7: `30 August` is one DATE, as translations of East European records write it (probe L11)."""
    text = "At the plenary session of 30 August, Comrade"
    assert apply("add_calendar_dates", text, [], corpus_lines) == [("30 August", "DATE")]


def test_hyphenated_given_names_belong_to_the_person(corpus_lines):
    """Rule 1: `Choe Chang-ik`, `Yi Tong-gon` (probe L43), `Kim Chong-p'il` (L53) are whole names."""
    text = "group' of Choe Chang-ik, and he"
    assert apply("join_hyphenated_given_names", text, [("Choe", "PERSON")], corpus_lines) == [("Choe Chang-ik", "PERSON")]
    text = "Deputy Foreign Minister Yi Tong-gon, remarked"
    assert apply("join_hyphenated_given_names", text, [("Yi Tong", "PERSON")], corpus_lines) == [("Yi Tong-gon", "PERSON")]
    text = "and in June Kim Chong-p'il organised"
    assert apply("join_hyphenated_given_names", text, [("Kim", "PERSON")], corpus_lines) == [("Kim Chong-p'il", "PERSON")]
    # a dash with spaces, or a capitalised second part, is not a given name (D27: `CPVA-KPA`)
    text = "the unified CPVA-KPA command"
    assert apply("join_hyphenated_given_names", text, [("CPVA", "ORG")], corpus_lines) == [("CPVA", "ORG")]
