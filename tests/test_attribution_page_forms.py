"""Attribution forms that failed on real pages read for the purpose (outside the repo), on sentences written here."""

import pytest
from attribution_helpers import sources


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An agency dateline in capitals before a colon credits nobody; a short name in capitals still does.
        ("NEW DELHI: The third battery of the air defence system reached the border on Friday.", []),
        ("HELSINKI: Two minesweepers left the harbour at dawn after a week of repairs.", []),
        ("NATO: the drills will go ahead as planned", [("NATO", "speaker")]),
        ("ECOWAS: the build-up threatens the coastal states", [("ECOWAS", "speaker")]),
        # A topic before a headline's colon names no speaker.
        ("Arctic Standoff: Second Frigate Reaches the Island", []),
        # A headline can name its speaker after a closing colon, but not after a picture label.
        ("Navy plans to double its fleet: Admiral", [("Admiral", "speaker")]),
        ("Soldiers unload crates at the depot. Photo: KFOR", []),
        # "Name, title of X said": the title's closing comma is missing; the name speaks.
        (
            "Lt. Col. Maren Tamm, head of the logistics branch at the Tarsk Defence Forces said the trucks were on time.",
            [("Lt. Col. Maren Tamm", "speaker")],
        ),
        (
            "Brigadier Tomas Lind, Commander of the Northern Brigade said the drills end on Sunday.",
            [("Brigadier Tomas Lind", "speaker")],
        ),
        (
            "Jana Horak, deputy head of the Green Union, the main opposition party, said the vote was rushed.",
            [("Jana Horak", "speaker")],
        ),
        # A list of names that opens the sentence is one subject.
        (
            "Oslo, Helsinki and Tallinn announced a joint air-policing rota on Monday.",
            [("Oslo, Helsinki and Tallinn", "speaker")],
        ),
        ("In March, Oslo and Riga announced a joint rota.", [("Oslo and Riga", "speaker")]),
        # "drawing condemnation from X": X speaks.
        ("The exercises have drawn condemnation from Tokyo and Canberra.", [("Tokyo and Canberra", "speaker")]),
        # ", or ACRONYM," renames the phrase before it.
        ("The Nordic Battlegroup, or NBG, said it would stay until March.", [("The Nordic Battlegroup", "speaker")]),
        # "as stated in" a document, and a document that "states" after a quote.
        ("As stated in the ministry's announcement, the brigade will move in spring.", [
            ("the ministry's announcement", "speaker")
        ]),
        ('"The base will stay open," the announcement states.', [("the announcement", "speaker")]),
        # A parenthesised acronym after "according to X" belongs to the name.
        (
            "According to the Baltic Defence Institute (BDI), spending rose by a third.",
            [("the Baltic Defence Institute (BDI)", "speaker")],
        ),
        # Reporting forms: a published report that claims, "claimed to have", a denial in the passive,
        # "played down", "indicated that", ", he continued."
        (
            "A think tank in Riga published a report claiming the drills rehearsed a raid.",
            [("A think tank in Riga", "speaker")],
        ),
        ("The ministry publishes a daily report on the flights.", []),
        ("Tarsk claimed to have shot down two drones.", [("Tarsk", "speaker")]),
        (
            "Tarsk claimed to have shot down two drones, a claim denied by Ostrava officials.",
            [("Tarsk", "speaker"), ("Ostrava officials", "speaker")],
        ),
        ("Riga has played down the risk of a raid.", [("Riga", "speaker")]),
        ("Tarsk officials have so far played down the build-up.", [("Tarsk officials", "speaker")]),
        ("The government has repeatedly downplayed the risk of an invasion.", [("The government", "speaker")]),
        ("After touring the depot, Petrov indicated that repairs were due.", [("Petrov", "speaker")]),
        ('"We will not move the guns," he continued.', [("he", "speaker")]),
        ("The army continued its drills near the border.", []),
        ('He promised "no new bases" if the pressure continued, but gave no date.', []),
        # "Local media reports say": "reports" is the subject's head, not a verb.
        ("Local media reports say the mission will add 400 troops next week.", [("Local media reports", "speaker")]),
        # Things that credit nobody: fears sparked, a partnership that highlights, land that is claimed.
        ("The EU is expanding its mission after the vote, sparking separatist fears.", []),
        ("Its growing partnership with Beijing highlights the complex choices facing Belgrade.", []),
        ("The budget is the first part of a five-year plan also announced last week.", []),
        ("Ruritania claims almost all of the archipelago.", []),
        ("Ostrava still claims the whole island chain.", []),
        ("Tarsk claims the drills were defensive.", [("Tarsk", "speaker")]),
        # ", but he ...": the same speaker goes on; what a record leaves out is no claim to reject.
        (
            "The president also stressed the cost, but he expressed confidence that the money would return.",
            [("The president", "speaker"), ("he", "speaker")],
        ),
        (
            "The invoices do not specify the calibre, but inspectors believe the shells are old.",
            [("The invoices", "speaker"), ("inspectors", "speaker")],
        ),
        # A passive rejection with an adverb: "was immediately dismissed by X".
        ("The claim was immediately dismissed by Tarsk, which said Ostrava had lied.", [("Tarsk", "speaker")]),
        # The sentence itself calls the claim false: its owner is disputed.
        ("Ostrava falsely accuses Tarsk of moving tanks to the border.", [("Ostrava", "disputed")]),
        ("Tarsk wrongly claimed the drills were defensive.", [("Tarsk", "disputed")]),
        # Unchanged: ", but experts say" still disputes the first speaker's claim.
        ("Tarsk called the radar a menace, but experts say it is a weather station.", [
            ("Tarsk", "disputed"), ("experts", "speaker")
        ]),
    ],
)  # fmt: skip
def test_page_forms(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A verb that calls its subject's account untrue disputes the subject, also in a reported clause.
        ("The white paper distorts the purpose of our coastal batteries, the spokesman said.", [
            ("The white paper", "disputed"), ("the spokesman", "speaker")
        ]),
        ("Critics say the government mischaracterises the brigade as purely defensive.", [
            ("Critics", "speaker"), ("the government", "disputed")
        ]),
        ("The ministry said Valmar had misstated the number of tanks crossing the river.", [
            ("The ministry", "speaker"), ("Valmar", "disputed")
        ]),
        ("Opposition papers may have exaggerated the size of the drills, but the ministry has not objected.", [
            ("Opposition papers", "disputed")
        ]),
        # Not every distortion is an account, and an object is no subject.
        ("Strong winds distorted the radar images on Tuesday.", []),
        ("Opposition lawmakers accused the minister of having misrepresented the cost of the frigates.", [
            ("Opposition lawmakers", "speaker")
        ]),
        # "disagreed with X's report" rejects X's claim; "disagreed on the timetable" reports no claim.
        ("Tarsk disagrees with the alliance's report on the incident.", [
            ("Tarsk", "speaker"), ("the alliance", "disputed")
        ]),
        ("The two ministers disagreed on the timetable for the withdrawal.", []),
        # A concession answers the claim it concedes: "While X framed it as ..., analysts noted ...".
        (
            "While Ostrava framed the drills as purely defensive, analysts in the region noted that the units moved closer.",
            [("Ostrava", "disputed"), ("analysts in the region", "speaker")],
        ),
        ("Whereas Tarsk insists the radar is civilian, its neighbours call it a spy post, officials said.", [
            ("Tarsk", "disputed"), ("officials", "speaker")
        ]),
        # ... but not news ("announced drills"), nor the same speaker going on.
        ("While the army announced new drills, the ministry said the budget would not change.", [
            ("the ministry", "speaker")
        ]),
        ("While the minister said the drills were routine, he added that the units would stay on alert.", [
            ("the minister", "speaker"), ("he", "speaker")
        ]),
        # A claim the report calls unsupported ("without evidence") disputes its owner.
        ("Tarsk has repeatedly claimed, without evidence, that the drills cover an invasion.", [("Tarsk", "disputed")]),
        ("The ministry alleged, without offering proof, that agents had sabotaged the radar.", [
            ("The ministry", "disputed")
        ]),
        ("The brigade moved without evidence of an order, the officer said.", [("the officer", "speaker")]),
        # Evidence that contradicts a claim, and a speaker who debunks one, dispute its owner.
        ("The satellite images contradict Tarsk's statement that the column had withdrawn.", [("Tarsk", "disputed")]),
        ("The defence minister debunked claims by pro-government tabloids that the navy was on alert.", [
            ("The defence minister", "speaker"), ("pro-government tabloids", "disputed")
        ]),
        # ", a claim X denies" credits X as "a claim denied by X" does.
        ("Kyiv says the drones were launched from the north, a charge Minsk denies.", [
            ("Kyiv", "speaker"), ("Minsk", "speaker")
        ]),
        ("Ostrava says the radar is for weather forecasts, a claim Western officials do not accept.", [
            ("Ostrava", "speaker"), ("Western officials", "speaker")
        ]),
        # "presented X as": a framing verb, like "portrayed".
        ("Ruritanian officials presented the new corvettes as a tool against smuggling.", [
            ("Ruritanian officials", "speaker")
        ]),
    ],
)  # fmt: skip
def test_judged_and_conceded_accounts(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Posts and tweets report; "posted troops" does not.
        ("Kos posted on Facebook that the brigade would stay in the north until spring.", [("Kos", "speaker")]),
        ("The army posted two battalions on the border.", []),
        ("Kos tweeted that the border was calm.", [("Kos", "speaker")]),
        # Retorts report: "hits back at X's claims", "pushes back against", "lashes out at", "brushes
        # aside", "rubbishes", "blasted"; a firefight does not.
        ("Ostrava hits back at Tarsk's claims over border drills", [("Ostrava", "speaker"), ("Tarsk", "disputed")]),
        ("Ostrava pushes back against Tarsk's accusations of a build-up", [
            ("Ostrava", "speaker"), ("Tarsk", "disputed")
        ]),
        ("Tarsk lashes out at the alliance over the new base", [("Tarsk", "speaker")]),
        ("Kos fires back at critics of the frigate deal", [("Kos", "speaker")]),
        ("Minister rubbishes claims that the navy is unprepared", [("Minister", "speaker")]),
        ('The defence ministry blasted the report as "fake news".', [("The defence ministry", "speaker")]),
        ("Soldiers fired back at the attackers.", []),
        ("The army hit back at rebel positions in the hills.", []),
        ("The ministry pushed back the delivery date to May.", []),
        # "Per X," opening a clause reads "according to X"; "per capita" and "per year" name nobody.
        ("Per the ministry, the frigates will be delivered next year.", [("the ministry", "speaker")]),
        ("Per capita, the country spends more on defence than its neighbours.", []),
        ("Per year, the navy receives two ships.", []),
        # ", writes X" closes a column as ", said X" closes a quote.
        ("The alliance must not blink, writes Marek Lind, a former defence minister.", [("Marek Lind", "speaker")]),
    ],
)  # fmt: skip
def test_posts_per_and_writes(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "mentioned that" reports; "mentioned the anniversary" does not.
        ("Two days ago, Prime Minister Ana Kos mentioned that the cabinet was ready to act.", [
            ("Prime Minister Ana Kos", "speaker")
        ]),
        ("Kos mentioned the anniversary of the alliance.", []),
        # Figures are no source; who compiled them is.
        ("About 4,000 troops took part, according to official figures.", []),
        ("Ostrava's budget is about 2 billion euros, according to figures published by the finance ministry.", [
            ("the finance ministry", "speaker")
        ]),
        ("According to data from the Valmar Institute, spending rose by a third.", [("the Valmar Institute", "speaker")]),
        ("According to the Valmar Agency of Statistics, the population fell by a fifth.", [
            ("the Valmar Agency of Statistics", "speaker")
        ]),
        # A passive "made public by".
        ("The deal was made public by the Tarsk prime minister, Ivo Lind.", [("Ivo Lind", "speaker")]),
        ("The plan was announced by the defence minister, who spoke in Riga.", [("the defence minister", "speaker")]),
        # "maintains" reports a clause, not an object; a leading adverb is no name in a list.
        ("The alliance rotates reserve troops as KFOR maintains security presence", []),
        ("Tarsk maintains the drills are routine.", [("Tarsk", "speaker")]),
        ("The shield is purely defensive, Valmar officials have long maintained.", [("Valmar officials", "speaker")]),
        ("Meanwhile, Oslo, Riga and Vilnius say the pact answers hybrid threats.", [("Oslo, Riga and Vilnius", "speaker")]),
        # "described X as aggressive and said": the adjective is no source of "said".
        ("State media in Varosk described the air exercise as aggressive and said it put the region at risk.", [
            ("State media in Varosk", "speaker")
        ]),
        # A claim told inside a time clause is the news the sentence reports; with no other source, its
        # speaker is the sentence's (the fifteenth stop's reading of more real pages; it was left out before).
        ("The army showed the guns on Tuesday, a week after Tarsk officials warned that they could tip the balance.", [
            ("Tarsk officials", "speaker")
        ]),
        ("Hours after the strike, the general said the army would respond.", [("the general", "speaker")]),
        # A possessive opens a description before a name, as "the" does.
        ("Its leader, Jonas Rask, said the base was a provocation.", [("Jonas Rask", "speaker")]),
        # A reaction judged as theatre is a claim cited to be rejected.
        ("But analysts say Tarsk's reaction is political theatre.", [("analysts", "speaker"), ("Tarsk", "disputed")]),
        # A name before two descriptions, the second one a name too.
        (
            "Ivo Lind, the leader of the main opposition party, the Green Union (GU), expressed concern that the police were armed.",
            [("Ivo Lind", "speaker")],
        ),
        # A list of places after "officials in".
        ("Officials in Oslo, Riga and Vilnius insist the move is about stability.", [
            ("Officials in Oslo, Riga and Vilnius", "speaker")
        ]),
        # '"...," read a statement': a document read out speaks; a sign does not.
        ('"The commander has the authority over the airspace," read a KFOR statement.', [
            ("a KFOR statement", "speaker")
        ]),
        ('"Stay home," read the sign on the gate.', []),
        # A title-case headline closing with its speaker and verb.
        ("Valmar Army Out of Date, Report Warns", [("Report", "speaker")]),
        ("Tarsk Moves Tanks to Border, Ostrava Says", [("Ostrava", "speaker")]),
        # ", revealed X." when a name closes the sentence; not a thing, and not a verb that takes a person
        # as its object in a list of acts ("recalled" an ambassador).
        ("Next year we expect the first radars, revealed Petrovska.", [("Petrovska", "speaker")]),
        ("The army will buy four more radars, underlined Defence Minister Ivo Lind.", [
            ("Defence Minister Ivo Lind", "speaker")
        ]),
        ("Tarsk moved tanks to the border, revealed satellite images.", []),
        ("Valmar condemned the attack, recalled Ambassador Ivo Lind.", [("Valmar", "speaker")]),
        ("The rebels seized the city, declared the Republic of Tarsk.", []),
        # A promise without "that": a pronoun and a modal open the promised clause.
        ("Before taking office, Lind promised he would keep the troops at home.", [("Lind", "speaker")]),
        ("The manoeuvres Minsk had promised were cancelled.", []),
        ("Tarsk's pledges we could verify were few.", []),
        # "it is stated in" a document: the document speaks; a place does not.
        ("The patrols will reassure every village, it is stated in the announcement.", [
            ("the announcement", "speaker")
        ]),
        ("The patrols are routine, it has been noted in the ministry's report.", [("the ministry's report", "speaker")]),
        ("It was said in Brussels that the patrols are routine.", []),
        ("It was said in the statement issued by the garrison that the drills were over.", [
            ("the garrison", "speaker")
        ]),
        # ... and one whose rejecting verb stands before the owner of the claims it rejects.
        ("Ostrava Rebuffs Tarsk’s Accusations of Border Violations", [("Ostrava", "speaker"), ("Tarsk", "disputed")]),
        ("Ostrava Dismisses Tarsk Army's Allegations", [("Ostrava", "speaker"), ("Tarsk Army", "disputed")]),
        # ... but a rejecting word inside a name is part of it.
        ("Ostrava rejected the Global Challenges Foundation's claims.", [
            ("Ostrava", "speaker"), ("the Global Challenges Foundation", "disputed")
        ]),
        # Chants and shouts with a quote report; "revealed an airbase" does not.
        ('Demonstrators shouted "No to the base" outside the ministry.', [("Demonstrators", "speaker")]),
        ("On Monday, Ostrava revealed a renovated airbase for the alliance.", []),
    ],
)  # fmt: skip
def test_forms_from_a_second_page_set(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "amid X fears" is a noun; "X fears that" reports.
        ("Tarsk sends 2,000 troops to the border amid Wagner fears", []),
        ("Tarsk fears the drills are a cover for an attack.", [("Tarsk", "speaker")]),
        # ", with X accusing ..." credits X when the main clause names no speaker of its own.
        ("Ostrava slammed the policy, with spokesman Ivo Lind accusing Tarsk of breaking the treaty.", [
            ("Ostrava", "speaker")
        ]),
        ("The parade was watched with anger, with state television describing it as a rehearsal for war.", [
            ("state television", "speaker")
        ]),
        ("Belgrade protested, with a government spokesman saying the factory was a danger.", [("Belgrade", "speaker")]),
        ("The two sides disagree, with Pristina reporting six incidents and Belgrade saying there were none.", []),
        # "as it vowed": the sentence's own subject goes on.
        ("Tarsk labelled Ostrava a strategic challenge on Friday, as it vowed to raise the defence budget.", [
            ("Tarsk", "speaker")
        ]),
        # "according to the minister, Colonel X," credits the name; a participle "vowing" credits the subject.
        ("The drones, according to the Valmar Defence Minister, Colonel Ivo Lind, can fly for a day.", [
            ("Colonel Ivo Lind", "speaker")
        ]),
        ("NATO countries are holding manoeuvres in the north, vowing to defend their newest member.", [
            ("NATO countries", "speaker")
        ]),
    ],
)  # fmt: skip
def test_forms_from_a_third_page_set(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A claim told inside an "after" clause is the sentence's only source; at the sentence's end it is a
        # fallback.
        ("The protest also comes after Defence Minister Ivo Lind announced that the brigade would move.", [
            ("Defence Minister Ivo Lind", "speaker")
        ]),
        ("He added that after Valmar rejected the offer, the army had built new launchers.", [("He", "speaker")]),
        ("The port was shut on Monday, after Merida announced new drills.", [("Merida", "speaker")]),
        ("Vucic said hard days were coming, after Pristina announced new stations.", [("Vucic", "speaker")]),
        # A document that "read" after the quote speaks.
        ('"The patrols crossed the line twice," the statement read.', [("the statement", "speaker")]),
        ('"We will not allow it," the banner read.', []),
        # One pronoun is one source, however often it reports.
        ('"We disagree," she stated, adding that she disagreed with those calling it waste.', [("she", "speaker")]),
        # "In X's view," and "In the view of X," credit X.
        ("In Rask's view, the new launchers change nothing on the border.", [("Rask", "speaker")]),
        ("In the opinion of the ministry, the drills were routine.", [("the ministry", "speaker")]),
        ("In the north's view, nothing changed.", []),
        # Verbs of judgement before "that", an alarm sounded, and "considers X to be".
        ("Diplomats from five states assessed that the alliance had gained a reliable partner.", [
            ("Diplomats from five states", "speaker")
        ]),
        ("He recognised that there was no direct military threat.", [("He", "speaker")]),
        ("Tarsk recognised the new government on Monday.", []),
        ("Officials in Vilnius have also sounded the alarm over the drills.", [("Officials in Vilnius", "speaker")]),
        ("The opposition party considers the purchase to be a waste of money.", [("The opposition party", "speaker")]),
        ("Parliament considers the bill on Tuesday.", []),
        # A headline that closes with "– Name" or "– minister" credits them; "– a timeline" credits nobody.
        ("Valmar to buy twelve attack helicopters from Korea – defence minister", [("defence minister", "speaker")]),
        ("New battalion will guard the northern crossings – PM Lind", [("PM Lind", "speaker")]),
        ("Troops leave the base in Kell – a timeline", []),
        # ", said the head of X, Name." credits the name; ", said Name, the minister." too.
        ('"It was overdue," said the head of the defence committee, Ivo Lind.', [("Ivo Lind", "speaker")]),
        ('"We must work together," said Fleet Commander, Rear Admiral Jon Sala.', [("Rear Admiral Jon Sala", "speaker")]),
        ('"We must work together," said Ivo Lind, the defence minister.', [("Ivo Lind", "speaker")]),
        # "had earlier said" reports; "didn't say" does not.
        ("The ministry had earlier said it planned to buy 300 missiles.", [("The ministry", "speaker")]),
        ("The general staff in Tarsk didn't immediately say what was fired.", []),
        ('"We don\'t want war," he said.', [("he", "speaker")]),
        # A "when" clause tells the event the sentence hangs on, not its source.
        ("When the ministry announced the drills last week, nobody expected protests.", []),
        ("The drills began when the ministry announced new patrols.", []),
        # A participle credits the subject after "But" or "However,".
        ("But the junta has dug in, noting that the French force is leaving.", [("the junta", "speaker")]),
        ("However, Rask did not confirm a number, saying the plans stay secret.", [("Rask", "speaker")]),
        # A long relative clause between the subject and its verb.
        (
            "The coast guard, which patrols the economic zone and carries out supply missions to remote outposts"
            " in the disputed sea, has accused the navy of blocking its ships.",
            [("The coast guard", "speaker")],
        ),
        # ", which sees X as Y," on the way to the main verb describes the subject; at the end it is the claim.
        ("Tarsk, which sees the islands as its own territory, moved two frigates on Sunday.", []),
        ("The deal has angered Tarsk, which sees it as a threat.", [("Tarsk", "speaker")]),
        # A closing "according to" an agency relays; "according to" a spokesperson names a second speaker.
        ("The ministry said the drills were over, according to AFP.", [("The ministry", "speaker")]),
        ("The command said its ships had left, according to spokesperson Senior Colonel Li Wen.", [
            ("The command", "speaker"), ("spokesperson Senior Colonel Li Wen", "speaker")
        ]),
        # "stokes EU fears" is a noun after its verb; "they fear that" after an opening time reports.
        ("Arms shipment to the north stokes EU fears", []),
        ("In the longer term they fear that the force could be used against protesters.", [("they", "speaker")]),
        ("On Monday they said the drills were over.", [("they", "speaker")]),
        ("In a conflict it insists is defensive, nobody wins.", []),
        # "X's position is that ..." credits X; "the army's position is near the river" is a place.
        ("The party's stand is that the purchase should wait.", [("The party", "speaker")]),
        ("The army's position is near the river.", []),
        # "views X with alarm" judges; a dash pair may hold a list; "made clear they"; "a report indicating".
        ("Tarsk, a key ally of Valmar, views this development with alarm.", [("Tarsk", "speaker")]),
        ("The Council — made up of Tarsk, Valmar and Kell — alleged the army had stayed.", [("The Council", "speaker")]),
        ("Britain and France have made clear they would not back the plan.", [("Britain and France", "speaker")]),
        ("The institute published a report indicating that arms sales rose.", [("The institute", "speaker")]),
        ("Earlier UN reports highlight the smuggling of weapons.", [("Earlier UN reports", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_fourth_page_set(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Denials name whose claims they deny in many forms.
        ("The army denied reports of Indian media about the deployment of 20,000 troops.", [
            ("The army", "speaker"), ("Indian media", "disputed")
        ]),
        ("Vell denied allegations made earlier in the day by Prime Minister Ivo Lind.", [
            ("Vell", "speaker"), ("Prime Minister Ivo Lind", "disputed")
        ]),
        ("The ministry dismissed Valmar's ceasefire breach allegations as fake.", [
            ("The ministry", "speaker"), ("Valmar", "disputed")
        ]),
        ("Ostrava rejects Tarsk border incursion charge", [("Ostrava", "speaker"), ("Tarsk", "disputed")]),
        ("Taipei rejects Beijing's sovereignty claims.", [("Taipei", "speaker")]),
        ("Greece rejects Tarsk's call for demilitarisation of the islands", [("Greece", "speaker"), ("Tarsk", "disputed")]),
        ("The president received a call from the Tarsk premier on Sunday.", []),
        ("The allegation circulated by the Tarsk ministry about shelling is false.", [("the Tarsk ministry", "disputed")]),
        ('The minister said Vell\'s statement about a build-up "is a lie".', [
            ("The minister", "speaker"), ("Vell", "disputed")
        ]),
        ("Tarsk denied that it was seeking attention, as analysts here have speculated.", [
            ("Tarsk", "speaker"), ("analysts here", "disputed")
        ]),
        ("Tarsk refuted accusations by Valmar about the missile.", [("Tarsk", "speaker"), ("Valmar", "disputed")]),
        # A headline that closes with its speaker after a colon is not also credited before the colon.
        ("Drills In The Strait Just Routine: Taipei", [("Taipei", "speaker")]),
        ("The report made clear Tarsk will launch the rocket.", [("The report", "speaker")]),
        # Seeing a danger is a judgement: "Ankara sees a threat".
        ("Athens says it restores balance, Ankara sees a threat", [("Athens", "speaker"), ("Ankara", "speaker")]),
        ("Tarsk sees no danger in the drills.", [("Tarsk", "speaker")]),
        ("The ferry saw its busiest week.", []),
        # A source a quotation rejects is disputed; a speaker inside it is no source of the sentence.
        ('"The allegations coming from Tarsk are nonsense," said Colonel Ivo Lind.', [
            ("Tarsk", "disputed"), ("Colonel Ivo Lind", "speaker")
        ]),
        ('"We believe the army is ready," the minister said.', [("the minister", "speaker")]),
    ],
)  # fmt: skip
def test_denials_from_a_page_set_rich_in_rebuttals(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "X was quoted by a paper as saying": X speaks, the paper only relays.
        ("Colonel Ana Ristic was quoted by the Evening Post as saying the convoy was late.", [
            ("Colonel Ana Ristic", "speaker")
        ]),
        # A possessive makes the next word a noun: "laid out its fears" reports no fearing.
        ("Tarsk did not name the systems, but laid out its fears in plain words.", []),
        # "concluded" reports a finding, not a deal.
        ("Valmar had already concluded the tank deal in 2020.", []),
        ("The inquiry concluded on Monday that the shells were old.", [("The inquiry", "speaker")]),
        # Verbs that come first right after a quotation, and a name that ends before "in the presence of".
        ('"The trials went well," assured Major Ivo Brandt in the presence of the minister.', [
            ("Major Ivo Brandt", "speaker")
        ]),
        ('"Our radars see everything," declared General Ana Lind.', [("General Ana Lind", "speaker")]),
        ("Valmar rejected the note, saying the drills were routine, announced weeks in advance and open.", [
            ("Valmar", "speaker")
        ]),
        # Whom an event prompts to speak is the speaker.
        ("The fleet entered the strait, prompting the Valmar defence ministry to warn of a firm reply.", [
            ("the Valmar defence ministry", "speaker")
        ]),
        ("The storm was strong, prompting the port to close.", []),
        # Accused of spreading falsehoods: the accused's claim is rejected.
        ("Tarsk accused Valmar of spreading rumours about the new airstrip.", [
            ("Tarsk", "speaker"), ("Valmar", "disputed")
        ]),
        ("Tarsk accused Valmar of moving guns to the border.", [("Tarsk", "speaker")]),
        ('"Nothing has changed on the reef," the spokeswoman said, reacting to allegations by Valmar.', [
            ("the spokeswoman", "speaker"), ("Valmar", "disputed")
        ]),
        ("Ostrava denied the fake news of the Valmar defence ministry.", [
            ("Ostrava", "speaker"), ("the Valmar defence ministry", "disputed")
        ]),
        ("No patrol boat sailed on the nights claimed by Valmar.", [("Valmar", "disputed")]),
        ("The message disseminated by the Tarsk ministry about the raid is false, Ostrava said.", [
            ("the Tarsk ministry", "disputed"), ("Ostrava", "speaker")
        ]),
        # "considers the grouping a threat" judges without "to be".
        ("The Tarsk ministry considers the new brigade a threat to the valley.", [("The Tarsk ministry", "speaker")]),
        ("The army considers the offer on Monday.", []),
        # "adds X to Y" adds a thing; "added in a speech" still reports.
        ("Ostrava adds two frigates to its navy", []),
        ("The border is calm, Mr Lind added in a speech to the assembly.", [("Mr Lind", "speaker")]),
        # An opening day without its comma.
        ("On Monday the ministry said the drills were over.", [("the ministry", "speaker")]),
        ("On Tuesday Valmar said the drills were over.", [("Valmar", "speaker")]),
        # A pronoun in "what it said" inside a time clause belongs to the earlier event, whose speaker the
        # clause names.
        ("The parade came a day after Tarsk warned of what it said was a spy drone.", [("Tarsk", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_third_round_of_page_batches(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "Jr." belongs to the name.
        ("Senator Ivo Lind Jr. said the sale was rushed.", [("Senator Ivo Lind Jr.", "speaker")]),
        # "demanded that" reports a demand.
        ("Karst demanded that the frigates be withdrawn.", [("Karst", "speaker")]),
        ("The demand that the frigates leave was ignored.", []),
        # Raised alarms, issued warnings: a warning is reported.
        ("Officials have raised alarms about the pace of the sale.", [("Officials", "speaker")]),
        ("The ministry has issued two warnings to the rebels.", [("The ministry", "speaker")]),
        # Responding with strikes is an act; responding with a statement or with alarm reports.
        ("Valmar responded with strikes on the radar sites.", []),
        ("Valmar responded with a statement calling the strikes reckless.", [("Valmar", "speaker")]),
        ("Tarsk officials reacted with alarm to the delivery.", [("Tarsk officials", "speaker")]),
        # People described by a participle.
        ("Deputies backing the budget said the tanks were overdue.", [("Deputies backing the budget", "speaker")]),
        # A one-word place before a colon and a whole sentence with its own speaker is a dateline.
        ("Ostrava: Tarsk said on Monday that the drills had been postponed for a month.", [("Tarsk", "speaker")]),
        ("Lind: the drills will go ahead", [("Lind", "speaker")]),
        # "accused of" with no accuser names nobody; accused of spreading rumours or of lying disputes.
        ("Under the law, sailors accused of crossing the line can be held for a month.", []),
        ("Tarsk accused the Valmar navy of lying about the collision.", [
            ("Tarsk", "speaker"), ("the Valmar navy", "disputed")
        ]),
        ("The army accused Valmar of circulating old maps.", [("The army", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_batch_outside_europe(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A participle before a place or time: found things, not findings.
        ("Missile debris found in a field near the border", []),
        ("The panel found in its report that the shells were old.", [("The panel", "speaker")]),
        # The speaker's own channel relays the speaker; it is no second source.
        ("The embassy said the patrol was lawful, according to a post on its official account.", [
            ("The embassy", "speaker")
        ]),
        # "which both claim" is a territorial claim; "both later said" speaks.
        ("The valley, which both claim in full, stayed quiet.", []),
        # "complained" reports a complaint.
        ("The ministry has complained about the flights.", [("The ministry", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_second_set_of_written_articles(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "He told reporters:" is a speaker and a verb before a quotation, not a headline label.
        ('He told reporters: "The ship was rammed twice."', [("He", "speaker")]),
        # A silence, a protest in a place and a thing found report no claim.
        ("The contractor said nothing about its role.", []),
        ("About a hundred farmers protested outside the base.", []),
        ("Farmers protested outside the base, saying the tanks ruined the fields.", [("Farmers", "speaker")]),
        ("Tarsk finds drone debris near the river", []),
        ("The study finds that the drills calm the border.", [("The study", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_third_set_of_written_articles(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ana Lind, an adviser to the president, was quoted by the state agency as saying the drills would go on.", [
            ("Ana Lind", "speaker")
        ]),
        # After a possessor and an adjective, "claims" is a noun.
        ("Valmar's territorial claims cover most of the sea.", []),
        ("Valmar's military warned of a response.", [("Valmar's military", "speaker")]),
        ("Valmar's representative said the talks had failed.", [("Valmar's representative", "speaker")]),
    ],
)  # fmt: skip
def test_forms_from_a_fourth_set_of_written_articles(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The embassy said the patrol was lawful, according to a note posted on its official channel.", [
            ("The embassy", "speaker")
        ]),
        ("The agency could not verify either side's account.", []),
    ],
)  # fmt: skip
def test_own_channels_and_either_side(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # An aside between "made it clear" and its "that".
        ("The Valmar defence ministry made it clear, however, that the drills were planned long ago.", [
            ("The Valmar defence ministry", "speaker")
        ]),
        ("The Valmar navy has made clear, though, that its frigates will stay in the gulf.", [
            ("The Valmar navy", "speaker")
        ]),
        # An adverb between the subject and its verb is no part of the name.
        ("Defence Minister Ivo Lind first announced in March that the brigade would move north.", [
            ("Defence Minister Ivo Lind", "speaker")
        ]),
        ("Ivo Lind first said that the brigade would move north.", [("Ivo Lind", "speaker")]),
        # ", when X said" after a time tells what happened then: an earlier event, no source.
        ("Talks with Valmar have stalled since 2021, when Tarsk said it wanted Western jets.", []),
        ("The base was last used in March, when the army said the runway needed repairs.", []),
        # A page's time stamp is no headline speaker.
        ("Posted: March 3, 2021 4:15 PM", []),
        ("Last updated: 14 August 2022", []),
        # The name after its title, also when the sentence goes on after the name.
        ('"Not this year," said the chief of the general staff, General Ivo Lind, in an interview.', [
            ("General Ivo Lind", "speaker")
        ]),
        # A day between the paper and "as saying".
        ("The governor of the province, Ana Kos, was quoted by the Tarsk Herald on Monday as saying the base would close.", [
            ("Ana Kos", "speaker")
        ]),
        # "reacted" after a quotation, before the speaker.
        ('"The deal is a danger to the whole region," reacted the defence minister, Ivo Lind, before parliament.', [
            ("Ivo Lind", "speaker")
        ]),
    ],
)  # fmt: skip
def test_forms_from_real_articles(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The spokeswoman denied the accusation, made by Valmar on Monday, that the drills rehearsed an invasion.", [
            ("The spokeswoman", "speaker"), ("Valmar", "disputed")
        ]),
        ("Reports published by Valmar media about the convoy are false, the ministry said.", [
            ("the ministry", "speaker"), ("Valmar media", "disputed")
        ]),
        ("The minister contradicted Valmar, saying the howitzers were purely defensive.", [
            ("The minister", "speaker"), ("Valmar", "disputed")
        ]),
        ("Tarsk hit back at Valmar, calling its claims about the drills a fabrication.", [
            ("Tarsk", "speaker"), ("Valmar", "disputed")
        ]),
        ("In a rebuttal to Valmar, the ministry said the exercise had been announced months ago.", [
            ("the ministry", "speaker"), ("Valmar", "disputed")
        ]),
        ("The ministry rebuffed Valmar's demand that the artillery be withdrawn.", [
            ("The ministry", "speaker"), ("Valmar", "disputed")
        ]),
        # A passive "contradicted by" names no party answered.
        ("Analysts said the pledge was contradicted by Valmar.", [("Analysts", "speaker"), ("Valmar", "speaker")]),
    ],
)  # fmt: skip
def test_rebuttals_that_name_the_party_answered(sentence, expected):
    assert sorted(sources(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Reporting verbs in the progressive.
        ("Valmar officials are warning that the build-up could spark a conflict.", [("Valmar officials", "speaker")]),
        ("The ministry is insisting that the drills are defensive.", [("The ministry", "speaker")]),
        ("Army officials are playing down fears of an attack.", [("Army officials", "speaker")]),
        ("The talks are warning signs for the region.", []),
        # The issuer of a document that speaks.
        ("A statement issued by the Valmar navy said the frigate had left port.", [("the Valmar navy", "speaker")]),
        # A claim told to someone named after "to".
        ("The Defence Ministry confirmed to the Tarsk Herald that two brigades had moved north.", [
            ("The Defence Ministry", "speaker")
        ]),
        ("The army agreed to buy two more batteries.", []),
    ],
)  # fmt: skip
def test_generic_forms_from_real_articles(sentence, expected):
    assert sources(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A report that quotes the subject's own words from the verb on.
        ('The government "firmly rejects these baseless accusations" and calls for calm.', [
            ("The government", "speaker")
        ]),
        ("Lind “underscored the need for vigilance on every front”.", [("Lind", "speaker")]),
        # ... but not inside a clause another verb reports.
        ('The spokesman declined to comment, saying the bloc "calls on all sides to show restraint".', [
            ("The spokesman", "speaker")
        ]),
        # The subject's aside relays a source, and its closing comma is missing.
        ("The news agency, quoting intelligence sources had reported that troops were massing.", [
            ("The news agency", "speaker")
        ]),
        # An aside of examples between the subject and its verb, with commas of its own.
        ("The countries taking part in the mission, including Tarsk, Valmar and Ostrava, said the troops would stay.", [
            ("The countries taking part in the mission", "speaker")
        ]),
        ("Several allies, including Tarsk and Valmar, have said they will keep their troops there.", [
            ("Several allies", "speaker")
        ]),
        # An agency that relays the speaker at the end, with or without a comma before it.
        ('"The missile fell into the sea," the staff said on Sunday according to AFP.', [("the staff", "speaker")]),
        ("Troops massed on the border according to AFP.", [("AFP", "speaker")]),
        # An acronym in brackets inside the name quoted "as saying".
        ("The newspaper quoted officers of the Border Guard (BG) as saying the units had moved.", [
            ("officers of the Border Guard (BG)", "speaker")
        ]),
        # A credit after a full stop names a photographer or an agency, no speaker.
        ("The ships left port on Monday. — Agencies", []),
        ("A soldier stands guard at the gate, May 4, 2023. — Reuters", []),
    ],
)  # fmt: skip
def test_quoted_verbs_relayed_asides_and_credits(sentence, expected):
    assert sources(sentence) == expected
