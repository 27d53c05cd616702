import { eq, or, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { parameters, partCategories, parts } from '@/db/schema';
import { allowed } from '@/lib/http/access';
import type { Access } from '@/lib/http/endpoint';
import type { Principal } from '../context';

/**
 * Every model InvenTree lets parameters hang on (`ModelTypeD42Enum`): the short name stored in
 * `parameters.model_type` → the `app_label.model` form the API answers with.
 */
export const PARAMETER_MODEL_LABELS = {
  build: ['build.build', 'Build Order'],
  company: ['company.company', 'Company'],
  manufacturerpart: ['company.manufacturerpart', 'Manufacturer Part'],
  supplierpart: ['company.supplierpart', 'Supplier Part'],
  purchaseorder: ['order.purchaseorder', 'Purchase Order'],
  returnorder: ['order.returnorder', 'Return Order'],
  salesorder: ['order.salesorder', 'Sales Order'],
  salesordershipment: ['order.salesordershipment', 'Sales Order Shipment'],
  transferorder: ['order.transferorder', 'Transfer Order'],
  part: ['part.part', 'Part'],
  partcategory: ['part.partcategory', 'Part Category'],
  stocklocation: ['stock.stocklocation', 'Stock Location'],
} as const;
export type ParameterModel = keyof typeof PARAMETER_MODEL_LABELS;

/** The API form (`part.part`) of every model type, for the zod enums and OPTIONS choices. */
export const PARAMETER_MODEL_TYPES = Object.values(PARAMETER_MODEL_LABELS).map(([v]) => v) as [
  string,
  ...string[],
];
export const PARAMETER_MODEL_CHOICE_LABELS = Object.fromEntries(
  Object.values(PARAMETER_MODEL_LABELS).map(([v, l]) => [v, l]),
);

/** `part`, `part.part` (any case) → `part`; null for names that are no parameter model. */
export function normaliseModelType(value: string | null | undefined): ParameterModel | null {
  if (!value) return null;
  const s = value.trim().toLowerCase();
  const short = s.includes('.') ? s.slice(s.indexOf('.') + 1) : s;
  const hit = (PARAMETER_MODEL_LABELS as Record<string, readonly [string, string]>)[short];
  if (!hit) return null;
  return s.includes('.') && hit[0] !== s ? null : (short as ParameterModel);
}

/** The API form of a stored model type (`part` → `part.part`). */
export function modelTypeLabel(stored: string | null): string | null {
  if (!stored) return null;
  return (PARAMETER_MODEL_LABELS as Record<string, readonly [string, string]>)[stored]?.[0] ?? stored;
}

/** A model whose objects can carry parameters, with who may see and edit them. */
export interface ParameterOwner {
  /** Seeing its parameters (lists, details, the part list's `parameters` flag). */
  view: Access;
  /** Adding, editing and deleting its parameters: the owner model's change right (InvenTree). */
  change: Access;
  exists(db: Tx, id: number): Promise<boolean>;
  /** Objects whose parameters are read-only (locked parts); optional. */
  locked?(db: Tx, id: number): Promise<boolean>;
}

/**
 * model_type → rights on its parameters. Only models with tables so far are listed; their modules
 * add the rest (`company: { view: 'purchase_order.view', ... }`) as they arrive. A model type that
 * is valid in InvenTree but not listed here is refused on input.
 */
export const PARAMETER_OWNERS: Partial<Record<ParameterModel, ParameterOwner>> = {
  part: {
    view: 'part.view',
    change: 'part.change',
    exists: async (db, id) => (await db.$count(parts, eq(parts.id, id))) > 0,
    locked: async (db, id) => {
      const [row] = await db.select({ locked: parts.locked }).from(parts).where(eq(parts.id, id));
      return row?.locked ?? false;
    },
  },
  partcategory: {
    view: 'part_category.view',
    change: 'part_category.change',
    exists: async (db, id) => (await db.$count(partCategories, eq(partCategories.id, id))) > 0,
  },
};

export function parameterOwner(modelType: string): ParameterOwner | undefined {
  return (PARAMETER_OWNERS as Record<string, ParameterOwner>)[modelType];
}

const isAllPowerful = (actor: Principal) => actor.via === 'system' || actor.isSuperuser;

/** True when `actor` may view or change the parameters of objects of `modelType`. */
export function canOnParameters(actor: Principal, modelType: string, action: 'view' | 'change'): boolean {
  if (isAllPowerful(actor)) return true;
  if (!actor.userId) return false;
  const owner = parameterOwner(modelType);
  return !!owner && allowed(actor, owner[action], 'GET');
}

/** SQL condition on `parameters` for the rows `actor` may see; undefined means all of them. */
export function visibleParameters(actor: Principal): SQL | undefined {
  if (isAllPowerful(actor)) return undefined;
  if (!actor.userId) return eq(parameters.id, -1);
  const ors: SQL[] = [];
  for (const [type, owner] of Object.entries(PARAMETER_OWNERS) as [string, ParameterOwner][]) {
    if (allowed(actor, owner.view, 'GET')) ors.push(eq(parameters.modelType, type));
  }
  return ors.length ? or(...ors) : eq(parameters.id, -1);
}
