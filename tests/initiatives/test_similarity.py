"""The similar-ideas suggestion: TF-IDF over word tokens, cosine similarity. Pure."""

from samenspel.initiatives.similarity import normalise, similar, tokens


def test_normalisation_strips_accents_case_stop_words_and_short_tokens():
    assert normalise("Ideeën voor het Café") == "ideeen voor het cafe"
    assert tokens("Een speeltuin in het park, bij de 3 eiken!") == ["speeltuin", "park", "eiken"]


def test_playground_in_the_park_matches_new_play_equipment_not_parking():
    candidates = [
        ("toestellen", "nieuwe speeltoestellen park"),
        ("parkeren", "parkeren"),
    ]
    result = similar("speeltuin in het park", candidates)
    assert [key for key, _score in result] == ["toestellen"]
    scores = dict(similar("speeltuin in het park", candidates, threshold=0.0))
    assert scores["toestellen"] > 0.15
    assert scores.get("parkeren", 0.0) < scores["toestellen"]


def test_results_are_ranked_limited_and_thresholded():
    candidates = [
        (1, "moestuin bij de school met kinderen"),
        (2, "moestuin"),
        (3, "bankjes in het park"),
        (4, "moestuin school"),
    ]
    result = similar("moestuin bij de school", candidates, limit=2)
    assert len(result) == 2
    assert result[0][1] >= result[1][1]
    assert {key for key, _ in result} <= {1, 2, 4}
    # Only the candidate with exactly the same words clears a threshold near 1.
    assert [key for key, _ in similar("moestuin bij de school", candidates, threshold=0.99)] == [4]


def test_identical_text_scores_one_and_nothing_in_common_scores_nothing():
    ((key, score),) = similar("Buurtfeest op het plein", [("a", "buurtfeest op het plein")])
    assert key == "a" and abs(score - 1.0) < 1e-6
    assert similar("fietsenstalling", [("b", "hondenuitlaatplek")]) == []


def test_empty_input_gives_nothing():
    assert similar("", [("a", "iets")]) == []
    assert similar("de het een", [("a", "de het een")]) == []
    assert similar("speeltuin", []) == []
