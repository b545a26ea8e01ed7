import { z } from "zod";

const int = (s: z.ZodNumber) => z.string().trim().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(s);

export const productFrameQuery = z.object({
  product: int(z.number().int().positive()),
  w: int(z.number().int().min(32).max(640)).default(160),
});
