import { unitRegistryWith } from '@/domain/units';
import { numericValue } from '@/server/parameters/data';
import { generateTestKey } from '@/server/partdata/test-key';
import type { SourceRecord } from './reader';
import { STOCK_MAPPERS, type StockState } from './stock';
import { type Mapper, type RefKind, Skip } from './types';
import {
  bool,
  date,
  has,
  int,
  json,
  now,
  optionalRef,
  parentsFirst,
  pgArray,
  pick,
  refPk,
  str,
  strOrNull,
  timestamp,
  variantChains,
} from './values';

const userColumns = [
  'id',
  'username',
  'email',
  'first_name',
  'last_name',
  'password',
  'is_active',
  'is_staff',
  'is_superuser',
  'date_joined',
  'last_login',
];

const locationColumns = [
  'id',
  'name',
  'description',
  'parent_id',
  'owner_id',
  'structural',
  'external',
  'location_type_id',
  'custom_icon',
  'pathstring',
  'tree_ids',
  'level',
  'barcode_data',
  'barcode_hash',
  'metadata',
];

/** Ids and names root → node for a tree of records keyed by `parent` (existing rows included). */
function treePaths(
  model: string,
  records: SourceRecord[],
  existing: Map<number, { parent: number | null; name: string }>,
): Map<number, { ids: number[]; names: string[] }> {
  const nodes = new Map(existing);
  for (const r of records) nodes.set(r.pk, { parent: refPk(r.fields.parent), name: str(r.fields.name) });
  const tree = new Map<number, { ids: number[]; names: string[] }>();
  const walk = (id: number, seen: Set<number>): { ids: number[]; names: string[] } => {
    const done = tree.get(id);
    if (done) return done;
    const node = nodes.get(id);
    if (!node) return { ids: [], names: [] };
    if (seen.has(id)) throw new Error(`${model} pk=${id}: circular parent chain`);
    seen.add(id);
    const up = node.parent === null ? { ids: [], names: [] } : walk(node.parent, seen);
    const t = { ids: [...up.ids, id], names: [...up.names, node.name] };
    tree.set(id, t);
    return t;
  };
  for (const r of records) walk(r.pk, new Set());
  return tree;
}

const categoryColumns = [
  'id',
  'name',
  'description',
  'parent_id',
  'default_location_id',
  'default_keywords',
  'structural',
  'icon',
  'pathstring',
  'tree_ids',
  'level',
  'metadata',
];

const partColumns = [
  'id',
  'name',
  'description',
  'keywords',
  'ipn',
  'revision',
  'revision_of_id',
  'variant_of_id',
  'variant_tree_ids',
  'is_template',
  'category_id',
  'link',
  'image',
  'default_location_id',
  'default_supplier_id',
  'default_expiry',
  'minimum_stock',
  'maximum_stock',
  'units',
  'assembly',
  'component',
  'trackable',
  'testable',
  'purchaseable',
  'salable',
  'virtual',
  'consumable',
  'active',
  'locked',
  'bom_validated',
  'bom_checksum',
  'bom_checked_by_id',
  'bom_checked_date',
  'creation_date',
  'creation_user_id',
  'responsible_id',
  'notes',
  'metadata',
  'tags',
  'barcode_data',
  'barcode_hash',
];

/**
 * The registry: one mapper per InvenTree model (or family of shapes), in dependency order — rows a
 * mapper points at are written by an earlier mapper. Pks are kept everywhere.
 */
export const MAPPERS: Mapper[] = [
  {
    models: ['auth.group'],
    table: 'groups',
    defines: 'group',
    columns: ['id', 'name'],
    map: (r) => ({ id: r.pk, name: str(r.fields.name) }),
  },
  {
    models: ['auth.user'],
    table: 'users',
    defines: 'user',
    columns: userColumns,
    map(r, ctx) {
      const f = r.fields;
      for (const g of (f.groups as unknown[] | undefined) ?? []) {
        const gid = ctx.ref('group', g, r, 'groups');
        if (gid !== null)
          ctx.emit({
            table: 'user_groups',
            row: { user_id: r.pk, group_id: gid },
            conflict: ['user_id', 'group_id'],
            onConflict: 'nothing',
          });
      }
      return {
        id: r.pk,
        username: str(f.username),
        email: str(f.email),
        first_name: str(f.first_name),
        last_name: str(f.last_name),
        // Django hashes (`pbkdf2_sha256$…`) are stored as they are; no password ⇒ unusable.
        password: str(f.password),
        is_active: bool(f.is_active, true),
        is_staff: bool(f.is_staff, false),
        is_superuser: bool(f.is_superuser, false),
        date_joined: timestamp(f.date_joined),
        last_login: f.last_login ? timestamp(f.last_login) : null,
      };
    },
  },
  {
    models: ['users.ruleset'],
    table: 'rulesets',
    columns: ['id', 'group_id', 'name', 'can_view', 'can_add', 'can_change', 'can_delete'],
    map(r, ctx) {
      const f = r.fields;
      const group = ctx.ref('group', f.group, r, 'group');
      return {
        id: r.pk,
        group_id: group,
        name: str(f.name),
        can_view: bool(f.can_view, false),
        can_add: bool(f.can_add, false),
        can_change: bool(f.can_change, false),
        can_delete: bool(f.can_delete, false),
      };
    },
  },
  {
    models: ['users.owner'],
    table: 'owners',
    defines: 'owner',
    columns: ['id', 'owner_type', 'owner_id'],
    map(r, ctx) {
      const type = ctx.contentType(r.fields.owner_type);
      if (type !== 'user' && type !== 'group')
        return new Skip(`owner_type ${JSON.stringify(r.fields.owner_type)} is neither a user nor a group`);
      const ownerId = ctx.ref(type, r.fields.owner_id, r, 'owner_id');
      return { id: r.pk, owner_type: type, owner_id: ownerId };
    },
  },
  {
    models: ['common.inventreesetting'],
    table: 'global_settings',
    columns: ['id', 'key', 'value'],
    conflict: ['key'],
    // Keys this version does not define (obsolete, or a plugin's) are kept as InvenTree keeps them:
    // stored, never listed or read (the settings API is driven by the definitions).
    map(r) {
      return { id: r.pk, key: str(r.fields.key).toUpperCase(), value: str(r.fields.value) };
    },
  },
  {
    models: ['common.inventreeusersetting'],
    table: 'user_settings',
    columns: ['id', 'user_id', 'key', 'value'],
    conflict: ['user_id', 'key'],
    map(r, ctx) {
      const key = str(r.fields.key).toUpperCase();
      const user = ctx.ref('user', r.fields.user, r, 'user');
      return { id: r.pk, user_id: user, key, value: str(r.fields.value) };
    },
  },
  {
    models: ['common.customunit'],
    table: 'custom_units',
    columns: ['id', 'name', 'symbol', 'definition'],
    map: (r) => ({
      id: r.pk,
      name: str(r.fields.name),
      symbol: str(r.fields.symbol),
      definition: str(r.fields.definition),
    }),
  },
  {
    models: ['common.selectionlist'],
    table: 'selection_lists',
    defines: 'selectionList',
    columns: [
      'id',
      'name',
      'description',
      'active',
      'locked',
      'source_plugin',
      'source_string',
      'default_id',
      'created',
      'last_updated',
    ],
    map: (r) => {
      const f = r.fields;
      return {
        id: r.pk,
        name: str(f.name),
        description: str(f.description),
        active: bool(f.active, true),
        locked: bool(f.locked, false),
        source_plugin: strOrNull(f.source_plugin),
        source_string: str(f.source_string),
        default_id: refPk(f.default),
        created: timestamp(f.created),
        last_updated: timestamp(f.last_updated),
      };
    },
  },
  {
    models: ['common.selectionlistentry'],
    table: 'selection_entries',
    columns: ['id', 'list_id', 'value', 'label', 'description', 'active'],
    map: (r, ctx) => ({
      id: r.pk,
      list_id: ctx.ref('selectionList', r.fields.list, r, 'list'),
      value: str(r.fields.value),
      label: str(r.fields.label),
      description: str(r.fields.description),
      active: bool(r.fields.active, true),
    }),
  },
  {
    models: ['stock.stocklocationtype'],
    table: 'stock_location_types',
    defines: 'locationType',
    columns: ['id', 'name', 'description', 'icon'],
    map(r) {
      return {
        id: r.pk,
        name: str(r.fields.name),
        description: str(r.fields.description),
        icon: str(r.fields.icon),
      };
    },
  },
  {
    models: ['stock.stocklocation'],
    table: 'stock_locations',
    defines: 'location',
    columns: locationColumns,
    // tree_ids, level and pathstring come from the parents; InvenTree's MPTT columns are ignored.
    prepare(records, ctx) {
      ctx.state.locationTree = treePaths('stock.stocklocation', records, ctx.existing.locations);
      return parentsFirst(records, (r) => [refPk(r.fields.parent)].filter((p) => p !== null));
    },
    map(r, ctx) {
      const f = r.fields;
      const t = (ctx.state.locationTree as Map<number, { ids: number[]; names: string[] }>).get(r.pk)!;
      return {
        id: r.pk,
        name: str(f.name),
        description: str(f.description),
        parent_id: optionalRef(ctx, 'location', f.parent, r, 'parent'),
        owner_id: optionalRef(ctx, 'owner', f.owner, r, 'owner'),
        structural: bool(f.structural, false),
        external: bool(f.external, false),
        location_type_id: optionalRef(ctx, 'locationType', f.location_type, r, 'location_type'),
        custom_icon: str(f.custom_icon ?? f.icon),
        pathstring: t.names.join('/').slice(0, 250),
        tree_ids: pgArray(t.ids),
        level: t.ids.length - 1,
        barcode_data: str(f.barcode_data),
        barcode_hash: str(f.barcode_hash),
        metadata: json(f.metadata),
      };
    },
  },
  {
    models: ['part.partcategory'],
    table: 'part_categories',
    defines: 'category',
    columns: categoryColumns,
    // tree_ids, level and pathstring come from the parents; InvenTree's MPTT columns are ignored.
    prepare(records, ctx) {
      ctx.state.categoryTree = treePaths('part.partcategory', records, ctx.existing.categories);
      return parentsFirst(records, (r) => [refPk(r.fields.parent)].filter((p) => p !== null));
    },
    map(r, ctx) {
      const f = r.fields;
      const t = (ctx.state.categoryTree as Map<number, { ids: number[]; names: string[] }>).get(r.pk)!;
      return {
        id: r.pk,
        name: str(f.name),
        description: str(f.description),
        parent_id: optionalRef(ctx, 'category', f.parent, r, 'parent'),
        default_location_id: optionalRef(ctx, 'location', f.default_location, r, 'default_location'),
        default_keywords: strOrNull(f.default_keywords),
        structural: bool(f.structural, false),
        icon: str(f.icon),
        pathstring: t.names.join('/').slice(0, 250),
        tree_ids: pgArray(t.ids),
        level: t.ids.length - 1,
        metadata: json(f.metadata),
      };
    },
  },
  {
    models: ['part.part'],
    table: 'parts',
    defines: 'part',
    columns: partColumns,
    prepare(records, ctx) {
      ctx.state.variantChains = variantChains(records, ctx.existing.partVariantOf);
      return parentsFirst(records, (r) =>
        [refPk(r.fields.variant_of), refPk(r.fields.revision_of)].filter((p) => p !== null),
      );
    },
    map(r, ctx) {
      const f = r.fields;
      const chain = (ctx.state.variantChains as Map<number, number[]>).get(r.pk)!;
      const tags = Array.isArray(f.tags) ? f.tags.map(String) : [];
      return {
        id: r.pk,
        name: str(f.name),
        description: str(f.description),
        keywords: strOrNull(f.keywords),
        ipn: strOrNull(pick(f, 'IPN', 'ipn')),
        revision: strOrNull(f.revision),
        revision_of_id: optionalRef(ctx, 'part', f.revision_of, r, 'revision_of'),
        variant_of_id: optionalRef(ctx, 'part', f.variant_of, r, 'variant_of'),
        variant_tree_ids: pgArray(chain),
        is_template: bool(f.is_template, false),
        category_id: optionalRef(ctx, 'category', f.category, r, 'category'),
        link: strOrNull(f.link) || null,
        image: strOrNull(f.image) || null,
        default_location_id: optionalRef(ctx, 'location', f.default_location, r, 'default_location'),
        default_supplier_id: refPk(f.default_supplier),
        default_expiry: int(f.default_expiry, 0),
        minimum_stock: str(f.minimum_stock, '0') || '0',
        maximum_stock: strOrNull(f.maximum_stock),
        units: strOrNull(f.units),
        assembly: bool(f.assembly, false),
        component: bool(f.component, true),
        trackable: bool(f.trackable, false),
        // Before `testable` existed (API < 180) trackable parts were the ones with tests.
        testable: bool(f.testable, bool(f.trackable, false)),
        purchaseable: bool(f.purchaseable, true),
        salable: bool(f.salable, false),
        virtual: bool(f.virtual, false),
        consumable: bool(f.consumable, false),
        active: bool(f.active, true),
        locked: bool(f.locked, false),
        bom_validated: bool(f.bom_validated, false),
        bom_checksum: str(f.bom_checksum),
        bom_checked_by_id: optionalRef(ctx, 'user', f.bom_checked_by, r, 'bom_checked_by'),
        bom_checked_date: date(f.bom_checked_date),
        creation_date: date(f.creation_date) ?? now().slice(0, 10),
        creation_user_id: optionalRef(ctx, 'user', f.creation_user, r, 'creation_user'),
        responsible_id: optionalRef(
          ctx,
          'owner',
          pick(f, 'responsible_owner', 'responsible'),
          r,
          'responsible',
        ),
        notes: strOrNull(f.notes),
        metadata: json(f.metadata),
        tags,
        barcode_data: str(pick(f, 'barcode_data')),
        barcode_hash: str(pick(f, 'barcode_hash')),
      };
    },
  },
  {
    models: ['part.partparametertemplate', 'common.parametertemplate'],
    table: 'parameter_templates',
    defines: 'paramTemplate',
    columns: [
      'id',
      'name',
      'units',
      'description',
      'model_type',
      'checkbox',
      'choices',
      'selection_list_id',
      'enabled',
      'unique',
      'metadata',
    ],
    map(r, ctx) {
      const f = r.fields;
      // The older part-only shape has no model_type: its templates are part templates.
      const modelType = r.model === 'part.partparametertemplate' ? 'part' : ctx.contentType(f.model_type);
      return {
        id: r.pk,
        name: str(f.name),
        units: str(f.units),
        description: str(f.description),
        model_type: modelType,
        checkbox: bool(f.checkbox, false),
        choices: str(f.choices),
        selection_list_id: optionalRef(ctx, 'selectionList', f.selectionlist, r, 'selectionlist'),
        enabled: bool(f.enabled, true),
        unique: int(f.unique, 0),
        metadata: json(f.metadata),
      };
    },
  },
  {
    models: ['part.partcategoryparametertemplate'],
    table: 'category_parameter_templates',
    columns: ['id', 'category_id', 'template_id', 'default_value'],
    map: (r, ctx) => ({
      id: r.pk,
      category_id: ctx.ref('category', r.fields.category, r, 'category'),
      template_id: ctx.ref('paramTemplate', pick(r.fields, 'template', 'parameter_template'), r, 'template'),
      default_value: str(r.fields.default_value),
    }),
  },
  {
    models: ['part.partparameter', 'common.parameter'],
    table: 'parameters',
    columns: [
      'id',
      'template_id',
      'model_type',
      'model_id',
      'data',
      'data_numeric',
      'note',
      'updated',
      'updated_by_id',
      'metadata',
    ],
    prepare(records, ctx, all) {
      const templates = new Map<number, { checkbox: boolean; units: string }>();
      for (const m of ['part.partparametertemplate', 'common.parametertemplate'])
        for (const t of all.get(m) ?? [])
          templates.set(t.pk, { checkbox: bool(t.fields.checkbox, false), units: str(t.fields.units) });
      ctx.state.paramTemplates = templates;
      ctx.state.units = unitRegistryWith([
        ...ctx.existing.customUnits,
        ...(all.get('common.customunit') ?? []).map((u) => ({
          name: str(u.fields.name),
          symbol: str(u.fields.symbol),
          definition: str(u.fields.definition),
        })),
      ]);
      return records;
    },
    map(r, ctx) {
      const f = r.fields;
      let modelType: string | null;
      let modelId: unknown;
      if (r.model === 'part.partparameter') {
        modelType = 'part';
        modelId = f.part;
      } else {
        modelType = ctx.contentType(f.model_type);
        modelId = f.model_id;
        if (modelType !== 'part')
          return new Skip(`parameters on ${JSON.stringify(f.model_type)} (model not supported yet)`);
      }
      const partId = ctx.ref('part', modelId, r, r.model === 'part.partparameter' ? 'part' : 'model_id');
      const templateId = ctx.ref('paramTemplate', f.template, r, 'template');
      const data = str(f.data);
      let numeric: number | null = typeof f.data_numeric === 'number' ? f.data_numeric : null;
      const tpl = (ctx.state.paramTemplates as Map<number, { checkbox: boolean; units: string }>).get(
        Number(f.template),
      );
      if (!has(f, 'data_numeric') && tpl)
        numeric = numericValue(tpl, data, ctx.state.units as ReturnType<typeof unitRegistryWith>);
      return {
        id: r.pk,
        template_id: templateId,
        model_type: modelType,
        model_id: partId,
        data,
        data_numeric: numeric !== null && Number.isFinite(numeric) ? numeric : null,
        note: str(f.note),
        updated: timestamp(f.updated),
        updated_by_id: optionalRef(ctx, 'user', f.updated_by, r, 'updated_by'),
        metadata: json(f.metadata),
      };
    },
  },
  {
    models: ['part.parttesttemplate'],
    table: 'part_test_templates',
    defines: 'testTemplate',
    columns: [
      'id',
      'part_id',
      'test_name',
      'key',
      'description',
      'enabled',
      'required',
      'requires_value',
      'requires_attachment',
      'choices',
      'metadata',
    ],
    prepare(records, _ctx, all) {
      // Older fixtures link templates to parts through `part.parttest` (template, part, required).
      const links = new Map((all.get('part.parttest') ?? []).map((l) => [refPk(l.fields.template), l]));
      for (const r of records) {
        const link = links.get(r.pk);
        if (!link) continue;
        if (!has(r.fields, 'part')) r.fields.part = link.fields.part;
        if (!has(r.fields, 'required') && has(link.fields, 'required'))
          r.fields.required = link.fields.required;
      }
      return records;
    },
    map(r, ctx) {
      const f = r.fields;
      if (!has(f, 'part') || f.part === null) return new Skip('test template without a part');
      const testName = str(pick(f, 'test_name', 'name'));
      return {
        id: r.pk,
        part_id: ctx.ref('part', f.part, r, 'part'),
        test_name: testName,
        key: str(f.key) || generateTestKey(testName),
        description: str(f.description),
        enabled: bool(f.enabled, true),
        required: bool(f.required, true),
        requires_value: bool(f.requires_value, false),
        requires_attachment: bool(f.requires_attachment, false),
        choices: str(f.choices),
        metadata: json(f.metadata),
      };
    },
  },
  {
    models: ['part.partrelated'],
    table: 'part_related',
    columns: ['id', 'part1_id', 'part2_id', 'note'],
    map: (r, ctx) => ({
      id: r.pk,
      part1_id: ctx.ref('part', r.fields.part_1, r, 'part_1'),
      part2_id: ctx.ref('part', r.fields.part_2, r, 'part_2'),
      note: str(r.fields.note),
    }),
  },
  {
    models: ['part.partstar'],
    table: 'part_stars',
    columns: ['id', 'part_id', 'user_id'],
    map: (r, ctx) => ({
      id: r.pk,
      part_id: ctx.ref('part', r.fields.part, r, 'part'),
      user_id: ctx.ref('user', r.fields.user, r, 'user'),
    }),
  },
  {
    models: ['part.partcategorystar'],
    table: 'part_category_stars',
    columns: ['id', 'category_id', 'user_id'],
    map: (r, ctx) => ({
      id: r.pk,
      category_id: ctx.ref('category', r.fields.category, r, 'category'),
      user_id: ctx.ref('user', r.fields.user, r, 'user'),
    }),
  },
  {
    // Both InvenTree price-break models share our table; their pks overlap, so sale breaks are
    // written by their natural key (kind, part, quantity) with ids of their own.
    models: ['part.partinternalpricebreak', 'part.partsellpricebreak'],
    table: 'part_price_breaks',
    columns: ['id', 'kind', 'part_id', 'quantity', 'price', 'price_currency', 'updated'],
    naturalKey: ['kind', 'part_id', 'quantity'],
    map(r, ctx) {
      const f = r.fields;
      const kind = r.model === 'part.partinternalpricebreak' ? 'internal' : 'sale';
      return {
        id: kind === 'internal' ? r.pk : null,
        kind,
        part_id: ctx.ref('part', f.part, r, 'part'),
        quantity: str(f.quantity, '1'),
        price: strOrNull(f.price),
        price_currency: str(f.price_currency, 'USD') || 'USD',
        updated: timestamp(f.updated),
      };
    },
  },
  ...STOCK_MAPPERS,
  {
    models: ['part.partattachment', 'stock.stockitemattachment', 'common.attachment'],
    table: 'attachments',
    columns: [
      'id',
      'model_type',
      'model_id',
      'attachment',
      'link',
      'comment',
      'upload_user_id',
      'upload_date',
      'file_size',
      'tags',
      'metadata',
    ],
    prepare(records, ctx) {
      // Before common.attachment (InvenTree < 0.16) part and stock item attachments were separate
      // tables with overlapping pks: stock item ones are numbered after the part ones (stable per export).
      const partPks = records.filter((r) => r.model === 'part.partattachment').map((r) => r.pk);
      ctx.state.stockAttachmentOffset = partPks.reduce((a, b) => Math.max(a, b), 0);
      return records;
    },
    map(r, ctx) {
      const f = r.fields;
      // InvenTree's model_type names (`part`, `stockitem`) → what the id points at.
      const owners: Record<string, RefKind> = { part: 'part', stockitem: 'stockItem' };
      let modelType: string | null = r.model === 'stock.stockitemattachment' ? 'stockitem' : 'part';
      let modelId: unknown = r.model === 'stock.stockitemattachment' ? f.stock_item : f.part;
      let field = r.model === 'stock.stockitemattachment' ? 'stock_item' : 'part';
      if (r.model === 'common.attachment') {
        modelType =
          typeof f.model_type === 'string' ? f.model_type.toLowerCase() : ctx.contentType(f.model_type);
        modelId = f.model_id;
        field = 'model_id';
        if (modelType === null || !(modelType in owners))
          return new Skip(`attachments on ${JSON.stringify(f.model_type)} (model not supported yet)`);
      }
      const kind = owners[modelType!]!;
      if (
        kind === 'stockItem' &&
        (ctx.state.stock as StockState | undefined)?.skippedItems.has(refPk(modelId)!)
      )
        return new Skip('its stock item was skipped');
      const file = strOrNull(f.attachment) || null;
      return {
        id:
          r.model === 'stock.stockitemattachment' ? r.pk + (ctx.state.stockAttachmentOffset as number) : r.pk,
        model_type: modelType,
        model_id: ctx.ref(kind, modelId, r, field),
        attachment: file,
        link: strOrNull(f.link) || null,
        comment: str(f.comment),
        upload_user_id: optionalRef(ctx, 'user', pick(f, 'upload_user', 'user'), r, 'upload_user'),
        upload_date: timestamp(f.upload_date),
        file_size: has(f, 'file_size') ? int(f.file_size, 0) : ctx.mediaSize(file),
        tags: Array.isArray(f.tags) ? f.tags.map(String) : [],
        metadata: json(f.metadata),
      };
    },
  },
];

/** Models read only to enrich others (not counted as unsupported). */
export const AUXILIARY_MODELS: Record<string, string> = {
  'part.parttest': 'merged into part.parttesttemplate (legacy template ↔ part link)',
  'contenttypes.contenttype': 'used to resolve content type references',
};
