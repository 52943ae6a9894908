"""Attribution forms found on real articles credited by hand (outside the repo), on sentences written here:
diplomatic protests, blame, link lines, relays through an agency and names the tokenizer used to break."""

import pytest
from attribution_helpers import sources

from model.attribution import attribute, resolve_article


def _resolved(sentences):
    """The attributions of an article's sentences, resolved across the article."""
    return resolve_article([attribute(s) for s in sentences], sentences)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A protest told to its addressee, lodged or filed, or made "at" an event.
        ("Tarsk protests to Valmar about naval drills near the islands", [("Tarsk", "speaker")]),
        ("Tarsk has protested at drills involving the new rockets this month.", [("Tarsk", "speaker")]),
        ("Tarsk has complained to the Valmar ambassador over the planned drills.", [("Tarsk", "speaker")]),
        (
            "Last month, Tarsk lodged a protest with Valmar after a survey ship entered its waters.",
            [("Tarsk", "speaker")],
        ),
        ("Tarsk files protest with Valmar as tensions rise", [("Tarsk", "speaker")]),
        ("Ostrava opens its airfield to allied jets as Tarsk protests", [("Tarsk", "speaker")]),
        (
            "Tarsk has summoned the Valmar envoy and protested to Ostrava after accusing Valmar of moving tanks.",
            [("Tarsk", "speaker")],
        ),
        # ... but a protest in the street, or the noun, credits nobody.
        ("Residents protested at the gate of the base.", []),
        ("The base was built despite Tarskian protests.", []),
        ("Ministers were replaced after months of protests by farmers.", []),
        ("Tarsk plans to file a protest.", []),
        ("The company filed a lawsuit over the contract.", []),
        # Blame is a claim, unless it names an event told before ("which Tarsk blamed on ...").
        ("The Guard blamed the navy for the collision.", [("The Guard", "speaker")]),
        ("The blast, which Tarsk blamed on saboteurs, cut power to the port.", []),
        ("The talks stalled, with both sides trading blame.", []),
        # Verbs that report: "affirmed", "refute", "mentioned on Wednesday that", "suspected that".
        (
            "The defence ministry affirmed that its ships were exercising lawfully.",
            [("The defence ministry", "speaker")],
        ),
        (
            'The Valmar Defence Forces refute this: "The jets had no flight plans."',
            [("The Valmar Defence Forces", "speaker")],
        ),
        (
            "The prime minister mentioned Wednesday that the country would decide within weeks.",
            [("The prime minister", "speaker")],
        ),
        ("Investigators also suspected that foreign agents were involved.", [("Investigators", "speaker")]),
        ('Officers from both navies agree on "steps to avoid incidents" at sea.', []),
        ("Police arrested two suspected smugglers near the port.", []),
        # A reply "with their own version", and a participle "stating that".
        ("The authorities responded with their own version of the incident.", [("The authorities", "speaker")]),
        (
            "The administration has defended the deal, stating that it only sells defensive arms.",
            [("The administration", "speaker")],
        ),
        # An answer told after "by", a vow without "that", a day's statement.
        (
            "The foreign ministry responded to the Valmar-Ostrava pact by warning that Tarsk would not stand idle.",
            [("The foreign ministry", "speaker")],
        ),
        ("Tarsk responded to the raid by shelling the border posts.", []),
        ("The ministry vowed there would be consequences for the plotters.", [("The ministry", "speaker")]),
        ("Lind repeated yesterday's statement by the fleet command.", [("Lind", "speaker")]),
        # The medium between a subject and its verb is no part of the subject.
        (
            "The Guard in a statement on its official website said the claims were false.",
            [("The Guard", "speaker")],
        ),
        ("The ministry in a statement on Monday warned of reprisals.", [("The ministry", "speaker")]),
        # A place named in a relative clause is no claim.
        (
            "The ship sailed into waters near the shoal, which Tarsk calls Red Island, the coast guard said.",
            [("the coast guard", "speaker")],
        ),
        ("The drills, which Tarsk called a provocation, ended on Friday.", [("Tarsk", "speaker")]),
        (
            "The ships entered waters around the islands, which Tarsk calls the Red Rocks and Valmar calls the Horns, "
            "the coast guard said.",
            [("the coast guard", "speaker")],
        ),
        # A place before a colon and a whole sentence with its own verb is a dateline.
        (
            "Tokyo: Japan lodged a protest against Beijing on Friday after four armed vessels entered its waters.",
            [("Japan", "speaker")],
        ),
        # An agency that reports or cites someone "as saying" relays them; so does "which cited X".
        (
            "The claims were unfounded, the agency reported a senior diplomat as saying.",
            [("a senior diplomat", "speaker")],
        ),
        ("The agency cited the general as saying the drills were routine.", [("the general", "speaker")]),
        (
            "Tarsk is worried about the patrols, according to the state news agency, which cited envoy Ivo Lind.",
            [("envoy Ivo Lind", "speaker")],
        ),
        (
            "The drills will go ahead, according to the ministry, which cited the weather.",
            [("the ministry", "speaker")],
        ),
        # An opening "According to a statement," only carries the words of the speaker named after it.
        (
            "According to a statement, spokesperson Ivo Lind said the raid provided cover for the attack.",
            [("spokesperson Ivo Lind", "speaker")],
        ),
        ("According to a statement, the drills were routine.", [("a statement", "speaker")]),
        # Replies with manner and answers told after "by".
        ("Tarsk on Wednesday responded angrily to Valmar's arms delivery.", [("Tarsk", "speaker")]),
        ("The army would respond firmly to any provocation.", []),
        (
            "Minister Ivo Lind reacted to news of the purchase by declaring that Tarsk need not fear anyone.",
            [("Minister Ivo Lind", "speaker")],
        ),
        # "reminded", an opening "Earlier" without its comma, "have since said", "for its part".
        (
            "There is no reason to worry, Lind reminded, stressing that he wants more peacekeepers.",
            [("Lind", "speaker")],
        ),
        ("Earlier the rebel group said its forces had struck the carrier.", [("the rebel group", "speaker")]),
        ("Valmar authorities have since said that the convoy was an exercise.", [("Valmar authorities", "speaker")]),
        ("Ostrava for its part rejects the claims.", [("Ostrava", "speaker")]),
        # An aside that opens with "known for" is no part of the name.
        (
            "Lind, known for hardline rhetoric toward Valmar during his tenure as foreign minister, said Tarsk would expand.",
            [("Lind", "speaker")],
        ),
        # Plural reports claim; a refusal reported with "said he could not" credits nobody.
        ("Recent media reports claim that Tarsk is entering an arms race.", [("Recent media reports", "speaker")]),
        ("Lind said he could not confirm whether the missile crossed the zone.", []),
        ("Lind said he could not attend the meeting.", [("Lind", "speaker")]),
        (
            "A ministry spokesperson declined to specify where the drone came from, but confirmed it was armed.",
            [("A ministry spokesperson", "speaker")],
        ),
        # A title-case headline capitalises its verb; page labels credit nobody.
        ("Defence Experts Dismiss Tarsk-Valmar 'Arms Race'", [("Defence Experts", "speaker")]),
        ("Live Briefing: Tarsk's Drills Near The Border", []),
        ("Tags: Tarsk, Valmar, navy", []),
        # A record of one's own words relays them; a message from a body credits the body.
        (
            '"Peace on the border comes first," Ms Lind said, according to a transcript of her remarks.',
            [("Ms Lind", "speaker")],
        ),
        (
            "The helicopters never crossed the border, according to a Telegram message from Tarsk's defence ministry.",
            [("Tarsk's defence ministry", "speaker")],
        ),
        # "as independent states" is no "as X states".
        ("Tarsk recognised the two regions as independent states in 2008.", []),
        # Statements "heard from X" and judged untrue cite X; "Ukraine-related" is no name.
        (
            '"The statements periodically heard from Riga that Tarsk threatens it are absurd," Lind said.',
            [("Riga", "disputed"), ("Lind", "speaker")],
        ),
        ("Tarsk has repeatedly dismissed the Valmar-related accusations levelled at it.", [("Tarsk", "speaker")]),
        # From set H: a judging participle's agent, "referred to ... as", "fumed", answers after "by",
        # allegations dated before their agent, a retort at a name.
        (
            "The incident, described by Tarsk's top diplomat as a brazen incursion, came a week after the raid.",
            [("Tarsk's top diplomat", "speaker")],
        ),
        ("The minister referred to the troops at the border as foreign interference.", [("The minister", "speaker")]),
        ("The minister referred the case to the court.", []),
        ('"Tarsk flatly denies the claim," fumed Lind.', [("Lind", "speaker")]),
        ("The alliance has responded by announcing plans to add two battalions.", [("The alliance", "speaker")]),
        ("Tarsk responded by closing the border.", []),
        (
            "Tuesday's statement refuted allegations last week by press secretary Ivo Lind.",
            [("Tuesday's statement", "speaker"), ("press secretary Ivo Lind", "disputed")],
        ),
        (
            "Tarsk denied any deployment following charges earlier this week by a dozen countries.",
            [("Tarsk", "speaker")],
        ),
        ("Tarsk hit back at Valmar, saying the claims were false.", [("Tarsk", "speaker"), ("Valmar", "disputed")]),
        ("Soldiers hit back at the attackers.", []),
        ("Tarsk Denies Accusations", [("Tarsk", "speaker")]),
        # From set I: rejections with a dated, quoted or slammed owner; agencies and agreements that relay.
        (
            "Tarsk rejected recent Valmar allegations that the army had moved tanks.",
            [("Tarsk", "speaker"), ("Valmar", "disputed")],
        ),
        (
            'Tarsk on Friday rejected Ostrava\'s "baseless" allegations that its jets entered the airspace.',
            [("Tarsk", "speaker"), ("Ostrava", "disputed")],
        ),
        ("Rebels slam Valmar charges that Tarsk is arming them", [("Rebels", "speaker"), ("Valmar", "disputed")]),
        ("Ostrava has decried recent Tarsk moves near the islands.", [("Ostrava", "speaker")]),
        (
            "Tarsk alleges that the army's aim is to seize the north, a claim strongly denied by Ostrava.",
            [("Tarsk", "speaker"), ("Ostrava", "speaker")],
        ),
        (
            "The army moved two brigades to the border, something the ministry has repeatedly denied.",
            [("the ministry", "speaker")],
        ),
        (
            "Minsk said that according to the agreements, observers should attend any large drill.",
            [("Minsk", "speaker")],
        ),
        (
            "According to Tarsk's state news agency, the sources said the ministry was following the reports.",
            [("the sources", "speaker")],
        ),
        (
            'Reuters quoted Valmar\'s foreign ministry spokesperson, Oleg Lind, saying: "The drones fell near the port."',
            [("Oleg Lind", "speaker")],
        ),
        (
            "Sources in the defence ministry were on Thursday quoted as having warned of dangerous consequences.",
            [("Sources in the defence ministry", "speaker")],
        ),
        # Who is said to spread lies has a claim rejected (test_attribution_rebuttal_forms.py).
        (
            "He went on to say that the other side was spreading lies.",
            [("He", "speaker"), ("the other side", "disputed")],
        ),
        # A claim its owner "has not denied" names no denier.
        ("Tarsk said Valmar moved tanks, a claim Valmar has not denied.", [("Tarsk", "speaker")]),
        ("Tarsk said Valmar moved tanks, something Valmar has not denied.", [("Tarsk", "speaker")]),
        ("Tarsk said Valmar moved tanks, a claim not denied by Ostrava.", [("Tarsk", "speaker")]),
        # From set K: a denial dated by its adverbs after a dash, "alleged claims", long official names.
        (
            "A commission concluded the ship was sunk by a torpedo -- a charge Tarsk has always angrily denied.",
            [("A commission", "speaker"), ("Tarsk", "speaker")],
        ),
        (
            'Defence Minister Ivo Lind said the North\'s alleged claims were "absolutely not true."',
            [("Defence Minister Ivo Lind", "speaker"), ("the North", "disputed")],
        ),
        (
            "The spokesperson of the General Staff of the Army of the Republic of Tarsk, Ivo Lind, said the drill went well.",
            [("Ivo Lind", "speaker")],
        ),
        # More from set K: "As per", two-word datelines, quoted adjectives, double-hyphen asides.
        ("As per the news agency, the army crossed the line.", [("the news agency", "speaker")]),
        (
            'As per the news agency, in a statement, Lind said: "Our defence is strong."',
            [("Lind", "speaker")],
        ),
        (
            "New Delhi: Saying that it always stays on its side of the line, Tarsk has dismissed the reports.",
            [("Tarsk", "speaker")],
        ),
        ("Ceasefire Violation: Tarsk rejects \u2018baseless\u2019 allegations", [("Tarsk", "speaker")]),
        (
            "The army said the targets were fighters whose identities were confirmed by drone.",
            [("The army", "speaker")],
        ),
        ("The purchase was denounced by them as a step towards war.", [("them", "speaker")]),
        ('"Valmar is fighting us," Lind -- who is known as the General -- said in a video.', [("Lind", "speaker")]),
        ("He guaranteed that the forces will defend the border.", [("He", "speaker")]),
        (
            'According to a local report, Lind also said, "The two sides have a hotline."',
            [("Lind", "speaker")],
        ),
        # Names: "S. Korea", "N. Korea", ", Jr.".
        (
            "S. Korea rejects N. Korea's claim of artillery firing near the border",
            [("S. Korea", "speaker"), ("N. Korea", "disputed")],
        ),
        (
            "In Manila, the army's chief of staff, Gen. Romeo Lanza Jr., said the incident was still under review.",
            [("Gen. Romeo Lanza Jr.", "speaker")],
        ),
        # A line that links to another story credits nobody; a caption's "Photograph:" neither.
        ("Read more: Tarsk puts troops on alert, Valmar says the regime is nervous", []),
        ("Photograph: Ivo Lind/Tarsk Agency", []),
        ("Analysis: Tarsk says the drills are a threat", [("Tarsk", "speaker")]),
    ],
)
def test_protest_and_relay_forms(sentence, expected):
    assert sources(sentence) == expected


def test_a_denial_with_the_quote_closing_on_its_verb_disputes_the_earlier_accuser():
    sentences = [
        "Tarsk accused Valmar of moving tanks to the border.",
        "Valmar's defence ministry said it \u201ccategorically denies\u201d the accusations.",
    ]
    resolved = _resolved(sentences)
    assert [(a["source"], a["role"]) for a in resolved[1]] == [
        ("Valmar's defence ministry", "speaker"),
        ("Tarsk", "disputed"),
    ]


def test_us_in_capitals_is_the_country_not_a_pronoun():
    sentences = ["Tarsk dismisses US claim of harassment in the strait"]
    resolved = _resolved(sentences)
    assert [(a["source"], a["role"], a.get("resolved_from")) for a in resolved[0]] == [
        ("Tarsk", "speaker", None),
        ("US", "disputed", None),
    ]


def test_a_capitalised_guard_is_a_body_that_it_stands_for():
    sentences = [
        "The Tarsk Coast Guard said the Valmar boat had entered its waters.",
        "It said its ships had acted lawfully.",
    ]
    resolved = _resolved(sentences)
    assert resolved[1][0]["source"] == "The Tarsk Coast Guard"


def test_a_person_named_beside_a_speaker_is_known_for_a_later_he():
    sentences = [
        "The Guard blamed the navy for the clash after press secretary Ivo Lindqvist accused it of reckless moves.",
        "Lindqvist on Monday laid out his accusations.",
        "The boats, he said at a briefing, came within 50 metres.",
    ]
    resolved = _resolved(sentences)
    assert resolved[0][0]["source"] == "The Guard"
    assert resolved[2][0]["source"] == "secretary Ivo Lindqvist"
    assert resolved[2][0]["resolved_from"] == "he"


def test_a_bare_title_names_the_person_who_holds_it():
    sentences = [
        '"The border is calm," President Ivo Lindqvist said in a video.',
        "Tarsk's navy said it had seen no build-up.",
        '"We will keep investing in defence," the president said on Sunday.',
        '"The drills are routine," the spokeswoman said.',
    ]
    resolved = _resolved(sentences)
    (president,) = resolved[2]
    assert (president["source"], president["resolved_from"]) == ("President Ivo Lindqvist", "the president")
    # Nobody named before holds the title: the description stays as it is.
    assert [(a["source"], a.get("resolved_from")) for a in resolved[3]] == [("the spokeswoman", None)]


def test_refuting_this_disputes_the_claim_just_told():
    sentences = [
        "Tarsk said the Valmar jets had entered its airspace.",
        'The Valmar Defence Forces refute this: "The jets never left international airspace."',
    ]
    resolved = _resolved(sentences)
    assert [(a["source"], a["role"]) for a in resolved[1]] == [
        ("The Valmar Defence Forces", "speaker"),
        ("Tarsk", "disputed"),
    ]


def test_a_bare_title_names_the_person_an_apposition_gave_it_to():
    sentences = [
        "Ivo Lindqvist, spokesperson of the Tarsk foreign ministry, declined to give details.",
        "The spokesperson said the border troops were handling the matter.",
    ]
    resolved = _resolved(sentences)
    (item,) = resolved[1]
    assert (item["source"], item["resolved_from"]) == ("Ivo Lindqvist", "The spokesperson")


def test_a_person_named_beside_a_relayed_claim_does_not_take_the_next_he():
    sentences = [
        "Tarsk Defence Minister Ivo Lind claimed Valmar is arming the islands.",
        "He called on his Valmar counterpart Minister Jan Berg to disarm them, the state news agency said.",
        '"The islands must stay demilitarised," he was quoted as telling the agency.',
    ]
    resolved = _resolved(sentences)
    assert resolved[2][0]["source"] == "Tarsk Defence Minister Ivo Lind"


def test_rejecting_it_disputes_the_claim_just_told():
    sentences = [
        "Tarsk Defence Minister Ivo Lind claimed Valmar is arming the islands.",
        "The Valmar spokesman rejected it saying Valmar was exercising its rights.",
    ]
    resolved = _resolved(sentences)
    assert [(a["source"], a["role"]) for a in resolved[1]] == [
        ("The Valmar spokesman", "speaker"),
        ("Tarsk Defence Minister Ivo Lind", "disputed"),
    ]


def test_denying_this_information_disputes_the_claim_just_told():
    sentences = [
        "Tarsk said Valmar units had shelled its positions.",
        '"We categorically deny this information," the ministry said.',
    ]
    resolved = _resolved(sentences)
    assert [(a["source"], a["role"]) for a in resolved[1]] == [("the ministry", "speaker"), ("Tarsk", "disputed")]


def test_saying_that_the_information_was_not_correct_disputes_the_report_before():
    sentences = [
        "A Valmar paper reported that the garrison would grow.",
        "Lind told journalists on Monday that the information was not correct.",
    ]
    assert [(a["source"], a["role"]) for a in _resolved(sentences)[1]] == [
        ("Lind", "speaker"),
        ("A Valmar paper", "disputed"),
    ]


def test_bare_reports_judged_baseless_dispute_the_claim_before():
    sentences = [
        "Pentagon spokesman Ivo Lind said rockets were fired at the ship.",
        '"Reports that allege that rockets targeted ships off the coast are baseless," the official said.',
    ]
    assert [(a["source"], a["role"]) for a in _resolved(sentences)[1]] == [
        ("the official", "speaker"),
        ("Pentagon spokesman Ivo Lind", "disputed"),
    ]


def test_he_is_no_one_of_a_group():
    sentences = [
        "Two Tarsk soldiers were wounded in the attack.",
        "Maj Gen Ivo Lind, spokesperson for the army, dismissed the remarks.",
        "Tarsk, he stressed, has clear evidence.",
    ]
    assert _resolved(sentences)[2][0]["source"].startswith("Maj Gen Ivo Lind")
