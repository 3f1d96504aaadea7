import { codeLabel, hasCodeLabel } from "./codes";
import { createNamespace } from "./namespace";
import type { Language } from "./languages";

/**
 * What a refusal from the API means, in the reader's language. The server's problem `detail` is
 * written in English; a French page shows the sentence for the problem's `code` (or, for a code
 * without one, for its HTTP status) rather than English text. Field-level messages of the
 * framework's own validators come translated from the server (the client sends the interface
 * language as `Accept-Language`).
 */
const fr = {
  "code.amendment_without_change": "La modification ne change rien : chaque champ est identique à la version actuelle.",
  "code.already_confirmed": "Ce jour est déjà confirmé comme jour sans publication.",
  "code.bad_request": "La demande n'a pas pu être comprise.",
  "code.case_not_active": "Ce dossier n'est plus traité : rouvrez-le d'abord.",
  "code.cohort_not_started": "Cette cohorte n'a pas encore commencé.",
  "code.cohort_running": "Une cohorte active ne peut pas changer ses participants, sa proposition ni ses dates.",
  "code.csrf_failed": "La session de sécurité a expiré : rechargez la page puis réessayez.",
  "code.date_too_far": "Cette date sort de la période que l'application accepte.",
  "code.day_published": "Des cours sont enregistrés pour ce jour : ce n'est pas un jour sans publication.",
  "code.declaration_superseded": "Cette version a été modifiée depuis : agissez sur la version actuelle.",
  "code.declaration_withdrawn": "Cette déclaration a été retirée.",
  "code.document_or_base_version": "Donnez soit un document, soit une version de base à copier, pas les deux ni aucun.",
  "code.does_not_exist": "L'objet désigné n'existe pas.",
  "code.duplicate_name": "Un recueil de règles porte déjà ce nom.",
  "code.effective_from_not_after_previous": "La date d'entrée en vigueur doit suivre celle de la version précédente.",
  "code.empty_file": "Le fichier est vide.",
  "code.export_not_ready": "L'export n'est pas encore prêt.",
  "code.file_too_large": "Le fichier est trop volumineux.",
  "code.four_eyes": "Vous avez modifié ce brouillon en dernier : un autre régulateur doit le relire et le publier.",
  "code.idempotency_key_reused": "Cette clé d'idempotence a déjà servi pour une autre demande.",
  "code.if_match_required": "Rechargez le dossier puis réessayez (sa version lue n'a pas été envoyée).",
  "code.invalid_credentials": "Identifiant inconnu ou mot de passe erroné.",
  "code.invalid_idempotency_key": "La clé d'idempotence n'est pas valable.",
  "code.invalid_kind": "Le format demandé doit être CSV ou XLSX.",
  "code.invalid_reviewer": "Le relecteur doit être un autre régulateur actif.",
  "code.invalid_transition": "Cette action n'est pas possible dans l'état actuel.",
  "code.malformed_file": "Le fichier ne peut pas être lu.",
  "code.missing_columns": "Des colonnes obligatoires manquent dans le fichier.",
  "code.no_rate": "Aucun cours n'est enregistré pour ce jour.",
  "code.not_found": "Introuvable : l'élément n'existe pas ou n'est pas visible pour vous.",
  "code.out_of_range": "La valeur sort des limites autorisées.",
  "code.pack_inputs_altered": "Les données figées du dossier de preuves ne correspondent plus à leur empreinte.",
  "code.pack_not_built": "Ce dossier de preuves n'a jamais été construit : il n'y a rien à vérifier.",
  "code.pack_unknown": "Ce fichier n'est pas un dossier de preuves construit ici par votre organisation.",
  "code.participant_in_overlapping_cohort": "Un participant fait déjà partie d'une cohorte sur la même période.",
  "code.participant_required": "Choisissez un participant.",
  "code.participant_scope_regulators_only": "Seuls les régulateurs peuvent consulter un participant en particulier.",
  "code.period_reversed": "La période se termine avant de commencer.",
  "code.period_too_long": "La période demandée est trop longue.",
  "code.permission_denied": "Votre rôle ne permet pas cette action.",
  "code.range_too_long": "La plage demandée est trop longue.",
  "code.rate_file_quarantined": "Le fichier a été mis en quarantaine : {reason}.",
  "code.request_not_open": "Cette demande est close : elle n'attend plus de réponse.",
  "code.request_too_large": "La demande est trop volumineuse.",
  "code.role_not_allowed": "Ce rôle ne peut pas être attribué dans cette organisation.",
  "code.row_level_refused": "Les données par participant sont réservées aux régulateurs ; les plaidoyers voient des agrégats.",
  "code.server_error": "Une erreur inattendue est survenue ; elle a été enregistrée.",
  "code.signin_locked": "Trop de tentatives de connexion : réessayez plus tard.",
  "code.signin_locked_for":
    "Trop d'échecs de connexion pour ce compte ou cette adresse. Réessayez après {minutes, plural, one {# minute} other {# minutes}}, ou demandez à un administrateur de débloquer le compte.",
  "code.stale_case": "Le dossier a changé depuis votre lecture : rechargez-le puis réessayez.",
  "code.too_many": "Trop d'éléments à la fois.",
  "code.too_many_fields": "La demande contient trop de champs.",
  "code.too_many_files": "La demande contient trop de fichiers.",
  "code.too_many_rows": "Le fichier contient trop de lignes.",
  "code.unknown_field": "Un champ envoyé n'est pas accepté.",
  "code.unknown_kind": "Type inconnu.",
  "code.unknown_role": "Votre rôle n'est pas connu de cette version de l'application.",
  "code.unknown_participant": "Participant inconnu.",
  "code.unknown_version": "Version du recueil inconnue.",
  "code.unsupported_document_type": "Joignez un fichier PDF, PNG ou JPEG (le contenu est vérifié, pas le nom).",
  "code.unsupported_file_type": "Téléversez un fichier CSV ou XLSX.",
  "code.uri_too_long": "L'adresse demandée est trop longue.",
  "code.validation_error": "Certaines valeurs ne sont pas valables : voyez les champs signalés.",
  "status.400": "La demande contient des valeurs non valables.",
  "status.401": "Votre session a expiré : reconnectez-vous.",
  "status.403": "Votre rôle ne permet pas cette action.",
  "status.404": "Introuvable.",
  "status.409": "L'état a changé entre-temps : rechargez puis réessayez.",
  "status.412": "L'élément a changé depuis votre lecture : rechargez-le.",
  "status.413": "La demande est trop volumineuse.",
  "status.415": "Ce type de fichier n'est pas accepté.",
  "status.422": "La demande ne peut pas être traitée telle quelle.",
  "status.428": "Rechargez l'élément puis réessayez.",
  "status.429": "Trop de demandes : patientez un instant puis réessayez.",
  "status.500": "Une erreur inattendue est survenue ; elle a été enregistrée.",
} as const;

type ProblemKey = keyof typeof fr;

const en: Record<ProblemKey, string> = {
  "code.amendment_without_change": "The amendment changes nothing: every field equals the current version.",
  "code.already_confirmed": "This day is already a confirmed non-publication day.",
  "code.bad_request": "The request could not be understood.",
  "code.case_not_active": "This case is not worked any more: reopen it first.",
  "code.cohort_not_started": "This cohort has not started yet.",
  "code.cohort_running": "An active cohort keeps its participants, proposal and dates.",
  "code.csrf_failed": "The security session expired: reload the page and try again.",
  "code.date_too_far": "This date is outside the period the application accepts.",
  "code.day_published": "Rates are stored for this day: it is not a non-publication day.",
  "code.declaration_superseded": "This version was amended since: act on the current version.",
  "code.declaration_withdrawn": "This declaration was withdrawn.",
  "code.document_or_base_version": "Give either a document or a base version to copy, not both or neither.",
  "code.does_not_exist": "The object named does not exist.",
  "code.duplicate_name": "A rulebook with this name already exists.",
  "code.effective_from_not_after_previous": "The effective date must come after the previous version's.",
  "code.empty_file": "The file is empty.",
  "code.export_not_ready": "The export is not ready yet.",
  "code.file_too_large": "The file is too large.",
  "code.four_eyes": "You edited this draft last: another regulator must review and publish it.",
  "code.idempotency_key_reused": "This idempotency key was already used for another request.",
  "code.if_match_required": "Reload the case and try again (the version you read was not sent).",
  "code.invalid_credentials": "Unknown username or wrong password.",
  "code.invalid_idempotency_key": "The idempotency key is not valid.",
  "code.invalid_kind": "The format asked for must be CSV or XLSX.",
  "code.invalid_reviewer": "The reviewer must be another active regulator.",
  "code.invalid_transition": "This action is not possible in the current state.",
  "code.malformed_file": "The file cannot be read.",
  "code.missing_columns": "Required columns are missing from the file.",
  "code.no_rate": "No rate is stored for this day.",
  "code.not_found": "Not found: it does not exist or is not visible to you.",
  "code.out_of_range": "The value is outside the allowed range.",
  "code.pack_inputs_altered": "The evidence pack's frozen inputs no longer match their fingerprint.",
  "code.pack_not_built": "This evidence pack was never built: there is nothing to verify.",
  "code.pack_unknown": "This file is not an evidence pack your organisation built here.",
  "code.participant_in_overlapping_cohort": "A participant is already in a cohort over the same period.",
  "code.participant_required": "Choose a participant.",
  "code.participant_scope_regulators_only": "Only regulators may look at one participant.",
  "code.period_reversed": "The period ends before it starts.",
  "code.period_too_long": "The period asked for is too long.",
  "code.permission_denied": "Your role does not allow this action.",
  "code.range_too_long": "The range asked for is too long.",
  "code.rate_file_quarantined": "The file was quarantined: {reason}.",
  "code.request_not_open": "This request is closed: it takes no answer.",
  "code.request_too_large": "The request is too large.",
  "code.role_not_allowed": "This role cannot be granted in this organisation.",
  "code.row_level_refused": "Participant-level data is for regulators only; advocates see aggregates.",
  "code.server_error": "An unexpected error occurred; it has been logged.",
  "code.signin_locked": "Too many sign-in attempts: try again later.",
  "code.signin_locked_for":
    "Too many failed sign-ins for this account or address. Try again after {minutes, plural, one {# minute} other {# minutes}}, or ask an administrator to unlock the account.",
  "code.stale_case": "The case changed since you read it: reload it and try again.",
  "code.too_many": "Too many items at once.",
  "code.too_many_fields": "The request has too many fields.",
  "code.too_many_files": "The request has too many files.",
  "code.too_many_rows": "The file has too many rows.",
  "code.unknown_field": "A field that was sent is not accepted.",
  "code.unknown_kind": "Unknown kind.",
  "code.unknown_role": "Your role is not known to this version of the application.",
  "code.unknown_participant": "Unknown participant.",
  "code.unknown_version": "Unknown rulebook version.",
  "code.unsupported_document_type": "Attach a PDF, PNG or JPEG file (the content is checked, not the name).",
  "code.unsupported_file_type": "Upload a CSV or XLSX file.",
  "code.uri_too_long": "The address asked for is too long.",
  "code.validation_error": "Some values are not valid: see the fields marked.",
  "status.400": "The request holds values that are not valid.",
  "status.401": "Your session has expired: sign in again.",
  "status.403": "Your role does not allow this action.",
  "status.404": "Not found.",
  "status.409": "The state changed meanwhile: reload and try again.",
  "status.412": "It changed since you read it: reload it.",
  "status.413": "The request is too large.",
  "status.415": "This file type is not accepted.",
  "status.422": "The request cannot be processed as it is.",
  "status.428": "Reload it and try again.",
  "status.429": "Too many requests: wait a moment and try again.",
  "status.500": "An unexpected error occurred; it has been logged.",
};

const problems = createNamespace("problems", { fr, en });
const SECONDS_PER_MINUTE = 60;
const QUARANTINE_PREFIX = "rate_file_";

/**
 * The sentence for a refusal in `language`: in English the server's own detail when it sent one
 * (it may carry specifics such as a limit), else the sentence for its code, else for its status;
 * in French the sentence for its code, else for its status — never the English detail. Null when
 * nothing fits (the caller then says the error was unexpected).
 */
export function problemText(
  problem: { code: string | null; status: number; detail: string | null; retryAfterSeconds?: number | null },
  language: Language,
): string | null {
  const t = problems.fixedT(language);
  const wait = problem.retryAfterSeconds ?? null;
  if (problem.code === "signin_locked" && wait !== null) {
    return t("code.signin_locked_for", { minutes: Math.max(1, Math.ceil(wait / SECONDS_PER_MINUTE)) });
  }
  if (language === "en" && problem.detail !== null) {
    return problem.detail;
  }
  // A quarantined rate file: the reason's label (the detail names currencies and figures in English).
  const reason = problem.code?.startsWith(QUARANTINE_PREFIX) ? problem.code.slice(QUARANTINE_PREFIX.length) : null;
  if (reason !== null && hasCodeLabel("quarantineReason", reason)) {
    return t("code.rate_file_quarantined", { reason: codeLabel(language, "quarantineReason", reason).toLowerCase() });
  }
  const byCode = problem.code === null ? null : `code.${problem.code}`;
  if (byCode !== null && problems.has(byCode)) {
    return t(byCode);
  }
  const byStatus = `status.${problem.status}`;
  return problems.has(byStatus) ? t(byStatus) : null;
}
