"""Attribution forms from real pages (sixteenth stop): dashes, lists, labels, acts, judged claims; own sentences."""

import pytest
from attribution_helpers import sources

from model.sentences import split_sentences


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A dash closes an unquoted statement as a quotation mark would; a dateline's dash closes nothing.
        (
            "No neighbour should feel threatened by the new brigade – said Minister Ivo Marek today.",
            [("Minister Ivo Marek", "speaker")],
        ),
        ("The stronger our army, the longer the peace will last – said the minister.", [("the minister", "speaker")]),
        ("DORNO — Fears were voiced in the capital about the build-up near the river.", []),
        # Where it was said is no part of the speaker.
        (
            '"The army will not cross the river," said the Tarsk ministry in a statement.',
            [("the Tarsk ministry", "speaker")],
        ),
        (
            "Four patrol boats entered the zone at dawn, said the 3rd Coast Guard Command in Dorno, Lake Province.",
            [("the 3rd Coast Guard Command in Dorno", "speaker")],
        ),
        ('"We are ready," said the head of the army in Dorno, General Ivo Marek.', [("General Ivo Marek", "speaker")]),
        # A date between commas after the subject, and an opening month, are times, not names.
        (
            "The Department of Defence (DOD) on Saturday, Nov. 8, criticized Tarsk for the drills.",
            [("The Department of Defence (DOD)", "speaker")],
        ),
        ("In June Valmar accused Tarsk of planning an assault.", [("Valmar", "speaker")]),
        (
            "The rebels seized two towns and in June Valmar accused Tarsk of planning an assault.",
            [("Valmar", "speaker")],
        ),
        (
            "The Valmar Defence Ministry twice stated that Tarsk units were massing.",
            [("The Valmar Defence Ministry", "speaker")],
        ),
        (
            "The Defence Ministry of Valmar also claims that the army is ready.",
            [("The Defence Ministry of Valmar", "speaker")],
        ),
        # Quoted by a document, with an aside after the name.
        (
            '"No new units have arrived," the statement quoted Colonel Lena Brandt, a border commander, as saying.',
            [("Colonel Lena Brandt", "speaker")],
        ),
        (
            '"The claims are false and reckless," General Ivo Marek posted on Twitter.',
            [("General Ivo Marek", "speaker")],
        ),
        ("The army posted a video of the drills.", []),
        # Plural present verbs report before their clause or at the sentence's end, not with an object.
        ("Valmar police emphasise that the patrols near the crossing are routine.", [("Valmar police", "speaker")]),
        ("The crossing reopens to traffic, Valmar police confirm.", [("Valmar police", "speaker")]),
        ("Domestic politics explain part of the timing.", []),
        # What a demand asks someone to say is not what they said.
        ("The minister demanded that Tarsk explain why it was arming the rebels.", [("The minister", "speaker")]),
        # Closing verbs, gap pronouns and objects named before their subject.
        ("As a result, 79 soldiers were killed, the ministry detailed.", [("the ministry", "speaker")]),
        ("The ministry detailed the losses.", []),
        ("Valmar's navy routinely holds war games it says are aimed at readiness.", [("Valmar's navy", "speaker")]),
        (
            'The drills went on for a week, exercises the Tarsk government called a "provocation."',
            [("the Tarsk government", "speaker")],
        ),
        ('Tarsk held a large military display called "Shield" near the capital.', []),
        ('The minister lauded the deployment as a "clear signal of solidarity".', [("The minister", "speaker")]),
        ("The ministry recommended that citizens rely on official sources.", [("The ministry", "speaker")]),
        ('"Together we are strong!" reads the general\'s publication.', [("the general's publication", "speaker")]),
        # Acts and refusals credit nobody.
        ("The minister called a meeting of the council.", []),
        (
            "The armed forces called a press conference on Friday to say the inquiry had begun.",
            [("The armed forces", "speaker")],
        ),
        ("The minister called the meeting a waste of time.", [("The minister", "speaker")]),
        ("On Wednesday, Lind had told Reuters he could neither confirm nor deny the arrival of the fighters.", []),
        ("The Tarsk-linked militia’s reported arrival in the port appears to be the second wave.", []),
        # Land a state "views as its own" is no claim; a threat "to its territory" is a judgement.
        ("Ostrava, which Tarsk views as its own territory, complained.", [("Ostrava", "speaker")]),
        ("Tarsk regards the drills as a threat to its territory.", [("Tarsk", "speaker")]),
    ],
)
def test_speakers_in_page_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A denial answered by another side keeps both speakers (GUIDELINES: a claim and its denial).
        (
            "The Tarsk Defence Ministry has point-blank denied the allegations, but Valmar's foreign minister said "
            "on Friday that more evidence would follow.",
            [("The Tarsk Defence Ministry", "speaker"), ("Valmar's foreign minister", "speaker")],
        ),
        (
            "Relations soured after the revolt, with Valmar accusing Tarsk of arming the rebels and Tarsk denying the claims.",
            [("Valmar", "speaker"), ("Tarsk", "speaker")],
        ),
        ("Ostrava: Tarsk drones crossed the river; Tarsk denies", [("Ostrava", "speaker"), ("Tarsk", "speaker")]),
        # Claims judged false in other words.
        (
            "Officials in Ostrava have disproved a statement made in Tarsk about a column of tanks near the pass.",
            [("Officials in Ostrava", "speaker"), ("Tarsk", "disputed")],
        ),
        (
            'The ministry denied the incursion, calling the Tarsk allegations "far-fetched."',
            [("The ministry", "speaker"), ("Tarsk", "disputed")],
        ),
        ("The ministry called Tarsk claims baseless.", [("The ministry", "speaker"), ("Tarsk", "disputed")]),
        (
            "The agency said that Tarsk's information is untrue and aimed at misleading the public.",
            [("The agency", "speaker"), ("Tarsk", "disputed")],
        ),
        (
            "The ministry said on Monday that the statement of Tarsk's Foreign Ministry did not correspond to the facts.",
            [("The ministry", "speaker"), ("Tarsk's Foreign Ministry", "disputed")],
        ),
        (
            "The ministry described the Tarsk statement as disinformation.",
            [("The ministry", "speaker"), ("Tarsk", "disputed")],
        ),
        (
            "Valmar strongly denied that it had supplied rockets to the rebels as alleged by Tarsk and Ostrava.",
            [("Valmar", "speaker"), ("Tarsk and Ostrava", "disputed")],
        ),
        (
            '"The army cannot turn on its own citizens as portrayed by Human Rights Watch allegations," said General Ivo Marek.',
            [("Human Rights Watch", "disputed"), ("General Ivo Marek", "speaker")],
        ),
        (
            "The Valmar Defence Ministry issued a reaction on Monday refuting reports in some Tarsk media.",
            [("The Valmar Defence Ministry", "speaker"), ("some Tarsk media", "disputed")],
        ),
        (
            'The spokesman dismissed a "politically motivated" story about seized rifles.',
            [("The spokesman", "speaker")],
        ),
        # Whom a claim is about is no source.
        ("The army rejected the allegations of prisoners being mistreated at the camp.", [("The army", "speaker")]),
        (
            'The minister denounced as "false" the remarks of Valmar President Ivo Marek regarding the troops.',
            [("The minister", "speaker"), ("Valmar President Ivo Marek", "disputed")],
        ),
    ],
)
def test_disputed_sources_and_both_sides(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Quotation marks: a single quote after an "s" closes before punctuation, and is an apostrophe before a noun.
        (
            "Tarsk drills near the lake 'raise the risk of incidents', Valmar warns as the alliance prepares",
            [("Valmar", "speaker")],
        ),
        ("'We respect the soldiers' families', the minister said.", [("the minister", "speaker")]),
        ("Ministry denies claims that Tarsk`s envoy promised rifles", [("Ministry", "speaker")]),
        # Headlines: a number after the colon, section labels in capitals, topic labels and closing credits.
        ("Alliance chief: 4 battalions going to the northern border", [("Alliance chief", "speaker")]),
        ("Lind in Dorno: 29 agreements signed", []),
        ("CRISIS IN THE NORTH: Valmar set to buy tanks from Ostrava", []),
        ("Valmar-Tarsk: Tarsk denies massing troops on border", [("Tarsk", "speaker")]),
        ("Army Deployment on Border: Valmar protests, asks for explanation", [("Valmar", "speaker")]),
        ("Minister of Defence: officials say the drills are routine", [("Minister of Defence", "speaker")]),
        ("Tarsk's Army Begins Exercises Near the Lake - Defense Ministry", [("Defense Ministry", "speaker")]),
        ("The score was 3 - 1 in the end", []),
    ],
)
def test_quotation_marks_and_headlines(sentence, expected):
    assert sources(sentence) == expected


def test_a_site_name_with_a_run_in_period_does_not_end_the_sentence():
    text = 'Lind called the report "disinformation," Novi.Az reports. The army was ready.The ministry said so.'
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == [
        'Lind called the report "disinformation," Novi.Az reports.',
        "The army was ready.",
        "The ministry said so.",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Lists of bodies with "the" credit each; a list of names stays one source (GUIDELINES).
        (
            "The Valmar army's office, the Tarsk government, and the Ostrava militia denied reports of strikes.",
            [
                ("The Valmar army's office", "speaker"),
                ("the Tarsk government", "speaker"),
                ("the Ostrava militia", "speaker"),
            ],
        ),
        ("Tarsk, Valmar and Ostrava denied the reports.", [("Tarsk, Valmar and Ostrava", "speaker")]),
        (
            "The declaration, the three governments said at the time, is directed against no one.",
            [("the three governments", "speaker")],
        ),
        (
            "Vice-President Ivo Lind and General Ana Marek both said a base would breach the constitution.",
            [("Vice-President Ivo Lind and General Ana Marek", "speaker")],
        ),
        # Clauses after "and", and a headline's second verb after a comma.
        (
            "The exercise ends this week and the Valmar Defence Forces say that could slow traffic.",
            [("the Valmar Defence Forces", "speaker")],
        ),
        (
            "Tarsk staged war games in August, and on Saturday it condemned Valmar for a new arms law.",
            [("it", "speaker")],
        ),
        ("Tarsk strikes rebel targets for a third day, denies deploying ground troops", [("Tarsk", "speaker")]),
        ('Valmar army chief visits troops at the border, says units "ready"', [("Valmar army chief", "speaker")]),
        ("Tarsk denies stand-off on the ridge, says troops on its side of border", [("Tarsk", "speaker")]),
        ("The jets will arrive in May, said officials in Tarsk.", [("officials in Tarsk", "speaker")]),
        # Threats and vows with their object, claims as nouns, and a document that speaks.
        ("The North vows a strong military response to the drills each year.", [("The North", "speaker")]),
        ("The drills come after Tarsk threatened to launch missiles toward the island.", [("Tarsk", "speaker")]),
        (
            "Valmar and Tarsk began drills amid threats from Ostrava that they could spark a war.",
            [("Ostrava", "speaker")],
        ),
        ("Valmar boosts defences amid threats from Tarsk.", []),
        (
            'For his part, army spokesman Colonel Ivo Marek turned down the "baseless accusations".',
            [("army spokesman Colonel Ivo Marek", "speaker")],
        ),
        ("Valmar turned down the offer of new jets.", []),
        (
            '"It is crazy; this is not the case," Valmar\'s Defence Minister, Ana Lind, commented.',
            [("Valmar's Defence Minister, Ana Lind", "speaker")],
        ),
        (
            "Journalists obtained the classified Valmar report, which alleged that Tarsk had sold arms.",
            [("Valmar report", "speaker")],
        ),
        ("Tarsk struck the depot, which denied involvement.", []),
        ("In a series of tweets, General Lind said that the reports were untrue.", [("General Lind", "speaker")]),
        ("Reports over the weekend had said a meeting was set for Monday.", [("Reports", "speaker")]),
        ("Tarsk claims nearly all of the lake, though Valmar claims parts of it.", []),
        (
            "Rockets will increase the region's security - Valmar defense minister in Ostrava",
            [("Valmar defense minister", "speaker")],
        ),
    ],
)
def test_lists_headline_verbs_and_vows(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("U.S. Denies Tarsk Claim it is Arming Valmar Rebels", [("U.S.", "speaker"), ("Tarsk", "disputed")]),
        (
            "The Valmar government denied a claim made by its Tarsk counterpart alleging a violation of its airspace.",
            [("The Valmar government", "speaker"), ("its Tarsk counterpart", "disputed")],
        ),
        ('"I am not in charge of the intelligence service, but I must be informed," said Lind.', [("Lind", "speaker")]),
        ("One side sought to establish its claims by constructing structures on the ridge.", []),
    ],
)
def test_owners_of_claims_and_what_is_no_owner(sentence, expected):
    assert sources(sentence) == expected
