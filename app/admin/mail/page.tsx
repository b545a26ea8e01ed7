import Link from "next/link";
import { env } from "@/lib/env";
import { listMailFiles } from "@/lib/mail/transport";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sent e-mails" };

// Without SMTP_URL the shop's e-mails are written to DATA_DIR/mail/ as .eml files; this lists them.
export default async function AdminMailPage() {
  const smtp = env().SMTP_URL !== undefined;
  const files = await listMailFiles();
  return (
    <div className="space-y-6">
      <h1 className="page-title">Sent e-mails</h1>
      <p className="text-sm text-slate-600">
        {smtp
          ? "SMTP_URL is set: e-mails go out through your mail server and are not kept here (older files written before it was set are listed)."
          : "SMTP_URL is not set: the shop's e-mails (order confirmation, shipped, refunded) are written as .eml files to DATA_DIR/mail/ instead of being sent."}
      </p>
      {files.length === 0 ? (
        <p className="card p-8 text-center text-slate-600">No e-mails written yet.</p>
      ) : (
        <div className="card overflow-x-auto p-2">
          <table className="table">
            <caption className="sr-only">E-mails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Written (UTC)</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col" className="text-right">Size</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.file}>
                  <td className="whitespace-nowrap">{f.date.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td>{f.to}</td>
                  <td>
                    <Link href={`/admin/mail/${f.file}`} className="text-brand-600 underline-offset-2 hover:underline">{f.subject || "(no subject)"}</Link>
                  </td>
                  <td className="text-right tabular-nums">{Math.ceil(f.bytes / 1024)} KiB</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
