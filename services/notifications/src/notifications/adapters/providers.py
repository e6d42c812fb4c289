"""Which provider serves each channel, from the settings: a channel left unconfigured has none, and
its deliveries fail at once (a must-deliver message moves on to its next channel).

Each provider's module is imported only when its channel is configured: the push and Notify clients
bring requests, aiohttp, google-auth and their crypto (some 25 MiB a process), which a system sending
email alone never uses."""

from __future__ import annotations

import json
from pathlib import Path

from notifications.config import NotificationsSettings
from notifications.domain.model import Channel
from notifications.domain.sending import Provider


def providers_from(settings: NotificationsSettings) -> dict[Channel, Provider]:
    providers: dict[Channel, Provider] = {}
    if settings.email_provider == "notify":
        from notifications.adapters.notify import NotifyProvider

        providers[Channel.EMAIL] = NotifyProvider(
            Channel.EMAIL, settings.notify_api_key, settings.notify_email_template_id, settings.notify_base_url)
    else:
        from notifications.adapters.email import SmtpProvider

        providers[Channel.EMAIL] = SmtpProvider(settings.smtp_url, settings.mail_from,
                                                connections=settings.smtp_connections)
    if settings.notify_api_key and settings.notify_sms_template_id:
        from notifications.adapters.notify import NotifyProvider

        providers[Channel.SMS] = NotifyProvider(
            Channel.SMS, settings.notify_api_key, settings.notify_sms_template_id, settings.notify_base_url)
    if settings.vapid_private_key:
        from notifications.adapters.webpush import WebPushProvider

        providers[Channel.WEB_PUSH] = WebPushProvider(settings.vapid_private_key, settings.vapid_subject)
    if settings.fcm_credentials_file:
        from notifications.adapters.fcm import FcmProvider

        info = json.loads(Path(settings.fcm_credentials_file).read_text())
        providers[Channel.MOBILE_PUSH] = FcmProvider(info, settings.fcm_base_url)
    return providers
