import { isInt4Id } from "@/lib/security/input-guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getVideo } from "@/lib/videos/service";
import { ActionsViewer } from "@/components/people/actions-viewer";

export const dynamic = "force-dynamic";
export const metadata = { title: "People and actions" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A people-and-actions run viewed in the app (?run=<id>, else the latest succeeded one). */
export default async function ActionsPage({ params, searchParams }: Props) {
  const id = Number((await params).id);
  const video = isInt4Id(id) ? await getVideo(id) : undefined;
  if (!video) notFound();
  const run = (await searchParams).run;
  const runId = typeof run === "string" && /^\d{1,9}$/.test(run) ? Number(run) : null;
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href={`/admin/videos/${video.id}`} className="text-brand-600 hover:underline">← {video.title}</Link>
        </p>
        <h1 className="page-title mt-1">People and actions · {video.title}{runId !== null ? ` · run #${runId}` : ""}</h1>
      </div>
      <ActionsViewer videoId={video.id} runId={runId} />
    </div>
  );
}
