import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getVideo } from "@/lib/videos/service";
import { Studio } from "@/components/studio/studio";

export const dynamic = "force-dynamic";
export const metadata = { title: "Studio" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StudioPage({ params, searchParams }: Props) {
  const id = Number((await params).id);
  const video = isInt4Id(id) ? await getVideo(id) : undefined;
  if (!video) notFound();
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href={`/admin/videos/${video.id}`} className="text-brand-600 hover:underline">← {video.title}</Link>
        </p>
        <h1 className="page-title mt-1">Studio · {video.title}</h1>
        <p className="mt-1 text-sm text-slate-600">Correct tracks and attach products (press ? for the keyboard shortcuts). Edits reach click matching at once; a re-run of the analysis keeps manual and edited tracks.</p>
      </div>
      {video.width && video.height ? <Studio videoId={video.id} serverFrames={(await searchParams).frames === "server"} /> : <p className="text-slate-500">The video is still being read: the studio opens once its timeline is known.</p>}
    </div>
  );
}
