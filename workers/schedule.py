"""The beat schedule, in code: each entry says what it does and why at that cadence."""

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Proves a worker is consuming the queue; /api/v1/health/ calls it stale after 90 s
    # (three missed beats), so one slow beat never flips the health to degraded.
    "worker-heartbeat": {"task": "platform.heartbeat", "schedule": 30.0},
    # The outbox of the processing room: re-sends declarations still awaiting conversion or
    # screening after 5 minutes (a lost message or a broker outage), opens cases for open flags
    # no case holds, starts the re-screening of a publication whose event was lost, and re-sends
    # rates (or a marked non-publication day) whose re-conversion was never applied. Every
    # minute so a recovery is picked up quickly; cases normally open at once, on "flags opened".
    "processing-sweep": {"task": "processing.sweep", "schedule": 60.0},
    # Bank Al-Maghrib publishes its reference rates at 16:15 Casablanca time (the app's timezone)
    # on business days: fetch half an hour later, Monday to Friday; the task itself skips Moroccan
    # holidays.
    "rates-fetch-bam": {
        "task": "rates.fetch_bam",
        "schedule": crontab(minute=45, hour=16, day_of_week="mon-fri"),
    },
    # A second pass for a late publication; an unchanged answer is a no-op.
    "rates-fetch-bam-late": {
        "task": "rates.fetch_bam",
        "schedule": crontab(minute=30, hour=18, day_of_week="mon-fri"),
    },
    # The ECB publishes around 16:00 CET. 16:30 Casablanca is 16:30 CET or later in every
    # combination of Morocco's (UTC+1, UTC+0 in Ramadan) and Brussels' (CET, CEST) offsets.
    "rates-fetch-ecb": {
        "task": "rates.fetch_ecb",
        "schedule": crontab(minute=30, hour=16, day_of_week="mon-fri"),
    },
    # Re-sends chunks of re-screening runs whose worker died mid-chunk (the filesystem broker
    # cannot redeliver them); chunks count as stalled after 10 minutes, so every 5 is enough.
    "screening-resume-runs": {"task": "screening.resume_runs", "schedule": 300.0},
    # A receipt still expected is a breach from the day after its due date: re-screen the
    # participants whose due dates just passed, once a day just after midnight (the app's
    # timezone), so the breach shows on that day whether or not anything else is declared.
    "screening-deadlines-passed": {
        "task": "screening.deadlines_passed",
        "schedule": crontab(minute=10, hour=0),
    },
    # Marks cases past their SLA overdue and emails their assignees once. SLAs are counted in
    # hours, so a quarter-hour cadence is precise enough without mailing in bursts.
    "reviews-mark-overdue": {"task": "reviews.mark_overdue", "schedule": 900.0},
    # Keeps the impact dashboard's stored cubes up to date: what a screening, an amendment or a
    # decision changed is computed again within a minute, so a dashboard request finds it done
    # (a request that comes first computes it itself). A no-op while nothing changes.
    # A beat not taken up within the minute is dropped: the next one does the same work.
    "evidence-refresh": {"task": "evidence.refresh", "schedule": 60.0, "options": {"expires": 55}},
    # Safety net for notification e-mails: each notification enqueues a send after commit; this
    # sends whatever a lost message or a failing mail server left owed, within five minutes.
    "notifications-send-emails": {"task": "notifications.send_emails", "schedule": 300.0},
}
