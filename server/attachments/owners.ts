import { eq, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { attachments, parts, stockItems, users } from '@/db/schema';
import { allowed } from '@/lib/http/access';
import type { Access } from '@/lib/http/endpoint';
import type { Principal } from '../context';

/** One right on an owner's attachments: a role permission, optionally also granted to the object itself. */
export interface OwnerRule {
  /** Grants the right on every object of the model, e.g. `part.change` (superusers always pass). */
  access: Access;
  /** Also grants it when the object *is* the acting user (a user's own attachments). */
  self?: boolean;
}

/** A model that attachments can hang on (InvenTree's `InvenTreeAttachmentMixin` models). */
export interface AttachmentOwner {
  /** Seeing the object's attachments (list, detail, downloading the file). */
  view: OwnerRule;
  /** Creating, editing (and, unless `delete` says otherwise, deleting) its attachments. */
  change: OwnerRule;
  delete?: OwnerRule;
  exists(db: Tx, id: number): Promise<boolean>;
}

/**
 * model_type → who may see and change its attachments. Modules add their models here as they
 * arrive (`part: { view: { access: 'part.view' }, change: { access: 'part.change' }, ... }`).
 */
export const ATTACHMENT_OWNERS = {
  user: {
    view: { access: 'admin.view', self: true },
    change: { access: 'admin.change', self: true },
    exists: async (db, id) => (await db.$count(users, eq(users.id, id))) > 0,
  },
  part: {
    view: { access: 'part.view' },
    change: { access: 'part.change' },
    exists: async (db, id) => (await db.$count(parts, eq(parts.id, id))) > 0,
  },
  stockitem: {
    view: { access: 'stock.view' },
    change: { access: 'stock.change' },
    exists: async (db, id) => (await db.$count(stockItems, eq(stockItems.id, id))) > 0,
  },
} satisfies Record<string, AttachmentOwner>;

export type AttachmentModelType = keyof typeof ATTACHMENT_OWNERS;
export const ATTACHMENT_MODEL_TYPES = Object.keys(ATTACHMENT_OWNERS) as [
  AttachmentModelType,
  ...AttachmentModelType[],
];

export type OwnerAction = 'view' | 'change' | 'delete';

export function attachmentOwner(modelType: string): AttachmentOwner | undefined {
  return (ATTACHMENT_OWNERS as Record<string, AttachmentOwner>)[modelType];
}

function isAllPowerful(actor: Principal): boolean {
  return actor.via === 'system' || actor.isSuperuser;
}

/** True when `actor` may `action` the attachments of (modelType, modelId). Unknown model types: superusers only. */
export function canOnOwner(
  actor: Principal,
  modelType: string,
  modelId: number,
  action: OwnerAction,
): boolean {
  if (isAllPowerful(actor)) return true;
  if (!actor.userId) return false;
  const owner = attachmentOwner(modelType);
  if (!owner) return false;
  const rule =
    (action === 'delete' ? owner.delete : undefined) ?? owner[action === 'delete' ? 'change' : action];
  if (rule.self && modelType === 'user' && modelId === actor.userId) return true;
  return allowed(actor, rule.access, 'GET');
}

/** SQL condition on `attachments` for the rows `actor` may see; undefined means all of them. */
export function visibleAttachments(actor: Principal): SQL | undefined {
  if (isAllPowerful(actor)) return undefined;
  if (!actor.userId) return sql`false`;
  const ors: SQL[] = [];
  for (const [type, owner] of Object.entries(ATTACHMENT_OWNERS) as [string, AttachmentOwner][]) {
    if (allowed(actor, owner.view.access, 'GET')) ors.push(eq(attachments.modelType, type));
    else if (owner.view.self && type === 'user')
      ors.push(sql`(${attachments.modelType} = ${type} and ${attachments.modelId} = ${actor.userId})`);
  }
  return ors.length ? or(...ors) : sql`false`;
}
