// Form building blocks: a labelled input with its error beside it.
import type { FieldErrors } from '../domain/errors.js';
import { FieldError } from './layout.js';
import { Message } from './message.js';

interface TextFieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'tel' | 'date';
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  minLength?: number;
  maxLength?: number;
  /** The keyboard a phone shows: 'numeric' for card numbers, expiry and security code. */
  inputMode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'text';
  placeholder?: string;
}

export function TextField({
  name,
  label,
  type = 'text',
  value,
  errors,
  autocomplete,
  required = true,
  hint,
  minLength,
  maxLength,
  inputMode,
  placeholder,
}: TextFieldProps) {
  const error = errors?.[name];
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label for={name}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={name}
        name={name}
        type={type as 'text'}
        value={value ?? ''}
        autocomplete={autocomplete}
        required={required}
        minLength={minLength}
        maxLength={maxLength}
        inputMode={inputMode}
        placeholder={placeholder}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <FieldError id={errorId} message={error} />
    </div>
  );
}

/** A form-level error summary that links to each bad field. */
export function ErrorSummary({ errors, message }: { errors?: FieldErrors | undefined; message?: string | undefined }) {
  if (!message && (!errors || Object.keys(errors).length === 0)) return null;
  return (
    <Message kind="error" class="error-summary" focusable>
      <p>{message ?? 'Please check the details below.'}</p>
    </Message>
  );
}
