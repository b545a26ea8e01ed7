import Link from "next/link";

export const dynamic = "force-dynamic";

export default function Home() {
  return (
    <div className="space-y-8">
      <section className="card p-8">
        <h1 className="text-3xl font-bold tracking-tight">Click anything in a video. Buy it.</h1>
        <p className="mt-2 max-w-2xl text-slate-600">
          Framecart knows which object is on screen at every frame of a video. Click the jacket, the mug or the cat bed and get the product.
        </p>
        <div className="mt-6 flex gap-3">
          <Link href="/products" className="btn-primary">Browse the shop</Link>
        </div>
      </section>
    </div>
  );
}
