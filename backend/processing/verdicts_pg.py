"""Each declaration's verdicts as a history records them, computed in PostgreSQL: the same lists
as `screening.states.declaration_verdict_states` (stored current evaluations, and compliant where
a coverage run holds a screened declaration and no evaluation of that version says otherwise),
rules in force first, then by rulebook name and version id.

`VERDICTS_OF` is a list of common table expressions to follow a `wanted` one of (id,
participant_id, value_date, status) in a WITH clause, with the `%(screened)s` parameter; its last,
`verdicts`, gives (id, verdicts) per wanted declaration, `verdicts` a JSON array (empty when
none). Joins over whole sets, not a look-up per declaration; each declaration's list is first
a text key of its versions and verdicts, in order, and each distinct key (a handful) is built as
JSON once.
"""

from backend.rulebooks.models import RulebookKind
from backend.screening.models import Verdict

_IN_FORCE = RulebookKind.IN_FORCE.value
_PROPOSED = RulebookKind.PROPOSED.value
_COMPLIANT = Verdict.COMPLIANT.value

VERDICTS_OF = f"""
    evaluated AS (
        SELECT e.declaration_id AS id, e.rulebook_version_id AS version_id,
            e.verdict::text AS verdict
        FROM screening_evaluation e JOIN wanted w ON w.id = e.declaration_id
        WHERE e.is_current
    ),
    covered AS (
        SELECT DISTINCT w.id, c.rulebook_version_id AS version_id
        FROM wanted w JOIN screening_coverage c ON c.participant_id = w.participant_id
            AND c.date_from <= w.value_date AND w.value_date <= c.date_to
        WHERE w.status = %(screened)s
    ),
    found AS (
        SELECT id, version_id, verdict FROM evaluated
        UNION ALL
        SELECT c.id, c.version_id, '{_COMPLIANT}' FROM covered c
        WHERE NOT EXISTS (
            SELECT 1 FROM evaluated e WHERE e.id = c.id AND e.version_id = c.version_id)
    ),
    named AS (
        SELECT v.id, v.number, r.name, r.name_fr, r.name_en, r.kind,
            CASE r.kind WHEN '{_IN_FORCE}' THEN 0 WHEN '{_PROPOSED}' THEN 1 ELSE 2 END AS rank
        FROM rulebooks_rulebookversion v JOIN rulebooks_rulebook r ON r.id = v.rulebook_id
        WHERE v.id IN (SELECT DISTINCT version_id FROM found)
    ),
    keyed AS (
        SELECT w.id, string_agg(f.version_id::text || ' ' || f.verdict, ','
            ORDER BY n.rank, n.name COLLATE "C", n.id::text, f.verdict) AS key
        FROM wanted w
        LEFT JOIN found f ON f.id = w.id
        LEFT JOIN named n ON n.id = f.version_id
        GROUP BY w.id
    ),
    lists AS (
        SELECT k.key, jsonb_agg(
            jsonb_build_object(
                'rulebook', jsonb_build_object(
                    'name_fr', n.name_fr, 'name_en', n.name_en, 'kind', n.kind),
                'version', n.number,
                'verdict', split_part(u.item, ' ', 2))
            ORDER BY u.at) AS verdicts
        FROM (SELECT DISTINCT key FROM keyed WHERE key IS NOT NULL) k
        CROSS JOIN LATERAL unnest(string_to_array(k.key, ',')) WITH ORDINALITY AS u(item, at)
        JOIN named n ON n.id::text = split_part(u.item, ' ', 1)
        GROUP BY k.key
    ),
    verdicts AS (
        SELECT k.id, COALESCE(l.verdicts, '[]'::jsonb) AS verdicts
        FROM keyed k LEFT JOIN lists l ON l.key = k.key
    )
"""  # noqa: S608
