"""Reading one perpetrator phrase in its country: which actor (or reference) it names, and why.

Steps, in order (the first that decides wins):

a. the whole key is an alias (bound to the claim's country, or to none);
b. a modifier: "pro-X", "X-backed", "loyal to X" name the actors X backs;
   "remnants of X", "former X" the loyalists of a fallen X; "X and allied
   militias" X's side;
c. the key without means, fillers and heads ("Houthi militia" -> "houthi",
   "RSF fighters" -> "rsf") is an alias;
d. only a demonym or country name is left ("Russian airstrikes", "les forces
   turques"): that state's forces;
e. only role words are left ("government forces", "the army", "قوات النظام"):
   the state forces of the claim's country; with no country, unmapped;
f. a fuzzy match of what is left against every alias and actor name, kept only
   above :data:`FUZZY_ACCEPT` and far ahead of the runner-up.

Never guessed: "unknown gunmen", "militants", "armed groups" with no name;
two countries' forces in one phrase; a name that fits two actors alike.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import pandas as pd

from reconcile.actors.aliases import key_of
from reconcile.actors.catalogue import Catalogue
from reconcile.actors.grammar import CONJUNCTIONS, Grammar, Token

__all__ = ["FUZZY_ACCEPT", "FUZZY_MARGIN", "PhraseReader", "Reading"]

#: A fuzzy match is kept at this score (rapidfuzz ``ratio``, 0-100) or above ...
FUZZY_ACCEPT = 90
#: ... and only when the best other actor scores this much lower.
FUZZY_MARGIN = 8
_FUZZY_MIN_LENGTH = 5
_NOT_NAMES = frozenset({"filler", "means", "head", "irregular", "role", "vague", "unknown"})
#: what is dropped, in turn, from a phrase and from every alias before they are compared.
_REDUCTIONS = (
    frozenset({"filler"}),
    frozenset({"filler", "means"}),
    frozenset({"filler", "means", "head", "irregular"}),
    frozenset({"filler", "means", "head", "irregular", "role"}),
    _NOT_NAMES,
)


@dataclass(frozen=True)
class Reading:
    """What a phrase names: ``targets`` (id or reference, with the alias's validity as
    ISO days or ""), a ``status`` (mapped, inferred, unidentified, unmapped), the ``rule``
    that decided and a ``note`` for the user."""

    targets: tuple[tuple[str, str, str], ...] = ()
    status: str = "unmapped"
    rule: str = ""
    note: str = ""


def _joined(tokens: list[Token], drop: AbstractSet[str]) -> str:
    return " ".join(t.text for t in tokens if t.kind not in drop)


class PhraseReader:
    """Reads keys against one alias table, grammar and catalogue; ``infer=False`` uses aliases only."""

    def __init__(self, aliases: pd.DataFrame, grammar: Grammar, catalogue: Catalogue, infer: bool = True):
        self.grammar = grammar
        self.catalogue = catalogue
        self.infer = infer
        self.index: dict[str, list[tuple[str, str, str, str, str]]] = {}
        columns = ["key", "actor", "country", "valid_from", "valid_to", "origin"]
        for row in aliases[columns].itertuples(index=False):
            key, actor, country, vf, vt, origin = row
            self.index.setdefault(key, []).append((actor, country, str(vf or ""), str(vt or ""), origin))
        for actor_id, name in zip(catalogue.actors["id"], catalogue.actors["name"], strict=False):
            self.index.setdefault(key_of(name), [(actor_id, "", "", "", "actor catalogue")])
        self._by_country: dict[str, dict[str, list[tuple[str, str, str, str, str]]]] = {}
        self._choices: dict[str, tuple[str, ...]] | None = None
        self._reductions: dict[frozenset[str], dict] = {}
        self._key_tokens: dict[str, list[Token]] | None = None

    # -- step a: aliases
    def alias(self, key: str, country: str) -> tuple[tuple[str, str, str], ...]:
        by_country = self._by_country.get(key)
        if by_country is None:  # a key's rows by country, once: "government forces" has 200
            by_country = {}
            for row in self.index.get(key, ()):
                by_country.setdefault(row[1] or "", []).append(row)
            self._by_country[key] = by_country
        # Rows bound to the claim's country come first: "al-Shabaab" in Mozambique is not Somalia's.
        picked = (by_country.get(country, []) if country else []) or by_country.get("", [])
        return tuple((actor, vf, vt) for actor, _, vf, vt, _ in picked)

    def _alias_origin(self, key: str) -> str:
        return self.index[key][0][4]

    def read(self, key: str, country: str, depth: int = 0) -> Reading:
        targets = self.alias(key, country)
        if targets:
            return Reading(targets, "mapped", f"alias ({self._alias_origin(key)})")
        elsewhere = ""
        if key in self.index:  # bound to other countries only
            elsewhere = (f"'{key}' is an alias only in "
                         f"{', '.join(sorted({row[1] for row in self.index[key]}))}")
        if not self.infer:
            return Reading(note=elsewhere)
        tokens = self.grammar.tokens(key)
        reading = self._modified(tokens, country, depth) if depth < 2 else None
        reading = reading or self._phrase(tokens, country)
        if not reading.targets and not reading.note and elsewhere:
            return Reading(status=reading.status, note=elsewhere)
        return reading

    # -- step b: modifiers
    def _modified(self, tokens: list[Token], country: str, depth: int) -> Reading | None:
        words = [w for t in tokens if t.kind != "filler" for w in t.text.split()]
        failed = None
        for modifier in self.grammar.modifiers:
            split = _split(words, modifier.before, modifier.after)
            if split is None:
                continue
            lead, inner_words, tail = split
            inner_text, inner, rest = self._inner(inner_words, country, depth)
            if not inner.targets:  # another pattern may split the words better
                failed = failed or Reading(status=inner.status,
                                           note=inner.note or f"'{inner_text}' names no actor")
                continue
            if modifier.meaning == "side":  # "Saudi-led coalition aircraft" is the coalition we know
                named = self._reduced_alias(tokens, country, _REDUCTIONS[:3])
                if named is not None:
                    return named
            # words around the pattern ("Houthi" in "Iran-backed Houthi rebels") may name the actor itself;
            # after "X and its allies" they name the allies ("et ses supplétifs russes du groupe Wagner")
            around = lead + rest + tail
            if modifier.meaning == "side" and tail:
                # "et ses supplétifs russes": allies described, X's side; "and allied Saleh forces",
                # "and Syrian Democratic Forces": a second actor named
                if any(t.kind == "other" for t in self.grammar.tokens(" ".join(tail))):
                    return Reading(note=f"names '{inner_text}' and, by name, '{' '.join(tail)}'")
                around = lead + rest
            return self._apply(modifier.meaning, modifier.pattern, inner, inner_text, around, country, depth)
        return failed

    def _inner(self, words: list[str], country: str, depth: int) -> tuple[str, Reading, list[str]]:
        """What X of a modifier names, and the words left around it: X's heads and means
        ("pro-government militiamen", "pro-government warplanes") describe what X backs."""
        tokens = self.grammar.tokens(" ".join(words))
        bare = _joined(tokens, _NOT_NAMES - {"role"})
        rest = [t.text for t in tokens if t.kind in _NOT_NAMES - {"role"}]
        inner = self.read(bare, country, depth + 1) if bare else Reading()
        if inner.targets or not rest:
            return bare, inner, rest
        return " ".join(words), self.read(" ".join(words), country, depth + 1), []

    def _apply(self, meaning: str, pattern: str, inner: Reading, inner_text: str, around: list[str],
               country: str, depth: int) -> Reading:
        rule = f"modifier '{pattern}' with X = '{inner_text}'"
        around_tokens = self.grammar.tokens(" ".join(around))
        named_around = [t for t in around_tokens if t.kind == "other"]
        if named_around:  # "Iran-backed Houthi rebels": the words around X name the actor itself
            named = self.read(" ".join(around), country, depth + 1)
            return Reading(named.targets, "inferred" if named.targets else named.status,
                           rule + f"; named: '{' '.join(around)}'", named.note)
        if meaning == "side":
            return Reading(inner.targets, "inferred", rule + " (X's side)")
        kinds = {t.kind for t in around_tokens}
        if meaning == "aligned" and "means" in kinds and not kinds & {"head", "irregular"}:
            # "pro-government warplanes": the state's own or its allies' aircraft, the words do not say
            return Reading(note=f"'{inner_text}' or the forces it backs: the words do not say which")
        places = {t.country for t in around_tokens if t.kind == "demonym"}
        where = places.pop() if len(places) == 1 else country
        found: list[tuple[str, str, str]] = []
        for target, vf, vt in inner.targets:
            if meaning == "loyalists" and target.startswith("loyalists:"):
                found.append((target, vf, vt))
                continue
            rows = self.catalogue.rows(target)
            states = {self.catalogue.cell(i, "country") for i in rows
                      if self.catalogue.cell(i, "kind") == "state"}
            if not states:
                if meaning == "aligned":  # "ISIS-affiliated": the group's own side
                    found.append((target, vf, vt))
                continue
            for state in sorted(states):
                if meaning == "aligned":
                    picked = self.catalogue.backed(state, where)
                    if "@" in target:  # "pro-Assad": Assad's militias, then his loyalists once he fell
                        picked = picked + self.catalogue.rows(f"loyalists:{state}")
                else:
                    picked = self.catalogue.rows(f"loyalists:{state}")
                found.extend((self.catalogue.cell(i, "id"), vf, vt) for i in picked)
        if not found:
            what = "backed by" if meaning == "aligned" else "loyal to the former"
            return Reading(note=f"no actor {what} '{inner_text}' in the catalogue")
        return Reading(tuple(dict.fromkeys(found)), "inferred", rule)

    # -- steps c to f
    def _phrase(self, tokens: list[Token], country: str) -> Reading:
        kinds = {t.kind for t in tokens}
        others = [t for t in tokens if t.kind == "other"]
        if others:
            found = self._reduced_alias(tokens, country)
            if found is not None:
                return found
            named = self._fuzzy(_joined(tokens, _NOT_NAMES), country)
            if named.targets:
                return named
            if any(t.text in CONJUNCTIONS for t in others):
                return Reading(note="names several actors")
            if "unknown" in kinds:
                return Reading(status="unidentified", note="perpetrator not identified")
            if "vague" in kinds:
                return Reading(note="names no one actor")
            return named
        # an alias made only of class words and bound to the claim's country ("paramilitaries" in Sudan);
        # never for a vague word ("rebels") or an alias any country shares ("American forces")
        if not kinds & {"vague", "unknown"}:
            found = self._reduced_alias(tokens, country, _REDUCTIONS[:3], bound_only=True)
            if found is not None:
                return found
        countries = {t.country for t in tokens if t.kind == "demonym"}
        if "unknown" in kinds:
            return Reading(status="unidentified", note="perpetrator not identified")
        if "vague" in kinds:
            return Reading(note="names no one actor")
        if "irregular" in kinds:
            return Reading(note="militias are not a state's forces; name the group")
        if len(countries) > 1:
            return Reading(note="names several countries' forces: " + ", ".join(sorted(countries)))
        if countries:
            (state,) = countries
            word = " ".join(t.text for t in tokens if t.kind == "demonym")
            return Reading(((f"state:{state}", "", ""),), "inferred", f"demonym '{word}', {state}")
        if "role" in kinds:
            words = " ".join(t.text for t in tokens if t.kind in ("role", "head"))
            if not country:
                return Reading(note=f"role word '{words}' and no country to place it")
            return Reading(((f"state:{country}", "", ""),), "inferred", f"role word, {country}")
        return Reading(note="names no actor")

    def _reduced_alias(self, tokens: list[Token], country: str, reductions=_REDUCTIONS,
                       bound_only: bool = False) -> Reading | None:
        """An alias once the words that name no one are dropped from both sides."""
        sources = [tokens]
        home = [t for t in tokens if not (t.kind == "demonym" and t.country == country)]
        if len(home) < len(tokens):
            sources.append(home)
        # "groupe paramilitaire russe Wagner", "حركة الشباب الصومالية": the group's own nationality
        nationals = {t.country for t in tokens if t.kind == "demonym"}
        stateless = [t for t in tokens if t.kind != "demonym"]
        if nationals:
            sources.append(stateless)
        for drop in reductions:
            index = self._reduced(drop)
            for source in sources:
                key = _joined(source, drop)
                hits = index.get(key, {}) if key else {}
                # as in step a, aliases bound to the claim's country come first
                found = [(target, origin) for (target, origin), bound in hits.items()
                         if country and country in bound]
                if not found and not bound_only:
                    found = [(target, origin) for (target, origin), bound in hits.items() if "" in bound]
                # an alias that is the reduced phrase itself outranks aliases that had to be reduced to it:
                # "Taliban militants" is the alias "Taliban", not the name "Taliban government forces"
                found = [hit for hit in found if hit[1] == key] or found
                targets = tuple(dict.fromkeys(target for target, _ in found))
                if source is stateless and not self._of_countries(targets, nationals):
                    continue
                # one actor, or one alias whose rows its dates choose between
                # ("Taliban" before and after 2021)
                if targets and (len({self.actor_of(t[0]) for t in targets}) == 1
                                or len({origin for _, origin in found}) == 1):
                    dropped = " ".join(t.text for t in tokens if t.kind in drop or t not in source)
                    return Reading(targets, "inferred",
                                   f"alias '{key}' without '{dropped}'".replace(" without ''", ""))
        return None

    def _reduced(self, drop: frozenset[str]) -> dict[str, dict[tuple[tuple[str, str, str], str], set[str]]]:
        """Alias keys with the words of classes ``drop`` removed -> their (target, key) and countries."""
        if drop not in self._reductions:
            index: dict[str, dict[tuple[tuple[str, str, str], str], set[str]]] = {}
            if self._key_tokens is None:  # each alias cut into words once, for every reduction
                self._key_tokens = {key: self.grammar.tokens(key) for key in self.index}
            for key, rows in self.index.items():
                # A vague word in a name is part of the name: "People's Defence Force" is not "defence".
                reduced = _joined(self._key_tokens[key], drop - {"vague", "unknown"})
                for actor, bound, vf, vt, _ in rows:
                    if reduced:
                        # an alias may be bound to several countries ("ADF" in CD and in UG)
                        index.setdefault(reduced, {}).setdefault(((actor, vf, vt), key), set()).add(bound)
            self._reductions[drop] = index
        return self._reductions[drop]

    # -- step f: fuzzy names
    def _choice_targets(self) -> dict[str, tuple[str, ...]]:
        """Each alias bound to no country -> its targets, sorted: a set's order would change with
        the hash seed, and with it which of two tied actors a note names first."""
        if self._choices is None:
            choices: dict[str, set[str]] = {}
            for key, rows in self.index.items():
                for actor, bound, _, _, _ in rows:
                    if not bound:
                        choices.setdefault(key, set()).add(actor)
            self._choices = {key: tuple(sorted(targets)) for key, targets in choices.items()}
        return self._choices

    def _fuzzy(self, query: str, country: str) -> Reading:
        if len(query.replace(" ", "")) < _FUZZY_MIN_LENGTH:
            return Reading()
        from rapidfuzz import fuzz, process

        choices = self._choice_targets()
        best: dict[str, tuple[float, str]] = {}
        for choice, score, _ in process.extract(query, list(choices), scorer=fuzz.ratio, limit=20):
            for target in choices[choice]:
                actor = self.actor_of(target)
                if actor not in best or score > best[actor][0]:
                    best[actor] = (score, choice)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))  # ties: by actor
        if not ranked or ranked[0][1][0] < FUZZY_ACCEPT - 20:
            return Reading()
        (actor, (score, choice)), rest = ranked[0], ranked[1:]
        runner = rest[0][1][0] if rest else 0.0
        closest = f"closest: '{choice}' -> {actor} ({score:.0f})"
        if rest:
            closest += f", '{rest[0][1][1]}' -> {rest[0][0]} ({runner:.0f})"
        if score >= FUZZY_ACCEPT and score - runner >= FUZZY_MARGIN:
            targets = tuple((t, "", "") for t in choices[choice])
            return Reading(targets, "inferred",
                           f"fuzzy '{query}' ~ '{choice}' ({score:.0f}; next {runner:.0f})")
        return Reading(note="no alias is close enough; " + closest)

    def _of_countries(self, targets: tuple[tuple[str, str, str], ...], countries: set[str]) -> bool:
        """Whether every target is a group (not a state) of one of ``countries``."""
        cell = self.catalogue.cell
        rows = [i for target, _, _ in targets for i in self.catalogue.rows(target)]
        return bool(rows) and all(cell(i, "kind") != "state" and cell(i, "country") in countries
                                  for i in rows)

    def is_state(self, target: str) -> bool:
        """Whether ``target`` is a state's forces (its rows are all of kind ``state``)."""
        rows = self.catalogue.rows(target)
        return bool(rows) and all(self.catalogue.cell(i, "kind") == "state" for i in rows)

    def actor_of(self, target: str) -> str:
        rows = self.catalogue.rows(target)
        return self.catalogue.cell(rows[0], "ref") if rows else target


def _split(words: list[str], before: tuple[str, ...], after: tuple[str, ...]):
    """(lead, X, tail) when ``before X after`` occurs in ``words`` with X non-empty, else None."""
    n_before, n_after = len(before), len(after)
    if (n_before and before[0] not in words) or (n_after and after[0] not in words):
        return None  # most patterns, at once: their first word is missing
    starts = [i for i in range(len(words) - n_before + 1) if tuple(words[i:i + n_before]) == before] \
        if n_before else [0]
    for i in starts:
        rest = i + n_before
        if not n_after:
            return (words[:i], words[rest:], []) if rest < len(words) else None
        for j in range(rest + 1, len(words) - n_after + 1):
            if tuple(words[j:j + n_after]) == after:
                return words[:i], words[rest:j], words[j + n_after:]
    return None
