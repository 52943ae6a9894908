"""Rule-based attribution on sentences written for these tests."""

import pytest
from attribution_helpers import sources

from model.attribution import attribute, head_noun, normalise_source, resolve_article


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Serbian President Aleksandar Vucic said the drills were a provocation.",
            [("Serbian President Aleksandar Vucic", "speaker")],
        ),
        ("The radars are purely defensive, the ministry said.", [("the ministry", "speaker")]),
        ("“We will not be intimidated,” said Drita Krasniqi, a lawmaker from Peja.", [("Drita Krasniqi", "speaker")]),
        ("The deliveries are on schedule, according to the Defence Ministry.", [("the Defence Ministry", "speaker")]),
        ("Belgrade warned that the new drones endanger Serbs.", [("Belgrade", "speaker")]),
        ("Officials in Tokyo warned of a dangerous escalation.", [("Officials in Tokyo", "speaker")]),
        (
            "Acting Minister of Defense Ilir Gashi confirmed that more purchases are planned.",
            [("Acting Minister of Defense Ilir Gashi", "speaker")],
        ),
        (
            "Military experts stress that the tanks are no threat, as claimed by Moscow.",
            [("Military experts", "speaker"), ("Moscow", "disputed")],
        ),
        ("The patrols are a menace, as claimed by local residents.", [("local residents", "speaker")]),
        (
            "The base threatens nobody, contrary to Athens's claims, a Turkish official said.",
            [("Athens", "disputed"), ("a Turkish official", "speaker")],
        ),
        ("Zagreb's accusations have no basis, the army said.", [("Zagreb", "disputed"), ("the army", "speaker")]),
        (
            "The general rejected claims by Sofia that the troops were massing.",
            [("The general", "speaker"), ("Sofia", "disputed")],
        ),
        ("The exercise is routine, whatever Minsk says.", [("Minsk", "disputed")]),
        ("The fleet arrived in port on Tuesday.", []),
        ("The contract was signed by both ministers.", []),
        ("Farmers fear the new base will bring noise and danger.", [("Farmers", "speaker")]),
        ("The decision raised fears of a new arms race.", []),
        (
            "A retired colonel and a local mayor warned the plan could backfire.",
            [("A retired colonel", "speaker"), ("a local mayor", "speaker")],
        ),
    ],
)
def test_finds_sources_and_roles(sentence, expected):
    assert sources(sentence) == expected


def test_offsets_point_at_the_source_and_the_cue_is_reported():
    sentence = "The missiles are defensive, Lieutenant Colonel Marta Vuko told reporters."
    (item,) = attribute(sentence)
    assert sentence[item["start"] : item["end"]] == "Lieutenant Colonel Marta Vuko"
    assert item["cue"] == "told"


def test_an_appositive_after_the_comma_is_not_part_of_the_source():
    (item,) = attribute("The drills are a warning, argued Petar Ilic, an analyst at a Belgrade institute.")
    assert item["source"] == "Petar Ilic"


def test_a_quoted_speakers_inner_claims_belong_to_the_closing_source():
    assert sources("Even the army admits the border is calm, an EU monitor said.") == [("an EU monitor", "speaker")]


def test_pronouns_are_flagged_and_resolved_to_the_nearest_earlier_speaker():
    sentences = [
        "Regional analysts say the purchase is defensive.",
        "The tanks arrived on Monday.",
        "They argue that it supports stability.",
    ]
    resolved = resolve_article([attribute(s) for s in sentences], sentences)
    (item,) = resolved[2]
    assert item["source"] == "Regional analysts"
    assert item["resolved_from"] == "They"
    assert sentences[2][item["start"] : item["end"]] == "They"


@pytest.mark.parametrize(
    ("refusal", "name"),
    [
        ("Ministry spokeswoman Vera Pavic could not confirm the reports of a second battery.", "Ministry spokeswoman Vera Pavic"),
        ("The deputy minister, Ivo Tarle, declined to comment on the convoy.", "Ivo Tarle"),
        ("Colonel Ema Soric has refused to say where the guns are.", "Colonel Ema Soric"),
    ],
)  # fmt: skip
def test_someone_who_refused_to_speak_is_no_source_but_a_later_pronoun_names_them(refusal, name):
    sentences = [
        "Defence Minister Dan Ilic said the radars were routine.",
        refusal,
        "“I hope it is not true,” she said.",
    ]
    refused = [[] for _ in sentences]
    found = [attribute(s, names) for s, names in zip(sentences, refused)]
    assert found[1] == []
    assert refused == [[], [name], []]
    resolved = resolve_article(found, sentences, refused)
    assert resolved[2][0]["source"] == name
    assert resolved[2][0]["resolved_from"] == "she"
    # Without the refusals, the one who refused is still the subject of the sentence before "she".
    assert resolve_article([attribute(s) for s in sentences], sentences)[2][0]["source"] == name


def test_an_unresolvable_pronoun_stays_as_written():
    sentences = ["He said the border was quiet."]
    (item,) = resolve_article([attribute(s) for s in sentences], sentences)[0]
    assert item["source"] == "He"
    assert "resolved_from" not in item


def test_he_and_she_keep_to_the_person_they_already_stood_for():
    sentences = [
        "Spokeswoman Ana Rist said the drills were routine.",
        "General Ivo Lind said the troops would stay.",
        "He added that the border was calm.",
        "She told reporters the army had no plans to move.",
        "He said the patrols would go on.",
    ]
    resolved = resolve_article([attribute(s) for s in sentences], sentences)
    assert [r[0]["source"] for r in resolved[2:]] == ["General Ivo Lind", "Spokeswoman Ana Rist", "General Ivo Lind"]


def test_a_pronoun_for_the_sentences_own_speaker_adds_no_second_source():
    sentences = ["Tarsk's envoy has warned that he believes the resolution will fail."]
    (items,) = resolve_article([attribute(s) for s in sentences], sentences)
    assert [(i["source"], i["role"]) for i in items] == [("Tarsk's envoy", "speaker")]


def test_a_title_tells_whom_she_cannot_stand_for():
    sentences = ["Mr Vell said the talks had failed.", "She said the drills would go ahead."]
    (item,) = resolve_article([attribute(s) for s in sentences], sentences)[1]
    assert item["source"] == "She"
    assert "resolved_from" not in item


def test_a_quote_right_after_a_quoted_speaker_continues_that_speaker():
    sentences = ["“The army is ready,” said Ana Kolar.", "“Nobody should doubt that.”"]
    resolved = resolve_article([attribute(s) for s in sentences], sentences)
    assert resolved[1][0]["source"] == "Ana Kolar"
    assert resolved[1][0]["resolved_from"] == "quote"


@pytest.mark.parametrize(
    ("source", "head"),
    [
        ("diplomats in Brussels", "diplomats"),
        ("Kosovo's defence minister", "minister"),
        ("a spokesman for US Forces Korea", "spokesman"),
        ("Serbian President Aleksandar Vucic", "vucic"),
        ("the pacifists'", "pacifists"),
    ],
)
def test_head_noun(source, head):
    assert head_noun(source) == head


def test_normalise_source_case_folds_and_drops_articles():
    assert normalise_source("The Ministry of Defense") == "ministry of defense"
    assert normalise_source("Security analysts") == "security analysts"


def test_attribution_columns_join_sources_like_the_gold_file():
    from model.attribution import attribution_columns

    columns = attribution_columns(
        "The jets are no threat, as claimed by Ankara, a Greek officer and a Greek diplomat said."
    )
    assert columns == {"speaker": "a Greek officer|a Greek diplomat", "disputed": "Ankara"}


def _sources_of(*names):
    """An analysed article's sentences, one per source name, as source_keys reads them."""
    return [{"attributions": [{"source": name, "role": "speaker"}]} for name in names]


def test_a_bare_surname_joins_a_name_written_with_a_modifier_in_one_article():
    from model.article import source_key, source_keys

    sources = ("military analyst Jonas Ferrin of the Baltic Security Institute", "Ferrin", "Petrov")
    names = source_keys(_sources_of(*sources))
    full = source_key(sources[0], names)
    assert full == "military analyst jonas ferrin of the baltic security institute"
    assert source_key("Ferrin", names) == full
    assert source_key("Petrov", names) == "petrov"


def test_a_titled_surname_in_a_headline_joins_the_full_name_written_later():
    from model.article import source_key, source_keys

    names = source_keys(_sources_of("General Novak", "Army chief General Ivo Novak", "Novak", "the ministry"))
    assert {source_key(name, names) for name in ("General Novak", "Army chief General Ivo Novak", "Novak")} == {
        "army chief general ivo novak"
    }
    assert source_key("the ministry", names) == "ministry"


def test_a_surname_two_people_share_stays_apart():
    from model.article import source_key, source_keys

    names = source_keys(_sources_of("Ivo Novak", "Ana Novak", "Novak"))
    assert source_key("Novak", names) == "novak"
