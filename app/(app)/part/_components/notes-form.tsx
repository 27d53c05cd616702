'use client';

import { useActionState } from 'react';
import { FormErrors, TextAreaField } from '@/components/form-fields';
import { Button, LinkButton } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import type { EchoState } from '../../admin/_shared/form-values';
import { saveNotesAction } from '../[id]/actions';

/** Edits a part's markdown notes; saving returns to the rendered notes. */
export function NotesForm({ partId, notes }: { partId: number; notes: string }) {
  const [state, action, pending] = useActionState<EchoState, FormData>(saveNotesAction, {});
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="notes-form">
      <input type="hidden" name="id" value={partId} />
      <TextAreaField
        label="Notes (markdown)"
        name="notes"
        rows={16}
        maxLength={50000}
        defaultValue={state.values?.notes?.[0] ?? notes}
        error={errorsFor(state, 'notes')}
      />
      <FormErrors messages={[...(errorsFor(state, 'non_field_errors') ?? []), state.message]} />
      <div className="flex gap-3">
        <Button disabled={pending}>Save notes</Button>
        <LinkButton href={`/part/${partId}?tab=notes`}>Cancel</LinkButton>
      </div>
    </form>
  );
}
