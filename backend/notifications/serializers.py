"""Wire shapes of the notification endpoints."""

from rest_framework import serializers

from backend.common.serializers import StrictSerializer
from backend.notifications.models import NotificationKind


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=NotificationKind.values)
    params = serializers.DictField(help_text="The values the message of this kind is worded with.")
    link = serializers.CharField(help_text="Where to act on it: a path of the web interface.")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False)


class UnreadCountOutputSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class PreferencesSerializer(StrictSerializer):
    """The e-mail language, and for each kind whether it is also sent by e-mail."""

    language = serializers.ChoiceField(choices=["fr", "en"])
    email = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="Kind → whether it is e-mailed; kinds left out keep their current choice.",
    )

    def validate_email(self, value: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(value) - set(NotificationKind.values))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown notification kind: {', '.join(unknown)}.", code="unknown_kind"
            )
        return value
