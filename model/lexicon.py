"""Word lists for claim attribution: reporting verbs, claim nouns, noun-phrase boundaries."""


def _words(text):
    """A frozenset of the whitespace-separated words in ``text``."""
    return frozenset(text.split())


# Verbs that report only before the clause they introduce: "X counters that", not "X counters the claims
# with photographs" or "a counter"; "X objects that", not "objects on the table".
CLAUSE_ONLY_VERBS = _words(
    "answered answers answer retort retorts objected objects concede concedes conceded counter counters agree "
    "agrees agreed questioned questions question indicated indicates mentioned mentions shouted shout shouts chanted "
    "chant chants revealed reveals assessed assesses recognised recognized recognises recognizes demanded demands "
    "suspect suspects suspected guaranteed guarantees hinted hints reassured reassures"
)
# "play down" reports only with its particle ("X played down the risk") and rejects a claim told before it
# ("officials played down the warning"). Its finite forms join PARTICLE_ONLY_VERBS below; "playing" only
# rejects, as REPORTING_VERBS holds no gerund.
PLAY_DOWN_VERBS = _words("played plays playing")
# Verbs that report only with their particle: "X points out that", "X shrugs off the warning".
PARTICLE_ONLY_VERBS = _words("point points shrug shrugs") | (PLAY_DOWN_VERBS - {"playing"})
# Verbs that judge their subject's account untrue: "Ostrava misrepresented the drills as routine".
MISREPRESENT_VERBS = _words(
    "misrepresented misrepresents misrepresent mischaracterised mischaracterized mischaracterises "
    "mischaracterizes distorted distorts distort misstated misstates exaggerated exaggerates exaggerate overstated "
    "overstates"
)
# "X posted on Facebook that ...": a post reports only what follows "that" or a colon ("posted troops" does not).
POSTING_VERBS = _words("posted")
# One-word reactions of headlines and reports: "Minister rubbishes claims", "X blasted the report".
RETORT_VERBS = _words("rubbishes rubbished blasted blasts")
# Verbs that credit the clause next to them to their subject ("X said", "X warned that", "X called it"), as
# the framing model's reported-speech feature knows them (model/cues.py). A trained model computes that
# feature with this list when it is loaded, so editing it changes what saved models see: add verbs that
# only the attribution rules need to ATTRIBUTION_ONLY_VERBS below instead.
SPEECH_FEATURE_VERBS = (
    CLAUSE_ONLY_VERBS
    | PARTICLE_ONLY_VERBS
    | MISREPRESENT_VERBS
    | POSTING_VERBS
    | RETORT_VERBS
    | _words(
        """
    said says say told tells tell stressed stresses stress warned warns warn argued argues argue claimed claims
    claim noted notes insisted insists insist replied replies added adds emphasized emphasised emphasizes
    emphasises underlined underlines underscored confirmed confirms stated wrote writes concluded concludes
    found finds believe believes believed fear fears feared worry worries worried called calls call described
    describes describe accused accuses accuse denied denies deny dismissed dismisses dismiss rebuffed rebuffs rejected rejects
    reject urged urges suggested suggests suggest maintained maintains maintain contend contends contended
    predicted predicts cautioned cautions acknowledged acknowledges announced announces explained explains
    reported reports admitted admits alleged alleges asserted asserts declared observed observes
    countered counters responded responds condemned condemns criticised criticized criticises criticizes hailed
    hails praised praises welcomed welcomes branded brands scoffed scoff quipped shrugged pointed estimated
    estimates expect see sees saw view views viewed regard regards regarded consider considers
    considered complained complain complains protested condemn denounce criticise criticize welcome hail praise
    remarked acknowledge recalled recalls testified asked asks reiterated reiterates credited mocked
    clarified clarifies highlighted highlights reaffirmed reaffirms labeled labelled labels characterized
    characterised characterizes characterises denounced denounces rebuked rebukes slammed slams thanked thanks
    expressed expresses voiced voices advised advises vowed vows pledged pledges promised promises
    speculate speculates speculated anticipates reacted reacts lamented laments assured assures
    issued issues released releases termed repeated repeats retorted boasted boasts boast portrayed portrays
    portray downplayed downplays downplay published publishes framed frames frame presented presents debunked
    tweeted tweets highlight refuted refutes refute blamed blames affirmed affirms protests reminded reminds fumed fumes referred refers
    decried decries decry slam
    """
    )
)
# "Russia threatened to target the ships", "Iran threatens to close the strait": a threat is a statement
# of what its subject will do; it reports only before "to" or "that" (COMMITMENT_VERBS' rule).
THREAT_VERBS = _words("threatened threatens threaten")
# "Moscow defended its right to deploy the missiles", "Norway defends right to host jets": a claim of a right.
DEFEND_VERBS = _words("defended defends defend")
# What "defend" reports a claim about; "the troops defended the town" is a fight, not a claim.
DEFENDED_CLAIMS = _words(
    "right decision decisions move moves deal deals plan plans policy policies purchase purchases sale "
    "sales deployment deployments choice stance position record approach action actions remarks comments "
    "statement statements"
)
# Relative pronouns: "citizens who they said ...", where the pronoun is the relative clause's own subject.
RELATIVE_PRONOUNS = _words("who whom which that whose")
# Words that open a clause, so a subject starts after them: "..., where Russia has threatened to veto it".
SUBJECT_BOUNDARIES = _words("and but or that which who where while whereas as though although when if since because")
# Reporting verbs that only the attribution rules use, kept out of SPEECH_FEATURE_VERBS so that models
# trained before they were added see the features they were trained on.
# Plural present forms that report only before their clause or at the sentence's end ("Valmar police
# emphasise that ...", "..., police confirm."): "Domestic politics explain part of it" reports nothing.
PLURAL_CLAUSE_VERBS = _words(
    "emphasise emphasize underline underscore confirm explain reiterate allege assert affirm reaffirm"
)
# "The ministry recommended that citizens ...": advice is a statement, reported only before its "that".
RECOMMEND_VERBS = _words("recommended recommends")
# ", the ministry detailed.": verbs that report only when they close the sentence after its claim.
CLOSING_ONLY_VERBS = _words("detailed elaborated specified commented")
# Besides the lists above: plural "admit", "disproved", "lauded" and "perceives" report like the forms above.
ATTRIBUTION_ONLY_VERBS = (
    CLOSING_ONLY_VERBS
    | THREAT_VERBS
    | DEFEND_VERBS
    | PLURAL_CLAUSE_VERBS
    | RECOMMEND_VERBS
    | _words("admit disproved disproves disprove lauded lauds extolled extols perceives perceived perceive")
)
REPORTING_VERBS = SPEECH_FEATURE_VERBS | ATTRIBUTION_ONLY_VERBS
# Conjunctions that open a concession: "While X calls it defensive, analysts say ..." cites X to answer it.
CONCESSIVES = _words("while whereas although though")
# What a concession answers is a claim ("said", "insists", "framed ... as"), not news ("announced new drills").
CONCEDED_VERBS = _words(
    "said says claimed claims insisted insists argued argues maintained maintains called calls described describes "
    "framed frames presented presents portrayed portrays sees views regards considers"
)
# Reactions that report only with their particles: "X hits back at Y", "X lashed out at Y", "X pushed back
# against Y's claims", "X brushed aside Y's concerns" ("pushed back the deadline" reports nothing).
RETORT_PARTICLES = {
    **dict.fromkeys(("hit", "hits", "fire", "fires", "fired", "firing"), (("back", "at"),)),
    **dict.fromkeys(("push", "pushes", "pushed", "pushing"), (("back", "against"), ("back", "at"))),
    **dict.fromkeys(("lash", "lashes", "lashed", "lashing"), (("out", "at"), ("out", "against"))),
    **dict.fromkeys(("brush", "brushes", "brushed"), (("aside",), ("off",))),
    **dict.fromkeys(("turn", "turns", "turned", "turning"), (("down",),)),
}
# "turned down the accusations" rejects a claim; "turned down the offer" refuses a thing.
TURN_DOWN_VERBS = _words("turn turns turned turning")
# "hit back" and "fire back" are also what artillery does: they report only against a claim or critics.
LITERAL_RETORTS = _words("hit hits fire fires fired firing")
RETORT_TARGETS = _words("critics criticism critic")
# "fears" is a noun after "amid" or "over": "amid Wagner fears" reports nobody's claim.
FEAR_VERBS = _words("fears worries concerns")
FEAR_PREPOSITIONS = _words("amid over despite of about")
# "maintain" reports a clause ("maintains the drills are routine"), not an object ("maintains a presence").
MAINTAIN_VERBS = _words("maintain maintains maintained conclude concludes concluded")
# Verbs that report a rejection with "with": "Tarsk disagreed with the alliance's report".
DISAGREE_VERBS = _words("disagree disagrees disagreed")
# "Tarsk claims almost all of the sea": a territory claimed, not a claim made.
# Compounds that make "claims" a claim to land, not a statement: "Beijing's sovereignty claims".
TERRITORIAL_WORDS = _words("sovereignty territorial maritime land")
CLAIMED_TERRITORY = _words(
    "almost nearly virtually all most much part parts sovereignty ownership whole entire large swathes"
)
# Land and sea that a state "claims": "the islands claimed by X" names no statement.
CLAIMED_PLACES = _words(
    "territory territories land lands waters water island islands islets reef reefs shoal shoals area areas "
    "region regions zone zones sea seas border borders"
)
# What follows a claimed place that is no claim's clause: "claims waters that ...", "claims areas of the sea".
AFTER_CLAIMED_PLACE = _words("that which of as in off near around along across and on")
# ", he continued.": a verb that reports only when it closes a quote.
CONTINUE_VERBS = _words("continued continues")
# "The war claimed thousands of lives": what a toll claims.
CLAIMED_LOSSES = _words("lives life victims casualties")
# Verbs that report a claim whatever follows them: "... and said the base was a provocation", "... and
# condemned the drills".
SAYING_VERBS = _words(
    "said says told tells warned warns added adds insisted insists stressed stresses argued argues claimed claims "
    "noted notes condemned condemns praised praises welcomed welcomes hailed hails accused accuses denied denies "
    "rejected rejects dismissed dismisses criticised criticized criticises criticizes urged urges thanked thanks "
    "slammed slams denounced denounces rebuked rebukes blamed blames protested complained confirmed confirms "
    # Plural present forms: "villagers who say ...", "officials who warn that ...".
    "say warn insist argue claim deny"
)
# What a state "views as" when it claims land: "which Tarsk views as its own territory / a breakaway province".
TERRITORY_WORDS = _words("territory territories province provinces soil homeland")
# "-ing" words that are prepositions, not participles: "the remarks of X regarding the troops".
ING_PREPOSITIONS = _words("regarding concerning including following during according considering")
# Documents that speak through a relative clause: "the leaked report, which said that ...".
DOCUMENT_HEADS = _words(
    "report reports document documents statement statements communique communiqué letter memo study survey "
    "assessment article story cable dossier"
)
# Words after which "reports", "tweets" or "claims" is a noun: "multiple reports", "a series of tweets".
NOUN_AFTER = _words("multiple several many numerous various conflicting unconfirmed other such of")
# What a vow or a threat promises: "vows a strong military response", "threatened retaliation".
RESPONSE_NOUNS = _words("response responses retaliation reprisal reprisals revenge consequences countermeasures")
# What one "calls" as an act, not a judgement: "called a meeting", "called a halt", "called snap elections".
CALLED_ACTS = _words(
    "meeting meetings halt vote votes election elections summit session sessions conference referendum strike "
    "strikes ceasefire truce recess"
)
# "drills the government called a provocation": past naming verbs whose object may stand before their subject.
NAMED_AS_PAST = _words("called branded termed labelled labeled dubbed")
# Verbs after whose "that" a bare verb is asked for, not reported: "demanded that Tarsk explain".
DEMAND_VERBS = _words(
    "demand demands demanded demanding ask asks asked asking request requests requested urge urges urged insist "
    "insists insisted propose proposes proposed recommend recommends recommended"
)
# Words that open an explainer's title after a colon: "X: what we know".
QUESTION_WORDS = _words("what what's how why where when who")
# Verbs that report only with a document as their object: "X issued a statement".
ISSUE_VERBS = _words("issued issues released releases")
# "X published a report claiming ...": publishing reports a claim only with what the report says.
PUBLISH_VERBS = _words("published publishes")
REPORT_PARTICIPLES = _words("claiming saying warning blaming accusing alleging finding concluding showing indicating")
# "responded to X by declaring that": what an answer tells after "by".
ANSWER_PARTICIPLES = REPORT_PARTICIPLES | _words("declaring stating insisting arguing announcing stressing")
ISSUED_DOCUMENTS = _words(
    "statement statements communique communiqué declaration report warning warnings reaction response rebuttal denial "
    "clarification"
)
# Endings of adjectives that sit between a possessor and a noun: "Beijing's territorial claims".
MODIFIER_ENDINGS = ("al", "ial", "ic", "ical", "ous", "ive", "ary", "ful")
# Words with those endings that are people or bodies themselves: "Tarsk's military warned".
NOUN_LIKE_MODIFIERS = _words("official officials military general admiral republic public executive")
# "Residents protested outside the garrison": a protest in a place, not a claim.
PROTEST_VERBS = _words("protested protests protest")
PLACE_PREPOSITIONS = _words("outside inside in at near on along across through")
PROTEST_CLAIMS = _words("saying calling chanting demanding accusing warning against")
# "The Guard in a statement on its website said": the medium between a subject and its verb.
MEDIUM_DETERMINERS = _words("a an its their his her the")
MEDIUM_NOUNS = _words(
    "statement statements interview communique communiqué letter post message speech note briefing video broadcast "
    "address tweet remarks"
)
# Heads that name a body when capitalised ("the Coast Guard") and a person in lower case ("a guard").
CAPITALISED_BODIES = _words("guard guards corps command staff")
# ", described by X as ...": a participle aside that credits its agent's judgement.
JUDGING_PARTICIPLES = _words("described called branded labelled labeled termed characterised characterized")
# "..., a move seen by Ostrava as a provocation": a judge's view, given as the agent of a participle.
VIEWING_PARTICIPLES = _words("seen viewed regarded considered deemed perceived")
# "Tarsk protested at the exercises": what a protest "at" names is an event, not a place.
PROTESTED_EVENTS = _words(
    "exercises exercise exercising drills drill deployment deployments decision decisions move moves plan plans "
    "visit visits sale sales arrival presence flights flight incursion incursions violation violations manoeuvres "
    "maneuvers launch launches tests test"
)
# "Tarsk protested to Valmar", "complained to the ambassador over the drills": a protest told to its addressee.
PROTEST_TO_VERBS = _words("protested protests complained complains")
# "Tarsk lodged a protest with Valmar", "files protest": a protest filed as a document.
LODGE_VERBS = _words("lodged lodges lodge filed files file")
LODGED_PROTESTS = _words("protest protests complaint complaints objection objections")
# "Tokyo: Japan lodged a protest ...": a place before a whole sentence with a verb of its own reports it.
DATELINE_VERBS = SAYING_VERBS | LODGE_VERBS | PROTEST_VERBS
# "Tarsk responded with strikes" is an act; "responded with a statement" reports.
RESPOND_VERBS = _words("responded responds respond reacted reacts")
SPOKEN_RESPONSES = _words(
    "statement statements warning warnings note protest words remarks criticism call appeal condemnation alarm version "
    "concern anger outrage dismay"
)
# Verbs of commitment report only before "to" or "that": "X vowed to respond", "X pledged that". Only the
# past forms also before a bare clause ("promised he would"): "pledges" and "promises" are nouns too.
COMMITMENT_PAST_VERBS = _words("promised vowed pledged")
COMMITMENT_VERBS = COMMITMENT_PAST_VERBS | _words("promises vows pledges") | THREAT_VERBS
# Used only as "X sees it as ...": elsewhere they are ordinary verbs.
# How far after "see"/"portray" its "as" may come: "portrayed the reopening of the base as a plan".
AS_WINDOW = 9
AS_VERBS = _words(
    "see sees saw view views viewed regard regards regarded consider considers considered portrayed portrays portray "
    "framed frames frame presented presents referred refers perceives perceived perceive"
)
# "X considers it a threat": a judgement reported without "as".
CONSIDER_VERBS = _words("consider considers considered")
CONSIDER_OBJECTS = _words("it them this")
# Verbs that also report when they come first: ", said X", "” argued an editorial in Die Zeit".
INVERTIBLE_VERBS = _words(
    "said says told added argued insisted warned noted replied stressed wrote asked explained continued concluded "
    "claimed cautioned countered responded fears asked reported reports reassured stated emphasised emphasized "
    "suggested writes tweeted"
)
# Verbs that come first only right after a quotation: '"...," declared the general' (", announced days
# after" is a participle).
QUOTE_INVERTIBLE_VERBS = _words(
    "declared assured affirmed announced observed remarked recalled reacted fumed underlined underscored "
    "highlighted commented admitted acknowledged predicted vowed retorted quipped "
    "clarified reiterated"
)
# ... and after a bare comma when a name closes the sentence: "..., revealed Petrovska." Not the ones that
# also take a person as object in a list of acts ("..., recalled Ambassador Lind", "..., declared X").
CLOSING_INVERTIBLE_VERBS = _words(
    "revealed underlined underscored remarked commented observed quipped retorted detailed"
)
PARTICLE_VERBS = PARTICLE_ONLY_VERBS | _words("shrugged pointed")
# "as X keeps claiming", "whatever X keeps repeating".
GERUND_AFTER_KEEP = _words("claiming repeating saying insisting suggesting")
# Words opening an aside between a subject and its verb: "The agency, quoting officials had reported",
# "The nations, including Canada and France, said".
ASIDE_OPENERS = _words("quoting citing including")
# Reporting verbs in the progressive, after a form of "be": "officials are warning that".
PROGRESSIVE_REPORTING = _words(
    "saying telling warning claiming insisting denying arguing stressing accusing dismissing rejecting "
    "suggesting alleging maintaining complaining urging playing"
)
# Verbs that tell someone a claim: "confirmed to the Herald that", "said to reporters that".
TOLD_TO_VERBS = _words(
    "confirmed confirms said says explained explains stated states insisted insists "
    "repeated repeats reiterated reiterates complained complains"
)
WARNING_COMPOUNDS = _words("sign signs shot shots light lights letter letters system systems label labels")
# "as claimed by X", "as suggested by X".
AS_BY_VERBS = _words(
    "announced claimed alleged suggested stated reported asserted argued said maintained feared portrayed"
)
# "as X claims", "whatever X says", "contrary to what X has claimed".
AS_CLAIM_VERBS = _words(
    "claim claims claimed say says said suggest suggests suggested allege alleges alleged insist insists insisted "
    "stated "
    "argue argues argued maintain maintains advertise advertises assert asserts portray portrays describe "
    "describes would like believe believes fear fears warn warns warned contend contends done do does did "
    "repeating claiming saying insisting suggesting speculated speculate speculates"
)
# Nouns naming a claim: their possessor or "by/from" agent is the claim's source ("Belgrade's accusations").
CLAIM_NOUNS = _words(
    """
    claim claims accusation accusations charge charges allegation allegations assertion assertions warning warnings
    talk portrayal depiction narrative version account complaint complaints objection objections criticism
    argument arguments words suggestion suggestions fears assurances assurance alarm
    characterisation characterization findings insistence threats fabrications lies reactions reaction remarks
    statements comments concerns demand demands condemnation condemnations rebuke rumours rumors
    disinformation misinformation explanation explanations
    """
)
# Claim nouns whose "from/by" agent said something ("criticism from X"), unlike "threats from X".
SPOKEN_CLAIM_NOUNS = _words(
    "claim claims accusation accusations allegation allegations criticism complaint complaints warning warnings "
    "objection objections reactions remarks statements comments demand demands condemnation condemnations rebuke"
)
# Verbs that answer or judge a claim named right after them: "responded to accusations from X".
ANSWER_VERBS = (
    _words(
        "responded responds respond replied replies reply answered answers called calls branded brands labeled "
        "labelled slammed slams rebuked rebukes refuted refutes rejecting dismissing denying refuting countering "
        "rebuffed rebuffs reject rejects deny denies dismiss dismisses refute mocked mocks ridiculed ridicules brushing "
        "back aside reacting reacted reacts"
    )
    | RETORT_VERBS
)
CLAIM_NOUNS_WITH_OF = _words("version characterisation characterization findings")
# Claim nouns whose "of" names a topic, not a speaker: "talk of Armenian militarisation", "threats of war".
TOPIC_CLAIM_NOUNS = _words("talk words threats fabrications lies rumours rumors disinformation misinformation")
# "accused Manila of spreading rumours": whom the speaker accuses of falsehood is the disputed source.
ACCUSE_VERBS = _words("accused accuses accuse accusing")
FALSEHOOD_SPREADING = _words("spreading disseminating peddling circulating")
# What one is accused of spreading when the accusation rejects a claim ("spreading rumours"), unlike
# "circulating old photographs".
SPREAD_FALSEHOODS = _words(
    "rumours rumors lies disinformation misinformation falsehoods fabrications propaganda fake false panic fear fears"
)
# Accused of these, the accused's account is called false outright: "accused Tarsk of lying".
FALSEHOOD_ACTS = _words(
    "lying fabricating inventing fabrication fabrications falsifying distorting misleading deceiving disinformation "
    "exaggerating overstating"
)
# "X is misleading the public", "X was trying to deceive": whoever misleads has a claim rejected.
MISLEAD_VERBS = _words("mislead misleads misled misleading deceive deceives deceived deceiving misinform misinforming")
# "urged X to stop spreading lies", "called on X to stop": whom the speaker urges.
URGE_VERBS = _words("urge urges urged urging ask asks asked asking told tell tells demand demanded warned")
CALL_VERBS = _words("call calls called calling")
TRY_VERBS = _words("trying tried try tries attempting attempted seeking sought")
# "X was spreading lies", "X had given misinformation": who tells falsehoods has a claim rejected.
FALSEHOOD_TELLING = FALSEHOOD_SPREADING | _words(
    "spread spreads peddles peddled disseminates disseminated circulates circulated giving given gave gives making "
    "disseminate peddle circulate "
    "made makes telling told tells"
)
TOLD_FALSEHOODS = _words("rumours rumors lies disinformation misinformation falsehoods fabrications untruths")
# Prepositions that end a phrase's own words: "an arms race between X and Y" is about a race.
SPAN_PREPOSITIONS = _words("between about against amid")
CLAIM_PARTICIPLES = _words(
    "raised voiced offered made spread issued levelled leveled repeated coming disseminated circulated published heard "
    "reported peddled"
)
# "The claims were made by X": a claim's passive participles that name who made it.
VOICED_PARTICIPLES = _words("made voiced raised levelled leveled repeated issued offered")
# "the rumours were spread by X": who spreads rumours or allegations has them rejected.
SPREAD_PARTICIPLES = _words("spread circulated disseminated peddled")
REJECT_VERBS = _words("rejected dismissed denied refuted contradicted disputed debunked")
# "contradicted Valmar, saying", "hit back at Valmar", "in a rebuttal to Valmar": a party answered by name.
REBUT_VERBS = _words("contradicted contradicts rebutted rebuts")
REBUT_PARTICLES = {("hit", "back"), ("hits", "back"), ("hitting", "back"), ("lashed", "back"), ("shot", "back")}
REBUTTAL_NOUNS = _words("rebuttal riposte retort")

# Dashes that open or close an aside: "X – the chair of the committee – said", "Dagalo -- who ... -- said".
DASHES = ("–", "—", "-", "--")
# Words that end a noun phrase when walking away from its verb.
NP_BOUNDARY = _words(
    """
    according that which who whom whose what where when while whereas though although because since if unless as but or so than
    whatever however whether despite saying adding noting warning calling arguing rejecting dismissing having
    stressing insisting pointing
    """
)
# "a move critics warned could ...": these nouns after "a" start a new phrase.
BOUNDARY_NOUNS = _words("move manoeuvre maneuver step decision development gesture sign act")
NP_INNER = _words("of in for at from and to on with by 's '")
DETERMINERS = _words("the a an some many several most other another two three four five this these those")
POSSESSIVES = _words("its their his her our my your")
# Determiners that point back to a claim already told: "dismissed the reports", "rejected that warning".
ANAPHORIC_DETERMINERS = _words("the that these those this such")
# What a sentence can reject of the sentence before besides a claim noun: "that assessment", "that account".
EARLIER_CLAIM_NOUNS = _words(
    "assessment assessments version account reading figures estimate estimates interpretation interpretations "
    "information"
)
# Verbs that judge what they name: "called her remarks a rewriting of history", "branded the reports lies".
JUDGING_VERBS = _words(
    "called calls calling branded brands branding labelled labeled labels labelling labeling described describes "
    "describing"
)
# "made it very clear that", "made clear, however, that".
CLEAR_ADVERBS = _words("very abundantly quite perfectly absolutely crystal")
ASIDE_ADVERBS = _words("however though again also too once yet")
# Words after which a verb cannot have the phrase as its subject.
VERB_LIKE = _words(
    """
    is are was were be been being has have had will would can could should may might must do does did not
    wants want wanted needs need needed seeks seek
    """
)
AUXILIARIES = _words(
    "has have had will would did does do also already long once now then keep keeps kept may earlier later"
)
BE_FORMS = _words("is are was were be been being")
# Verbs whose object a reporting noun is: "drills spark fears", "the agency issues reports".
NOUN_MAKING_VERBS = _words(
    "spark sparks sparked stoke stokes stoked fuel fuels fuelled fueled ease eases eased allay allays allayed "
    "calm calms calmed trigger triggers triggered deepen deepens deepened issues issued publishes published "
    "releases released files filed sparking stoking fuelling fueling triggering deepening easing calming"
)
# Verbs that name an object that may stand before the name: "steps Georgetown called a violation".
NAMING_VERBS = _words("called calls call branded brands termed terms labelled labeled labels")
# Verbs that name what a claim is, in every form: 'calling the allegations "far-fetched"', "described the
# statement as disinformation".
CALLING_VERBS = (
    NAMING_VERBS
    | CALL_VERBS
    | _words("describe describes described describing brand branding label labelling labeling term terming")
)
# "Tarsk declared independence": declaring an act, not a claim.
DECLARE_VERBS = _words("declared declares declare")
DECLARED_ACTS = _words(
    "independence war emergency ceasefire truce victory bankruptcy sovereignty mobilisation mobilization"
)
# "The ministry added a warning" reports; "membership adds a layer" does not (the subject must speak).
ADDING_VERBS = _words("added adds add")
# Auxiliaries that only a clause's verb phrase starts with ("the tanks would", "border has").
FINITE_AUXILIARIES = _words("is are was were has have had will would could can may might must should does did")
# "promised he would ...": the modal that opens a promised clause without "that".
MODAL_VERBS = _words("would will could can should must might may shall")
# "a phone call", "a video call": the noun "call".
CALL_COMPOUNDS = _words("phone telephone video conference roll wake-up")
# Verbs of saying that a title-case headline capitalises: "Experts Dismiss 'Arms Race' Talk" ("Warns Govt
# Over ..." warns someone, as realnews-dev reads it).
TITLE_CASE_VERBS = _words(
    "says say dismiss dismisses deny denies reject rejects slams slam hails hail welcomes welcome "
    "condemns condemn accuses accuse claims claim urges urge calls call blames blame confirms confirm "
    "predicts predict insists insist refutes refute rebuffs rebuff denounces denounce criticises criticizes "
    "criticise criticize praises praise vows vow pledges pledge"
)
CHARGE_VERBS = _words("charged charges")
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr.")
LIST_TAIL_NOUNS = _words("nations countries states allies partners governments members")
# "denied recent Kosovo allegations": words that date a claim between its verb and its owner.
RECENT_WORDS = _words("recent new latest fresh earlier renewed repeated")
# Heads that leave a noun after them, not a verb: "despite recent reports by X", "any reports ... were".
ADJECTIVE_HEADS = RECENT_WORDS | _words("any such")
# Adverbs that may open a sentence without their comma: "Earlier the group said".
OPENING_ADVERBS = _words("earlier later meanwhile separately previously also")
LEADING_ADVERBS = _words(
    "but and meanwhile however also repeatedly often still later previously publicly privately already now then "
    "yet even indeed instead further again not n't nonetheless nevertheless"
)
# "-ly" words that are nouns: "one Tarsk daily noted" names a newspaper.
NOT_ADVERBS = _words("italy family july ally rally daily weekly monthly quarterly")
# Phrases that look like subjects but never name a source.
NOT_SOURCES = _words(
    """
    there this that these those what which who anyone nobody no everyone everybody something nothing all
    officially first
    """
)
TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month year day night
    morning evening afternoon last next this on in at weekend january february march april may june july august
    september october november december
    """
)
NEGATIONS = _words("not no n't never nothing nobody none neither nor hardly far rather cannot isn't aren't")
# After a negation, words of an answer withheld: "no immediate reaction", "could not be reached", "did not
# respond", "has yet to comment".
SILENCE_WORDS = _words("reaction reactions response responses comment comments reached respond responded react reacted")
# A wire story's update note in brackets: "(Adds remarks by Lind)", "(Updates with casualties)".
UPDATE_NOTES = _words("adds updates recasts rewrites corrects changes")
# Lower-case words inside a person's name: "Khalifa bin Zayed", "Ursula von der Leyen", "Lula da Silva".
NAME_PARTICLES = _words("al el bin ibn bint abu van von der den de da di do dos das du la le")
# Words that call what they judge untrue: "the report by X was disinformation".
FALSEHOOD_WORDS = _words(
    """
    baseless unfounded absurd groundless false wrong fiction fantasy nonsense propaganda exaggerated disinformation
    misleading untrue fabricated invented fake distorted ridiculous theatre theater smokescreen lie lies unrealistic
    fanciful falsehood falsehoods fabrication fabrications hoax slander fictitious fictional far-fetched farfetched
    concocted preposterous spurious unsubstantiated
    """
)
# Negated, these call a claim false: "the reports are not true".
TRUTH_WORDS = _words("true correct accurate factual")
# Negated, these call a claim false too: "the statement did not correspond to the facts".
CORRESPOND_VERBS = _words("correspond corresponds")
# What a claim fails to correspond to.
FACT_NOUNS = _words("facts reality truth")
# The negations that judge a claim ("not true", "never accurate").
JUDGING_NEGATIONS = _words("not n't never")
REJECTION_WORDS = FALSEHOOD_WORDS | _words(
    "misplaced rejected dismissed denied refuted contrary despite hysterical hysteria grotesque cynical disagree "
    "disagrees disagreed contradict contradicts debunked"
)
# Lower-case words that may precede "'s" in a possessor ("the pacifists'", "Russian state media's").
POSSESSOR_WORDS = _words("state media government army ministry embassy own pacifists critics channel")
MAX_NP_TOKENS = 15
# An apposition or adverbial clause between a subject and its verb has at most this many tokens:
# "The minister, after confirming that the battery had arrived from abroad, said".
MAX_CLAUSE_TOKENS = 20
# A relative clause between a subject and its verb may run longer.
MAX_RELATIVE_TOKENS = 36
# Lower-case words that open an adverbial clause between a subject and its verb ("X, after visiting Y, said").
ADVERBIAL_OPENERS = _words("after before while when during following despite upon since amid asked")
# A phrase between commas that opens with one of these is an aside: "X, in a statement, said".
APPOSITIVE_PREPOSITIONS = _words("in at on for of with by from")
# A source phrase's head is the last word before one of these: "spokesman for US Forces Korea" -> "spokesman".
HEAD_STOPS = _words("of in for at from to on with who which that")
# Words before a pronoun that let it be a reporting subject: "..., he said", "what they called", "but it says".
PRONOUN_BOUNDARY = _words("that what which but and as while though , ” \" ' ’ : ;")
# A source phrase read rightwards stops at these ("warnings from Belgrade about the drones").
NP_RIGHT_STOPS = _words(
    "keep keeps kept about over against on to into toward towards during after before until with without via through despite amid"
)
# Past-tense forms without -ed, and -ed words that are adjectives inside names ("armed groups").
IRREGULAR_PAST = _words(
    "put held made took sent ran gave kept cut set led won began came went left brought bought built "
    "sold struck shot fought told said saw thought wrote found stood spent met hit grew drew flew spoke sought paid lost"
)
# Participles that open an aside between a subject and its verb: "X, known for his hardline views, said".
ASIDE_PARTICIPLES = _words("known")
ED_ADJECTIVES = _words(
    "armed retired united concerned unnamed elected appointed acting based allied advanced red bed need seed speed"
)
# Reporting words that are also nouns: "the hotline call produced", "Serbia's fears are".
NOUN_OR_VERB = _words(
    "call calls fear fears claim claims report reports view views worry worries notes charges protests"
)
# After a past participle these show a passive or a modifier, not a report: "reported by", "found near".
PARTICIPLE_PREPOSITIONS = _words("by near under from into across along off")
PASSIVE_REPORT_VERBS = _words(
    "rejected dismissed denied refuted contradicted disputed described condemned denounced criticised criticized "
    "called branded seen viewed regarded confirmed reported announced stated welcomed hailed praised credited "
    "thanked applauded lauded revealed"
)
# A closing ", X reported." relays a report: it counts only when the sentence credits nobody else.
# "was also reported by X", "was coolly received by X".
PASSIVE_ADVERBS = _words("also not well further first later publicly")
RELAY_VERBS = _words("reported reports")
# "The agency quoted / reported / cited X as saying": X speaks, the agency relays.
QUOTING_VERBS = _words("quoted reported cited")
RELAY_NOUNS = _words("reports report")
# "quoted X as saying".
SAYING_WORDS = _words("saying telling stating writing adding warning having protesting claiming denying")
# Headline labels that name no source: "Analysis: ...", "Update: ...".
NOT_HEADLINE_SOURCES = _words(
    "analysis update updates opinion editorial breaking exclusive video photos watch live explainer interview "
    "comment factbox timeline q&a read more note photo photos picture pictured caption graphic map chart "
    "op-ed also related listen podcast standoff crisis row dispute tensions conflict war clashes talks summit "
    "showdown posted updated published date dated filed photograph photographs briefing tags tag topics "
    "violation violations incident incidents"
)
# Kickers of a line that links to another story: "Read more: Tarsk says ...".
LINK_KICKERS = frozenset(
    ("read more", "read also", "also read", "see also", "related", "more", "recommended", "read", "more on this")
)
# "according to a statement from X": documents whose issuer is the source.
DOCUMENT_NOUNS = _words("statement statements communique communiqué release message messages letter")
# Records of someone's own words: "according to a transcript of her remarks" relays her.
RECORD_NOUNS = _words("transcript transcripts recording recordings video")
# Numbers are no source, but who compiled them is: "according to figures" credits nobody, "according to
# data from the institute" the institute.
DATA_NOUNS = _words("figures data statistics")
# "according to its mandate": rules, not sources.
NOT_ACCORDING = (
    _words(
        "mandate mandates plan plans law laws rules schedule agreement constitution resolution procedure procedures "
        "protocol standards regulations principle principles treaty agreements treaties accord accords charter"
    )
    | DATA_NOUNS
)
# ", citing ...", ", saying ...": the sentence's subject is the source.
# ", denying that it had been warned", "with both X and Y rejecting the allegation": a rejection reported.
REJECTING_PARTICIPLES = _words("denying rejecting dismissing refuting")
REPORTING_PARTICIPLES = (
    _words(
        "saying citing calling arguing insisting warning claiming describing noting accusing stressing emphasizing "
        "emphasising adding vowing pledging stating asserting blaming urging clarifying explaining reiterating underlining "
        "characterising characterizing portraying branding labelling labeling"
    )
    | REJECTING_PARTICIPLES
)
# Prepositions: a determiner after one of these still belongs to the phrase ("Mayors near the base").
PREPOSITIONS = _words(
    "of in for at from to on with by near outside inside across around behind beyond within without among along "
    "under over into onto off via per like"
)
# Reporting nouns followed by these are nouns: "raising fears of", "fears among Serbs".
NOUN_MARKERS = _words("of for among about over among that")
# Adjectives allowed between a possessor and its claim noun: "Beijing's repeated complaints".
CLAIM_ADJECTIVES = _words("repeated latest new recent persistent constant renewed own alleged")
# A closing attribution has at most this many tokens after its verb: ", the army said in a statement on Monday."
MAX_TAIL_TOKENS = 10
# Endings of adjectives that judge a claim after its owner: "called the remarks from X malicious".
ADJECTIVE_ENDINGS = ("ous", "ive", "ful", "less", "ible", "able", "ical", "ant")
# Verbs that label what they judge: "..., who has labelled the sale a provocation".
LABEL_VERBS = _words("labeled labelled labels branded brands described describes termed")
# "it was said at alliance headquarters": places that speak for an institution.
INSTITUTION_NOUNS = _words(
    "headquarters ministry office embassy secretariat presidency commission department pentagon kremlin "
    "government cabinet command"
)
# "was reported in the local press": the media report; "on social networks" names a platform, not a reporter.
# The last word of a paper's or a site's name: "Defense News", "the Jerusalem Post", "Daily Sabah" is not.
MEDIA_TITLE_WORDS = _words("news times post journal herald gazette tribune telegraph observer monitor express")
MEDIA_NOUNS = _words(
    "media press outlets outlet newspaper newspapers daily dailies television channel channels broadcaster "
    "broadcasters agency agencies portal portals tabloid tabloids weekly"
)
# Adverbs between a subject and its verb: "Iranian media first posted", "the army later said".
PREVERB_ADVERBS = _words(
    "first later then also again already still previously initially repeatedly reportedly never twice point-blank"
)
# Media a later "they" stands for: "Iranian media posted the footage. They claimed ...".
PLURAL_MEDIA = _words("media outlets newspapers dailies channels broadcasters agencies portals tabloids")
PLATFORM_WORDS = _words("social")
# Words that start a time expression after a phrase: "the media last weekend", "the ministry on Monday".
TIME_STARTS = _words("yesterday today tonight last next earlier")
# "X did not give details", "X did not specify which units": what X left out of a statement is still X's
# report. "has not disclosed the price" is a standing silence, not a statement, so it credits nobody.
DISCLOSURE_VERBS = _words("give gave given provide provided specify specified elaborate elaborated")
GIVING_VERBS = _words("give gave given provide provided")
DETAIL_NOUNS = _words(
    "details detail location locations information figures figure number numbers timeline timing date dates "
    "names name reason reasons specifics breakdown cost costs price"
)
# "the aide to the Supreme Leader Major General X": a title, then a rank that opens the holder's own name.
TITLE_NOUNS = _words(
    "leader minister president premier commander chief head spokesman spokeswoman spokesperson secretary "
    "director envoy ambassador adviser advisor aide staff"
)
# Last words of a place's name: "in Naha, Okinawa Prefecture" names where, not who.
PLACE_HEADS = _words("province prefecture region oblast county district state governorate island islands")
# A dateline in capitals ("HELSINKI:") opens a whole sentence of at least this many tokens, full stop included.
DATELINE_MIN_WORDS = 8
# "X declined to comment", "X could not confirm": refusals to speak, whose subject a later pronoun may name.
REFUSING_VERBS = _words("declined declines refused refuses")
# "said it had no comment (on ...)": a refusal. Not "said it had no information about the drones", which reports.
NO_COMMENT_NOUNS = _words("comment comments")
REFUSED_SPEECH = _words("comment confirm say disclose elaborate reveal specify discuss answer give")
# "X did not (immediately) respond to a request for comment": silence, like a refusal.
SILENT_VERBS = _words("respond reply return")
# "X falsely claims": the sentence itself judges the claim false.
FALSELY_ADVERBS = _words("falsely wrongly baselessly erroneously mistakenly untruthfully")
# "X claimed, without evidence, that ...": the report judges the claim unsupported.
UNSUPPORTED_OPENERS = _words("without")
UNSUPPORTED_NOUNS = _words("evidence proof")
# "X has provided no evidence": who offers no proof for a claim has it rejected.
PROVIDE_VERBS = _words("provided provides provide offered offers presented presents given gave produced shown showed")
# ", a claim Moscow denies": who denies a claim just cited (present or past), or does not accept it.
DENYING_VERBS = _words("denies denied deny rejects rejected reject disputes disputed dismisses dismissed disproved")
UNACCEPTED_VERBS = _words("accept accepts share recognise recognize")
# Words before a title noun that keep it a title: "deputy head of", "acting chief".
TITLE_PREFIXES = _words("deputy acting former vice assistant senior chief")
RANK_WORDS = _words(
    "major general lieutenant colonel brigadier admiral captain commander marshal sergeant gen. col. lt. maj."
)
# Words of a title that name nobody by themselves: "Deputy Prime Minister and Defence Minister X".
TITLE_ONLY_WORDS = TITLE_NOUNS | RANK_WORDS | _words("deputy prime vice first defence defense foreign interior")
# Verbs that report a finding only with a clause after them: "the inquiry found that", not "we found the file".
FINDING_VERBS = _words("found finds")
# Heads of subjects that cannot speak: "The deal highlights ...", "The move underlines ...".
EVENT_NOUNS = _words(
    "deal move decision purchase sale acquisition incident step development arrival delivery deployment "
    "visit drills exercise exercises episode partnership cooperation ties plan plans budget"
)
# "including the patrols of both missions" lists; it opens no clause between a subject and its verb.
LIST_OPENERS = _words("including excluding")
STATE_VERBS = _words("states state")
# "..., the statement read.", 'The letter reads: "..."': a document read out speaks.
READ_VERBS = _words("reads read")
STATING_DOCUMENTS = _words(
    "statement communique communiqué report declaration document letter resolution text article decree strategy "
    "announcement publication"
)
RAISE_VERBS = _words("raised raises raise")
# "Officials have sounded the alarm over ...": a warning, like raising concerns.
SOUND_VERBS = _words("sounded sounds sound")
# "In Rask's view, ...", "In the opinion of the ministry, ...": the phrase credits its owner.
VIEW_NOUNS = _words("view opinion assessment estimation words judgement judgment")
# "The party's position is that ...": the possessor holds the view.
POSITION_NOUNS = VIEW_NOUNS | _words("stand stance position argument belief understanding")
CONCERN_NOUNS = _words("concerns concern fears doubts questions objections alarm alarms")
# What "despite" overrides without calling it false: "despite warnings from X" disputes nobody.
WARNING_NOUNS = CONCERN_NOUNS | _words("threat threats warning warnings objection opposition protest protests pressure")
ISSUED_PARTICIPLES = _words("released issued published")
COMPILED_PARTICIPLES = ISSUED_PARTICIPLES | _words("compiled collected gathered")
# People who raise concerns: "critics have raised concerns".
PEOPLE_NOUNS = _words(
    "critics analysts experts officials lawmakers legislators diplomats activists residents observers "
    "members groups opponents politicians leaders"
)
# People described by a participle: "Senators backing the bill said".
PARTICIPLE_PEOPLE = PEOPLE_NOUNS | _words("senators protesters demonstrators lawmakers deputies mps coalition alliance")
REFLEXIVES = _words("itself themselves himself herself")

# Verbs whose object is followed by what they call it: "dismissed the claims as groundless", "described
# the flights as a provocation". The phrase after their "as" is a complement, never a source.
AS_COMPLEMENT_VERBS = _words(
    """
    described describes describe dismissed dismisses dismiss rejected rejects reject denounced denounces branded
    brands labelled labeled labels portrayed portrays characterised characterized characterises characterizes
    termed saw sees see viewed views regarded regards considered considers condemned condemns mocked
    presented presents cast casts treated treats
    """
)
# "a claim X called absurd", "an offer X said it would study": the noun is the object of X's verb, so the
# source starts at the name after it.
OBJECT_GAP_NOUNS = (
    CLAIM_NOUNS
    | BOUNDARY_NOUNS
    | _words(
        "offer offers plan plans proposal proposals idea demand demands request campaign measure measures policy "
        "project assessment estimate promise pledge position stance description label"
    )
)
# Words that open a clause before its subject: ", after X announced" credits X, not "after X".
SUBORDINATORS = _words("after before until")
# Words that open a clause telling an earlier or a framing event: "when X announced ...".
TIME_CLAUSE_OPENERS = SUBORDINATORS | _words("when")

# Time expressions between a subject and its verb ("X on Friday evening said"): the words that open them
# and the nouns that make them a time.
# Nouns that close an opening time phrase besides the names of times: "In the longer term, ...".
TERM_NOUNS = _words("term run past meantime")
TIME_OPENERS = _words(
    "on in at last this next earlier later late early yesterday today tonight for recent the past over"
)
TIME_NOUNS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight week month year
    day night morning evening afternoon weekend january february march april may june july august september
    october november december days weeks months years decade decades past
    """
)
# Weekdays and months are times only with a capital ("in March", not "the march").
CAPITALISED_TIMES = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december"
) | _words("jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.")
# Verbs of evidence: a thing that "showed" or "suggested" something is no speaker. Of these only the
# reporting verbs ("suggested") can credit anyone; the list names the whole family on purpose.
EVIDENCE_VERBS = _words(
    "showed shows show indicated indicates revealed reveals suggested suggests suggest proved proves demonstrated "
    "demonstrates"
)
# Verbs whose subject is a speaker only when it can speak: "the winds distorted the images" says nothing.
SPEAKER_ONLY_VERBS = EVIDENCE_VERBS | MISREPRESENT_VERBS | frozenset(RETORT_PARTICLES)
# Lower-case heads that name a person ("a ministry official"), beside PEOPLE_NOUNS and TITLE_NOUNS.
PERSON_NOUNS = _words(
    """
    official spokesman spokeswoman spokesperson analyst expert diplomat lawmaker legislator activist resident
    observer member politician leader critic source witness researcher scientist historian journalist reporter
    """
)
# Lower-case heads that may speak besides persons: the bodies and studies that speak for them ("the inquiry
# found", "the study suggested").
SPEAKING_BODIES = _words(
    "inquiry investigation investigators study survey poll panel court tribunal committee council firm company "
    "institute service party mission delegation"
)
# Heads that are bodies, not persons: "he" or "she" never stands for them.
BODY_NOUNS = _words(
    """
    army navy forces force government ministry embassy office council committee alliance parliament assembly
    agency command police court cabinet presidency commission department union party coalition bloc
    """
)
# Endings of person nouns ("analyst", "spokesman", "commander", "president"), for "he" and "she".
PERSON_ENDINGS = ("ist", "man", "woman", "person", "ian", "er", "or", "ant", "ent")
# "..., prompting officials in Tehran to warn that": whom an event prompts to speak is the speaker.
PROMPT_VERBS = _words("prompting prompted leading forcing pushing")
PROMPTED_SAYING = _words("warn say declare insist deny accuse condemn stress vow threaten protest denounce reject")
# "X used his speech to say", "X took the opportunity to warn": X says it.
USE_VERBS = _words("used uses")
# "Hezbollah denied it. The group said ...": bare descriptions that repeat the body named before.
DESCRIBED_BODIES = _words("group movement organisation organization militia")
# "the newspaper said" after "the state newspaper Rodong Sinmun": outlets a bare noun may repeat.
OUTLET_NOUNS = _words("newspaper paper daily tabloid agency broadcaster channel website outlet magazine weekly")
# "officials have several times accused": how often, between the auxiliary and the verb.
REPEAT_COUNTS = _words("several many numerous two three four five multiple countless")
# "the firm rejection of claims made by Y": Y's claims are rejected.
REJECTION_NOUNS = _words("rejection denial refutation")
# "X told to withdraw", 'X told "not to escalate"': a headline's passive; X is told, not telling.
TOLD_VERBS = _words("told")
# "X summoned the ambassador to protest ...": X protests.
SUMMON_VERBS = _words("summoned summons summon")
SUMMON_PURPOSES = _words("protest complain object condemn")
# "X expressed interest in buying": a wish, not a claim ("expressed concern" reports one).
EXPRESS_VERBS = _words("expressed expresses express")
# "X asserts its sovereignty", "asserted control over": acts of a state, not claims ("asserted that" is one).
ASSERT_VERBS = _words("asserts asserted assert")
ASSERTED_RIGHTS = _words("sovereignty control rights right authority presence jurisdiction")
INTEREST_NOUNS = _words("interest")
# "X went on to say that": the report continues X's own.
GO_ON_VERBS = _words("went goes go")
# "X was quick to deny": X speaks, promptly.
PROMPTNESS_WORDS = _words("quick swift quicker swifter")
TAKE_VERBS = _words("took takes")
OCCASION_NOUNS = _words("opportunity occasion chance")
# "repeated" reports only before a clause or a claim: "X repeated that ...", not "the army repeated the drills".
REPEAT_VERBS = _words("repeated repeats")
# Prepositions inside the antecedent of ", who" before a name: "diplomats in Tarsk, who", "the mayor of
# Tarsk, who"; after "by" or "from" the agent alone is the antecedent ("a reply from X, who").
INNER_PREPOSITIONS = _words("of in at")
# "X quoted by Y warned": the phrase before the participle is the speaker, Y only relays.
RELAY_PARTICIPLES = _words("quoted cited interviewed contacted polled surveyed consulted questioned")
# Documents that become a cited claim only when a verb right before them rejects them: "rejected a protest
# note from X", not "the ministry's statement read" nor "despite protests from X".
REJECTED_DOCUMENTS = _words(
    "statement statements note notes protest protests declaration call calls message messages information"
) | _words("report reports article articles story stories editorial column news")
# Words that open a label before a colon, not a name: "Translated from Serbian:", "Updated at 10:00:".
NOT_HEADLINE_OPENERS = _words("translated translation updated corrected correction source sources filtered")
# Documents whose outlet is named with "in": "the article in Novosti".
MEDIA_DOCUMENTS = _words("report reports article articles story stories editorial editorials column columns")
# What "it is stated in ..." may name: documents that speak ("it was said in Brussels" names none).
IMPERSONAL_DOCUMENTS = STATING_DOCUMENTS | DOCUMENT_NOUNS | MEDIA_DOCUMENTS | _words("note notice bulletin")
IMPERSONAL_REPORT_VERBS = AS_BY_VERBS | _words("noted written")
# Rejecting verbs as a title-case headline writes them, which no name contains ("Tarsk Rejects Valmar's
# Claims"; not the nouns "Challenges" or "Doubts").
HEADLINE_REJECTING_VERBS = _words("rejects dismisses denies rebuffs refutes slams decries debunks ridicules")
# Claim nouns for feelings: "the valley's fears" are disputed only when something rejects them, not under
# any negation in the sentence ("offered no answer to the valley's fears").
FEELING_NOUNS = _words("fears fear alarm concerns worries")
# Verbs that reject what they govern, in every form ("dismissing the farmers' fears").
REJECTING_VERBS = REJECT_VERBS | _words(
    "slam slams slammed decried decries decry "
    "reject rejects rejecting dismiss dismisses dismissing deny denies denying refute refutes refuting rebuffed shrugged "
    "rebuffs rebuffing brushed brushing brushes mocked mocks ridiculed ridicules disagree disagrees disagreed disagreeing "
    "contradict contradicts contradicting debunk debunks debunking doubted doubts doubt questioned challenged "
    "challenges downplayed downplays disprove disproves disproved disproving"
)
# Words right before a cited claim that answer or reject it: "responded to accusations", "denied the
# reports", "the firm rejection of claims made by X".
ANSWERING_WORDS = ANSWER_VERBS | REJECTING_VERBS | REJECTION_NOUNS
# Verbs that doubt a claim they govern: "Western officials doubted the claims" reports the officials' view.
DOUBT_VERBS = _words("doubted doubts doubt questioned questions question")
# Words in a name or title that tell whom "he" or "she" may stand for.
MALE_MARKS = _words("mr mr. sir spokesman chairman congressman lord king prince")
FEMALE_MARKS = _words("mrs mrs. ms ms. madam dame spokeswoman chairwoman congresswoman lady queen princess")
# Lower-case heads of bodies that a later "it" may stand for: "The defence ministry disagreed. It said ...".
BODY_HEADS = INSTITUTION_NOUNS | MEDIA_NOUNS | SPEAKING_BODIES
# "X sees a threat": seeing a danger is a judgement of X's, as "X sees it as a threat" is.
SEE_VERBS = _words("see sees saw")
SEEN_DANGERS = _words("threat threats danger dangers risk risks provocation")
