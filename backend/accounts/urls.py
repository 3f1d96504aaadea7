from django.urls import path

from backend.accounts import apis

urlpatterns = [
    path("auth/login/", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/me/", apis.MeApi.as_view(), name="auth-me"),
    path("auth/tokens/", apis.TokenListCreateApi.as_view(), name="auth-tokens"),
    path(
        "auth/tokens/<uuid:token_id>/revoke/",
        apis.TokenRevokeApi.as_view(),
        name="auth-token-revoke",
    ),
    path("participants/", apis.ParticipantListApi.as_view(), name="participants"),
    path(
        "participants/<uuid:participant_id>/facts/",
        apis.ParticipantFactsApi.as_view(),
        name="participant-facts",
    ),
]
