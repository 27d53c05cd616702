'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { errorMessages } from '../_shared/form-values';
import { createGroupAction, type NewGroupState } from './actions';

export function NewGroupForm() {
  const [state, action, pending] = useActionState<NewGroupState, FormData>(createGroupAction, {});
  const other = errorMessages({ message: state.message, errors: { ...state.errors, name: [] } });
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="new-group-form">
      <Field
        label="Name"
        name="name"
        required
        maxLength={150}
        autoComplete="off"
        defaultValue={state.values?.name?.[0] ?? ''}
        error={errorsFor(state, 'name')}
      />
      {other.length ? (
        <p className="text-sm text-red-600" role="alert">
          {other.join(' ')}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={pending}>Create group</Button>
        {state.ok && state.data ? (
          <span role="status" className="text-sm text-green-700" data-testid="group-created">
            Created{' '}
            <Link href={`/admin/groups/${state.data.id}`} className="font-medium underline">
              {state.data.name}
            </Link>
            : set its permissions there.
          </span>
        ) : null}
      </div>
    </form>
  );
}
