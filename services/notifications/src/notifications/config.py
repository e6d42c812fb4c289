"""Notifications' settings: the shared ones plus how messages leave the building (SMTP or GOV.UK
Notify for email, Notify for text messages, Web Push with VAPID, FCM for the mobile app), the
default language, the preferences link and the must-deliver deadline."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from psn_shared.config import ConfigError, Settings, env, env_float, env_int, env_list_of_floats


@dataclass(frozen=True)
class NotificationsSettings(Settings):
    smtp_url: str = "smtp://127.0.0.1:8025"
    mail_from: str = "Peer Support Network <no-reply@psn.invalid>"
    # Connections to the relay the dispatcher sends a batch over side by side.
    smtp_connections: int = 4
    # Backoff between email attempts; one attempt more than there are delays, then `failed`.
    email_retry_delays_s: tuple[float, ...] = (10.0, 60.0, 300.0, 1800.0, 7200.0)
    dispatch_sweep_s: float = 1.0
    dispatch_batch: int = 100
    default_language: str = "en"
    preferences_url: str = "http://127.0.0.1:8000/settings/notifications"
    # The signposting directory behind sign-in (the web front end's page), named in the notices where it helps.
    help_url: str = "http://127.0.0.1:8000/help"
    # A support request's page in the web front end, its id added: the coordinators' alerts link to it.
    requests_url: str = "http://127.0.0.1:8000/support/requests/"
    must_deliver_confirm_s: float = 300.0
    email_provider: str = "smtp"  # or "notify"
    notify_api_key: str | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_email_template_id: str | None = None
    notify_sms_template_id: str | None = None
    vapid_private_key: str | None = None
    vapid_subject: str = "mailto:no-reply@psn.invalid"
    fcm_credentials_file: str | None = None
    fcm_base_url: str = "https://fcm.googleapis.com"
    dispatcher_metrics_port: int | None = None
    # How often the scheduler looks for reminders falling due.
    reminders_sweep_s: float = 30.0

    @classmethod
    def load(cls) -> NotificationsSettings:
        smtp_url = env("SMTP_URL", "smtp://127.0.0.1:8025")
        smtp_address(smtp_url)  # fail at start-up, not at the first email
        default_language = os.environ.get("NOTIFICATIONS_DEFAULT_LANGUAGE") or cls.default_language
        if default_language not in ("en", "cy", "cy+en"):
            raise ConfigError(f"NOTIFICATIONS_DEFAULT_LANGUAGE must be en, cy or cy+en, got {default_language!r}")
        email_provider = os.environ.get("EMAIL_PROVIDER") or cls.email_provider
        if email_provider not in ("smtp", "notify"):
            raise ConfigError(f"EMAIL_PROVIDER must be smtp or notify, got {email_provider!r}")
        settings = cls.from_env(
            "notifications",
            smtp_url=smtp_url,
            mail_from=os.environ.get("MAIL_FROM") or cls.mail_from,
            smtp_connections=max(1, env_int("SMTP_CONNECTIONS", cls.smtp_connections)),
            email_retry_delays_s=env_list_of_floats("EMAIL_RETRY_DELAYS_S", cls.email_retry_delays_s),
            dispatch_sweep_s=env_float("DISPATCH_SWEEP_S", cls.dispatch_sweep_s),
            dispatch_batch=max(1, env_int("DISPATCH_BATCH", cls.dispatch_batch)),
            default_language=default_language,
            preferences_url=os.environ.get("NOTIFICATIONS_PREFERENCES_URL") or cls.preferences_url,
            help_url=os.environ.get("NOTIFICATIONS_HELP_URL") or cls.help_url,
            requests_url=os.environ.get("NOTIFICATIONS_REQUESTS_URL") or cls.requests_url,
            must_deliver_confirm_s=env_float("MUST_DELIVER_CONFIRM_S", cls.must_deliver_confirm_s),
            email_provider=email_provider,
            notify_api_key=os.environ.get("NOTIFY_API_KEY") or None,
            notify_base_url=os.environ.get("NOTIFY_BASE_URL") or cls.notify_base_url,
            notify_email_template_id=os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID") or None,
            notify_sms_template_id=os.environ.get("NOTIFY_SMS_TEMPLATE_ID") or None,
            vapid_private_key=os.environ.get("VAPID_PRIVATE_KEY") or None,
            vapid_subject=os.environ.get("VAPID_SUBJECT") or cls.vapid_subject,
            fcm_credentials_file=os.environ.get("FCM_CREDENTIALS_FILE") or None,
            fcm_base_url=os.environ.get("FCM_BASE_URL") or cls.fcm_base_url,
            dispatcher_metrics_port=env_int("DISPATCHER_METRICS_PORT", 0) or None,
            reminders_sweep_s=env_float("REMINDERS_SWEEP_S", cls.reminders_sweep_s),
        )
        if email_provider == "notify" and not (settings.notify_api_key and settings.notify_email_template_id):
            raise ConfigError("EMAIL_PROVIDER=notify needs NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID")
        return settings


def smtp_address(url: str) -> tuple[str, int]:
    """`smtp://host:port` -> (host, port); anything else is a configuration error."""
    parts = urlsplit(url)
    try:
        port = parts.port or 25
    except ValueError as exc:
        raise ConfigError(f"SMTP_URL has a bad port: {url!r}") from exc
    if parts.scheme != "smtp" or not parts.hostname:
        raise ConfigError(f"SMTP_URL must look like smtp://host:port, got {url!r}")
    return parts.hostname, port
