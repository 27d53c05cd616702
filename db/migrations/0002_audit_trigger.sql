-- The audit trail: an AFTER ROW trigger writes one audit_log row per changed row, in the same
-- transaction. Arguments: model name, columns to leave out (secrets, noise), key columns.
-- The acting user comes from the transaction setting `inventree.user_id`; bulk loads may
-- `set local inventree.audit = 'off'`.
CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  model text := TG_ARGV[0];
  ignored text[] := coalesce(nullif(TG_ARGV[1], '')::text[], '{}');
  key_cols text[] := coalesce(nullif(TG_ARGV[2], '')::text[], '{id}');
  uid integer := nullif(current_setting('inventree.user_id', true), '')::integer;
  old_j jsonb;
  new_j jsonb;
  diff jsonb;
  obj text;
BEGIN
  IF current_setting('inventree.audit', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN old_j := to_jsonb(OLD) - ignored; END IF;
  IF TG_OP <> 'DELETE' THEN new_j := to_jsonb(NEW) - ignored; END IF;
  obj := array_to_string(ARRAY(SELECT coalesce(new_j, old_j) ->> c FROM unnest(key_cols) AS c), ':');
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(key, jsonb_build_array(NULL, value)) INTO diff FROM jsonb_each(new_j);
    INSERT INTO audit_log (user_id, model, object_id, action, changes) VALUES (uid, model, obj, 'create', coalesce(diff, '{}'));
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)) INTO diff
      FROM jsonb_each(new_j) n JOIN jsonb_each(old_j) o USING (key)
      WHERE n.value IS DISTINCT FROM o.value;
    IF diff IS NOT NULL THEN
      INSERT INTO audit_log (user_id, model, object_id, action, changes) VALUES (uid, model, obj, 'update', diff);
    END IF;
  ELSE
    SELECT jsonb_object_agg(key, jsonb_build_array(value, NULL)) INTO diff FROM jsonb_each(old_j);
    INSERT INTO audit_log (user_id, model, object_id, action, changes) VALUES (uid, model, obj, 'delete', coalesce(diff, '{}'));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_enable(tbl regclass, model text, ignored text[] DEFAULT '{}', key_cols text[] DEFAULT '{id}') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS audit ON %s', tbl);
  EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit_row(%L, %L, %L)',
    tbl, model, ignored::text, key_cols::text);
END
$$;
--> statement-breakpoint
SELECT audit_enable('users', 'user', '{password,last_login}');
--> statement-breakpoint
SELECT audit_enable('user_profiles', 'userprofile', '{theme,widgets}', '{user_id}');
--> statement-breakpoint
SELECT audit_enable('groups', 'group');
--> statement-breakpoint
SELECT audit_enable('user_groups', 'usergroup', '{}', '{user_id,group_id}');
--> statement-breakpoint
SELECT audit_enable('rulesets', 'ruleset');
--> statement-breakpoint
SELECT audit_enable('api_tokens', 'apitoken', '{key_hash,last_seen}');
--> statement-breakpoint
SELECT audit_enable('global_settings', 'setting');
--> statement-breakpoint
SELECT audit_enable('user_settings', 'usersetting');
--> statement-breakpoint
SELECT audit_enable('attachments', 'attachment');
