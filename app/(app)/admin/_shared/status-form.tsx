'use client';

import { type ReactNode, useActionState } from 'react';
import { Button } from '@/components/ui';
import type { FormState } from '@/lib/form-action';
import { errorMessages } from './form-values';

/**
 * A form around server-rendered inputs whose action answers with a FormState: a submit button,
 * a pending state, and a one-line result (saved, or the errors).
 */
export function StatusForm({
  action,
  children,
  submitLabel,
  variant = 'primary',
  okText = 'Saved.',
  testId,
  className = 'flex flex-col gap-4',
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  submitLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  okText?: string;
  testId?: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const errors = errorMessages(state);
  return (
    <form action={formAction} className={className} data-testid={testId}>
      {children}
      <div className="flex flex-wrap items-center gap-3">
        <Button variant={variant} disabled={pending}>
          {submitLabel}
        </Button>
        {state.ok && !pending ? (
          <span role="status" className="text-sm text-green-700">
            {okText}
          </span>
        ) : null}
      </div>
      {errors.length ? (
        <p role="alert" className="text-sm text-red-600">
          {errors.join(' ')}
        </p>
      ) : null}
    </form>
  );
}
