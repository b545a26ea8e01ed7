import { clicksOptions, clicksPost } from "@/lib/clicks/http";

export const dynamic = "force-dynamic";

// The handlers live in lib/clicks/http.ts: the custom server's fast path serves them without Next.
export const OPTIONS = clicksOptions;
export const POST = clicksPost;
