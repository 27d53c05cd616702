CREATE TABLE "job_probes" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"effects" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"first_started_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "emailed_at" timestamp with time zone;