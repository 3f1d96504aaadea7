from django.urls import path

from backend.screening import apis, apis_simulation

urlpatterns = [
    path("headroom/", apis.HeadroomApi.as_view(), name="headroom"),
    path("simulations/", apis_simulation.SimulationApi.as_view(), name="simulations"),
    path("flags/", apis.FlagListApi.as_view(), name="flags"),
    path("flags/<uuid:flag_id>/", apis.FlagDetailApi.as_view(), name="flag-detail"),
    path("screening-runs/", apis.ScreeningRunListApi.as_view(), name="screening-runs"),
    path(
        "screening-runs/<uuid:run_id>/",
        apis.ScreeningRunDetailApi.as_view(),
        name="screening-run-detail",
    ),
    path("backtests/", apis.BacktestListApi.as_view(), name="backtests"),
    path("backtests/<uuid:backtest_id>/", apis.BacktestDetailApi.as_view(), name="backtest-detail"),
    path(
        "backtests/<uuid:backtest_id>/transitions/",
        apis.BacktestTransitionsApi.as_view(),
        name="backtest-transitions",
    ),
    path(
        "backtests/<uuid:backtest_id>/export/",
        apis.BacktestExportApi.as_view(),
        name="backtest-export",
    ),
    path(
        "rulebook-versions/<uuid:version_id>/coverage/",
        apis.RuleCoverageApi.as_view(),
        name="rulebook-version-coverage",
    ),
    path("sweeps/", apis.SweepListApi.as_view(), name="sweeps"),
    path("sweeps/<uuid:sweep_id>/", apis.SweepDetailApi.as_view(), name="sweep-detail"),
    path("sweeps/<uuid:sweep_id>/export/", apis.SweepExportApi.as_view(), name="sweep-export"),
]
