"""Entity normalisation from the general world vocabulary in models/entities.yaml."""

from __future__ import annotations

import pytest

from extractor.claims.nlp.entities import EntityNormalizer
from extractor.claims.nlp.lexicon import read_vocab


@pytest.fixture(scope="module")
def entities() -> EntityNormalizer:
    return EntityNormalizer(read_vocab()["entities"])


@pytest.mark.parametrize("written", ["U.S.", "US", "the United States", "America", "USA",
                                     "the U.S.'s", "United States of America"])
def test_united_states_is_one_entity(entities: EntityNormalizer, written: str) -> None:
    assert entities.normalize(written) == "United States"


def test_capitals_act_as_governments_but_stay_places(entities: EntityNormalizer) -> None:
    assert entities.normalize("Beijing", acting=True) == "China"
    assert entities.normalize("Washington", acting=True) == "United States"
    assert entities.normalize("Beijing", acting=False) == "Beijing"


def test_demonyms_and_metonyms(entities: EntityNormalizer) -> None:
    assert entities.normalize("Chinese") == "China"
    assert entities.normalize("the Kremlin") == "Russia"
    assert entities.normalize("the British government") == "United Kingdom"


def test_short_forms_only_in_their_own_case(entities: EntityNormalizer) -> None:
    assert entities.normalize("us") == "us"  # the pronoun, not the country
    assert entities.normalize("Acme Corp") == "Acme Corp"
