import Link from "next/link";
import { listVideos } from "@/lib/videos/service";
import { AlignForm } from "@/components/align/align-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Align two videos" };

export default async function AdminAlignPage() {
  // Any stored video can be aligned, recordings turned into videos included; newest first.
  const videos = (await listVideos({ limit: 500 })).map((v) => ({ id: v.id, title: v.title, durationMs: v.durationMs, status: v.status }));
  return (
    <div className="space-y-8">
      <div>
        <h1 className="page-title">Align two videos</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The frame on screen at the same moment in two recordings: A at the time you enter, B at that time minus the
          offset (how many ms after A recording B started). Each is the last frame with pts ≤ the time, read from the
          file&apos;s exact timeline. Choose <em>auto</em> to estimate the offset from the pictures.
        </p>
      </div>
      <section aria-labelledby="align-h" className="card space-y-4 p-6">
        <h2 id="align-h" className="text-lg font-semibold">Videos and moment</h2>
        {videos.length < 1 ? (
          <p className="py-6 text-center text-sm text-slate-500">
            No videos yet. <Link href="/admin/videos" className="text-brand-600 underline">Upload two videos</Link> first.
          </p>
        ) : (
          <AlignForm videos={videos} />
        )}
      </section>
    </div>
  );
}
