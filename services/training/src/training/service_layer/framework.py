"""The competence framework: the three levels and their named competences, edited by the coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psn_shared.errors import Conflict, InvalidInput, NotFound
from training.domain.levels import LEVELS, Competence
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class AddCompetence:
    level: int
    code: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class EditCompetence:
    """What is not given (None) stays as it is."""

    competence_id: str
    title: str | None = None
    description: str | None = None
    retired: bool | None = None


def levels(uow: TrainingUnitOfWork) -> list[dict[str, Any]]:
    """Each level with its prerequisite and its competences (retired ones included, marked)."""
    return [
        {
            "level": level,
            "title": title,
            "prerequisite": level - 1 if level > 1 else None,
            "competences": uow.competences.for_level(level, include_retired=True),
        }
        for level, title in LEVELS.items()
    ]


def add_competence(cmd: AddCompetence, uow: TrainingUnitOfWork) -> Competence:
    if cmd.level not in LEVELS:
        raise NotFound("levels are 1, 2 and 3")
    if uow.competences.code_taken(cmd.level, cmd.code):
        raise Conflict(f"Level {cmd.level} already has a competence {cmd.code}", field="code")
    competence = Competence(
        level=cmd.level, code=cmd.code, title=cmd.title, description=cmd.description,
        position=uow.competences.next_position(cmd.level),
    )
    uow.competences.add(competence)
    uow.commit()
    return competence


def edit_competence(cmd: EditCompetence, uow: TrainingUnitOfWork) -> Competence:
    """Rename, redescribe or retire (a retired competence is no longer needed to complete the level)."""
    competence = uow.competences.get(cmd.competence_id)
    if competence is None:
        raise NotFound("no such competence")
    if cmd.title is None and cmd.description is None and cmd.retired is None:
        raise InvalidInput("say what to change: title, description or retired")
    competence.edit(title=cmd.title, description=cmd.description, retired=cmd.retired)
    uow.commit()
    return competence
