"""Training's settings: the shared ones, the policy's periods and thresholds, and the scheduler's pace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from psn_shared.config import ConfigError, Settings, env, env_float, env_int, env_list_of_floats
from training.domain.policy import Policy


def _days(name: str, default: int) -> timedelta:
    value = env_int(name, default)
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return timedelta(days=value)


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in raw.split(",") if code.strip())


def policy_from_env() -> Policy:
    """TRAINING_* variables; each defaults to the network's usual rule."""
    defaults = Policy()
    policy = Policy(
        nomination_remind_after=_days("TRAINING_NOMINATION_REMIND_AFTER_DAYS", 7),
        nomination_expire_after=_days("TRAINING_NOMINATION_EXPIRE_AFTER_DAYS", 28),
        certificate_validity=_days("TRAINING_CERTIFICATE_VALIDITY_DAYS", 730),
        refresher_reminder_days=tuple(int(d) for d in env_list_of_floats("TRAINING_REFRESHER_REMINDER_DAYS", (60, 14))),
        level_3_min_supporter_period=_days("TRAINING_LEVEL3_MIN_SUPPORTER_DAYS", 180),
        level_3_min_grade=env("TRAINING_LEVEL3_MIN_GRADE", defaults.level_3_min_grade),
        health_board_course_code=env("TRAINING_HEALTH_BOARD_COURSE_CODE", defaults.health_board_course_code),
        local_authority_course_codes=_codes(
            env("TRAINING_LOCAL_AUTHORITY_COURSE_CODES", ",".join(defaults.local_authority_course_codes))
        ),
        stand_in_told_from_hour=env_int("TRAINING_STAND_IN_TOLD_FROM_HOUR", defaults.stand_in_told_from_hour),
    )
    if not 0 <= policy.stand_in_told_from_hour <= 23:
        raise ConfigError("TRAINING_STAND_IN_TOLD_FROM_HOUR must be an hour of the day, 0 to 23")
    if not timedelta(0) < policy.nomination_remind_after < policy.nomination_expire_after:
        raise ConfigError("nominations must be reminded about (after > 0 days) before they expire")
    return policy


@dataclass(frozen=True)
class TrainingSettings(Settings):
    policy: Policy = field(default_factory=Policy)
    scheduler_interval_s: float = 60.0
    # Where a certificate says it can be checked: the web page that reads its code (the code is appended).
    check_link: str = "http://127.0.0.1:8000/certificates/check/"

    @classmethod
    def load(cls) -> TrainingSettings:
        return cls.from_env(
            "training", policy=policy_from_env(), scheduler_interval_s=env_float("TRAINING_SCHEDULER_INTERVAL_S", 60.0),
            check_link=env("TRAINING_CERTIFICATE_CHECK_LINK", cls.check_link),
        )
