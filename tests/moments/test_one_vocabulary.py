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
