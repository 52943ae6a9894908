"""A text in another language is not scored on the few words it shares with English: base rates and a warning."""

import csv
import re
from pathlib import Path

import numpy as np
import pytest

import model.english
from model.english import MIN_KNOWN_WORDS, EnglishCheck, english_check
from model.pipeline import WORD_PATTERN, build_pipeline
from model.predictor import NO_KNOWN_WORD_WARNING, Predictor
from model.text import normalise
from tests.conftest import TINY_CORPUS

DATA = Path(__file__).resolve().parents[1] / "training" / "data"

# Written for these tests: news sentences in other languages, with English loans ("drones", "think
# tank", "software"), acronyms (NATO, KFOR) and names that an English model knows.
OTHER_LANGUAGES = {
    "French": [
        "Le ministre de la Défense a annoncé l'achat de nouveaux drones pour l'armée de terre.",
        "Selon Belgrade, les exercices de l'OTAN au Kosovo menacent la paix dans la région.",
        "Le think tank parisien juge que la course aux armements s'accélère en Europe.",
        "Le week-end, les fans regardent le match de football sur leur smartphone.",
    ],
    "German": [
        "Das Pentagon bestätigte die Lieferung von Patriot-Raketen an Polen in der vergangenen Woche.",
        "Die Drohnen aus der Türkei haben die Lage an der Front verändert, heißt es in Kiew.",
        "Das Team nutzt Software, Hardware und Cloud-Computing für das Training.",
    ],
    "Spanish": [
        "Las tropas serbias se concentraron cerca de la frontera, declaró la presidenta Vjosa Osmani.",
        "Un think tank de Madrid advierte de una nueva carrera armamentista en Europa.",
        "El presidente habló con los líderes de la OTAN sobre el budget militar y el software de los drones.",
    ],
    "Serbian": [
        "Aleksandar Vučić je rekao da Priština sprema oružanu provokaciju na severu.",
        "KFOR je pojačao patrole na severu Kosova posle incidenata u Zvečanu.",
        "Vojska Srbije je dobila nove dronove, rekao je Vučević.",
    ],
    "Turkish": [
        "Belgrad'a göre NATO'nun Kosova'daki tatbikatları bölgedeki barışı tehdit ediyor.",
        "Recep Tayyip Erdoğan, Bayraktar dronlarının ihracatının artacağını söyledi.",
    ],
    "Albanian": [
        "Albin Kurti tha se Serbia po përgatit një provokim të armatosur në veri.",
        "Trupat serbe janë vendosur përgjatë vijës administrative, deklaroi Vjosa Osmani.",
    ],
    "Italian": ["Secondo Belgrado, le esercitazioni della NATO in Kosovo minacciano la pace nella regione."],
    "Dutch": ["Volgens Belgrado bedreigen de NAVO-oefeningen in Kosovo de vrede in de regio."],
    "Serbian, Cyrillic": ["Министар одбране најавио је куповину нових дронова за Војску Србије."],
}
# English that must be scored: headlines and short sentences full of names, rare words, a foreign quote.
ENGLISH = [
    "Vucic, Kurti, Borrell: Brussels talks end without deal",
    "Erdoğan, Mitsotakis trade barbs over Aegean drills",
    "Zvečan, Leposavić, Zubin Potok tense",
    "Krasniqi, Haradinaj, Thaçi acquitted",
    "DefMin Dincu denies",
    "Hoti, Osmani, Sveçla",
    "'Wir sind bereit,' Pistorius told reporters in Berlin.",
    "Rioters hurled cobblestones; gendarmes retaliated.",
    "Sappers cleared unexploded ordnance near orchards.",
    "It did not elaborate.",
]


@pytest.fixture(scope="module")
def corpus_check():
    """The check against the words of the framing corpus: what a model trained on it knows."""
    with open(DATA / "framing.csv", encoding="utf-8", newline="") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    words = {word for text in texts for word in re.findall(WORD_PATTERN, normalise(text))}
    check = english_check(words)
    assert check is not None, "the corpus holds enough words to judge by"
    return check


@pytest.mark.parametrize("language", sorted(OTHER_LANGUAGES))
def test_sentences_in_other_languages_do_not_read_as_english(corpus_check, language):
    for text in OTHER_LANGUAGES[language]:
        assert corpus_check.not_english(text), text


@pytest.mark.parametrize("text", ENGLISH)
def test_english_headlines_names_and_rare_words_read_as_english(corpus_check, text):
    assert not corpus_check.not_english(text)


def test_no_sentence_of_the_held_out_test_file_is_caught(corpus_check):
    with open(DATA / "framing_test.csv", encoding="utf-8", newline="") as fh:
        caught = [row["text"] for row in csv.DictReader(fh) if corpus_check.not_english(row["text"])]
    assert caught == []


def test_only_words_in_small_letters_count():
    check = EnglishCheck(["troops", "moved"])
    # Names and acronyms are set aside, known or not: four small words, two known.
    assert check.counts("Kurti said NATO troops moved quickly ahead") == (5, 3)
    # The other language's grammar words that a model knows through names are no evidence.
    assert check.counts("de la drones") == (3, 0)
    assert EnglishCheck(["drones"]).counts("de la drones") == (3, 1)


def test_too_few_words_are_not_judged():
    check = EnglishCheck([])
    assert not check.not_english("Vojska je spremna.")
    assert check.not_english("Vojska je spremna za odbranu.")


def test_a_few_english_grammar_words_do_not_make_a_text_english():
    """Every text is counted: "and" or "the" in a foreign sentence no longer lets it be scored on them."""
    check = EnglishCheck(["minister", "army", "ready", "defence"])
    assert check.not_english("Vojska je spremna za odbranu.")
    assert check.not_english("Vojska je spremna za odbranu and more.")
    assert check.not_english("Vojska je spremna za odbranu, the minister said.")
    assert not check.not_english("The army is ready for defence, the minister said.")


def test_a_model_that_knows_few_words_scores_every_text():
    assert english_check(["drones"] * MIN_KNOWN_WORDS) is None
    assert english_check(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i}" for i in range(10)) is None


TEXTS = [t for texts in TINY_CORPUS.values() for t in texts]
LABELS = [label for label, texts in TINY_CORPUS.items() for _ in texts]
# Shares "drones" and "Belgrade" with the tiny corpus: scored on those, it would get their weight.
FRENCH = "Le ministre a confirmé la livraison des drones à Belgrade, selon le porte-parole."


@pytest.fixture
def predictor(monkeypatch):
    """A predictor of the tiny corpus whose check judges, though it knows only a few hundred words."""
    monkeypatch.setattr(model.english, "MIN_KNOWN_WORDS", 1)
    pipeline = build_pipeline(binary=True, cues=True, reported_speech=True).fit(TEXTS, LABELS)
    return Predictor(pipeline, {"version": "v", "task": "framing"})


def test_another_language_gets_the_base_rates_an_empty_explanation_and_a_warning(predictor):
    pipeline = predictor.pipeline
    base_rates = pipeline[-1].predict_proba(np.zeros((1, pipeline[-1].coef_.shape[1])))[0]
    assert not np.allclose(pipeline.predict_proba([FRENCH])[0], base_rates), "its shared words move the pipeline"
    for texts in ([FRENCH], [FRENCH] * 20):
        np.testing.assert_allclose(predictor.predict_proba(texts), np.tile(base_rates, (len(texts), 1)), atol=1e-12)
    french, english, unknown = predictor.predict([FRENCH, TEXTS[0], "Zyzzyva quokka!"], explain=True)
    assert french["explanation"] == {"toward": [], "against": []}
    assert french["confidence"] == round(float(base_rates.max()), 4)
    assert french["warning"].startswith("not scored: the text does not read as English (")
    assert list(french)[-2:] == ["warning", "explanation"]
    assert unknown["warning"] == NO_KNOWN_WORD_WARNING
    assert "warning" not in english
    assert english["explanation"]["toward"] or english["explanation"]["against"]
    # English keeps the pipeline's numbers.
    np.testing.assert_allclose(predictor.predict_proba(TEXTS), pipeline.predict_proba(TEXTS), atol=1e-12)


def test_the_api_reports_another_language_as_it_reports_no_known_word(monkeypatch, model_dir):
    from service import create_app

    # Before the app loads the model: its readiness probe builds the check.
    monkeypatch.setattr(model.english, "MIN_KNOWN_WORDS", 1)
    client = create_app({"TESTING": True, "MODEL_DIR": str(model_dir)}).test_client()
    response = client.post("/v1/classify", json={"texts": [FRENCH, TEXTS[0]], "explain": True})
    assert response.status_code == 200
    french, english = response.json["results"]
    assert "does not read as English" in french["warning"]
    assert french["explanation"] == {"toward": [], "against": []}
    assert "warning" not in english


def test_ascii_texts_are_counted_as_the_general_rule_counts_them():
    """The ASCII fast path finds the same small-letter words as the Unicode rule it stands in for."""
    check = EnglishCheck({"border", "troops", "said", "crossed"})
    texts = [
        "Troops crossed the border, officials said.",
        "NATO's x2 drills_near borderlands: troopsX crossed again-and-again",
        "a b cc Ddd eEe fff9ggg hh_ii",
    ]
    for text in texts:
        words = [w for w in model.english._LETTER_RUNS.findall(text) if w.islower()]
        assert check.counts(text) == (len(words), sum(w in check.english for w in words))
