"""Lifecycle stages and RFM segments follow different rules, so they never share a name in either language: a
card must not read "Segment At Risk · Stage Lost"."""

import pytest

from crmdesk.analytics import churn, rfm


def _segment_names(lang: int) -> set[str]:
    return {pair[lang] for pair in (*rfm.SEGMENTS, rfm.NO_PURCHASE)}


@pytest.mark.parametrize(("lang", "stages"), [(0, churn.ENGLISH_STAGES), (1, churn.KOREAN_STAGES)])
def test_no_stage_name_is_or_contains_a_segment_name(lang, stages):
    segments = {name.casefold() for name in _segment_names(lang)}
    for stage in stages.values():
        name = stage.casefold()
        assert name not in segments, stage
        clash = [s for s in segments if s in name or name in s]
        assert not clash, (stage, clash)


def test_every_stage_has_a_name_in_both_languages():
    keys = {*churn.STAGE_NAMES, "no_purchase"}
    assert set(churn.ENGLISH_STAGES) == keys == set(churn.KOREAN_STAGES)
    assert len(set(churn.ENGLISH_STAGES.values())) == len(keys) == len(set(churn.KOREAN_STAGES.values()))


def _cli_texts():
    """Every text of the command line that speaks of lifecycle stages, with its key and language (0 English, 1
    Korean): the churn and lifecycle commands' help, words and headers, and any text naming a stage or the word
    stage itself."""
    import re

    from crmdesk.cli import texts

    found = []
    for key, value in texts._HELP.items():
        found += [(key, 0, text) for text in (value if isinstance(value, tuple) else (value,))]
    for key, pair in texts._WORDS.items():
        found += [(key, 0, pair[0]), (key, 1, pair[1])]
    for key, (english, korean) in texts._HEADERS.items():
        found += [(key, 0, " | ".join(english))] + ([(key, 1, " | ".join(korean))] if korean else [])
    found += [(key, 0, text) for key, text in texts._ENGLISH.items()]
    stage_word = (re.compile(r"\bstages?\b|lifecycle|\bchurn", re.IGNORECASE), re.compile("단계"))
    stages = (churn.ENGLISH_STAGES.values(), churn.KOREAN_STAGES.values())
    return [(key, lang, text) for key, lang, text in found
            if re.search(r"churn|lifecycle|stage", key) or stage_word[lang].search(text)
            or any(name in text for name in stages[lang])]


def _churn_list_values() -> set[str]:
    """The values of ``churn --list`` (at-risk, dormant, lost): option words kept for scripts, which the help
    explains with the stage names; they are not stage names shown to a reader."""
    from crmdesk.cli.parser import build_parser, command_parsers

    churn_parser = {path: child for path, child, _options in command_parsers(build_parser())}["churn"]
    return {value for action in churn_parser._actions if "--list" in action.option_strings
            for value in action.choices}


@pytest.mark.parametrize("lang", [0, 1])
def test_the_command_line_never_uses_a_segment_name_as_a_stage_word(lang):
    """`crmdesk churn` said "loyal from" / "충성 고객 기준": 충성 고객 (Loyal Customers) is an RFM segment; the
    stage is 단골 / Regular. Where the command line speaks of stages, no segment name appears."""
    import re

    option_values = _churn_list_values()
    checked = [(key, text) for key, text_lang, text in _cli_texts() if text_lang == lang]
    assert any(key == "churn_summary" for key, _text in checked)  # the scan reaches the churn header
    for key, text in checked:
        words = re.sub(r"\{[^}]*\}", "", text)  # placeholders ({loyal}) are the code's names, not words shown
        for value in option_values:
            words = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", "", words)
        for segment in _segment_names(lang):
            if lang == 0:  # "at risk" and "at-risk" alike, as whole words
                pattern = r"[\s-]".join(re.escape(part) for part in segment.split())
                hit = re.search(rf"\b{pattern}\b", words, re.IGNORECASE)
            else:
                hit = re.search(re.escape(segment), words)
            assert not hit, (key, segment, text)
        if lang == 0:  # "loyal", alone, is the segment's word too
            assert not re.search(r"\bloyal\b", words, re.IGNORECASE), (key, text)
