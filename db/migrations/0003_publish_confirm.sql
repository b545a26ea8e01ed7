ALTER TABLE "track_boxes" ADD COLUMN "observed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "hidden" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "class_suggestions" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Videos that shoppers could already see stay visible: only new uploads start as drafts.
UPDATE "videos" SET "published_at" = "created_at" WHERE "status" = 'ready';
