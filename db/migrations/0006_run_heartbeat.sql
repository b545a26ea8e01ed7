ALTER TABLE "analysis_runs" ADD COLUMN "worker" text;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;