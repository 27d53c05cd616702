import { asc } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { groups } from '@/db/schema';
import { AppError, fieldError } from '@/lib/errors';
import { type ListQuery, type Page, paginate, searchTerms } from '@/lib/http/list';
import type { SettingChoice, SettingDefinition } from './definition';
import { type CheckContext, cleanValue, PEER_OF, SettingValueError, toNative } from './value';

/** Cache lifetime of one setting; writes invalidate at once, so this only bounds a rare race. */
export const SETTING_TTL_SECONDS = 600;

/** What the cache holds for one setting: its row, or null while none is stored. */
export type StoredSetting = { id: number; value: string } | null;

/** DRF's answer for an unknown key, exactly. */
export const settingNotFound = () => new AppError('not_found', 'Not found.');

/**
 * The definition for a key as the API names it: upper-cased; unknown keys and hidden system keys
 * (starting with `_`) are 404 `{"detail": "Not found."}`.
 */
export function publicKey<K extends string>(defs: Record<K, SettingDefinition>, raw: string): K {
  const key = raw.toUpperCase();
  if (key.startsWith('_') || !Object.hasOwn(defs, key)) throw settingNotFound();
  return key as K;
}

/**
 * A setting with no stored row yet answers with a stable negative pk: minus its 1-based position
 * in the definitions. Reads never write; the first write creates the row, which then answers with
 * its real (positive) id.
 */
export function placeholderPk(keys: readonly string[], key: string): number {
  return -(keys.indexOf(key) + 1);
}

/** Resolves choices once per request (the dynamic ones need the database). */
export class ChoiceResolver {
  private memo = new Map<string, Promise<SettingChoice[]>>();
  constructor(
    private db: Tx,
    private currencyCodes: () => Promise<string>,
  ) {}

  get(def: SettingDefinition): Promise<SettingChoice[]> {
    if (!def.dynamicChoices) return Promise.resolve(def.choices ? [...def.choices] : []);
    const kind = def.dynamicChoices;
    let hit = this.memo.get(kind);
    if (!hit) {
      hit = kind === 'currencies' ? this.currencies() : this.groups();
      this.memo.set(kind, hit);
    }
    return hit;
  }

  private async currencies(): Promise<SettingChoice[]> {
    const names = new Intl.DisplayNames(['en'], { type: 'currency' });
    const codes = (await this.currencyCodes())
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    return [...new Set(codes)].map((code) => ({ value: code, display_name: names.of(code) ?? code }));
  }

  private async groups(): Promise<SettingChoice[]> {
    const rows = await this.db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .orderBy(asc(groups.id));
    return [
      { value: '', display_name: 'No group' },
      ...rows.map((g) => ({ value: String(g.id), display_name: g.name })),
    ];
  }
}

/** The fields both setting kinds share, in InvenTree's order up to `typ`. */
export function settingBase(
  key: string,
  def: SettingDefinition,
  text: string,
  pk: number,
  choices: SettingChoice[],
) {
  return {
    pk,
    key,
    value: toNative(def, text),
    name: def.name,
    description: def.description,
    type: def.type,
    units: def.units,
    choices,
    model_name: def.modelName ?? null,
    api_url: def.apiUrl ?? null,
  };
}

/**
 * Validates a write against the definition, turning failures into `{"value": ["..."]}`.
 * `peer` reads the stored text of another setting of the same store (cross-setting checks).
 */
export async function checkWrite(
  def: SettingDefinition,
  input: unknown,
  resolver: ChoiceResolver,
  peer: (key: string) => Promise<string>,
  field = 'value',
): Promise<string> {
  const ctx: CheckContext = { choices: await resolver.get(def) };
  const peerKey = def.validator ? PEER_OF[def.validator] : undefined;
  if (peerKey) ctx.peers = { [peerKey]: await peer(peerKey) };
  try {
    return cleanValue(def, input, ctx);
  } catch (err) {
    if (err instanceof SettingValueError) throw fieldError(field, err.message);
    throw err;
  }
}

interface Listed {
  pk: number;
  key: string;
  name: string;
}

/**
 * Search (on `key`, every term must match), ordering (`pk`, `key`, `name`, `-` for descending;
 * definition order otherwise) and pagination of an in-memory settings list.
 */
export function listPage<T extends Listed>(items: T[], q: ListQuery, url: URL): Promise<T[] | Page<T>> {
  const terms = searchTerms(q.search);
  let out = items.filter((s) =>
    terms.every((t) => {
      if (q.search_regex) {
        try {
          return new RegExp(q.search_whole ? `\\b${t}\\b` : t, 'i').test(s.key);
        } catch {
          return false;
        }
      }
      if (q.search_whole)
        return new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(s.key);
      return s.key.toLowerCase().includes(t.toLowerCase());
    }),
  );
  const fields = (q.ordering ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => ['pk', 'key', 'name'].includes(f.replace(/^-/, '')));
  if (fields.length) {
    out = [...out].sort((a, b) => {
      for (const f of fields) {
        const desc = f.startsWith('-');
        const name = (desc ? f.slice(1) : f) as keyof Listed;
        const av = a[name];
        const bv = b[name];
        const cmp = typeof av === 'number' ? av - (bv as number) : String(av).localeCompare(String(bv));
        if (cmp) return desc ? -cmp : cmp;
      }
      return a.pk - b.pk;
    });
  }
  return paginate(url, q, {
    count: async () => out.length,
    rows: async (limit, offset) => (limit === null ? out : out.slice(offset, offset + limit)),
  });
}
