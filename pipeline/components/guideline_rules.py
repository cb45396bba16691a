"""`histner_guideline_rules`: span boundary and type rules that implement the annotation guidelines.

A pretrained NER follows OntoNotes habits (`the Soviet Union`, `Kim Il Sung's`, `DPRK` as ORG, `two
days` as DATE); the guidelines decide otherwise. Each rule below is one small named function
`(doc, spans) -> spans` that says which guideline it implements; the config lists the active ones in
order (`rules = [...]`). Word lists hold closed classes the guidelines name (titles, determiners,
state acronyms, months), never names of the corpus.
"""

# No `from __future__ import annotations` here: spaCy validates factory arguments from real type hints.
import re
from collections.abc import Callable
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

Rule = Callable[[Doc, list[Span]], list[Span]]
RULES: dict[str, Rule] = {}


def rule(func: Rule) -> Rule:
    RULES[func.__name__] = func
    return func


DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
NAMES_WITH_ARTICLE = {"the hague", "the bronx", "the gambia", "the netherlands"}
TITLES = {
    "president", "premier", "chairman", "chairwoman", "general", "marshal", "ambassador", "mr", "mrs",
    "ms", "dr", "comrade", "cde", "prof", "professor", "minister", "prime", "vice", "deputy", "secretary",
    "foreign", "defense", "defence", "major", "lieutenant", "colonel", "captain", "admiral", "commander",
    "chief", "leader", "king", "queen", "emperor", "prince", "sir", "lord", "senator", "governor",
    "consul", "envoy", "chargé", "charge", "comrades", "generalissimo", "first", "party", "director",
    "head", "chancellor", "mayor", "gen", "lt", "col", "capt", "adm", "sgt", "gov", "sen", "rev", "saint",
}
NATIONALITIES = {
    "soviet", "chinese", "korean", "japanese", "american", "russian", "british", "french", "german",
    "bulgarian", "hungarian", "polish", "czech", "czechoslovak", "czechoslovakian", "romanian",
    "albanian", "mongolian", "vietnamese", "yugoslav", "cuban", "indian", "italian", "manchurian",
    "taiwanese", "english", "european", "asian", "western", "eastern", "communist", "socialist",
    "north", "south", "east", "west", "sino", "anglo", "soviets", "koreans",
}
STATE_ACRONYMS = {
    "DPRK", "ROK", "PRC", "ROC", "USSR", "US", "USA", "U.S.", "U.S.A.", "GDR", "FRG", "UK", "SSSR",
    "KNDR", "MPR", "DRV", "DRVN", "SFRY", "CSSR", "ČSSR", "PRB", "NRB", "UAR",
}
LONE_DIRECTIONS = {"north", "south", "east", "west"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}
NAMED_DAYS = re.compile(r"\b(new year|christmas|easter|victory day|liberation day|independence day|"
                        r"may day|national day|armistice day|[a-z]+ day)\b", re.I)
YEARISH = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)|\d0s\b|'\d0s\b|\d+(st|nd|rd|th) century|"
                     r"\b(\w+th|\w+st) century\b|^\d{1,2}\.\d{1,2}$", re.I)
EVENT_HEADS = {"telegram", "incident", "response", "conclusion", "introduction", "memorandum", "report",
               "note", "letter", "resolution", "plenum", "congress", "war", "revolution", "offensive", "uprising", "plenum", "campaign", "crisis", "incident",
               "movement", "plan", "fellowship", "forward", "armistice", "treaty", "agreement", "spring",
               "purge", "affair", "reform", "reforms", "era"}
# single words that name an event or a document here, not an organisation (`the Armistice`, `Telegram`)
LONE_EVENTS = {"armistice", "plenum", "congress", "telegram", "incident", "response", "conclusion",
               "introduction", "memorandum", "report", "note", "letter", "resolution"}
MEETING_HEADS = {"congress", "conference", "session", "meeting", "plenum", "assembly"}
ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                     r"eleventh|twelfth|\w+teenth|twentieth|thirtieth|fortieth|fiftieth|\w+-(first|second|third|"
                     r"\w+th))$", re.I)
ORG_HEADS = {"committee", "staff", "council", "ministry", "department", "institute", "academy", "bureau",
             "division", "army", "party", "union", "university", "archive", "archives", "embassy",
             "commission", "presidium", "secretariat", "office", "administration", "directorate",
             "command", "corps", "front", "headquarters", "league", "federation", "section", "board",
             "politburo", "delegation", "mission", "legation", "agency", "service", "school", "library"}
STATE_HEADS = {"republic", "kingdom", "empire", "principality", "commonwealth", "province", "county"}
DASHES = {"-", "–", "—"}
NAME_PARTICLES = {"de", "van", "von", "al", "ibn", "bin", "la", "le", "du", "da", "der", "den", "ter"}
TIME_TOKEN = re.compile(r"^(\d{1,2}:\d{2}(:\d{2})?|gmt|utc|a\.m\.|p\.m\.|am|pm|hours?)$", re.I)


def _bare(text: str) -> str:
    """Lower-case letters only (a footnote marker or period glued to a word does not hide it)."""
    return "".join(c for c in text if c.isalpha() or c in "'’").lower()


def _span(doc: Doc, start: int, end: int, label: str) -> Optional[Span]:
    return Span(doc, start, end, label=label) if start < end else None


def _is_date_anchor(text: str) -> bool:
    """A calendar anchor: a year, decade, century, month or named day (guidelines: DATE; D20, D32)."""
    words = {w.lower().strip(".") for w in re.findall(r"[\w.]+", text)}
    return bool(YEARISH.search(text) or words & MONTHS or NAMED_DAYS.search(text))


@rule
def strip_determiners(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 2: no leading article (`the Soviet Union` → `Soviet Union`), unless part of the name."""
    out = []
    for span in spans:
        start = span.start
        if span.text.lower() not in NAMES_WITH_ARTICLE:
            while start < span.end and doc[start].lower_ in DETERMINERS:
                start += 1
        new = _span(doc, start, span.end, span.label_)
        if new is not None:
            out.append(new)
    return out


@rule
def strip_possessive(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 2, D6: no trailing `'s`, `’s`, bare apostrophe, or the transcript's dropped-apostrophe `s`."""
    out = []
    for span in spans:
        end = span.end
        for i in range(span.start + 1, span.end):  # the transcript's `Kim Il Sung s chagrin`: cut at `s`
            followed_by_name = i + 1 < span.end and doc[i + 1].text[:1].isupper()
            if doc[i].text == "s" and doc[i - 1].text[:1].isupper() and not followed_by_name:
                end = i
                break
        while end > span.start and doc[end - 1].lower_ in {"'s", "’s", "'", "’", "s'", "s’"}:
            end -= 1
        new = _span(doc, span.start, end, span.label_)
        if new is not None:
            out.append(new)
    return out


@rule
def strip_titles(doc: Doc, spans: list[Span]) -> list[Span]:
    """D7: titles, ranks and honorifics (with a nationality before them) are outside PERSON spans."""
    out = []
    for span in spans:
        if span.label_ != "PERSON":
            out.append(span)
            continue
        start = span.start
        while start < span.end - 1:
            word = _bare(doc[start].text).strip("'’")
            nxt = _bare(doc[start + 1].text).strip("'’")
            if word in TITLES or doc[start].text == "." or (word in NATIONALITIES and nxt in TITLES):
                start += 1
            else:
                break
        if start < span.end and _bare(doc[start].text) not in TITLES:
            out.append(Span(doc, start, span.end, label="PERSON"))
    return out


@rule
def state_acronyms_are_loc(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 9: a state acronym is LOC, tagged or not (`DPRK`, `ROK`, `USSR`, `US` in `US forces`)."""
    out = [Span(doc, s.start, s.end, label="LOC") if s.text in STATE_ACRONYMS else s for s in spans]
    covered = {i for s in out for i in range(s.start, s.end)}
    for token in doc:
        if token.text in STATE_ACRONYMS and token.i not in covered:
            out.append(Span(doc, token.i, token.i + 1, label="LOC"))
    return sorted(out, key=lambda s: s.start)


@rule
def drop_nationality_words(doc: Doc, spans: list[Span]) -> list[Span]:
    """Not tagged: nationalities and adjectives (`Soviet`, `North Korean`); lone `North`/`South` (the two
    states), `the West`, `the East` (D28)."""
    out = []
    for span in spans:
        words = [_bare(t.text) for t in span if t.text not in DASHES]
        if words and all(w in NATIONALITIES for w in words):
            continue
        out.append(span)
    return out


@rule
def drop_lowercase_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names are capitalised: a PERSON/ORG/LOC that starts lower-case is a common word (`inter-party`),
    except `thirty-eighth parallel`-type lines and name particles (`de Gaulle`)."""
    out = []
    for span in spans:
        first = span[0].text
        lowered = first[:1].islower() and first.lower() not in NAME_PARTICLES
        if span.label_ != "DATE" and lowered and span[-1].lower_ not in {"parallel", "peninsula"}:
            continue
        out.append(span)
    return out


@rule
def drop_events(doc: Doc, spans: list[Span]) -> list[Span]:
    """Not tagged: events, wars, plans, treaties (`Korean War`, `Third Phase Offensive`, `Prague Spring`);
    D12: numbered or dated meetings (`Eighth Party Congress`, `August Plenum`)."""
    out = []
    for span in spans:
        if span.label_ == "DATE":
            out.append(span)
            continue
        head = _bare(span[-1].text)
        if head in EVENT_HEADS and (len(span) > 1 or head in LONE_EVENTS):
            continue
        if head in MEETING_HEADS and any(ORDINAL.match(t.text) or t.lower_ in MONTHS for t in span[:-1]):
            continue
        out.append(span)
    return out


@rule
def split_hyphen_compounds(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 6, D17: `Sino-Soviet`, `North Korea–Japan` (places joined by a dash) are nothing; D27: joined
    organisations or people keep their own spans (`CPVA-KPA` → `CPVA`, `KPA`)."""
    out = []
    for span in spans:
        dash = next((t.i for t in span if t.text in DASHES and span.start < t.i < span.end - 1), None)
        if dash is None or span.label_ == "DATE":
            out.append(span)
            continue
        left, right = doc[span.start:dash], doc[dash + 1:span.end]
        if not (left.text[:1].isupper() and right.text[:1].isupper()):
            out.append(span)  # `Sino-Korean Joint …` keeps going; lower-case parts are one word
            continue
        parts = [left, right]
        if any(p.text in STATE_ACRONYMS or _bare(p.text) in NATIONALITIES for p in parts) or span.label_ == "LOC":
            continue
        if len(left) == 1 and len(right) == 1 and left.text.isupper() and right.text.isupper():
            out.extend(Span(doc, p.start, p.end, label=span.label_) for p in parts)
        else:
            out.append(span)
    return out


HYPHEN_SYLLABLE = re.compile(r"^[a-zŏŭ][a-zŏŭ'’]{0,5}$")


@rule
def join_hyphenated_given_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 1 (the whole name): a hyphenated given name belongs to its person (`Choe Chang-ik`,
    `Kim Il-sung`, `Mao Tse-tung`), where an NER trained on unhyphenated names stops at the hyphen."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        end = span.end
        if span.label_ == "PERSON":
            if end + 2 < len(doc) and end not in covered and doc[end].text[:1].isupper() \
                    and _attached_syllable(doc, end + 1):
                end += 1  # `Choe` + `Chang-ik`
            if _attached_syllable(doc, end):
                end += 2
        out.append(Span(doc, span.start, end, label=span.label_))
    return out


def _attached_syllable(doc: Doc, i: int) -> bool:
    """Whether tokens i, i+1 are `-` + a short lower-case syllable glued to the word before (`-ik`)."""
    return (0 < i and i + 1 < len(doc) and doc[i].text in DASHES and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and bool(HYPHEN_SYLLABLE.match(doc[i + 1].text)))


@rule
def drop_place_compounds(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 6, D17: a place joined by a dash to another place or nationality (`North Korea–Japan trade`,
    `Soviet-DPRK`) is not tagged; people and organisations are (D27)."""
    out = []
    for span in spans:
        if span.label_ == "LOC":
            before = doc[span.start - 1] if span.start > 0 else None
            after = doc[span.end] if span.end < len(doc) else None
            if (after is not None and after.text in DASHES and after.i + 1 < len(doc)
                    and doc[after.i + 1].text[:1].isupper()) or \
               (before is not None and before.text in DASHES and before.i > 0
                    and doc[before.i - 1].text[:1].isupper() and
                    (_bare(doc[before.i - 1].text) in NATIONALITIES or doc[before.i - 1].ent_type_ == "LOC"
                     or doc[before.i - 1].text in STATE_ACRONYMS)):
                continue
        out.append(span)
    return out


@rule
def extend_nationality_into_org(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 5: a nationality word opening a capitalised organisation name is part of it
    (`Soviet 64th Air Corps`, `Soviet Council of Ministers`)."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        start = span.start
        if span.label_ == "ORG":
            while start > 0 and start - 1 not in covered and (
                    ORDINAL.match(doc[start - 1].text) and doc[start - 1].text[:1].isdigit()
                    or doc[start - 1].text[:1].isupper()
                    and _bare(doc[start - 1].text) in NATIONALITIES - {"communist", "socialist"}):
                start -= 1
            while start < span.start and doc[start].text[:1].isdigit():
                start += 1  # an ordinal alone does not open the name
        out.append(Span(doc, start, span.end, label=span.label_))
    return out


@rule
def join_of_chains(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 1, D11: the longest name — `General Staff of the KPA`, `Central Committee of the KWP`,
    `Council of Ministers of the USSR` are one ORG: a capitalised organisation head before `of (the)`
    and a tagged name joins it."""
    spans = sorted(spans, key=lambda s: s.start)
    by_start = {s.start: s for s in spans}
    out = []
    for span in spans:
        # capitalised run ending just before `of (the) <span>`, containing an organisation head noun
        i = span.start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i < 1 or doc[i].lower_ != "of":
            out.append(span)
            continue
        j = i
        while j > 0 and (doc[j - 1].text[:1].isupper() or doc[j - 1].lower_ in {"of", "and", "'s", "’s"}) \
                and doc[j - 1].lower_ not in DETERMINERS:
            j -= 1
        while j < i and not doc[j].text[:1].isupper():
            j += 1
        run = doc[j:i]
        heads = {_bare(t.text) for t in run}
        if j < i and heads & (ORG_HEADS | STATE_HEADS):
            out = [s for s in out if s.end <= j]
            out.append(Span(doc, j, span.end, label="LOC" if heads & STATE_HEADS else "ORG"))
        else:
            out.append(span)
    del by_start
    return out


@rule
def geographic_lines(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 3: `Korean peninsula`, `Ongjin peninsula`, `thirty-eighth parallel`, `38th parallel` are LOC
    (without `the`)."""
    out = list(spans)
    for token in doc:
        if token.lower_ == "parallel" and token.i > 0:
            start = token.i - 1
            if start >= 2 and doc[start - 1].text in DASHES and ORDINAL.match(doc[start - 2].text + "-" + doc[start].text):
                start -= 2
            elif not ORDINAL.match(doc[start].text):
                continue
            out.append(Span(doc, start, token.i + 1, label="LOC"))
        elif token.lower_ == "peninsula" and token.i > 0 and doc[token.i - 1].text[:1].isupper():
            start = token.i - 1
            while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_ not in DETERMINERS \
                    and not doc[start - 1].is_sent_start:
                start -= 1
            out.append(Span(doc, start, token.i + 1, label="LOC"))
    return _longest(out)


@rule
def clean_dates(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 7, D20–D25: a DATE is anchored on the calendar. Leading hedges and `the … month of` go
    (`almost the entire month of April 1950` → `April 1950`); a tail after a comma or a time of day goes
    unless it is itself an anchor (`June 27, two days` → `June 27`; `July 27, 1953` stays); ranges written
    with words are two spans (`between June and October 1950` → `June`, `October 1950`); durations and
    relative dates (`two-month`, `four days later`, `the following spring`, `the summer`) are dropped."""
    out = []
    hedges = DETERMINERS | {"almost", "nearly", "about", "around", "approximately", "entire", "whole", "month",
                            "of", "between", "from", "since", "until", "by", "in", "on", "during", "as", "early"}
    for span in spans:
        if span.label_ != "DATE":
            out.append(span)
            continue
        end = span.end
        if end + 1 < len(doc) and doc[end].lower_ == "of" and YEAR_TOKEN.match(doc[end + 1].text):
            span = Span(doc, span.start, end + 2, label="DATE")  # `summer` + `of 1952` (D21)
        pieces = []
        start = span.start
        for t in span:
            if t.lower_ in {"and", "to", "until", "through", "or"}:
                pieces.append((start, t.i))
                start = t.i + 1
        pieces.append((start, span.end))
        for s, e in pieces:
            # a tail after a comma that is no anchor itself, or a time of day, goes
            for t in doc[s:e]:
                if t.text == "," and not _is_date_anchor(doc[t.i + 1:e].text):
                    e = t.i
                    break
                if TIME_TOKEN.match(t.text):
                    e = t.i
                    break
            while s < e and doc[s].lower_ in hedges and not (doc[s].lower_ == "early" and s + 1 < e
                                                            and _is_date_anchor(doc[s + 1].text)):
                # keep `early 1960s`, `late 1949`: only drop hedges that are not period qualifiers
                if doc[s].lower_ == "of" and s > span.start and doc[s - 1].lower_ not in {"month"}:
                    break
                s += 1
            while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in {"and", "to"}):
                e -= 1
            if s < e and _is_date_anchor(doc[s:e].text):
                out.append(Span(doc, s, e, label="DATE"))
    return out


@rule
def trim_name_edges(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 2, D2, D25, D30: no footnote number or punctuation before a name (`21. APRF` → `APRF`; an
    ordinal is part of the name, `45th Division`),
    nothing after a comma in an organisation or place (`Nauka, 1988` → `Nauka`; inverted PERSON names
    keep theirs, D4), and no trailing punctuation, numbers or markup (`Mao*, 117` → `Mao`)."""
    out = []
    for span in spans:
        if span.label_ == "DATE":
            out.append(span)
            continue
        start, end = span.start, span.end
        while start < end and (doc[start].is_punct or doc[start].like_num or doc[start].text.rstrip(".").isdigit()) \
                and not ORDINAL.match(doc[start].text):  # `25th Army`, `Ninth Army Group` keep theirs (D11)
            start += 1
        for t in doc[start:end]:
            if t.text == "," and (span.label_ != "PERSON" or t.i + 1 < end and doc[t.i + 1].like_num):
                end = t.i
                break
        while end > start and (doc[end - 1].is_punct or doc[end - 1].text.strip("*.,:;”\"'").isdigit()
                               or not doc[end - 1].text.strip("*,:;”“\"'[]()")):
            if doc[end - 1].text == "." and end - 2 >= start and len(doc[end - 2].text) == 1:
                break  # the period of an initial (D3)
            end -= 1
        new = _span(doc, start, end, span.label_)
        if new is not None:
            out.append(new)
    return out


YEAR_TOKEN = re.compile(r"^(1[5-9]\d\d|20[0-4]\d)$")
DAY_TOKEN = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$")
NOT_A_YEAR_BEFORE = {"fond", "f.", "opis", "op.", "delo", "d.", "list", "l.", "ll.", "p.", "pp.", "no.", "vol.",
                     "volume", "number", "page", "pages", "file", "box", "folder", "telegram", "c", "#", "nos."}
FULL_MONTHS = MONTHS - {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "may"}
NAMED_DAY_PHRASE = re.compile(r"\b(New Year(?:['’]s (?:Eve|Day))?|Christmas(?: Eve| Day)?|Victory Day|"
                              r"Liberation Day|Independence Day|May Day)\b")


@rule
def add_calendar_dates(doc: Doc, spans: list[Span]) -> list[Span]:
    """Rule 7, D20, D22, D23: calendar expressions the NER leaves out — a bare year (not an archive or
    page number, D25), a capitalised month name with its day (before or after) and year, a named day
    (`New Year's Eve`);
    a day number before a tagged month joins it (`4 November 1952`)."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:  # `4` + `November 1952`
        start = span.start
        if span.label_ == "DATE" and start > 0 and DAY_TOKEN.match(doc[start - 1].text) \
                and span[0].lower_ in MONTHS and start - 1 not in covered:
            start -= 1
        out.append(Span(doc, start, span.end, label=span.label_))
    for token in doc:
        if token.i in covered:
            continue
        before = doc[token.i - 1].lower_ if token.i > 0 else ""
        if YEAR_TOKEN.match(token.text) and before not in NOT_A_YEAR_BEFORE:
            out.append(Span(doc, token.i, token.i + 1, label="DATE"))
        elif token.lower_ in FULL_MONTHS and token.text[:1].isupper():
            start, end = token.i, token.i + 1
            if start > 0 and DAY_TOKEN.match(doc[start - 1].text) and start - 1 not in covered:
                start -= 1  # day first: `30 August 1956`
            if end < len(doc) and DAY_TOKEN.match(doc[end].text) and end not in covered:
                end += 1
                if end + 1 < len(doc) and doc[end].text == "," and YEAR_TOKEN.match(doc[end + 1].text):
                    end += 2
            if end < len(doc) and YEAR_TOKEN.match(doc[end].text) and end not in covered:
                end += 1
            out.append(Span(doc, start, end, label="DATE"))
    for match in NAMED_DAY_PHRASE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), label="DATE", alignment_mode="contract")
        if span is not None and not any(i in covered for i in range(span.start, span.end)):
            out.append(span)
    return _longest(out)


def _longest(spans: list[Span]) -> list[Span]:
    return sorted(filter_spans(spans), key=lambda s: s.start)


class GuidelineRules:
    """Apply the configured rules in order to `doc.ents`."""

    def __init__(self, name: str, rules: list[str]) -> None:
        unknown = [r for r in rules if r not in RULES]
        if unknown:
            raise ValueError(f"unknown guideline rule(s) {unknown}; known: {sorted(RULES)}")
        self.name = name
        self.rules = list(rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.ents)
        for name in self.rules:
            spans = RULES[name](doc, spans)
        doc.ents = _longest(spans)
        return doc


DEFAULT_RULES = [
    "trim_name_edges", "strip_determiners", "strip_possessive", "strip_titles", "split_hyphen_compounds",
    "join_hyphenated_given_names", "drop_place_compounds",
    "drop_events", "drop_nationality_words", "drop_lowercase_names", "state_acronyms_are_loc",
    "extend_nationality_into_org", "join_of_chains", "geographic_lines", "clean_dates", "add_calendar_dates",
]


@Language.factory("histner_guideline_rules", default_config={"rules": DEFAULT_RULES})
def make_guideline_rules(nlp: Language, name: str, rules: list[str]) -> GuidelineRules:
    return GuidelineRules(name, rules)
