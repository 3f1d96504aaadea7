"""The events the domain apps publish and the processing room listens for.

An app that records something the flow must act on (a declaration, a rate, a rulebook
publication, a flag) publishes an event; publishing sends a task named `processing.<event>` to
the workers once the surrounding transaction commits. The apps never call the flow themselves, so
imports only run downward, and the flow's steps live in one place (`backend/processing/`).

Every event also leaves a durable trace in the database in the same transaction (a declaration's
`processing_requested_at`, a rate payload or a marked non-publication day not yet applied, a
published version without its re-screening run, an open flag without a case, a participant
whose facts changed since it was last screened): the processing sweep re-publishes what is still
pending, so a lost message delays the work and loses none.
"""

from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Any
from uuid import UUID

from backend.common.queue import enqueue_on_commit

# A task costs about a millisecond of overhead; a thousand ids keep messages small and tasks short.
IDS_PER_MESSAGE = 1_000


class Event(StrEnum):
    """What happened, named from the publisher's side."""

    DECLARATIONS_RECORDED = "declarations_recorded"
    RATES_PUBLISHED = "rates_published"
    NON_PUBLICATION_DAY_MARKED = "non_publication_day_marked"
    RULEBOOK_VERSION_PUBLISHED = "rulebook_version_published"
    FLAGS_OPENED = "flags_opened"
    PARTICIPANT_FACTS_CHANGED = "participant_facts_changed"


def task_name(event: Event) -> str:
    """The name of the worker task that handles `event`."""
    return f"processing.{event.value}"


def _chunks(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def event_publish(event: Event, **payload: Any) -> None:
    """Hand `event` to the processing room after the current transaction commits."""
    enqueue_on_commit(task_name(event), kwargs=payload)


def event_publish_ids(event: Event, *, key: str, ids: Sequence[UUID | str | int]) -> None:
    """Publish `event` for many ids, in messages of at most IDS_PER_MESSAGE ids."""
    texts = [str(i) for i in ids]
    for chunk in _chunks(texts, IDS_PER_MESSAGE):
        event_publish(event, **{key: chunk})
