import { AdminsOnly } from "@/components/auth/admins-only";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return <AdminsOnly />;
}
