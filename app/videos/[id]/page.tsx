import { isInt4Id } from "@/lib/security/input-guard";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { VideoShop } from "@/components/player/video-shop";
import type { Video } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { currentUser } from "@/lib/auth/identity";
import { visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ t?: string | string[] }> };

/** The video a shopper may see (ready ones; admins see every video), else undefined. */
async function load(props: Props): Promise<Video | undefined> {
  const n = Number((await props.params).id);
  if (!isInt4Id(n)) return undefined;
  const user = await currentUser();
  try {
    return await visibleVideo(n, user ? { userId: user.id, role: user.role, via: "session" } : null);
  } catch (e) {
    if (e instanceof DomainError && e.kind === "not_found") return undefined;
    throw e;
  }
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const v = await load(props);
  return { title: v?.title ?? "Video not found" };
}

export default async function VideoPage(props: Props) {
  const video = await load(props);
  if (!video) notFound();
  // ?t=<ms>: open at that moment (the product page links to where its product first appears).
  const t = Number((await props.searchParams).t);
  const startMs = Number.isFinite(t) && t > 0 ? Math.min(t, video.durationMs ?? t) : undefined;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/" className="text-brand-600 underline">← All videos</Link>
      </p>
      <h1 className="page-title">{video.title}</h1>
      {video.status !== "ready" && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Only admins see this video: it is {video.status}.
        </p>
      )}
      <VideoShop videoId={video.id} title={video.title} youtubeId={video.youtubeId} startMs={startMs} />
    </div>
  );
}
