"""Which provider serves each channel, from the settings: a channel left unconfigured has none, and
its deliveries fail at once (a must-deliver message moves on to its next channel)."""

from __future__ import annotations

import json
from pathlib import Path

from notifications.adapters.email import SmtpProvider
from notifications.adapters.fcm import FcmProvider
from notifications.adapters.notify import NotifyProvider
from notifications.adapters.webpush import WebPushProvider
from notifications.config import NotificationsSettings
from notifications.domain.model import Channel
from notifications.domain.sending import Provider


def providers_from(settings: NotificationsSettings) -> dict[Channel, Provider]:
    providers: dict[Channel, Provider] = {}
    if settings.email_provider == "notify":
        providers[Channel.EMAIL] = NotifyProvider(
            Channel.EMAIL, settings.notify_api_key, settings.notify_email_template_id, settings.notify_base_url)
    else:
        providers[Channel.EMAIL] = SmtpProvider(settings.smtp_url, settings.mail_from,
                                                connections=settings.smtp_connections)
    if settings.notify_api_key and settings.notify_sms_template_id:
        providers[Channel.SMS] = NotifyProvider(
            Channel.SMS, settings.notify_api_key, settings.notify_sms_template_id, settings.notify_base_url)
    if settings.vapid_private_key:
        providers[Channel.WEB_PUSH] = WebPushProvider(settings.vapid_private_key, settings.vapid_subject)
    if settings.fcm_credentials_file:
        info = json.loads(Path(settings.fcm_credentials_file).read_text())
        providers[Channel.MOBILE_PUSH] = FcmProvider(info, settings.fcm_base_url)
    return providers
