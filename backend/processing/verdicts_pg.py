"""Each declaration's verdicts as a history records them, computed in PostgreSQL: the same lists
as `screening.states.declaration_verdict_states` (stored current evaluations, and compliant where
a coverage run holds a screened declaration and no evaluation of that version says otherwise),
rules in force first, then by rulebook name and version id.

`VERDICTS_OF` reads a `wanted` relation of (id, participant_id, value_date, status) declared
before it in a WITH clause, and the `%(screened)s` parameter; it gives (id, verdicts) per wanted
declaration, `verdicts` a JSON array (empty when none).
"""

from backend.rulebooks.models import RulebookKind
from backend.screening.models import Verdict

_IN_FORCE = RulebookKind.IN_FORCE.value
_PROPOSED = RulebookKind.PROPOSED.value
_COMPLIANT = Verdict.COMPLIANT.value

VERDICTS_OF = f"""
    SELECT w.id, COALESCE(jsonb_agg(
        jsonb_build_object(
            'rulebook', jsonb_build_object(
                'name_fr', r.name_fr, 'name_en', r.name_en, 'kind', r.kind),
            'version', v.number,
            'verdict', x.verdict)
        ORDER BY CASE r.kind WHEN '{_IN_FORCE}' THEN 0 WHEN '{_PROPOSED}' THEN 1 ELSE 2 END,
            r.name COLLATE "C", v.id::text, x.verdict
    ) FILTER (WHERE x.version_id IS NOT NULL), '[]'::jsonb) AS verdicts
    FROM wanted w
    LEFT JOIN LATERAL (
        SELECT e.rulebook_version_id AS version_id, e.verdict::text AS verdict
        FROM screening_evaluation e
        WHERE e.declaration_id = w.id AND e.is_current
        UNION
        SELECT c.rulebook_version_id, '{_COMPLIANT}'
        FROM screening_coverage c
        WHERE w.status = %(screened)s AND c.participant_id = w.participant_id
            AND c.date_from <= w.value_date AND w.value_date <= c.date_to
            AND NOT EXISTS (
                SELECT 1 FROM screening_evaluation o
                WHERE o.declaration_id = w.id AND o.is_current
                    AND o.rulebook_version_id = c.rulebook_version_id)
    ) x ON true
    LEFT JOIN rulebooks_rulebookversion v ON v.id = x.version_id
    LEFT JOIN rulebooks_rulebook r ON r.id = v.rulebook_id
    GROUP BY w.id
"""  # noqa: S608
