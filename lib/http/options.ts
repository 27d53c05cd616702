import { z } from 'zod';
import type { Principal } from '@/server/context';
import { allowed } from './access';
import type { EndpointSpec } from './endpoint';

export interface FieldInfo {
  type: string;
  required: boolean;
  read_only: boolean;
  label: string;
  help_text?: string;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  default?: unknown;
  allow_null?: boolean;
  choices?: { value: unknown; display_name: string }[];
  model?: string;
  api_url?: string;
  pk_field?: string;
  filters?: Record<string, unknown>;
  child?: FieldInfo;
  children?: Record<string, FieldInfo>;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
/** Zod 4 exposes a schema's bounds as properties (`maxLength`, `isInt`, `minValue`, `format`, ...). */
const propsOf = (s: z.ZodType) => s as unknown as Record<string, unknown>;

const titleCase = (name: string) => name.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** Describes one zod field the way DRF's SimpleMetadata does, unwrapping optional/default/pipes. */
export function describeField(name: string, schema: z.ZodType): FieldInfo {
  const meta: Record<string, unknown> = {};
  let required = true;
  let allowNull = false;
  let dflt: unknown;
  let s = schema;
  for (let guard = 0; guard < 20; guard++) {
    Object.assign(meta, { ...(z.globalRegistry.get(s) ?? {}), ...meta });
    const def = defOf(s);
    if (def.type === 'optional') {
      required = false;
      s = def.innerType as z.ZodType;
    } else if (def.type === 'nullable') {
      allowNull = true;
      s = def.innerType as z.ZodType;
    } else if (def.type === 'default' || def.type === 'prefault') {
      required = false;
      const v = def.defaultValue;
      dflt = typeof v === 'function' ? (v as () => unknown)() : v;
      s = def.innerType as z.ZodType;
    } else if (def.type === 'pipe') {
      const out = def.out as z.ZodType;
      s = defOf(out).type === 'transform' ? (def.in as z.ZodType) : out;
    } else break;
  }
  const def = defOf(s);
  const bag = propsOf(s);
  const info: FieldInfo = {
    type: 'field',
    required,
    read_only: Boolean(meta.readOnly),
    label: (meta.title as string) ?? titleCase(name),
  };
  if (meta.description) info.help_text = meta.description as string;
  if (allowNull) info.allow_null = true;
  if (dflt !== undefined) info.default = dflt;
  switch (def.type) {
    case 'string': {
      const format = bag.format as string | undefined;
      info.type = format === 'email' ? 'email' : format === 'url' ? 'url' : 'string';
      if (typeof bag.maxLength === 'number') info.max_length = bag.maxLength;
      break;
    }
    case 'number':
      info.type = bag.isInt ? 'integer' : 'float';
      if (typeof bag.minValue === 'number' && Number.isFinite(bag.minValue)) info.min_value = bag.minValue;
      if (typeof bag.maxValue === 'number' && Number.isFinite(bag.maxValue)) info.max_value = bag.maxValue;
      break;
    case 'boolean':
      info.type = 'boolean';
      break;
    case 'enum': {
      info.type = 'choice';
      const labels = (meta.choiceLabels as Record<string, string>) ?? {};
      info.choices = Object.values(def.entries as Record<string, string | number>).map((v) => ({
        value: v,
        display_name: labels[String(v)] ?? String(v),
      }));
      break;
    }
    case 'array': {
      info.type = 'list';
      info.child = describeField(name, def.element as z.ZodType);
      break;
    }
    case 'object': {
      info.type = 'nested object';
      info.children = describeObject(s as z.ZodObject, {});
      break;
    }
    case 'date':
      info.type = 'datetime';
      break;
  }
  if (meta.type) info.type = meta.type as string;
  if (meta.model) {
    info.type = 'related field';
    info.model = meta.model as string;
    info.api_url = meta.api_url as string;
    info.pk_field = 'pk';
    info.filters = (meta.filters as Record<string, unknown>) ?? {};
  }
  return info;
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!schema) return {};
  let s = schema;
  for (let guard = 0; guard < 10; guard++) {
    const def = defOf(s);
    if (def.type === 'object') return (s as z.ZodObject).shape as Record<string, z.ZodType>;
    if (def.type === 'pipe') s = def.in as z.ZodType;
    else if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default')
      s = def.innerType as z.ZodType;
    else return {};
  }
  return {};
}

function markReadOnly(f: FieldInfo): FieldInfo {
  const out: FieldInfo = { ...f, read_only: true, required: false };
  if (f.child) out.child = markReadOnly(f.child);
  if (f.children)
    out.children = Object.fromEntries(Object.entries(f.children).map(([k, v]) => [k, markReadOnly(v)]));
  return out;
}

/** Field map of a write schema, plus the response schema's other fields as read-only. */
export function describeObject(
  body: z.ZodType | undefined,
  readOnlyFrom: z.ZodType | undefined | Record<string, never>,
): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = {};
  const responseShape = readOnlyFrom instanceof z.ZodType ? objectShape(readOnlyFrom) : {};
  const bodyShape = objectShape(body);
  for (const [name, s] of Object.entries(responseShape)) {
    if (name in bodyShape) continue;
    out[name] = markReadOnly(describeField(name, s));
  }
  for (const [name, s] of Object.entries(bodyShape)) out[name] = describeField(name, s);
  return out;
}

/**
 * InvenTree's OPTIONS answer: field maps for POST (list) and PUT (detail, PATCH forms use it too),
 * kept only where the caller holds the permission, plus `"DELETE": {}` and `"GET": {}` markers.
 */
export function optionsMetadata(spec: EndpointSpec, who: Principal | null) {
  const actions: Record<string, unknown> = {};
  if (spec.POST && allowed(who, spec.POST.access, 'POST')) {
    actions.POST = describeObject(spec.POST.body, spec.POST.response ?? spec.GET?.response);
  }
  const put = spec.PUT ?? spec.PATCH;
  if (put && allowed(who, put.access, spec.PUT ? 'PUT' : 'PATCH')) {
    actions.PUT = describeObject(put.body, put.response ?? spec.GET?.response);
  }
  if (spec.DELETE && allowed(who, spec.DELETE.access, 'DELETE')) actions.DELETE = {};
  if (spec.GET && allowed(who, spec.GET.access, 'GET')) actions.GET = {};
  return {
    name: spec.name,
    description: spec.description ?? '',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    ...(spec.model ? { model: spec.model } : {}),
    actions: who ? actions : {},
  };
}
