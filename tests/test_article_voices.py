"""Whole articles: quotations that end, pronouns with their people, and each speaker's own clause."""

import pytest

from model.article import analyze_article, source_keys


class KeywordPredictor:
    """Labels a text threat when it says "threat" or "arms race", stability for "deterrence", else neutral."""

    labels = ["neutral", "stability", "threat"]
    task = "framing"
    version = "stub-voices"

    def predict(self, texts):
        results = []
        for text in texts:
            low = text.lower()
            label = (
                "threat" if "threat" in low or "arms race" in low else "stability" if "deterrence" in low else "neutral"
            )
            probabilities = {name: (0.8 if name == label else 0.1) for name in self.labels}
            results.append({"text": text, "label": label, "confidence": 0.8, "probabilities": probabilities})
        return results


def credits(text):
    """Each sentence's (source, role, resolved_from) triples."""
    sentences = analyze_article(KeywordPredictor(), text)["sentences"]
    return [[(a["source"], a["role"], a.get("resolved_from")) for a in s["attributions"]] for s in sentences]


def test_a_quotation_closing_without_attribution_stays_with_the_speaker_before_it():
    text = (
        '"The drones watch the border," Ejup Maqedonci said. "They carry no weapons. They threaten nobody."\n\n'
        'Aleksandar Vucic said the drones were a threat. "They want to drive us out," he said.'
    )
    assert credits(text) == [
        [("Ejup Maqedonci", "speaker", None)],
        [("Ejup Maqedonci", "speaker", "quote")],
        [("Ejup Maqedonci", "speaker", "quote")],
        [("Aleksandar Vucic", "speaker", None)],
        [("Aleksandar Vucic", "speaker", "he")],
    ]


def test_an_open_quotation_ends_at_a_new_paragraph_that_does_not_continue_it():
    text = '"We are ready," General Lind said. "The border is calm.\n\nThe army moved two brigades on Monday.'
    assert credits(text) == [
        [("General Lind", "speaker", None)],
        [("General Lind", "speaker", "quote")],
        [],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A subject with an aside, and a body with a lower-case head, are what "he" and "it" stand for.
        ("Opposition leader Ivo Kask, however, questioned the cost. He said the contract was rushed.",
         "Opposition leader Ivo Kask"),
        ("The defence ministry disagreed. It said the frigates were a danger.", "The defence ministry"),
        # "according to her" stands for the spokeswoman, like "she said".
        ("Spokeswoman Vera Lind spoke on Monday. According to her, the talks had failed.", "Spokeswoman Vera Lind"),
        # A person named as an object is who a later "he" may stand for.
        ("Minister Ana Kovac met General Marko Horvat. She said the talks went well. He said the troops were ready.",
         "General Marko Horvat"),
    ],
)  # fmt: skip
def test_pronouns_find_the_person_or_body_they_stand_for(text, expected):
    assert credits(text)[-1][0][0] == expected


def test_a_bare_surname_is_a_person_once_the_full_name_was_given():
    text = "Aleksandar Vucic spoke in Nis. Later, Vucic said the army was ready. He said the drills would go on."
    # The surname repeats the full name given before, and "He" stands for that person.
    assert credits(text)[1] == [("Aleksandar Vucic", "speaker", "Vucic")]
    assert credits(text)[-1] == [("Aleksandar Vucic", "speaker", "He")]


def test_two_people_joined_by_and_or_a_city_are_no_he_or_she():
    text = (
        "Prime Minister Nikos Andreou and Defence Minister Eleni Kosta presented the deal. "
        "He said the jets would arrive in May.\n\nGreece buys frigates, Athens says. She said the deal was close."
    )
    found = credits(text)
    assert found[1] == [("He", "speaker", None)]
    assert found[3] == [("She", "speaker", None)]


def test_rejecting_the_accusations_disputes_the_latest_earlier_speaker_with_another_frame():
    own_side = "Minister Ana Kovac said the radars were a deterrence. The ministry rejected the accusations as deterrence talk."
    other = "Tarsk said the flights were a threat. Ostrava dismissed the claims as deterrence talk."
    # A sentence that backs the rejecting side comes between the accusation and its rejection.
    further = (
        "Valmar said the flights were a threat. Ostrava officials said the patrols were a deterrence. "
        "Ostrava dismissed the claims as deterrence talk."
    )
    assert credits(own_side)[1] == [("The ministry", "speaker", None)]
    assert credits(other)[1] == [("Ostrava", "speaker", None), ("Tarsk", "disputed", "previous sentence")]
    assert credits(further)[2] == [("Ostrava", "speaker", None), ("Valmar", "disputed", "earlier sentence")]


def test_that_account_is_always_the_one_just_before():
    # A short rejection is often framed like the claim it answers; "that account" still points back one sentence.
    text = "Tarsk said its patrols were a deterrence. Ostrava dismissed that account as deterrence talk."
    assert credits(text)[1] == [("Ostrava", "speaker", None), ("Tarsk", "disputed", "previous sentence")]


@pytest.mark.parametrize(
    "rejection",
    [
        "That version was rejected by Ostrava officials.",
        "Ostrava officials played down the warning.",
        "Ostrava officials rejected her remarks.",
        "Ana Lind, a professor in Ostrava, disagreed.",
    ],
)
def test_other_forms_of_rejecting_the_sentence_before(rejection):
    text = f"Minister Vera Tamm said the convoy was a threat. {rejection}"
    disputed = [source for source, role, _ in credits(text)[1] if role == "disputed"]
    assert disputed == ["Minister Vera Tamm"]


def test_its_ministry_is_the_ministry_of_the_body_named_before():
    text = "Valmar moved two brigades to the border. Its defence ministry said the move was a deterrence."
    assert credits(text)[1] == [("Valmar's defence ministry", "speaker", "Its defence ministry")]


def test_each_speaker_with_a_clause_of_its_own_gets_the_frame_of_that_clause():
    text = "Park said the budget would strengthen deterrence, while Kim warned that it would fuel an arms race."
    (sentence,) = analyze_article(KeywordPredictor(), text)["sentences"]
    assert sentence["label"] == "threat"
    assert [(a["source"], a["claim_frame"]) for a in sentence["attributions"]] == [
        ("Park", "stability"),
        ("Kim", "threat"),
    ]


def test_one_claim_reported_through_another_keeps_the_sentence_frame():
    text = "Vell said Lind had told him the drills were a threat."
    (sentence,) = analyze_article(KeywordPredictor(), text)["sentences"]
    assert {a["claim_frame"] for a in sentence["attributions"]} == {"threat"}


def test_corpus_rows_classify_speakers_clauses_with_the_same_predictor():
    from model.article_rows import corpus_rows

    text = "Park said the budget would strengthen deterrence, while Kim warned that it would fuel an arms race."
    (rows,) = corpus_rows(KeywordPredictor(), [text])
    assert rows[0]["label"] == "threat"
    assert rows[0]["speakers"] == "park|kim"


def test_after_a_dateline_the_first_person_named_is_the_nearest_for_a_pronoun():
    text = (
        "KELL — Defence Minister Ana Kovac met General Marko Horvat on Monday. "
        "She said the new radars were purely defensive. He said the troops were ready."
    )
    found = credits(text)
    assert found[1][0][0].endswith("Ana Kovac")
    assert found[2][0][0] == "General Marko Horvat"


def test_a_quotation_over_paragraphs_ending_in_one_whole_quoted_sentence_keeps_its_speaker():
    text = (
        'Defence Minister Ivo Lind told reporters:\n\n"The drills are routine. They threaten no one.\n\n'
        '"We will not be provoked."\n\nThe tanks left on Tuesday.'
    )
    assert [row[0][0] if row else None for row in credits(text)] == [
        "Defence Minister Ivo Lind",
        "Defence Minister Ivo Lind",
        "Defence Minister Ivo Lind",
        "Defence Minister Ivo Lind",
        None,
    ]


def test_straight_single_quotation_marks_carry_a_quotation_like_double_ones():
    text = "'The drills are routine,' Defence Minister Ivo Lind said. 'They threaten no one.'\n\nThe ministers' meeting ended."
    assert credits(text) == [
        [("Defence Minister Ivo Lind", "speaker", None)],
        [("Defence Minister Ivo Lind", "speaker", "quote")],
        [],
    ]


def test_he_finds_a_person_named_before_an_aside_and_they_a_group_that_said_nothing():
    text = (
        "Defence Minister Anna Kolar said the tanks would arrive in May. Mr. Tomas Brandt, a lawmaker from the "
        "opposition, questioned the cost. He said the price was double. General Ivo Marsh said the range was safe. "
        "Dozens of farmers blocked the road on Sunday. They said the tanks had damaged their fields."
    )
    found = credits(text)
    assert found[2] == [("Mr. Tomas Brandt", "speaker", "He")]
    assert found[5] == [("Dozens of farmers", "speaker", "They")]


def test_a_pronoun_of_known_gender_prefers_the_person_known_to_fit():
    text = (
        "Army spokeswoman Ana Lunde said the tanks had arrived. Defence Minister Ivo Lind said they would go east. "
        "According to her, the crews had trained abroad. He said the first unit would be ready in May."
    )
    found = credits(text)
    assert found[2] == [("Army spokeswoman Ana Lunde", "speaker", "her")]
    assert found[3] == [("Defence Minister Ivo Lind", "speaker", "He")]


def test_a_bodys_own_spokesman_rejecting_the_reports_disputes_nobody():
    text = (
        "The Kremlin said the missiles were moved to counter a threat. "
        "Kremlin spokesman Dmitry Peskov denied the reports, saying no warheads had been moved."
    )
    assert credits(text)[1] == [("Kremlin spokesman Dmitry Peskov", "speaker", None)]


def test_a_source_answered_after_but_keeps_the_frame_of_its_own_clause():
    text = "Minister Ivo Lind said the convoy was a grave threat, but envoy Pavel Orlov said it was mere deterrence."
    (sentence,) = analyze_article(KeywordPredictor(), text)["sentences"]
    assert [(a["source"], a["role"], a["claim_frame"]) for a in sentence["attributions"]] == [
        ("Minister Ivo Lind", "disputed", "threat"),
        ("envoy Pavel Orlov", "speaker", "stability"),
    ]


def test_a_gender_learnt_from_an_earlier_pronoun_does_not_outrank_the_person_just_named():
    text = (
        "Defence Minister Boris Pistorius said the brigade would carry tanks. He added that Berlin would pay. "
        "President Gitanas Nauseda thanked Germany. He said Lithuania would build housing for the soldiers."
    )
    assert credits(text)[-1] == [("President Gitanas Nauseda", "speaker", "He")]


def test_doubting_the_claims_of_the_sentence_before_credits_the_doubters_and_disputes_the_claimant():
    text = "Moscow said the drills were a threat to Russia. Western officials doubted the claims."
    assert credits(text)[1] == [("Western officials", "speaker", None), ("Moscow", "disputed", "previous sentence")]
    assert credits("He questioned the cost of the jets.") == [[]]


def test_one_person_with_two_titles_is_who_he_stands_for():
    text = 'Deputy Prime Minister and Defence Minister Ivo Sand signed the order. "It is done," he said.'
    assert credits(text)[1] == [("Deputy Prime Minister and Defence Minister Ivo Sand", "speaker", "he")]


def test_a_body_named_by_its_bare_head_joins_its_fuller_name_in_the_summary():
    text = "Valmar's army said the drills were over. The army added that the troops had gone home."
    sentences = analyze_article(KeywordPredictor(), text)["sentences"]
    assert source_keys(sentences) == {"Valmar's army": "valmar's army", "The army": "valmar's army"}


def test_a_quote_after_a_pronoun_credited_quote_stays_with_that_person():
    text = (
        "The ministry said the tanks would be built at home. Lawmaker Vera Tamm questioned the price. "
        '"We pay twice as much," she said. "Nobody has explained why."'
    )
    assert credits(text)[3] == [("Lawmaker Vera Tamm", "speaker", "quote")]


def test_called_her_remarks_disputes_the_speaker_before():
    text = 'Minister Vera Tamm said the border was never settled. Lind called her remarks "a rewriting of history."'
    assert credits(text)[1] == [("Lind", "speaker", None), ("Minister Vera Tamm", "disputed", "previous sentence")]


def test_a_persons_own_she_tells_whom_a_later_she_stands_for():
    text = (
        "Minister Vera Tamm thanked Ostrava for what she called a lasting commitment. "
        "Beside her, General Ivo Brandt said the brigade would be ready in May. "
        "She said the barracks were finished. He added that the tanks would come in spring."
    )
    found = credits(text)
    assert found[2] == [("Minister Vera Tamm", "speaker", "She")]
    assert found[3] == [("General Ivo Brandt", "speaker", "He")]


def test_a_mans_own_he_does_not_outrank_the_person_just_named():
    text = (
        "Senator Ivo Brandt said he had doubts about the sale. Ambassador Tomas Vell welcomed the decision. "
        "He said the missiles would guard the canal."
    )
    assert credits(text)[2] == [("Ambassador Tomas Vell", "speaker", "He")]


def test_a_bare_body_joins_only_a_fuller_name_named_before_it():
    text = "The ministry said the order was on time. The Valmar defence ministry said the order was a threat."
    sentences = analyze_article(KeywordPredictor(), text)["sentences"]
    assert source_keys(sentences)["The ministry"] == "ministry"


def test_a_quotation_that_closes_at_the_sentence_end_does_not_run_on():
    text = 'General Ivo Brandt said the tanks would "keep any raider far from the border." The first tanks come in May.'
    assert credits(text)[1] == []


def test_a_spokesman_of_another_ministry_is_not_the_earlier_ministrys_own_voice():
    text = (
        "The Valmar defence ministry said the purchase was a threat. A spokesman for the Tarsk ministry "
        "called that claim absurd. The Kremlin said the drills were a threat. Kremlin spokesman Ivo Lind "
        "dismissed the reports as false."
    )
    found = credits(text)
    assert ("The Valmar defence ministry", "disputed", "previous sentence") in found[1]
    assert [role for _, role, _ in found[3]] == ["speaker"]


def test_calling_the_accusations_baseless_disputes_the_speaker_before():
    text = "Valmar said the drills were a threat. Ostrava hit back on Monday, calling the accusations baseless."
    assert ("Valmar", "disputed", "previous sentence") in credits(text)[1]


def test_they_stands_for_media_named_as_the_subject_before_it():
    text = (
        "The navy released video of the boats, but the Valmar ministry says no such encounter took place. "
        "Tarsk media first posted the video online. They claimed the boats had turned a frigate back."
    )
    assert credits(text)[2] == [("Tarsk media", "speaker", "They")]


def test_a_quoted_rejection_disputes_the_claim_before_it_once_the_quote_is_credited():
    text = (
        "Tarsk media said the boats had turned a frigate back. "
        '"That report is not true. We do not know where it comes from," Valmar spokeswoman Ana Lind said.'
    )
    assert credits(text)[1] == [
        ("Valmar spokeswoman Ana Lind", "speaker", "quote"),
        ("Tarsk media", "disputed", "previous sentence"),
    ]
    # The speaker's own earlier claim is no claim she rejects.
    own = 'Ana Lind said the boats were far away. "That report is not true," Ana Lind said later.'
    assert credits(own)[1] == [("Ana Lind", "speaker", None)]


@pytest.mark.parametrize("verdict", ["not accurate", "never true", "simply not true"])
def test_a_report_judged_untrue_in_other_words_disputes_the_claim_before_it(verdict):
    # The article's rejection test judges falsehood as the sentence rules do.
    text = f'Tarsk media said the boats had turned a frigate back. "That account is {verdict}," the ministry said.'
    assert ("Tarsk media", "disputed", "previous sentence") in credits(text)[1]


def test_a_name_with_a_particle_after_a_description_is_who_she_is():
    text = (
        "Valmar said the drills were routine. Lind's deputy, Marta van Dijk, went further on Monday. "
        '"The exercises threaten nobody," she said.'
    )
    assert credits(text)[2] == [("Marta van Dijk", "speaker", "she")]
