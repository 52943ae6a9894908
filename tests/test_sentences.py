"""Sentence splitting with offsets: abbreviations, initials, numbers, quotes, lists and paragraphs."""

import pytest

from model.sentences import split_sentences


def sentences(text):
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Petrovic met Dr. Hoxha in Skopje. The talks lasted an hour.",
            ["Mr. Petrovic met Dr. Hoxha in Skopje.", "The talks lasted an hour."],
        ),
        (
            "Lt. Col. Ana Markovic and Gen. Ivo Radic toured the base. They left at noon.",
            ["Lt. Col. Ana Markovic and Gen. Ivo Radic toured the base.", "They left at noon."],
        ),
        (
            "The convoy left on Jan. 12 with fresh supplies. It arrived late.",
            ["The convoy left on Jan. 12 with fresh supplies.", "It arrived late."],
        ),
        (
            "Colonel A. B. Kraja signed the order. Nobody objected.",
            ["Colonel A. B. Kraja signed the order.", "Nobody objected."],
        ),
        (
            "Troops from the U.S. Army joined the drill. The U.S. sent 300 soldiers.",
            ["Troops from the U.S. Army joined the drill.", "The U.S. sent 300 soldiers."],
        ),
        (
            "Spending rose 3.5 percent to 1,000 million euros. Critics were silent.",
            ["Spending rose 3.5 percent to 1,000 million euros.", "Critics were silent."],
        ),
        (
            "The mayor said: “We are not afraid.” Residents agreed.",
            ["The mayor said: “We are not afraid.”", "Residents agreed."],
        ),
        (
            "“Is this a drill?” she asked. Nobody answered.",
            ["“Is this a drill?” she asked.", "Nobody answered."],
        ),
        (
            "He called it ‘a routine patrol.’ Others disagreed.",
            ["He called it ‘a routine patrol.’", "Others disagreed."],
        ),
        (
            "The meeting ended at 5 p.m. on Friday. Talks resume soon.",
            ["The meeting ended at 5 p.m. on Friday.", "Talks resume soon."],
        ),
        ("Wait... What happened next?", ["Wait...", "What happened next?"]),
        # Treaty articles, paragraphs and pages before their number; at a sentence's end they end it.
        (
            "Under Art. 5 of the treaty the allies must help. The plan (para. 3, p. 4) was approved.",
            ["Under Art. 5 of the treaty the allies must help.", "The plan (para. 3, p. 4) was approved."],
        ),
        (
            "The clause is in the third art. It was never used.",
            ["The clause is in the third art.", "It was never used."],
        ),
        # A capital letter after a lower-case word ends the sentence when a common opener follows;
        # initials stay ("signed by T. Kos", "Maj. Gen. R. Holt").
        (
            "The cabinet approved the order on X. The vote follows next week.",
            ["The cabinet approved the order on X.", "The vote follows next week."],
        ),
        ("It was signed by T. Kos on Monday. He left.", ["It was signed by T. Kos on Monday.", "He left."]),
        ("The brigade of Maj. Gen. R. Holt arrived.", ["The brigade of Maj. Gen. R. Holt arrived."]),
        # An agency dateline with the agency between slashes opens the sentence after it.
        (
            "OSLO, May 3. /NTB/. The navy said the frigate was back in port. It left again.",
            ["OSLO, May 3. /NTB/. The navy said the frigate was back in port.", "It left again."],
        ),
        # Plural titles: "Sens." and "Reps." do not end a sentence.
        (
            "The talks with Sens. Ana Reed and Tom Vel went on. Then they left.",
            ["The talks with Sens. Ana Reed and Tom Vel went on.", "Then they left."],
        ),
    ],
)
def test_splits_where_a_reader_would(text, expected):
    assert sentences(text) == expected


def test_list_items_and_paragraphs_are_sentences_without_their_markers():
    text = "The package includes:\n- twelve radars\n- spare parts\n\n1. Delivery in May\n2) Training in June\nThe end."
    assert sentences(text) == [
        "The package includes:",
        "twelve radars",
        "spare parts",
        "Delivery in May",
        "Training in June",
        "The end.",
    ]


def test_a_hard_wrapped_line_continues_the_sentence():
    text = "The minister said the drones\nwere defensive.\nThe opposition disagreed."
    assert sentences(text) == ["The minister said the drones\nwere defensive.", "The opposition disagreed."]


def test_offsets_index_the_original_text():
    text = "  First one here.   Second one?\n\n  Third!  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one here.", "Second one?", "Third!"]
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SKOPJE, March 3 (Reuters) - The army said the drills would go ahead. Nobody objected.",
            ["SKOPJE, March 3 (Reuters) - The army said the drills would go ahead.", "Nobody objected."],
        ),
        (
            "TIRANA — The navy received two boats. They are new.",
            ["TIRANA — The navy received two boats.", "They are new."],
        ),
        (
            "Podgorica [Montenegro], June 2 (ANI): The ministry confirmed the order.",
            ["Podgorica [Montenegro], June 2 (ANI): The ministry confirmed the order."],
        ),
        ("ZAGREB —\nThe navy received two boats.", ["ZAGREB —\nThe navy received two boats."]),
        (
            "Split [Croatia], June 2 (ANI):\nThe ministry confirmed the order.",
            ["Split [Croatia], June 2 (ANI):\nThe ministry confirmed the order."],
        ),
        (
            "Minister Lila: the brigade is ready\nThe brigade was formed in May.",
            ["Minister Lila: the brigade is ready", "The brigade was formed in May."],
        ),
        (
            "New Drones For The Navy\nThe navy received two boats.",
            ["New Drones For The Navy", "The navy received two boats."],
        ),
        (
            "Maj. Gen. Ivo Radic of the U.S. Army arrived on Jan. 4. The cost was approx. 3 million euros.",
            ["Maj. Gen. Ivo Radic of the U.S. Army arrived on Jan. 4.", "The cost was approx. 3 million euros."],
        ),
        ("Unit No. 7 left. J. R. Kolar stayed.", ["Unit No. 7 left.", "J. R. Kolar stayed."]),
        (
            "“The army is ready. We will defend every village,” the minister said. Talks went on.",
            ["“The army is ready.", "We will defend every village,” the minister said.", "Talks went on."],
        ),
        ("• first point\n• second point\nThe end.", ["first point", "second point", "The end."]),
    ],
)
def test_splits_real_news_layouts(text, expected):
    assert sentences(text) == expected


def test_a_line_that_only_looks_like_a_label_is_no_dateline():
    text = "The package includes:\n- radars"
    assert sentences(text) == ["The package includes:", "radars"]


def test_a_name_with_lost_letters_does_not_end_the_sentence():
    text = "“We are ready,” Vu?i? wrote on Sunday. The army agreed."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "“We are ready,” Vu?i? wrote on Sunday.",
        "The army agreed.",
    ]


def test_a_hard_wrapped_line_that_breaks_off_mid_sentence_continues_before_a_capital():
    text = (
        "TARSK, May 3 The cabinet cleared the purchase of 12 jets on Monday, paving the way for a deal that\n"
        "Prime Minister Ana Lind says will modernise the air force.\n"
        "The fleet, made up of Swedish,\n"
        "French and Italian planes, is down to nine squadrons."
    )
    assert sentences(text) == [
        "TARSK, May 3 The cabinet cleared the purchase of 12 jets on Monday, paving the way for a deal that\n"
        "Prime Minister Ana Lind says will modernise the air force.",
        "The fleet, made up of Swedish,\nFrench and Italian planes, is down to nine squadrons.",
    ]


def test_a_headline_line_still_ends_before_a_capital():
    assert sentences("Tarsk Orders Twelve Jets\nThe deal was signed on Monday.") == [
        "Tarsk Orders Twelve Jets",
        "The deal was signed on Monday.",
    ]


def test_an_ellipsis_run_into_the_next_sentence_ends_the_first():
    text = '"The air force will get the relief it needs with this deal...In fact we have bought nothing in years."'
    assert sentences(text) == [
        '"The air force will get the relief it needs with this deal...',
        'In fact we have bought nothing in years."',
    ]


def test_govt_is_an_abbreviation():
    assert sentences("Valmar Fires a Missile, Tarsk Govt. Says") == ["Valmar Fires a Missile, Tarsk Govt. Says"]


def test_paragraphs_a_page_ran_together_are_split():
    text = "It insists on talks, through force if necessary.U.S. officials were told on Monday.The deal went ahead."
    assert sentences(text) == [
        "It insists on talks, through force if necessary.",
        "U.S. officials were told on Monday.",
        "The deal went ahead.",
    ]
    # A dotted acronym or an initial is still no sentence end.
    assert sentences("The U.S.Army and Gen. A.B. Lind met.") == ["The U.S.Army and Gen. A.B. Lind met."]


def test_numbered_items_are_not_sentence_ends():
    text = "The orders: 1. Gather information. 2. Protect the ships. The briefing ended on Jan. 4. The cost was small."
    assert sentences(text) == [
        "The orders: 1. Gather information.",
        "2. Protect the ships.",
        "The briefing ended on Jan. 4.",
        "The cost was small.",
    ]


def test_a_line_breaking_off_after_some_continues():
    text = "The commander has admitted that some\nBoko Haram fighters are regrouping near the town."
    assert sentences(text) == [text]
