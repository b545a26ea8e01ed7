CREATE TABLE "recording_live_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recording_live_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"recording_id" integer NOT NULL,
	"session" integer DEFAULT 0 NOT NULL,
	"track_id" integer NOT NULL,
	"label" text NOT NULL,
	"start_wall_clock_ms" bigint NOT NULL,
	"end_wall_clock_ms" bigint NOT NULL,
	"start_run" integer NOT NULL,
	"start_pts_ms" double precision NOT NULL,
	"end_run" integer NOT NULL,
	"end_pts_ms" double precision NOT NULL,
	"snapshot_key" text,
	"video_id" integer,
	"video_start_ms" double precision,
	"score" real NOT NULL,
	"box" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_live_state" (
	"recording_id" integer PRIMARY KEY NOT NULL,
	"run" integer NOT NULL,
	"pts_ms" double precision NOT NULL,
	"wall_clock_ms" bigint NOT NULL,
	"latency_ms" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"objects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"analysed" integer DEFAULT 0 NOT NULL,
	"dropped" integer DEFAULT 0 NOT NULL,
	"detector_runs" integer DEFAULT 0 NOT NULL,
	"chunks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stream_recordings" ADD COLUMN "live" jsonb;--> statement-breakpoint
ALTER TABLE "recording_live_events" ADD CONSTRAINT "recording_live_events_recording_id_stream_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."stream_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_live_events" ADD CONSTRAINT "recording_live_events_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_live_state" ADD CONSTRAINT "recording_live_state_recording_id_stream_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."stream_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recording_live_events_rec_idx" ON "recording_live_events" USING btree ("recording_id","start_wall_clock_ms");