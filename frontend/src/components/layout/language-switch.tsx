import { LANGUAGES, useI18n } from "@/lib/i18n";

/** FR/EN toggle; the pressed button is the current language. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          className="language-switch__option"
          lang={option}
          aria-pressed={option === language}
          title={t(`language.${option}.name`)}
          onClick={() => {
            setLanguage(option);
          }}
        >
          {/* The visible code starts the accessible name, so voice control finds the button by it. */}
          {t(`language.${option}.short`)}
          <span className="visually-hidden"> {t(`language.${option}.name`)}</span>
        </button>
      ))}
    </div>
  );
}
