"""Attribution forms found on real denial and defence pages labelled by hand (outside the repo), on sentences
written here: falsehoods told by a named party, progressive "as X are claiming", a judge's view given as a
participle's agent, "quick to" reports, documents that "read", datelines with a country, denials that answer a named
report, and in whole articles "the group" or "the statement" that repeats a source named before."""

import pytest
from attribution_helpers import sources

from model.attribution import attribute, resolve_article


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Whoever is said to spread lies or misinformation has a claim rejected.
        (
            "The general said the Tarsk ministry had given misinformation about the flight.",
            [("The general", "speaker"), ("the Tarsk ministry", "disputed")],
        ),
        (
            "The minister said Valmar was spreading lies about the convoy.",
            [("The minister", "speaker"), ("Valmar", "disputed")],
        ),
        (
            "Ostrava is making groundless accusations, the spokesman said.",
            [("Ostrava", "disputed"), ("the spokesman", "speaker")],
        ),
        (
            "He said the opposition had made false claims about the drills.",
            [("He", "speaker"), ("the opposition", "disputed")],
        ),
        # A claim called lies, a fabrication or a hoax is rejected as well.
        (
            "The ministry said Valmar's claims about the convoy were lies.",
            [("The ministry", "speaker"), ("Valmar", "disputed")],
        ),
        (
            "The army said the Orlik Daily report was a fabrication.",
            [("The army", "speaker"), ("Orlik Daily", "disputed")],
        ),
        # ... but not a self-defence or a campaign; in the passive, the agent spreads them.
        ("Tarsk is not spreading lies, the envoy insisted.", [("the envoy", "speaker")]),
        ("A campaign spreading lies about the army has reached millions.", []),
        ("The rumours were spread by local media.", [("local media", "disputed")]),
        # "as X are claiming" after a rejected frame cites X to reject it.
        (
            "The patrol was not a provocation, as officials in Tarsk are claiming.",
            [("officials in Tarsk", "disputed")],
        ),
        (
            "He insisted the build-up was a deterrent, not a hostile act, as Ostrava and Valmar are claiming.",
            [("He", "speaker"), ("Ostrava and Valmar", "disputed")],
        ),
        # A judge's view given as the agent of a participle.
        (
            "Three drones crossed the line on Friday, a move seen by Ostrava as a deliberate provocation.",
            [("Ostrava", "speaker")],
        ),
        (
            "The exercise, considered by Tarsk to be a rehearsal for an invasion, ends on Monday.",
            [("Tarsk", "speaker")],
        ),
        ("The visit, seen by many as a snub, lasted an hour.", []),
        # "quick to" reports, unless the verb's object is the relative clause's gap.
        ("Officials in Ostrava were quick to condemn the flights.", [("Officials in Ostrava", "speaker")]),
        ("The ministry was swift to deny that any jet had crossed the line.", [("The ministry", "speaker")]),
        (
            "Tarsk praised the drills a year ago, a contradiction opposition papers were quick to point out.",
            [("Tarsk", "speaker")],
        ),
        ("The army is quick to respond to any incursion.", []),
        # Present-tense protest and welcome verbs report, like their past forms.
        ("Tarsk and Valmar condemn the drills in a joint statement.", [("Tarsk and Valmar", "speaker")]),
        ("Baltic capitals welcome decision to keep allied troops", [("Baltic capitals", "speaker")]),
        # "hinted" reports before a clause, not before "at".
        ("Valmar officials have hinted that more troops could follow.", [("Valmar officials", "speaker")]),
        ("Tarsk had for years hinted at buying new fighters.", []),
        # A document that "reads" before a quote or after one.
        ('"Two soldiers were wounded in the attack," the statement reads.', [("the statement", "speaker")]),
        ("The general spoke in a statement read on state television.", []),
        # A city in capitals and its country are a dateline, not a headline's speaker.
        (
            "OSTRAVA, Tarsk: The government will cut the garrison by half, the defence ministry said on Tuesday.",
            [("the defence ministry", "speaker")],
        ),
        # A denial that answers a named report cites its outlet to reject it.
        (
            "The minister denied any plans to close the base, despite reports from the Tarsk Herald.",
            [("The minister", "speaker"), ("the Tarsk Herald", "disputed")],
        ),
        (
            "The minister denied any plans to close the base, despite recent reports by the Tarsk Herald.",
            [("The minister", "speaker"), ("the Tarsk Herald", "disputed")],
        ),
        ("The base was built despite reports from engineers about the soil.", []),
        ("The ministry denied the drills had been cut despite protests from residents.", [("The ministry", "speaker")]),
        # A claim denies nothing: a passive headline credits nobody.
        ("Claims rejected", []),
        # Verbs that come first after a quotation.
        ('"We reject the claims," underlined Marek.', [("Marek", "speaker")]),
        ('"The drills are routine," underscored the minister.', [("the minister", "speaker")]),
        # A date with an abbreviated or spelled-out month between subject and verb.
        ("Tarsk on Nov. 12 denied it was moving troops to the border.", [("Tarsk", "speaker")]),
        ("Tarsk on November 12 denied it.", [("Tarsk", "speaker")]),
        (
            "The ministry's spokesman, Brig. Gen. Ivo Marek, said the jets had landed.",
            [("Brig. Gen. Ivo Marek", "speaker")],
        ),
        # Silence is no rejection, and "said it had no comment" is a refusal.
        ("There was no immediate reaction from the Tarsk government.", []),
        ("The Tarsk ministry could not be reached for comment on Valmar's claim.", []),
        ("The Tarsk embassy said it had no comment on the report.", []),
        ("The ministry said it had no information about the drones.", [("The ministry", "speaker")]),
        (
            "Tarsk responded to the accusations from Valmar by calling them baseless.",
            [("Tarsk", "speaker"), ("Valmar", "disputed")],
        ),
        # A claim made or voiced by someone, in the passive.
        ("The claims were made by rebel leader Ivo Marek on Monday.", [("rebel leader Ivo Marek", "speaker")]),
        (
            "The allegation that Tarsk had bought drones was voiced by the national security adviser in July.",
            [("the national security adviser", "speaker")],
        ),
        ("The drones were made by a Tarsk company.", []),
        ("Fears were voiced over the pressure on Tarsk by its neighbours.", []),
        # A diplomatic mission speaks; "any reports" is no subject; land "claimed by" X is no statement.
        (
            "The Tarsk diplomatic mission suggested that the article was a provocation.",
            [("The Tarsk diplomatic mission", "speaker")],
        ),
        (
            "The army stressed that any reports that rebels fled to Tarsk were propaganda.",
            [("The army", "speaker")],
        ),
        ("The island is not part of the territories claimed by Tarsk, he said.", [("he", "speaker")]),
        ("The drones did not fly on the dates claimed by Valmar.", [("Valmar", "disputed")]),
        # Statements that speak for both sides.
        (
            "No details were made public, but the chiefs discussed closer ties, statements from both sides said.",
            [("statements from both sides", "speaker")],
        ),
        # A parenthesis closes the subject before a time; "as X claimed on Thursday" after a negation.
        (
            "The Tarsk Coast Guard (TCG) on Thursday said the ships would stay.",
            [("The Tarsk Coast Guard (TCG)", "speaker")],
        ),
        (
            "It said Tarsk never made the commitment to withdraw, as Valmar claimed on Thursday.",
            [("It", "speaker"), ("Valmar", "disputed")],
        ),
        # A named account judged false after it; a quoted rejecting word or "an" before the name.
        (
            'A coalition spokesman said the Al Tarsk account was "fake and deceptive".',
            [("A coalition spokesman", "speaker"), ("Al Tarsk", "disputed")],
        ),
        ("The Tarsk claims were not false, the minister said.", [("the minister", "speaker")]),
        (
            "The coalition dismissed an Al Tarsk claim that it had struck the capital.",
            [("The coalition", "speaker"), ("Al Tarsk", "disputed")],
        ),
        ("Tarsk denies 'unfounded' Valmar claims of a build-up", [("Tarsk", "speaker"), ("Valmar", "disputed")]),
        # Interest in buying is a wish; concern is a claim.
        ("Tarsk has long expressed interest in buying the new frigates.", []),
        ("Tarsk expressed concern over the drills.", [("Tarsk", "speaker")]),
        # Media that own denied reports, and who is said to spread allegations.
        (
            "The spokesman denied the Tarsk media reports, saying no weapons were exported.",
            [("The spokesman", "speaker"), ("Tarsk media", "disputed")],
        ),
        (
            "The spokeswoman said the allegations about drone sales were spread by Tarsk media.",
            [("The spokeswoman", "speaker"), ("Tarsk media", "disputed")],
        ),
        ("The leaflets were spread by the army over the town.", []),
        # Title-case headline verbs; a closing credit in lower case; "reassured that".
        ("Tarsk Calls Valmar Actions in the Strait a 'Serious Escalation'", [("Tarsk", "speaker")]),
        ("Tarsk Blames Valmar for Ceasefire Violations on the Border", [("Tarsk", "speaker")]),
        ("Tarsk purchase of new gear is for self-defence: deputy minister", [("deputy minister", "speaker")]),
        ("The Tarsk army reassured that the truce remains intact.", [("The Tarsk army", "speaker")]),
        ("Their presence reassures citizens that war will not return.", []),
        # A rejection that is itself negated rejects nothing.
        ("Sources in the army did not refute the Valmar ministry's statement on the pullback.", []),
        ("The army denied the Valmar report.", [("The army", "speaker"), ("Valmar", "disputed")]),
        # Acts, not claims: asserting sovereignty; "announced" as a participle; a headline's "told to".
        (
            "President Ivo Marek said the navy would not respond in kind, as Tarsk asserts its sovereignty.",
            [("President Ivo Marek", "speaker")],
        ),
        ("Tarsk asserted that the sea was its own.", [("Tarsk", "speaker")]),
        ("The pact announced in September is meant to deepen cooperation.", []),
        ("The army announced on Monday that it had finished the drills.", [("The army", "speaker")]),
        ("Tarsk air force told 'not to escalate' Valmar air dispute", []),
        ("Tarsk army told to withdraw from the border", []),
        ("The statement comes in response to recent reports of violations along the line.", []),
        # A negated passive report credits nobody.
        ("The potential deal was not confirmed by Tarsk officials.", []),
        ("The deal was confirmed by Tarsk officials.", [("Tarsk officials", "speaker")]),
        # Whoever summons an envoy to protest speaks; "never" before the verb is a negation.
        (
            "Tarsk summoned the Valmar envoy to protest the ramming of its boats.",
            [("Tarsk", "speaker")],
        ),
        ("Tarsk summoned the envoy to explain the incident.", []),
        ("However, Tarsk authorities never officially confirmed this intention.", []),
        # "several times" between auxiliary and verb; "rejection of claims made by X".
        (
            "Officials in Tarsk have several times accused Valmar of deploying troops near the border.",
            [("Officials in Tarsk", "speaker")],
        ),
        (
            "The statements follow the ministry's firm rejection of claims made on Monday by Ivo Marek, the spokesman.",
            [("Ivo Marek", "disputed")],
        ),
        # Documents that read, before or after the quotation; a place with "and" before a spaced colon.
        ('The army is on alert," the statement further read.', [("the statement", "speaker")]),
        ('The article read, "Tarsk must stay vigilant.', [("The article", "speaker")]),
        (
            "North and South Tarsk : The army on Thursday dismissed reports of a ceasefire violation.",
            [("The army", "speaker")],
        ),
        # "what it called" after an opening phrase: "it" is the subject after the phrase's comma.
        (
            "Without naming the drone, the Tarsk army published what it said were photographs of the wreck.",
            [("the Tarsk army", "speaker")],
        ),
        # An opening "A month ago" is a time, not part of the source; an aside's comma may stand before a day.
        (
            "A month ago Tarsk intelligence officials said they were looking into it.",
            [("Tarsk intelligence officials", "speaker")],
        ),
        ("Two days ago the Valmar army said the drills were over.", [("the Valmar army", "speaker")]),
        (
            "Regional leader Ivo Marek, often accused of stoking tensions, on Monday confirmed the purchase.",
            [("Regional leader Ivo Marek", "speaker")],
        ),
        # A name with a particle after a description is still the name.
        (
            "A spokesman for the coalition, Colonel Rami al-Hadi, denied that the city had come under attack.",
            [("Colonel Rami al-Hadi", "speaker")],
        ),
        # "Neither side" and "None of them" credit nobody.
        ("Neither side reported any casualties.", []),
        ("None of the officials said the drills were over.", []),
        # "despite warnings from X" overrides X's warning without calling it false ...
        ("The drills went ahead despite warnings from Tarsk.", []),
        # ... but disinformation, and news called fictitious, are rejected claims.
        (
            "The minister spoke of yet another case of disinformation by the Tarsk side.",
            [("the Tarsk side", "disputed")],
        ),
        (
            "The ministry said the news reported by Orlik media about losses was fictitious.",
            [("The ministry", "speaker"), ("Orlik media", "disputed")],
        ),
        # "with reference to X": the outlet relays X.
        (
            "This was reported by Radio Orlik with reference to the Ministry of Defence.",
            [("the Ministry of Defence", "speaker")],
        ),
        (
            "Orlik Press reports this with reference to Defence Minister Ivo Marek.",
            [("Defence Minister Ivo Marek", "speaker")],
        ),
        # "In his opinion" is the view of someone named before; "In our view" is the writer's.
        ("In his opinion, the drills are a rehearsal for an attack.", [("his", "speaker")]),
        ("In our view, the drills are routine.", []),
        # A source ends before "without"; but a minister without portfolio keeps it.
        ('"We have reinforced the border," stated Marek without saying when.', [("Marek", "speaker")]),
        (
            '"We are watching," said Tarsk Minister without portfolio Ivo Rask.',
            [("Tarsk Minister without portfolio Ivo Rask", "speaker")],
        ),
        # Rejected concerns "in" a capital are held by those there.
        (
            'Tarsk dismissed as "groundless" concerns in Valmar over its troops near the border.',
            [("Tarsk", "speaker"), ("Valmar", "disputed")],
        ),
        # A subject with a participle after it; a participle after "sought to ...".
        (
            "The coalition fighting the rebels in the south said a drone had fallen inside its territory.",
            [("The coalition fighting the rebels in the south", "speaker")],
        ),
        (
            "Lind sought to turn the tables on Tarsk, arguing that its concern hides aggressive plans.",
            [("Lind", "speaker")],
        ),
        # An opening quotation after "According to X," is X's.
        ('According to Marek, "In 2008, fighters crossed the border.', [("Marek", "speaker")]),
        # Reports called "not true" or "not accurate" are rejected, even with a phrase between.
        (
            '"Orlik media\'s alleged reports on our losses in the clash on May 28 are not true," announced the spokesman.',
            [("Orlik media", "disputed"), ("the spokesman", "speaker")],
        ),
        ("The ministry said the Orlik report was not true.", [("The ministry", "speaker"), ("Orlik", "disputed")]),
        ("The ministry said the Orlik report was true.", [("The ministry", "speaker")]),
        # A wire story's update note names no source.
        ("The drills raise tensions (Adds remarks by Lind, deputy defence minister)", []),
        # Charged with "fabrication", misleading, or offering no proof in reported speech: the claim is rejected.
        (
            'The Tarsk army has accused Valmar of "fabrication of truth" after the raid.',
            [("The Tarsk army", "speaker"), ("Valmar", "disputed")],
        ),
        (
            "Lind said Valmar officials were trying to mislead the public.",
            [("Lind", "speaker"), ("Valmar officials", "disputed")],
        ),
        ("That picture is misleading today.", []),
        (
            "He said the panel had provided no proof to support its conclusion.",
            [("He", "speaker"), ("the panel", "disputed")],
        ),
        ("The analysts warned of a takeover, though they offered no evidence.", [("The analysts", "speaker")]),
        # A quoted claim noun's agent after its closing mark; "everything claimed by X" called false.
        (
            'The general rejected what he called "self-defeating claims" by his Valmar counterpart.',
            [("The general", "speaker"), ("his Valmar counterpart", "disputed")],
        ),
        (
            '"Everything claimed by the Valmar media is an attempt to invent false victories," the movement said.',
            [("the Valmar media", "disputed"), ("the movement", "speaker")],
        ),
        # An agency that reports what X said relays X; "quoted X stating" credits X.
        (
            "The Orlik news agency reported that Defence Minister Ana Lind said the matter was closed.",
            [("Defence Minister Ana Lind", "speaker")],
        ),
        (
            "Media quoted a spokesperson for the Tarsk army stating that drones had crossed the border.",
            [("a spokesperson for the Tarsk army", "speaker")],
        ),
        # A closing mark typed where an opening one belongs leaves the reporter's words outside the quote.
        (
            "Valmar on Monday denied Tarsk's allegations that its ”saboteurs” crossed the border.",
            [("Valmar", "speaker"), ("Tarsk", "disputed")],
        ),
        # "wants" is a verb, so "wants Western guarantees" is no source.
        (
            "Tarsk denies any plans to attack but wants Western guarantees that the alliance will not grow.",
            [("Tarsk", "speaker")],
        ),
        ("NATO classified the pact as a local initiative, clarifying that it played no role.", [("NATO", "speaker")]),
        # A dateline without its dash; a quoted word before a claim noun is the claim's content, not its owner.
        (
            "TARSK Tarsk on Monday denied Valmar allegations that its ship fired a laser.",
            [("Tarsk", "speaker"), ("Valmar", "disputed")],
        ),
        ("Tarsk denies Valmar's ship laser 'intimidation' claim", [("Tarsk", "speaker"), ("Valmar", "disputed")]),
        # The question of an opening "Asked if X had ..." is nobody's claim.
        ('Asked if Valmar had rejected the briefing, Lind replied: "I am not aware of that."', [("Lind", "speaker")]),
        # One name for another is no claim.
        ("Valmar calls the Orlik Sea the East Sea.", []),
        # Urged to stop spreading falsehoods: the one urged is said to spread them.
        (
            '"We urge Valmar to stop spreading false information about Tarsk," the spokesman said.',
            [("Valmar", "disputed"), ("the spokesman", "speaker")],
        ),
        # Title-case headlines: more verbs; after a comma the verb shares the headline's subject.
        ("Tarsk Denies Deployment of Mercenaries, Says Only 'Trainers' Present", [("Tarsk", "speaker")]),
        ("Drills Are Routine, Says Tarsk Minister", [("Tarsk Minister", "speaker")]),
        ("Tarsk Confirms Ongoing Withdrawal of Peacekeeping Troops", [("Tarsk", "speaker")]),
        # An ampersand inside a name.
        (
            "The war has killed 3,900 people, according to the Armed Conflict Location & Event Data Project.",
            [("the Armed Conflict Location & Event Data Project", "speaker")],
        ),
        # "shrugged off" reports and rejects; a time before it is no part of the source.
        (
            "Foreign Minister Ivo Lind on Friday shrugged off Valmar's concerns, saying the deal was legal.",
            [("Foreign Minister Ivo Lind", "speaker"), ("Valmar", "disputed")],
        ),
        (
            "Interfax on Friday also quoted an unidentified Tarsk diplomat who said that the capital was surprised.",
            [("an unidentified Tarsk diplomat", "speaker")],
        ),
        # "charged that" and a quote closed by "X charged" report; "charged with" and "on charges" do not.
        (
            "Tarsk President Ivo Lind on Sunday charged that the deal lets troops go anywhere.",
            [("Tarsk President Ivo Lind", "speaker")],
        ),
        ('"Troops can operate anywhere," Lind charged.', [("Lind", "speaker")]),
        ("Two soldiers were charged with desertion.", []),
        ("The leaders remain on trial on charges that include terrorism.", []),
        ('"They are turning the country into a base," an outraged Lind said.', [("an outraged Lind", "speaker")]),
        # An outlet that relays a named speaker, at the start or after "X said Thursday,".
        (
            "According to Defense News on December 4, Maj. Gen. Ivo Lind stated that the region matters.",
            [("Maj. Gen. Ivo Lind", "speaker")],
        ),
        (
            '"Tarsk is peaceful," Lind said Thursday, according to The Associated Press, before adding that it is ready.',
            [("Lind", "speaker")],
        ),
        # A list of names may end in a group.
        (
            "Orlik, Tarsk and 13 European nations on Thursday condemned the deployment.",
            [("Orlik, Tarsk and 13 European nations", "speaker")],
        ),
        # An opening medium written without its comma.
        ("In a statement the ministry said the raid proved its role.", [("the ministry", "speaker")]),
        # "reported X as protesting" relays X; "accused X of exaggerating" rejects X's account.
        (
            "The state news agency reported the Foreign Ministry as protesting against the interference.",
            [("the Foreign Ministry", "speaker")],
        ),
        (
            "Tarsk has denied the allegation and has accused Valmar of exaggerating the threat.",
            [("Tarsk", "speaker"), ("Valmar", "disputed")],
        ),
        ('"This is a violation," Valmar charged in its diplomatic note.', [("Valmar", "speaker")]),
    ],
)
def test_rebuttal_forms(sentence, expected):
    assert sources(sentence) == expected


def _resolved(sentences):
    """The attributions of an article's sentences, resolved across the article."""
    return [
        [(a["source"], a["role"]) for a in items]
        for items in resolve_article([attribute(s) for s in sentences], sentences)
    ]


def test_the_group_repeats_the_body_named_before():
    sentences = ["Hezbollah has denied organizing an attack.", "The group said a house was hit by airstrikes."]
    assert _resolved(sentences) == [[("Hezbollah", "speaker")], [("Hezbollah", "speaker")]]


def test_the_group_stays_itself_after_a_body_without_a_name():
    sentences = ["The ministry said the drills were over.", "The group said it would protest."]
    assert _resolved(sentences) == [[("The ministry", "speaker")], [("The group", "speaker")]]


def test_the_statement_goes_on_quoting_whoever_issued_it():
    sentences = [
        '"We condemn the decision," the Tarsk foreign ministry said in a statement.',
        "The statement urged Valmar to return to talks.",
    ]
    assert _resolved(sentences) == [
        [("the Tarsk foreign ministry", "speaker")],
        [("the Tarsk foreign ministry", "speaker")],
    ]


def test_a_statement_not_named_before_speaks_for_itself():
    sentences = ["Tarsk said the drills were over.", "The statement urged calm."]
    assert _resolved(sentences) == [[("Tarsk", "speaker")], [("The statement", "speaker")]]


def test_he_after_a_surname_in_his_own_sentence_is_that_speaker():
    # One surname is not yet known as a person, but "he" in the speaker's own sentence is the speaker,
    # not the minister named in the sentence before.
    sentences = [
        "Defence Minister Ivo Lind visited the base.",
        '"The patrols will go on," Marek said, adding that he had called his counterpart.',
    ]
    assert _resolved(sentences) == [[], [("Marek", "speaker")]]


def test_he_after_a_body_in_its_own_sentence_looks_back():
    sentences = [
        "Defence Minister Ivo Lind visited the base.",
        "The ministry said the drills were over, and he said the troops would leave.",
    ]
    assert _resolved(sentences)[1] == [("The ministry", "speaker"), ("Defence Minister Ivo Lind", "speaker")]


def test_his_opinion_is_the_speaker_named_before():
    sentences = ["Defence analyst Ivo Marek says the island is the key to the sea.", "In his opinion, Tarsk wants it."]
    assert _resolved(sentences) == [
        [("Defence analyst Ivo Marek", "speaker")],
        [("Defence analyst Ivo Marek", "speaker")],
    ]


def test_a_name_with_a_particle_is_a_person_for_he():
    sentences = [
        "The rebels said they had hit the airport.",
        "A spokesman for the coalition, Colonel Rami al-Hadi, denied that the airport had been hit.",
        "Cited by the state news agency, he said a drone had fallen in the desert.",
    ]
    assert _resolved(sentences)[2] == [("Colonel Rami al-Hadi", "speaker")]


@pytest.mark.parametrize(
    ("full", "surname"),
    [
        ("President of Tarsk Ivo Lukan", "Lukan"),
        ("Defence Minister Ursula von der Lind", "Lind"),
        ("Foreign Minister Sami al-Rashid", "al-Rashid"),
    ],
    ids=["first-name", "particles", "joined-particle"],
)
def test_a_bare_surname_repeats_the_full_name_given_before(full, surname):
    # One person under the name the article introduced, so a table of who says what lists them once.
    sentences = [f"{full} said the drills were routine.", f"{surname} also said the troops would leave."]
    assert _resolved(sentences) == [[(full, "speaker")], [(full, "speaker")]]


def test_a_place_with_a_particle_is_no_full_name():
    sentences = ["The mayor of Rio de Janeiro said the parade would go ahead.", "Janeiro said the troops were welcome."]
    assert _resolved(sentences)[1] == [("Janeiro", "speaker")]


def test_a_particle_alone_before_a_surname_is_no_name():
    sentences = ['"We respect it," said the envoy de Lind.', "Lind said the deal was a breach."]
    assert _resolved(sentences)[1] == [("Lind", "speaker")]


def test_the_newspaper_repeats_the_outlet_named_before():
    sentences = [
        "The state newspaper Orlik Daily said the drills were a rehearsal for invasion.",
        '"The enemy will be crushed," the newspaper said.',
        '"We are calm," the agency said.',
    ]
    assert _resolved(sentences)[1:] == [[("The state newspaper Orlik Daily", "speaker")], [("the agency", "speaker")]]


@pytest.mark.parametrize(
    "named",
    ["The Orlik Daily newspaper", "Daily Orlik"],
    ids=["noun-after-the-name", "two-word-name"],
)
def test_the_daily_or_the_newspaper_repeats_an_outlet_whose_noun_is_part_of_its_name(named):
    noun = "newspaper" if named.endswith("newspaper") else "daily"
    sentences = [
        f"{named} said the drills were a rehearsal for invasion.",
        f'"The enemy will be crushed," the {noun} said.',
    ]
    assert _resolved(sentences)[1] == [(named, "speaker")]


def test_a_surname_is_not_the_place_that_ends_a_description():
    sentences = [
        '"We respect it," said Ambassador Ivo Lind, Tarsk\'s envoy to Orlik.',
        "Orlik said the deal was a breach.",
    ]
    assert _resolved(sentences)[1] == [("Orlik", "speaker")]


def test_a_bare_description_repeats_the_fuller_phrase_named_before():
    sentences = [
        "French aircraft maker Orlik Aviation said deliveries would start in May.",
        "The French maker said the jets were ready.",
        "Council spokesman Ivo Lind said the incident was small.",
        '"There was an incident," Mr Lind said.',
    ]
    assert _resolved(sentences)[1] == [("French aircraft maker Orlik Aviation", "speaker")]
    assert _resolved(sentences)[3] == [("Council spokesman Ivo Lind", "speaker")]


def test_a_modifier_is_no_head_to_repeat():
    sentences = [
        "Military spokesman General Ivo Lind said the base was hit.",
        "In a statement, the military said one soldier died.",
    ]
    assert _resolved(sentences)[1] == [("the military", "speaker")]


def test_the_subject_remembered_for_a_later_description_leaves_out_its_day():
    sentences = [
        "Tarsk aircraft maker Orlik Aviation on Friday admitted that a part had failed.",
        "The Tarsk maker said it was an emergency decision.",
    ]
    assert _resolved(sentences)[1] == [("Tarsk aircraft maker Orlik Aviation", "speaker")]
