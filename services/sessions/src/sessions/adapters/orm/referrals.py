"""Sessions' tables for referrals (with their trail of decisions) and the audit of confidential reads."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Table, Text, false, text
from sqlalchemy.orm import relationship

from psn_shared.db import EnumList, EnumString, UtcDateTime
from sessions.adapters.orm.base import mapper_registry, metadata
from sessions.domain.audit import ConfidentialRead, RecordKind
from sessions.domain.referrals import Action, Party, Referral, ReferralDecision, ReferralStatus, Service, ShareItem
from sessions.domain.signposting import HelpSource

referrals = Table(
    "referrals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("request_id", String(36), nullable=False, index=True),
    Column("requester_id", String(36), nullable=False),
    Column("supporter_id", String(36), nullable=False),
    Column("service", EnumString(Service, 40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", EnumString(ReferralStatus, 20), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime),
    Column("consent_given", Boolean),
    Column("consent_shares", EnumList(ShareItem), nullable=False, server_default=text("'[]'")),
    Column("consent_note", Text),
    Column("consent_decided_at", UtcDateTime),
    Column("made_at", UtcDateTime),
    Column("made_by", String(36)),
    Column("passed_on", EnumList(ShareItem), nullable=False, server_default=text("'[]'")),
    Column("safeguarding_override", Boolean, nullable=False, server_default=false()),
    Column("override_reason", Text),
    Column("closed_at", UtcDateTime),
)

referral_decisions = Table(
    "referral_decisions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("referral_id", String(36), ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("action", EnumString(Action, 30), nullable=False),
    Column("from_status", EnumString(ReferralStatus, 20)),
    Column("to_status", EnumString(ReferralStatus, 20), nullable=False),
    Column("decided_by", String(36), nullable=False),
    Column("party", EnumString(Party, 20), nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
)

confidential_reads = Table(
    "confidential_reads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("reader_id", String(36), nullable=False, index=True),
    Column("reader_roles", JSON, nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("record_kind", EnumString(RecordKind, 30), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("read_at", UtcDateTime, nullable=False),
)
# "Who looked at my record?": one person's reads, newest first.
Index("ix_confidential_reads_subject_read_at", confidential_reads.c.subject_id, confidential_reads.c.read_at)


# A copy of identity's signposting directory (identity.help_source.*), offered with referrals.
help_sources = Table(
    "help_sources",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False, index=True),
    Column("for_whom", Text, nullable=False),
    Column("hours", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("as_of", UtcDateTime, nullable=False),
    Column("description", Text),
    Column("how_to_reach", Text),
    Column("phone", String(50)),
    Column("email", String(320)),
    Column("url", Text),
    Column("organisation_id", String(36)),
    Column("region", String(200)),
)


def map_classes() -> None:
    mapper_registry.map_imperatively(ReferralDecision, referral_decisions)
    mapper_registry.map_imperatively(Referral, referrals, properties={
        "decisions": relationship(
            ReferralDecision, order_by=(referral_decisions.c.decided_at, referral_decisions.c.id),
            cascade="all, delete-orphan", lazy="selectin",
        ),
    })
    mapper_registry.map_imperatively(ConfidentialRead, confidential_reads)
    mapper_registry.map_imperatively(HelpSource, help_sources)
