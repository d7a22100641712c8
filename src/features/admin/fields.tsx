// Form controls the admin forms need beyond TextField: text areas, selects,
// checkboxes — each labelled, with its error beside it.
import type { FieldErrors } from '../../domain/errors.js';
import { FieldError } from '../../web/layout.js';

function describedBy(name: string, error: string | undefined, hint: string | undefined): string | undefined {
  return [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
}

interface BaseProps {
  name: string;
  label: string;
  errors?: FieldErrors | undefined;
  hint?: string;
}

export function TextArea({ name, label, value, errors, hint, maxLength }: BaseProps & { value?: string | undefined; maxLength?: number }) {
  const error = errors?.[name];
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for={name}>{label}</label>
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <textarea
        id={name}
        name={name}
        rows={3}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, error, hint)}
      >
        {value ?? ''}
      </textarea>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

export function Select({
  name,
  label,
  value,
  errors,
  hint,
  options,
}: BaseProps & {
  value?: string | undefined;
  options: { value: string; label: string }[];
}) {
  const error = errors?.[name];
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for={name}>{label}</label>
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <select id={name} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, error, hint)}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

export function Checkbox({ name, label, checked, errors, value = 'on', id }: BaseProps & { checked: boolean; value?: string; id?: string }) {
  const error = errors?.[name];
  const inputId = id ?? name;
  return (
    <div class={error ? 'field field--check field--invalid' : 'field field--check'}>
      <input
        type="checkbox"
        id={inputId}
        name={name}
        value={value}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <label for={inputId}>{label}</label>
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

/** A group of checkboxes sharing one name (e.g. a product's recipe groups). */
export function CheckboxGroup({
  name,
  legend,
  items,
  checked,
  errors,
}: {
  name: string;
  legend: string;
  items: { value: string; label: string }[];
  checked: readonly string[];
  errors?: FieldErrors | undefined;
}) {
  const error = errors?.[name];
  return (
    <fieldset class={error ? 'field field--invalid' : 'field'} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {items.map((item) => (
        <div class="field--check">
          <input type="checkbox" id={`${name}-${item.value}`} name={name} value={item.value} checked={checked.includes(item.value)} />
          <label for={`${name}-${item.value}`}>{item.label}</label>
        </div>
      ))}
      <FieldError id={`${name}-error`} message={error} />
    </fieldset>
  );
}
