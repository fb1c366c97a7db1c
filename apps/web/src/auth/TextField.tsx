import { asSentences } from '../lib/errors.ts';
import { useId, type InputHTMLAttributes, type Ref } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  name: string;
  /** Shown under the field until there is an error. */
  hint?: string;
  errors?: readonly string[] | undefined;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint or its errors, wired for screen readers. */
export function TextField({ label, hint, errors, ref, ...input }: TextFieldProps) {
  const id = useId();
  const described = `${id}-description`;
  const invalid = !!errors?.length;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        {...input}
        ref={ref}
        id={id}
        className="field__input"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid || hint ? described : undefined}
      />
      {invalid ? (
        <p className="field__error" id={described}>
          {asSentences(errors)}
        </p>
      ) : (
        hint && (
          <p className="field__hint" id={described}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
