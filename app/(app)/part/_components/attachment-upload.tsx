'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, Field } from '@/components/ui';
import { sendForm } from './upload';

/**
 * Attaches a file or a link to a part: a multipart `POST /api/attachment/` (the file is streamed to
 * disk there), then the page refreshes. Field errors come back in InvenTree's `{"field": [...]}`.
 */
export function AttachmentUpload({ partId }: { partId: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ all: string[]; fields: Record<string, string[]> }>({
    all: [],
    fields: {},
  });
  const [done, setDone] = useState(false);
  return (
    <form
      className="flex flex-col gap-3"
      data-testid="attachment-upload"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const body = new FormData(form);
        const file = body.get('attachment');
        if (file instanceof File && file.size === 0 && !file.name) body.delete('attachment');
        if (body.get('link') === '') body.delete('link');
        body.set('model_type', 'part');
        body.set('model_id', String(partId));
        setBusy(true);
        setDone(false);
        const r = await sendForm('/api/attachment/', 'POST', body);
        setBusy(false);
        if (r.ok) {
          form.reset();
          setErrors({ all: [], fields: {} });
          setDone(true);
          router.refresh();
        } else {
          setErrors({ all: r.errors, fields: r.fields });
        }
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="attachment-file" className="text-sm font-medium text-slate-700">
          File
        </label>
        <input
          id="attachment-file"
          name="attachment"
          type="file"
          className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
        />
        {errors.fields.attachment ? (
          <p className="text-xs text-red-600" role="alert">
            {errors.fields.attachment.join(' ')}
          </p>
        ) : null}
      </div>
      <Field
        label="Or a link"
        name="link"
        type="url"
        placeholder="https://"
        maxLength={2000}
        id="attachment-link"
        error={errors.fields.link}
      />
      <Field
        label="Comment"
        name="comment"
        maxLength={250}
        id="attachment-comment"
        error={errors.fields.comment}
      />
      <div className="flex items-center gap-3">
        <Button disabled={busy}>{busy ? 'Uploading…' : 'Add attachment'}</Button>
        {done ? (
          <span role="status" className="text-sm text-green-700">
            Attached.
          </span>
        ) : null}
      </div>
      {errors.all.length ? (
        <p role="alert" className="text-sm text-red-600">
          {errors.all.join(' ')}
        </p>
      ) : null}
    </form>
  );
}
