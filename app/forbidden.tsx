import { AdminsOnly } from "@/components/auth/admins-only";

// Rendered with status 403 wherever a page calls forbidden() (next/navigation; experimental.authInterrupts).
export default function ForbiddenBoundary() {
  return <AdminsOnly />;
}
