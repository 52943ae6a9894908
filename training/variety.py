"""Corpus variety: does a labeled file look like real news, or like a template filled in many times?

A model learns the corpus's own way of writing. These checks measure what real articles have and a
hand-written corpus easily lacks: a spread of sentence lengths, headlines and questions, many
regions, and sentences that are not one skeleton with the names swapped.
"""

import re
import statistics
from collections import Counter

from model.text import normalise

# Limits `stance data check` enforces (a file outside them fails the check). Real news (the shared
# realnews-dev set) has a median of 23 words, quartiles 17-31, and headlines in about 1 sentence of 20.
MEDIAN_WORDS = (15, 32)
MIN_HEADLINE_SHARE = 0.03
MIN_QUESTION_SHARE = 0.005
# Below this many rows the figures are reported but not enforced: a small file of corrections is not a corpus.
MIN_ROWS = 500
# A skeleton is a sentence with its names and numbers blanked; more copies than this is a template.
MAX_SKELETON_COPIES = 3
# No region may dominate, and real coverage spans several.
MAX_REGION_SHARE = 0.75
MIN_REGIONS = 5
MIN_REGION_SHARE = 0.02

# Place and actor names that tell which region a sentence is about (checked on word boundaries).
REGIONS = {
    "western balkans": "Kosovo Kosovar Pristina Prishtina Serbia Serbian Serbs Belgrade Bosnia Bosnian Sarajevo "
    "Srpska Dodik Croatia Croatian Zagreb Albania Albanian Tirana Montenegro Podgorica Macedonia Skopje KFOR "
    "EULEX KSF Vucic Vučić Kurti Osmani",
    "east asia and pacific": "Taiwan Taiwanese Taipei China Chinese Beijing PLA Korea Korean Pyongyang Seoul "
    "Japan Japanese Tokyo Philippines Philippine Manila Australia AUKUS Pacific",
    "eastern europe and nordics": "Russia Russian Moscow Kremlin Ukraine Ukrainian Kyiv Belarus Belarusian Minsk "
    "Poland Polish Warsaw Lithuania Lithuanian Vilnius Latvia Riga Estonia Tallinn Baltic Moldova Chisinau "
    "Transnistria Romania Bucharest Finland Helsinki Sweden Stockholm Hungary Budapest",
    "caucasus": "Armenia Armenian Yerevan Azerbaijan Azerbaijani Baku Georgia Georgian Tbilisi Karabakh",
    "greece, turkey and cyprus": "Greece Greek Athens Turkey Turkish Türkiye Turkiye Ankara Cyprus Cypriot Aegean Erdogan",
    "middle east and gulf": "Iran Iranian Tehran Israel Israeli Gulf Saudi Riyadh UAE Emirates Yemen Houthi Houthis "
    "Syria Syrian Iraq Iraqi Lebanon Hezbollah Qatar",
    "africa and sahel": "Mali Malian Bamako Niger Niamey Burkina Ouagadougou Sahel Sudan Libya Chad Wagner Somalia",
    "south asia": "India Indian Delhi Pakistan Pakistani Islamabad Kashmir",
}
_REGION_PATTERNS = {
    region: re.compile(r"\b(?:" + "|".join(map(re.escape, names.split())) + r")\b") for region, names in REGIONS.items()
}
_FINAL_STOP = re.compile(r"[.!?…][\"'”’)\]]*$")
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,}(?:\s*\[[^\]]+\])?,?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}\s*)?(?:\([^)]*\)\s*)?[-—–:]"
)
_NAME = re.compile(r"\b[A-Z][\w'’-]+")


def words(text):
    """Return the number of whitespace-separated words in ``text``."""
    return len(text.split())


def is_headline(text):
    """Whether a sentence reads as a headline or subheading: it does not end with a full stop, ! or ?."""
    return _FINAL_STOP.search(text.strip()) is None


def skeleton(text):
    """Return the sentence with names (capitalised words after the first) and numbers blanked, normalised.

    Two sentences with one skeleton differ only in who and how many: the mark of a template.
    """
    first, _, rest = text.strip().partition(" ")
    blanked = first + " " + _NAME.sub("X", rest)
    return " ".join(re.sub(r"[^\w]+", " ", normalise(blanked)).split())


def regions_of(text):
    """Return the set of regions a sentence names."""
    return {region for region, pattern in _REGION_PATTERNS.items() if pattern.search(text)}


def length_profile(texts):
    """Return the median, quartiles and 5th/95th percentiles of the words per sentence."""
    lengths = sorted(words(t) for t in texts)
    cuts = statistics.quantiles(lengths, n=20) if len(lengths) > 1 else [lengths[0]] * 19
    return {
        "median": statistics.median(lengths),
        "q1": cuts[4],
        "q3": cuts[14],
        "p5": cuts[0],
        "p95": cuts[18],
    }


def variety_report(texts, reference_texts=None):
    """Return the corpus's variety figures and the problems that fail `stance data check`.

    ``reference_texts`` (e.g. real published sentences) only contribute their length profile and
    headline share for comparison; none of their text is kept in the report.
    """
    n = len(texts)
    lengths = length_profile(texts)
    headlines = sum(map(is_headline, texts))
    questions = sum(t.strip().endswith("?") for t in texts)
    datelines = sum(bool(_DATELINE.match(t.strip())) for t in texts)
    skeletons = Counter(skeleton(t) for t in texts)
    repeated = [(s, c) for s, c in skeletons.most_common() if c > MAX_SKELETON_COPIES]
    region_counts = Counter(region for t in texts for region in regions_of(t))
    named = sum(1 for t in texts if regions_of(t))
    shares = {region: round(region_counts[region] / named, 4) if named else 0.0 for region in REGIONS}
    report = {
        "rows": n,
        "words_per_sentence": lengths,
        "headline_share": round(headlines / n, 4),
        "question_share": round(questions / n, 4),
        "dateline_share": round(datelines / n, 4),
        "repeated_skeletons": [{"skeleton": s, "count": c} for s, c in repeated],
        "distinct_skeleton_share": round(len(skeletons) / n, 4),
        "region_share": shares,
        "no_region_share": round(1 - named / n, 4),
    }
    if reference_texts:
        report["reference"] = {
            "rows": len(reference_texts),
            "words_per_sentence": length_profile(reference_texts),
            "headline_share": round(sum(map(is_headline, reference_texts)) / len(reference_texts), 4),
        }
    report["problems"] = variety_problems(report)
    return report


def variety_problems(report):
    """Return the readable reasons a variety report fails the check (empty when it passes or the file is small)."""
    problems = []
    if report["rows"] < MIN_ROWS:
        return problems
    median = report["words_per_sentence"]["median"]
    if not MEDIAN_WORDS[0] <= median <= MEDIAN_WORDS[1]:
        problems.append(f"median sentence length {median} words is outside {MEDIAN_WORDS[0]}-{MEDIAN_WORDS[1]}")
    if report["headline_share"] < MIN_HEADLINE_SHARE:
        problems.append(f"headlines are {report['headline_share']:.1%} of rows, fewer than {MIN_HEADLINE_SHARE:.0%}")
    if report["question_share"] < MIN_QUESTION_SHARE:
        problems.append(f"questions are {report['question_share']:.1%} of rows, fewer than {MIN_QUESTION_SHARE:.1%}")
    for item in report["repeated_skeletons"]:
        problems.append(f"{item['count']} sentences share the skeleton {item['skeleton'][:70]!r}")
    shares = report["region_share"]
    top = max(shares, key=shares.get)
    if shares[top] > MAX_REGION_SHARE:
        problems.append(
            f"{shares[top]:.0%} of the sentences naming a region are about {top} (limit {MAX_REGION_SHARE:.0%})"
        )
    covered = [region for region, share in shares.items() if share >= MIN_REGION_SHARE]
    if len(covered) < MIN_REGIONS:
        problems.append(
            f"only {len(covered)} regions reach {MIN_REGION_SHARE:.0%} of the sentences (need {MIN_REGIONS})"
        )
    return problems
