"use client";

import { useEffect } from "react";

/**
 * While a Stripe payment is unconfirmed: calls `check` (a server action) every few seconds. The action
 * re-renders nothing while the order is pending, and the whole page, header included, once it moved.
 */
export function PaymentWaiter({ check, seconds = 3 }: { check: () => Promise<void>; seconds?: number }) {
  useEffect(() => {
    const id = setInterval(() => void check().catch(() => undefined), seconds * 1000);
    return () => clearInterval(id);
  }, [check, seconds]);
  return null;
}
