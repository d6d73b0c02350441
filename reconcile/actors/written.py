"""Readings that need a perpetrator string as it was written, not only its key.

Brackets ("Name (ABBR)", ACLED's "(2022-)" units), slashes ("Islamic State / ISIS"),
list separators and capitals ("ISWAP terrorists who rode on motorcycles" against
"Hamas rivals Fatah") are gone from the key that :mod:`reconcile.actors.phrases`
reads; these rules look at them when the key alone names no actor.
"""

from __future__ import annotations

import re

from reconcile.actors.aliases import key_of
from reconcile.actors.grammar import CONJUNCTIONS, Token
from reconcile.actors.phrases import PhraseReader, Reading

__all__ = ["LIST_SEPARATOR", "read_written"]

#: what separates the actors of a list: "Russian Military; Iranian Military", "HTS, Southern Front".
LIST_SEPARATOR = r"\s*[;,]\s*"
# a list, or two actors joined by a slash ("Russian/regime airstrikes")
_SEVERAL = re.compile(LIST_SEPARATOR + "|/")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_ACLED_UNIT = re.compile(r"([^()]+?) \(\d{4}-(?:\d{4})?\) \S")


def read_written(reader: PhraseReader, text: str, country: str) -> Reading:
    """The reading of ``text``; for "Name (ABBR)" or "Name (note)", of its parts when the whole fails."""
    key = key_of(text)
    if not key:
        return Reading(note="no letters or digits")
    reading = reader.read(key, country)
    if reading.status == "mapped" or not reader.infer:
        return reading
    if _SEVERAL.search(text):  # "A, B" is read part by part; "Russian/regime" names two actors
        return _one_under_several_names(reader, text, country) or Reading(note="names several actors")
    if reading.targets:
        return reading
    if "(" not in text:
        return _named_head(reader, text, country) or reading
    # "Name (note)" without its notes; ACLED's "Government of Somalia (2022-) Banadir Administration"
    # by what precedes its years: a unit is its state's forces.
    dated = _ACLED_UNIT.match(text)
    for part in (_BRACKETED.sub(" ", text), *(dated.groups() if dated else ())):
        part_key = key_of(part)
        found = reader.read(part_key, country) if part_key else Reading()
        if found.targets:
            return Reading(found.targets, "inferred", f"{found.rule}; read '{part_key}' of '{text}'")
    return _abbreviated(reader, text, country) or reading


def _abbreviated(reader: PhraseReader, text: str, country: str) -> Reading | None:
    """"Fuerzas de Apoyo Rápido (FAR)", "the Katha District People's Defence Force (PDF)": a name we
    do not know spelled out, then the short name we do. Only a bracket that is one alias (not a
    country or a role word: "(Gaza)", "(police)") and only one such bracket."""
    brackets = _BRACKETED.findall(text)
    if len(brackets) != 1 or len(brackets[0].split()) > 5:
        return None
    outside = reader.grammar.tokens(key_of(_BRACKETED.sub(" ", text)))
    if any(t.kind == "other" and t.text in CONJUNCTIONS for t in outside):
        return None  # "FARC dissidents and members of the ELN (ELN)": the short name is one of two
    words = {w for t in outside for w in t.text.split()}
    if words & _AGAINST:
        return None
    short = key_of(brackets[0])
    found = reader.read(short, country) if short else Reading()
    if not found.targets or not found.rule.startswith("alias"):
        return None
    if words & _RELATED:
        # "the West Africa branch of the Islamic State (IS)": the short name may be the branch's or
        # its parent's ("the ISIL affiliate in West Africa Province (ISWAP)"); the words do not say
        return None
    return Reading(found.targets, "inferred", f"{found.rule}; the short name '{brackets[0]}' in '{text}'")


def _one_under_several_names(reader: PhraseReader, text: str, country: str) -> Reading | None:
    """"Islamic State / ISIS / ISIL / Daesh": a slash between names that each name the same one
    actor; any part that names no actor, or another, and the string names several."""
    if not re.search(r"\S\s*/\s*\S", text) or re.search(LIST_SEPARATOR, text):
        return None
    parts = text.split("/")
    readings = [reader.read(key_of(part), country) for part in parts]
    named = [r for r in readings if r.targets]
    # one actor: the same references ("Iraq / Ba'athist Iraq": state:IQ and its period state:IQ@baath)
    actors = {frozenset(reader.actor_of(t) for t, _, _ in r.targets) for r in named}
    if len(actors) != 1:
        return None
    unknown = [part.strip() for part, r in zip(parts, readings, strict=True) if not r.targets]
    if unknown and not _state_beside_names(reader, named[0], unknown, country):
        return None
    rule = f"one actor under {len(readings)} names: '{text}'"
    # the name that says which period wins: "China / Chinese United Front" is the Republic of China's
    # forces, even on a claim with no dates
    chosen = next((r for r in named if any("@" in target for target, _, _ in r.targets)), named[0])
    return Reading(chosen.targets, "inferred", rule + "".join(f"; '{u}' not known" for u in unknown))


def _state_beside_names(reader: PhraseReader, state: Reading, others: list[str], country: str) -> bool:
    """"Kingdom of Italy / Italian East African forces", "India / Indian Peace Keeping Force (IPKF)":
    a state, and beside it names we do not know that carry that state's demonym. Not a name without
    it ("Armenian / Artsakh side", "Croat / HVO": a proxy or breakaway is not the state), not a group
    ("Hezbollah / Amal" are two), nor a part that joins several or names no one."""
    states = {reader.catalogue.cell(i, "country") for target, _, _ in state.targets
              for i in reader.catalogue.rows(target)}
    if len(states) != 1 or not all(reader.is_state(target) for target, _, _ in state.targets):
        return False
    for part in others:
        tokens = reader.grammar.tokens(key_of(part))
        countries = {t.country for t in tokens if t.kind == "demonym"}
        joined = any(t.text in CONJUNCTIONS or t.text in _ALTERNATIVES for t in tokens)
        if countries != states or joined or {t.kind for t in tokens} & {"vague", "unknown", "irregular"}:
            return False
    return True


#: words after a name that turn it into its opponent, victim or former member: the phrase does not
#: name the actor then ("Hamas rivals", "ISIS defectors", "fighters opposed to HTS")
_AGAINST = frozenset("""
anti against opposed opposing opponent opponents rival rivals enemy enemies foe foes adversary adversaries
defector defectors deserter deserters splinter breakaway dissident dissidents former ex
victim victims hostage hostages captive captives prisoner prisoners detainee detainees
targeting targeted target targets fighting fought attacking attacked attack hunting killed killing
clashing clashed versus vs vs. besieging besieged captured capturing
contre contra ennemi ennemis rivaux adversaire adversaires dissidence disidencias disidentes dissidenti
""".split())
#: words that make a name another group related to it: "the Islamic State's West Africa branch"
_RELATED = frozenset("""
branch branches offshoot offshoots wing wings splinter affiliate affiliates franchise
ableger zweig flugel branche filiale rama ramas ala facción
""".split())
#: "or": a slash part "A or B" names two
_ALTERNATIVES = frozenset({"or", "ou"})
_SPAN_KINDS = frozenset({"other", "filler"})
#: word classes that describe a name without naming anyone
_DESCRIBING = frozenset({"filler", "means", "head", "vague", "irregular"})


def _named_head(reader: PhraseReader, text: str, country: str) -> Reading | None:
    """"Hezbollah's deadliest rocket attack", "ISWAP terrorists who rode on motorcycles": a phrase
    that opens with one group's name, the rest plain words that describe it. Not a state or a
    country (those are read by rule), not when a later word is capitalised (another name, perhaps),
    names a country, a role or a conjunction, or turns the name into its opponent ("rivals")."""
    if any(c.isalpha() and c.lower() == c.upper() for c in text):
        return None  # a script without capitals (Arabic): another name could hide in the tail
    tokens = reader.grammar.tokens(key_of(text))
    start = next((i for i, t in enumerate(tokens) if t.kind == "other"), None)
    if start is None or any(t.kind not in _DESCRIBING for t in tokens[:start]):
        return None
    capitals = {w for word in text.split()[1:] if word[:1].isupper() for w in key_of(word).split()}
    for end in range(len(tokens) - 1, start, -1):
        span, tail = tokens[start:end], tokens[end:]
        if tokens[end - 1].kind != "other" or any(t.kind not in _SPAN_KINDS for t in span):
            continue
        found = reader.read(" ".join(t.text for t in span), country)
        if not found.targets or not found.rule.startswith("alias"):
            continue
        if any(reader.is_state(target) for target, _, _ in found.targets):
            return None
        if not _describes(reader, tail, capitals, country):
            return None
        named, described = (" ".join(t.text for t in part) for part in (span, tail))
        return Reading(found.targets, "inferred", f"{found.rule}; '{named}' described by '{described}'")
    return None


def _describes(reader: PhraseReader, tail: list[Token], capitals: set[str], country: str) -> bool:
    """Whether the words after a name only describe it: plain words, none capitalised, none a
    country, role, conjunction or opponent, and together naming no actor."""
    words = [w for t in tail for w in t.text.split()]
    others = [t.text for t in tail if t.kind == "other"]
    if any(t.kind not in _DESCRIBING and t.kind != "other" for t in tail) \
            or any(w in CONJUNCTIONS for w in others):
        return False
    if any(w in capitals for w in words) or any(w in _AGAINST for o in others for w in o.split()):
        return False
    return not others or not reader.read(" ".join(others), country).targets
