CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "category_parameter_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"template_id" integer NOT NULL,
	"default_value" varchar(500) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_category_stars" (
	"id" serial PRIMARY KEY NOT NULL,
	"category_id" integer NOT NULL,
	"user_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custom_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(50) NOT NULL,
	"symbol" varchar(10) DEFAULT '' NOT NULL,
	"definition" varchar(50) NOT NULL,
	CONSTRAINT "custom_units_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "notes_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"image" varchar(255) NOT NULL,
	"user_id" integer,
	"date" timestamp with time zone DEFAULT now() NOT NULL,
	"model_type" varchar(100),
	"model_id" integer
);
--> statement-breakpoint
CREATE TABLE "parameter_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"units" varchar(25) DEFAULT '' NOT NULL,
	"description" varchar(250) DEFAULT '' NOT NULL,
	"model_type" varchar(100),
	"checkbox" boolean DEFAULT false NOT NULL,
	"choices" varchar(5000) DEFAULT '' NOT NULL,
	"selection_list_id" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"unique" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	CONSTRAINT "parameter_templates_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "parameters" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"model_type" varchar(100) NOT NULL,
	"model_id" integer NOT NULL,
	"data" varchar(500) NOT NULL,
	"data_numeric" double precision,
	"note" varchar(500) DEFAULT '' NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "part_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" varchar(250) DEFAULT '' NOT NULL,
	"parent_id" integer,
	"default_location_id" integer,
	"default_keywords" varchar(250),
	"structural" boolean DEFAULT false NOT NULL,
	"icon" varchar(100) DEFAULT '' NOT NULL,
	"pathstring" varchar(250) DEFAULT '' NOT NULL,
	"tree_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "part_price_breaks" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" varchar(8) NOT NULL,
	"part_id" integer NOT NULL,
	"quantity" numeric(15, 5) DEFAULT '1' NOT NULL,
	"price" numeric(19, 6),
	"price_currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_related" (
	"id" serial PRIMARY KEY NOT NULL,
	"part1_id" integer NOT NULL,
	"part2_id" integer NOT NULL,
	"note" varchar(500) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_stars" (
	"id" serial PRIMARY KEY NOT NULL,
	"part_id" integer NOT NULL,
	"user_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_test_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"part_id" integer NOT NULL,
	"test_name" varchar(100) NOT NULL,
	"key" varchar(100) NOT NULL,
	"description" varchar(100) DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"requires_value" boolean DEFAULT false NOT NULL,
	"requires_attachment" boolean DEFAULT false NOT NULL,
	"choices" varchar(5000) DEFAULT '' NOT NULL,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "parts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" varchar(250) DEFAULT '' NOT NULL,
	"keywords" varchar(250),
	"ipn" varchar(100),
	"revision" varchar(100),
	"revision_of_id" integer,
	"variant_of_id" integer,
	"variant_tree_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"is_template" boolean DEFAULT false NOT NULL,
	"category_id" integer,
	"link" varchar(2000),
	"image" varchar(255),
	"default_location_id" integer,
	"default_supplier_id" integer,
	"default_expiry" integer DEFAULT 0 NOT NULL,
	"minimum_stock" numeric(19, 6) DEFAULT '0' NOT NULL,
	"maximum_stock" numeric(19, 6),
	"units" varchar(20),
	"assembly" boolean DEFAULT false NOT NULL,
	"component" boolean DEFAULT true NOT NULL,
	"trackable" boolean DEFAULT false NOT NULL,
	"testable" boolean DEFAULT false NOT NULL,
	"purchaseable" boolean DEFAULT true NOT NULL,
	"salable" boolean DEFAULT false NOT NULL,
	"virtual" boolean DEFAULT false NOT NULL,
	"consumable" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"bom_validated" boolean DEFAULT false NOT NULL,
	"bom_checksum" varchar(128) DEFAULT '' NOT NULL,
	"bom_checked_by_id" integer,
	"bom_checked_date" date,
	"creation_date" date DEFAULT current_date,
	"creation_user_id" integer,
	"responsible_id" integer,
	"notes" text,
	"metadata" jsonb,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"barcode_data" varchar(500) DEFAULT '' NOT NULL,
	"barcode_hash" varchar(128) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_id" integer NOT NULL,
	"value" varchar(255) NOT NULL,
	"label" varchar(255) NOT NULL,
	"description" varchar(250) DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" varchar(250) DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"source_plugin" varchar(100),
	"source_string" varchar(1000) DEFAULT '' NOT NULL,
	"default_id" integer,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "category_parameter_templates" ADD CONSTRAINT "category_parameter_templates_category_id_part_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."part_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "category_parameter_templates" ADD CONSTRAINT "category_parameter_templates_template_id_parameter_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."parameter_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_category_stars" ADD CONSTRAINT "part_category_stars_category_id_part_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."part_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_category_stars" ADD CONSTRAINT "part_category_stars_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes_images" ADD CONSTRAINT "notes_images_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameter_templates" ADD CONSTRAINT "parameter_templates_selection_list_id_selection_lists_id_fk" FOREIGN KEY ("selection_list_id") REFERENCES "public"."selection_lists"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameters" ADD CONSTRAINT "parameters_template_id_parameter_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."parameter_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parameters" ADD CONSTRAINT "parameters_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_categories" ADD CONSTRAINT "part_categories_parent_id_part_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."part_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_price_breaks" ADD CONSTRAINT "part_price_breaks_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_related" ADD CONSTRAINT "part_related_part1_id_parts_id_fk" FOREIGN KEY ("part1_id") REFERENCES "public"."parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_related" ADD CONSTRAINT "part_related_part2_id_parts_id_fk" FOREIGN KEY ("part2_id") REFERENCES "public"."parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stars" ADD CONSTRAINT "part_stars_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stars" ADD CONSTRAINT "part_stars_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_test_templates" ADD CONSTRAINT "part_test_templates_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_revision_of_id_parts_id_fk" FOREIGN KEY ("revision_of_id") REFERENCES "public"."parts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_variant_of_id_parts_id_fk" FOREIGN KEY ("variant_of_id") REFERENCES "public"."parts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_category_id_part_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."part_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_bom_checked_by_id_users_id_fk" FOREIGN KEY ("bom_checked_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_creation_user_id_users_id_fk" FOREIGN KEY ("creation_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_responsible_id_owners_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."owners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_entries" ADD CONSTRAINT "selection_entries_list_id_selection_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."selection_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "category_parameter_templates_key" ON "category_parameter_templates" USING btree ("category_id","template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_category_stars_key" ON "part_category_stars" USING btree ("user_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parameters_model_template_key" ON "parameters" USING btree ("model_type","model_id","template_id");--> statement-breakpoint
CREATE INDEX "parameters_template_numeric_idx" ON "parameters" USING btree ("template_id","data_numeric");--> statement-breakpoint
CREATE INDEX "parameters_template_data_idx" ON "parameters" USING btree ("template_id","data");--> statement-breakpoint
CREATE INDEX "part_categories_parent_idx" ON "part_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "part_categories_tree_idx" ON "part_categories" USING gin ("tree_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "part_categories_parent_name_key" ON "part_categories" USING btree (coalesce("parent_id", 0),lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "part_price_breaks_key" ON "part_price_breaks" USING btree ("kind","part_id","quantity");--> statement-breakpoint
CREATE UNIQUE INDEX "part_related_pair_key" ON "part_related" USING btree (least("part1_id", "part2_id"),greatest("part1_id", "part2_id"));--> statement-breakpoint
CREATE INDEX "part_related_part2_idx" ON "part_related" USING btree ("part2_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_stars_key" ON "part_stars" USING btree ("user_id","part_id");--> statement-breakpoint
CREATE INDEX "part_stars_part_idx" ON "part_stars" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "part_test_templates_part_idx" ON "part_test_templates" USING btree ("part_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_test_templates_part_key" ON "part_test_templates" USING btree ("part_id","key");--> statement-breakpoint
CREATE INDEX "parts_category_idx" ON "parts" USING btree ("category_id","id");--> statement-breakpoint
CREATE INDEX "parts_variant_of_idx" ON "parts" USING btree ("variant_of_id");--> statement-breakpoint
CREATE INDEX "parts_revision_of_idx" ON "parts" USING btree ("revision_of_id");--> statement-breakpoint
CREATE INDEX "parts_variant_tree_idx" ON "parts" USING gin ("variant_tree_ids");--> statement-breakpoint
CREATE INDEX "parts_active_idx" ON "parts" USING btree ("active","id");--> statement-breakpoint
CREATE INDEX "parts_ipn_lower_idx" ON "parts" USING btree (lower("ipn"));--> statement-breakpoint
CREATE INDEX "parts_name_lower_idx" ON "parts" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "parts_search_trgm_idx" ON "parts" USING gin ((lower("name" || ' ' || coalesce("ipn", '') || ' ' || "description" || ' ' || coalesce("keywords", '') || ' ' || coalesce("revision", '') || ' ' || "tags"::text)) gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "parts_name_ipn_revision_key" ON "parts" USING btree ("name",coalesce("ipn", ''),coalesce("revision", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "selection_entries_list_value_key" ON "selection_entries" USING btree ("list_id","value");
--> statement-breakpoint
SELECT audit_enable('part_categories', 'partcategory', '{tree_ids,level,pathstring}');
--> statement-breakpoint
SELECT audit_enable('parts', 'part', '{variant_tree_ids}');
--> statement-breakpoint
SELECT audit_enable('part_related', 'partrelated');
--> statement-breakpoint
SELECT audit_enable('part_test_templates', 'parttesttemplate');
--> statement-breakpoint
SELECT audit_enable('part_price_breaks', 'partpricebreak');
--> statement-breakpoint
SELECT audit_enable('parameter_templates', 'parametertemplate');
--> statement-breakpoint
SELECT audit_enable('parameters', 'parameter');
--> statement-breakpoint
SELECT audit_enable('category_parameter_templates', 'partcategoryparametertemplate');
--> statement-breakpoint
SELECT audit_enable('custom_units', 'customunit');
--> statement-breakpoint
SELECT audit_enable('selection_lists', 'selectionlist');
--> statement-breakpoint
SELECT audit_enable('selection_entries', 'selectionentry');
