'use client';

import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { errorMessages } from '../../_shared/form-values';
import { type RenameGroupState, renameGroupAction } from './actions';

export function RenameGroupForm({ groupId, name }: { groupId: number; name: string }) {
  const [state, action, pending] = useActionState<RenameGroupState, FormData>(renameGroupAction, {});
  const other = errorMessages({ message: state.message, errors: { ...state.errors, name: [] } });
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="rename-group-form">
      <input type="hidden" name="id" value={groupId} />
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
        <Field
          label="Name"
          name="name"
          required
          maxLength={150}
          autoComplete="off"
          defaultValue={state.values?.name?.[0] ?? name}
          error={errorsFor(state, 'name')}
        />
        <Button disabled={pending} className="sm:mt-6">
          Rename
        </Button>
      </div>
      {other.length ? (
        <p className="text-sm text-red-600" role="alert">
          {other.join(' ')}
        </p>
      ) : null}
      {state.ok && !pending ? (
        <p role="status" className="text-sm text-green-700">
          Saved.
        </p>
      ) : null}
    </form>
  );
}
