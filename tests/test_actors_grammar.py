"""The phrase grammar's cutting of keys into words and phrases (reconcile.actors.grammar)."""

from __future__ import annotations

from reconcile.actors import load_aliases
from reconcile.actors.grammar import Token, load_grammar


def every_length(grammar, key: str) -> list[Token]:
    """The cut tried at every length from the longest phrase down, at each word."""
    words, found, i = key.split(), [], 0
    while i < len(words):
        for size in range(min(grammar.longest, len(words) - i), 0, -1):
            token = grammar.phrases.get(tuple(words[i:i + size]))
            if token is not None:
                found.append(token.text)
                i += size
                break
        else:
            found.append(words[i])
            i += 1
    return found


def test_keys_are_cut_into_the_longest_known_phrases():
    grammar = load_grammar()
    cut = grammar.tokens("syrian government forces and allied militias")
    assert [(t.text, t.kind) for t in cut][:3] == [("syrian", "demonym"), ("government", "role"),
                                                  ("forces", "head")]


def test_looking_up_only_the_lengths_a_word_starts_cuts_as_trying_every_length():
    # every alias key, and phrases whose words start long phrases ("united states", "people s")
    grammar = load_grammar()
    keys = [*load_aliases()["key"], "forces of the united states of america", "the people s defence units",
            "russian and syrian warplanes", "60 arakan army insurgents", "rocket fire from lebanon"]
    for key in keys:
        assert [t.text for t in grammar.tokens(key)] == every_length(grammar, key), key
