import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/route";
import { registerUser } from "@/lib/auth/accounts";
import { registerSchema } from "@/lib/validations/auth";

export const dynamic = "force-dynamic";

export const POST = route({ rateLimit: 20, rateKey: "register" }, async ({ req }) => {
  const input = await readJson(req, registerSchema, 8 * 1024);
  const user = await registerUser(input);
  return Response.json({ user }, { status: 201 });
});
