ALTER TABLE "clicks" ADD COLUMN "list_id" text;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "list_index" integer;