import { createNamespace } from "@/lib/i18n";

/** The API tokens page's messages (startups). */
const fr = {
  "tokens.intro":
    "Un jeton permet à vos propres systèmes (ERP, logiciel de comptabilité) de déclarer des paiements par l'API, au nom de votre compte. Il n'est affiché qu'une fois : conservez-le dans un coffre-fort.",
  "tokens.name": "Nom du jeton (ex. ERP)",
  "tokens.days": "Validité (jours, 1 à 365)",
  "tokens.create": "Créer le jeton",
  "tokens.creating": "Création…",
  "tokens.secret": "Votre jeton « {name} » — copiez-le maintenant, il ne sera plus affiché :",
  "tokens.list": "Vos jetons",
  "tokens.empty": "Aucun jeton pour l'instant.",
  "tokens.loading": "Chargement de vos jetons…",
  "tokens.prefix": "Début",
  "tokens.created": "Créé le",
  "tokens.expires": "Expire le",
  "tokens.lastUsed": "Dernière utilisation",
  "tokens.state": "État",
  "tokens.actions": "Actions",
  "tokens.active": "Actif",
  "tokens.revoked": "Révoqué",
  "tokens.expired": "Expiré",
  "tokens.revoke": "Révoquer",
  "tokens.revokeNamed": "Révoquer le jeton {name}",
  "tokens.revokeTitle": "Révoquer le jeton « {name} » ?",
  "tokens.revokeBody":
    "Les systèmes qui l'utilisent ne pourront plus déclarer de paiements. Un jeton révoqué ne peut pas être réactivé : il faudra en créer un nouveau.",
  "tokens.revoked.done": "Jeton « {name} » révoqué.",
  "tokens.never": "Jamais",
  "tokens.usage": "Utilisation : en-tête « Authorization: Bearer <jeton> » sur /api/v1/declarations/.",
} as const;

export type TokensMessageKey = keyof typeof fr;

const en: Record<TokensMessageKey, string> = {
  "tokens.intro":
    "A token lets your own systems (ERP, accounting software) declare payments through the API, acting as your account. It is shown once: keep it in a vault.",
  "tokens.name": "Token name (e.g. ERP)",
  "tokens.days": "Valid for (days, 1 to 365)",
  "tokens.create": "Create the token",
  "tokens.creating": "Creating…",
  "tokens.secret": "Your token \"{name}\" — copy it now, it will not be shown again:",
  "tokens.list": "Your tokens",
  "tokens.empty": "No token yet.",
  "tokens.loading": "Loading your tokens…",
  "tokens.prefix": "Starts with",
  "tokens.created": "Created",
  "tokens.expires": "Expires",
  "tokens.lastUsed": "Last used",
  "tokens.state": "State",
  "tokens.actions": "Actions",
  "tokens.active": "Active",
  "tokens.revoked": "Revoked",
  "tokens.expired": "Expired",
  "tokens.revoke": "Revoke",
  "tokens.revokeNamed": "Revoke the token {name}",
  "tokens.revokeTitle": "Revoke the token \"{name}\"?",
  "tokens.revokeBody":
    "Systems using it will no longer be able to declare payments. A revoked token cannot be brought back: you will need to create a new one.",
  "tokens.revoked.done": "Token \"{name}\" revoked.",
  "tokens.never": "Never",
  "tokens.usage": "Usage: header \"Authorization: Bearer <token>\" on /api/v1/declarations/.",
};

export const tokensMessages = createNamespace("tokens", { fr, en });

/** `t` for this feature's messages (and the shell's), in the current language. */
export const useTokensT = tokensMessages.useT;
