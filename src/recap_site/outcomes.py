"""Outcomes across events: chains of follow-ups, and the tracker's selections.

An outcome with ``follows: <event>#<id>`` continues an earlier one; the
outcomes linked that way form a chain. Every outcome gets an
:class:`~recap_site.model.OutcomeTrack`: what it follows, what followed it,
the whole chain as a timeline, and its latest status (that of the newest
outcome among it and what followed it).

The tracker lists each chain once, at its first outcome (what was
committed), with the chain's latest status; its facets are that outcome's
kind and year and the topics, organizations and regions of every event
along the chain. Pure functions of the assembled events: content.py has
checked that every ``follows`` names a known outcome of an earlier event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Iterable, Mapping

from .model import OUTCOME_KINDS, OUTCOME_STATUSES, Event, Outcome, OutcomeStep, OutcomeTrack

# The tracker's facets, in the order its filters are shown: facet -> what it is read from.
FACETS = ("status", "kind", "year", "topics", "organizations", "regions")
OPEN = ("planned", "in-progress")


def key(event: Event, position: int, outcome: Outcome) -> str:
    """How an outcome is named in data files: ``<event>#<id>``, or ``<event>@<position>`` without id."""
    return f"{event.id}#{outcome.id}" if outcome.id else f"{event.id}@{position}"


def track_outcomes(events: tuple[Event, ...], today: date | None) -> tuple[Event, ...]:
    """``events`` with every outcome's track set (in the same order)."""
    found: dict[str, tuple[Event, int, Outcome]] = {}
    for event in events:
        for position, outcome in enumerate(event.outcomes, start=1):
            found[key(event, position, outcome)] = (event, position, outcome)
    parent: dict[str, str] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for name, (_, _, outcome) in found.items():
        if outcome.follows is not None:
            target = "#".join(outcome.follows)
            if target in found:
                parent[name] = target
                children[target].append(name)

    def order(name: str) -> tuple:
        event, position, _ = found[name]
        return event.first_day, event.id, position

    def below(name: str) -> list[str]:
        """What followed ``name``, directly or not (each once, whatever the links)."""
        seen: dict[str, None] = {}
        todo = list(children.get(name, ()))
        while todo:
            current = todo.pop()
            if current not in seen and current != name:
                seen[current] = None
                todo.extend(children.get(current, ()))
        return list(seen)

    def first(name: str) -> str:
        seen = {name}
        while name in parent and parent[name] not in seen:
            name = parent[name]
            seen.add(name)
        return name

    steps: dict[str, OutcomeStep] = {}

    def step(name: str) -> OutcomeStep:
        if name not in steps:
            event, _, outcome = found[name]
            anchor = f"#{outcome.anchor}" if outcome.anchor else ""
            steps[name] = OutcomeStep(
                event_id=event.id, outcome_id=outcome.id, kind=outcome.kind, status=outcome.status,
                text=outcome.text, day=event.first_day,
                titles=MappingProxyType({lang: tr.title for lang, tr in event.translations.items()}),
                title_langs=MappingProxyType({lang: tr.text_lang for lang, tr in event.translations.items()}),
                urls=MappingProxyType({lang: tr.url + anchor for lang, tr in event.translations.items()}),
            )
        return steps[name]

    result = []
    for event in events:
        outcomes = []
        for position, outcome in enumerate(event.outcomes, start=1):
            name = key(event, position, outcome)
            root = first(name)
            later = sorted(below(name), key=order)
            newest = found[later[-1]][2] if later else outcome
            due = newest.date or outcome.date
            status = newest.status
            outcomes.append(replace(outcome, track=OutcomeTrack(
                key=name,
                root=root,
                follows=step(parent[name]) if name in parent else None,
                followed_by=tuple(step(n) for n in sorted(children.get(name, ()), key=order)),
                timeline=tuple(step(n) for n in sorted([root, *below(root)], key=order)),
                status=status,
                overdue=status in OPEN and due is not None and today is not None and due < today,
            )))
        result.append(replace(event, outcomes=tuple(outcomes)) if outcomes else event)
    return tuple(result)


@dataclass(frozen=True)
class Commitment:
    """One row of the tracker: a chain, at its first outcome."""

    outcome: Outcome  # its track's status is the chain's latest
    event: Event
    events: tuple[Event, ...]  # every event along the chain, oldest first

    def values(self, facet: str) -> tuple[str, ...]:
        """The ids this row has for a facet (see FACETS)."""
        if facet == "status":
            return (self.outcome.track.status,)
        if facet == "kind":
            return (self.outcome.kind,)
        if facet == "year":
            return (str(self.event.year),)
        if facet == "organizations":
            return tuple(dict.fromkeys(o.id for e in self.events for o in e.organizers + e.partners))
        return tuple(dict.fromkeys(term.id for e in self.events for term in getattr(e, facet)))


def commitments(events: Iterable[Event]) -> tuple[Commitment, ...]:
    """The tracker's rows, newest first (the order of ``events``)."""
    by_id = {event.id: event for event in events}
    members: dict[str, list[str]] = defaultdict(list)  # root -> event ids along the chain
    roots = []
    for event in by_id.values():
        for outcome in event.outcomes:
            track = outcome.track
            members[track.root].append(event.id)
            if track.root == track.key:
                roots.append((outcome, event))
    rows = []
    for outcome, event in roots:
        chain = sorted({*members[outcome.track.key]}, key=lambda e: (by_id[e].first_day, e))
        rows.append(Commitment(outcome, event, tuple(by_id[e] for e in chain)))
    return tuple(rows)


def facet_values(rows: Iterable[Commitment], facet: str) -> Mapping[str, list[Commitment]]:
    """Facet value -> its rows (in the order of ``rows``); statuses and kinds in their declared order."""
    found: dict[str, list[Commitment]] = defaultdict(list)
    for row in rows:
        for value in row.values(facet):
            found[value].append(row)
    if facet in ("status", "kind"):
        declared = OUTCOME_STATUSES if facet == "status" else OUTCOME_KINDS
        return {value: found[value] for value in declared if value in found}
    if facet == "year":
        return {value: found[value] for value in sorted(found, reverse=True)}
    return dict(found)


def counts(rows: Iterable[Commitment], facet: str) -> dict[str, int]:
    return {value: len(members) for value, members in facet_values(rows, facet).items()}
