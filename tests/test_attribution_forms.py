"""Attribution forms common in published news, on sentences written for these tests."""

import pytest
from attribution_helpers import sources

from model.attribution import attribute, quoted_regions


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Headlines: "Name: claim" credits the whole line to the name, not to speakers inside the claim.
        ("Minister Lila: the new brigade threatens nobody", [("Minister Lila", "speaker")]),
        ("Defence Office: Ankara warns of delays", [("Defence Office", "speaker")]),
        ("Analysis: the brigade threatens nobody", []),
        ("Skopje, May 4: The brigade was formed on Monday.", []),
        ("Agency: the brigade is ready, the general said.", [("the general", "speaker")]),
        # "quoted X as saying" credits X; "X was quoted as saying" credits X.
        (
            "“The brigade is ready,” the state agency quoted the deputy minister as saying.",
            [("the deputy minister", "speaker")],
        ),
        ("The border is calm, Colonel Ivo Bralic was quoted as saying.", [("Colonel Ivo Bralic", "speaker")]),
        # Speech-act verbs: the subject is the speaker.
        ("The defence office clarified that the jets were unarmed.", [("The defence office", "speaker")]),
        ("The mayor has made clear that the base will stay.", [("The mayor", "speaker")]),
        ("The opposition denounces the purchase as reckless.", [("The opposition", "speaker")]),
        ("The envoy slammed the decision to move the troops.", [("The envoy", "speaker")]),
        ("The premier hailed the arrival of the new frigates.", [("The premier", "speaker")]),
        ("The foreign minister thanked the allies for the radars.", [("The foreign minister", "speaker")]),
        ("The council rebuked the army for the late drills.", [("The council", "speaker")]),
        ("The general stressed that the unit was defensive.", [("The general", "speaker")]),
        ("The senator emphasised that the deal was legal.", [("The senator", "speaker")]),
        ("The analyst suggested that the talks could resume.", [("The analyst", "speaker")]),
        ("The ministry issued a statement condemning the flights.", [("The ministry", "speaker")]),
        ("The alliance has promised to keep its patrols.", [("The alliance", "speaker")]),
        ("The exercise took place under the plan Minsk had promised.", []),
        ("The defence ministry did not say how many tanks it bought.", []),
        # Appositions between commas or dashes; the object of the clause is never the source.
        ("Milan Petrovic, a Serb leader, said the new army was unacceptable.", [("Milan Petrovic", "speaker")]),
        (
            "Ana Novak – the chair of the committee – warned that the budget was too small.",
            [("Ana Novak", "speaker")],
        ),
        (
            "Vera Lukic, head of the defence committee, warned that the budget was too small.",
            [("Vera Lukic, head of the defence committee", "speaker")],
        ),
        (
            "The Institute for Strategic Studies, ISS, has warned that the budget was too small.",
            [("The Institute for Strategic Studies, ISS", "speaker")],
        ),
        (
            "The Regional Arms Office (RAO) stated that the sale would help.",
            [("The Regional Arms Office (RAO)", "speaker")],
        ),
        ("Zagreb, predictably, warned that the drills were a provocation.", [("Zagreb", "speaker")]),
        (
            "The drills are routine, a ministry official who asked not to be named told reporters.",
            [("a ministry official", "speaker")],
        ),
        (
            "The border is quiet, Kosovo's Defence Minister Dren Lila told N1.",
            [("Kosovo's Defence Minister Dren Lila", "speaker")],
        ),
        (
            'The broadcaster "Channel Nine" reports that the jets were sold.',
            [('The broadcaster "Channel Nine"', "speaker")],
        ),
        ("The drills, a campaign Athens denounced as a provocation, went ahead.", [("Athens", "speaker")]),
        # Relayed reports: only when nobody else is credited.
        ("The brigade is ready, reported local media.", [("local media", "speaker")]),
        ("The brigade is ready, the state agency reported.", [("the state agency", "speaker")]),
        ("The brigade is ready, the minister said, the state agency reported.", [("the minister", "speaker")]),
        (
            "The brigade is ready, the minister told the agency, according to local media.",
            [("the minister", "speaker")],
        ),
        ("The brigade is ready, according to local media.", [("local media", "speaker")]),
        ("Agency: the brigade is ready, reports the daily Vijesti.", [("the daily Vijesti", "speaker")]),
        ("According to a statement from the Arms Office, the sale will go ahead.", [("the Arms Office", "speaker")]),
        ("The force operates according to its mandate.", []),
        ("The sale was confirmed by the ministry on Monday.", [("the ministry", "speaker")]),
        ("The sale was also reported by the daily Vijesti.", [("the daily Vijesti", "speaker")]),
        (
            "As announced by the three countries' leaders, the force will be joint.",
            [("the three countries' leaders", "speaker")],
        ),
        # Speakers inside a quotation belong to the quoted claim.
        ("“We believe the drills are routine,” the minister said.", [("the minister", "speaker")]),
        ("Citing satellite images, Colonel Novak said, “We believe the army moved.”", [("Colonel Novak", "speaker")]),
        ("And we think it is a threat,” Novak said.", [("Novak", "speaker")]),
        ("We have no army to spare, and we are not afraid, “Novak replied.", [("Novak", "speaker")]),
    ],
)
def test_speakers_in_news_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The ministry rejected criticism from the opposition that the jets were a threat.",
            [("The ministry", "speaker"), ("the opposition", "disputed")],
        ),
        (
            "The minister dismissed claims by Sofia that the troops were massing.",
            [("The minister", "speaker"), ("Sofia", "disputed")],
        ),
        (
            "The army denied the claim made by local activists that it had moved tanks.",
            [("The army", "speaker"), ("local activists", "disputed")],
        ),
        (
            "Contrary to Athens's assertions, the frigates are unarmed, the navy said.",
            [("Athens", "disputed"), ("the navy", "speaker")],
        ),
        (
            "Skopje's accusations are baseless, the minister said.",
            [("Skopje", "disputed"), ("the minister", "speaker")],
        ),
        ("The drills are not a threat, as claimed by Minsk.", [("Minsk", "disputed")]),
        ("Despite what Minsk says, the drills are defensive.", [("Minsk", "disputed")]),
        (
            "The premier responded to accusations coming from the neighbours about the new jets.",
            [("The premier", "speaker"), ("the neighbours", "disputed")],
        ),
        (
            "The president called the reactions from the two capitals malicious.",
            [("The president", "speaker"), ("the two capitals", "disputed")],
        ),
    ],
)
def test_disputed_sources_in_news_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The decision drew criticism from Athens, where a spokesman said the deal was risky.",
        "Skopje's reactions coincided with the arrival of the new commander.",
        "The missile is an export version of the older system.",
        "The army trains against threats from neighbouring states.",
    ],
)
def test_a_claim_noun_alone_disputes_nobody(sentence):
    assert all(a["role"] != "disputed" for a in attribute(sentence))


def test_criticism_from_x_credits_x_when_nobody_else_speaks():
    assert sources("The purchase has drawn sharp criticism from Athens, which claims it upsets the balance.") == [
        ("Athens", "speaker")
    ]


def test_quoted_regions_cover_opened_closed_and_carried_quotations():
    assert quoted_regions("“Ready,” she said.") == [(0, 8)]
    assert quoted_regions("the army is ready,” she said.") == [(0, 19)]
    assert quoted_regions('He said: "We are ready.') == [(9, 23)]
    assert quoted_regions("The Serbs’ drills went ahead.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An adverbial clause between the subject and its verb, closed by a comma or not.
        (
            "Defence Minister Ana Horvat, after inspecting the new radar near the coast, pointed out that it was "
            "purely defensive.",
            [("Defence Minister Ana Horvat", "speaker")],
        ),
        (
            "President Ivo Maric, commenting on the latest drills on Friday said that the army would stay calm.",
            [("President Ivo Maric", "speaker")],
        ),
        # "including ..." lists; it opens no clause, so the relayed source closes the sentence.
        (
            "The island relies on foreign partners for its defence, including the navies of Spain and Italy, "
            "reports Radio Mar.",
            [("Radio Mar", "speaker")],
        ),
        # The antecedent of ", which" before a judging verb speaks; other verbs after "which" add a side remark.
        ("The new border fence has alarmed Hungary, which considers it a provocation.", [("Hungary", "speaker")]),
        ("The patrols were blamed by Rome on Malta, which denied any role.", []),
        ("The drills worry neighbouring Albania, which sees itself as a guarantor of calm.", []),
        ("Analysts consider it highly unlikely that the talks resume.", []),
        # A passive report "at" an institution, or "in"/"on" the media (not on a platform, not in a place).
        (
            "The brigade will stay in the region, it was stated at the ministry in Vienna.",
            [("the ministry in Vienna", "speaker")],
        ),
        (
            "The convoy was reported on social media and in the regional press last Friday.",
            [("the regional press", "speaker")],
        ),
        ("The drills were announced in Brussels on Monday.", []),
        # Leaving details out of a statement is still the speaker's report; refusing to say is not.
        ("Minister Lila did not provide a timeline for the new base.", [("Minister Lila", "speaker")]),
        ("The general did not specify which units were on alert.", [("The general", "speaker")]),
        ("The minister did not give up on the purchase.", []),
        ("The ministry has not disclosed the price of the deal.", []),
        # Names whose letters were lost in transcoding stay one word.
        ("“We will not be provoked,” Vu?i? wrote on social media.", [("Vu?i?", "speaker")]),
        # "quoted X as saying" with a title before the name, or the name in apposition.
        (
            "“The deal is dangerous,” the agency quoted the senior adviser to the commander, Ali Rezaei, as saying.",
            [("Ali Rezaei", "speaker")],
        ),
        (
            "“No,” the paper quoted the adviser to the Chief of Staff Lieutenant General Ivo Rota as saying.",
            [("Lieutenant General Ivo Rota", "speaker")],
        ),
        (
            "“No,” the paper quoted the spokesman of Defence Minister Ivo Rota as saying.",
            [("the spokesman of Defence Minister Ivo Rota", "speaker")],
        ),
        # Documents and their issuers.
        ("“The airspace stays closed,” the communiqué states.", [("the communiqué", "speaker")]),
        ("The member states approved the budget.", []),
        ("According to the statement released by EUFOR, the drills are over.", [("EUFOR", "speaker")]),
        # A clause after "and" has its own subject; the last name of a list before a comma is no subject.
        ("The sale angered Athens on Monday and Ankara warned of consequences.", [("Ankara", "speaker")]),
        ("The alliance, formed by Mali, Chad and Niger, announced a joint force.", []),
        # Sources that cannot speak, and verbs that do not report.
        ("The deal highlights the ministry's efforts to modernise the fleet.", []),
        ("We found the contract in a decree from 2023.", []),
        ("The inquiry found that the radar had failed.", [("The inquiry", "speaker")]),
        ("Opponents have raised concerns over the cost of the jets.", [("Opponents", "speaker")]),
        ("The build-up near the border has raised fears of a clash.", []),
    ],
)
def test_forms_found_in_published_news(sentence, expected):
    assert sources(sentence) == expected
