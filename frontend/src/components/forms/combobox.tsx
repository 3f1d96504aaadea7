import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";

import { useI18n } from "@/lib/i18n";
import { searchKey, type NamedCode } from "@/lib/regions";

// Enough to scan at a glance; typing narrows the rest.
const MAX_SHOWN = 50;

interface ComboboxProps {
  label: string;
  name: string;
  /** The chosen code ("" for none). */
  value: string;
  options: readonly NamedCode[];
  onChange: (code: string) => void;
  errors?: readonly string[];
  /** Said under the field (e.g. what the choice means). */
  hint?: string;
  testId?: string;
}

function display(option: NamedCode | undefined): string {
  return option === undefined ? "" : `${option.name} (${option.code})`;
}

/**
 * A searchable list (the WAI-ARIA combobox pattern): type part of a name in the reader's
 * language or the code ("irl", "Irlande", "IE"), pick with the arrows and Enter or a click. The
 * field only ever holds a code from the list, so nothing typed half-way is recorded.
 */
export function Combobox({ label, name, value, options, onChange, errors = [], hint, testId }: ComboboxProps) {
  const { t } = useI18n();
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-errors`;
  const selected = options.find((option) => option.code === value);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const query = text ?? "";
  const matches = useMemo(() => {
    const key = searchKey(query.trim());
    if (key === "") {
      return options.slice(0, MAX_SHOWN);
    }
    const code = query.trim().toUpperCase();
    const exact = options.filter((option) => option.code === code);
    const starts = options.filter((option) => option.code !== code && searchKey(option.name).startsWith(key));
    const contains = options.filter(
      (option) => option.code !== code && !searchKey(option.name).startsWith(key) && searchKey(option.name).includes(key),
    );
    return [...exact, ...starts, ...contains].slice(0, MAX_SHOWN);
  }, [options, query]);

  function choose(option: NamedCode) {
    onChange(option.code);
    setText(null);
    setOpen(false);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((current) => Math.min(current + 1, matches.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((current) => Math.max(current - 1, 0));
    } else if (event.key === "Enter" && open) {
      const option = matches[active];
      if (option !== undefined) {
        event.preventDefault();
        choose(option);
      }
    } else if (event.key === "Escape") {
      setText(null);
      setOpen(false);
    }
  }

  const invalid = errors.length > 0;
  const describedBy = [hint !== undefined ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ");
  const activeOption = open ? matches[active] : undefined;
  return (
    <div className="field combobox" data-testid={testId}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        name={name}
        className="field__input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption !== undefined ? `${id}-${activeOption.code}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
        autoComplete="off"
        spellCheck={false}
        value={text ?? display(selected)}
        placeholder={t("picker.placeholder")}
        onFocus={(event) => {
          event.currentTarget.select();
        }}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={keyDown}
        onBlur={() => {
          // A unique match typed in full is taken; anything else goes back to the chosen value.
          const only = matches.length === 1 ? matches[0] : undefined;
          if (text !== null && only !== undefined) {
            onChange(only.code);
          }
          setText(null);
          setOpen(false);
        }}
      />
      {open && (
        <ul id={listId} role="listbox" className="combobox__list" aria-label={t("picker.options")}>
          {matches.length === 0 ? (
            <li className="combobox__empty" role="presentation">
              {t("picker.none")}
            </li>
          ) : (
            matches.map((option, index) => (
              <li
                key={option.code}
                id={`${id}-${option.code}`}
                role="option"
                aria-selected={index === active}
                className="combobox__option"
                onMouseDown={(event) => {
                  // Chosen before the input's blur runs.
                  event.preventDefault();
                  choose(option);
                }}
                onMouseEnter={() => {
                  setActive(index);
                }}
              >
                {option.name} <span className="muted">{option.code}</span>
              </li>
            ))
          )}
        </ul>
      )}
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {invalid && (
        <ul className="field__errors" id={errorId}>
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
