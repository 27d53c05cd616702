'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { errorsFor, type FormState } from '@/lib/form-action';
import { createTokenAction } from './actions';

export function TokenForm() {
  const [state, action, pending] = useActionState<FormState<{ key: string }>, FormData>(
    createTokenAction,
    {},
  );
  return (
    <div className="flex flex-col gap-3">
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <Field
          label="Token name"
          name="name"
          placeholder="e.g. python-script"
          maxLength={100}
          error={errorsFor(state, 'name')}
        />
        <Field label="Expiry date" name="expiry" type="date" error={errorsFor(state, 'expiry')} />
        <Button disabled={pending}>Create token</Button>
      </form>
      {state.message ? <p className="text-sm text-red-600">{state.message}</p> : null}
      {state.ok && state.data ? (
        <div className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          <p className="mb-1 font-medium text-green-900">Copy this token now: it will not be shown again.</p>
          <code
            data-testid="new-token"
            className="block break-all rounded bg-white px-2 py-1 font-mono text-xs"
          >
            {state.data.key}
          </code>
        </div>
      ) : null}
    </div>
  );
}
