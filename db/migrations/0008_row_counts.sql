CREATE TABLE "row_count_deltas" (
	"table_name" varchar(63) NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "row_count_deltas_table_idx" ON "row_count_deltas" USING btree ("table_name");--> statement-breakpoint
-- Row counts of large tables (db/row-counts.ts): each insert or delete statement adds one delta row
-- (from its transition table), a truncate drops the table's deltas. Seeded from the rows already here.
CREATE FUNCTION row_count_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO row_count_deltas (table_name, delta)
      SELECT TG_TABLE_NAME, count(*) FROM new_rows HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO row_count_deltas (table_name, delta)
      SELECT TG_TABLE_NAME, -count(*) FROM old_rows HAVING count(*) > 0;
  ELSE
    DELETE FROM row_count_deltas WHERE table_name = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER parts_count_insert AFTER INSERT ON parts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
CREATE TRIGGER parts_count_delete AFTER DELETE ON parts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
CREATE TRIGGER parts_count_truncate AFTER TRUNCATE ON parts
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
CREATE TRIGGER stock_items_count_insert AFTER INSERT ON stock_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
CREATE TRIGGER stock_items_count_delete AFTER DELETE ON stock_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
CREATE TRIGGER stock_items_count_truncate AFTER TRUNCATE ON stock_items
  FOR EACH STATEMENT EXECUTE FUNCTION row_count_delta();--> statement-breakpoint
INSERT INTO row_count_deltas (table_name, delta)
  SELECT 'parts', count(*) FROM parts UNION ALL SELECT 'stock_items', count(*) FROM stock_items;
