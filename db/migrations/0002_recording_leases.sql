ALTER TABLE "stream_recordings" ADD COLUMN "source_secret" text;--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "seconds" integer;--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "segment_seconds" integer;--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "stop_requested_at" timestamp with time zone;