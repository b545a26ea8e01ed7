import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { clickHeaders } from "@/lib/server/clicks-native";

// Which click POSTs the native handler takes (the rest go through the Web Request path, where route()
// checks session cookies and CSRF) and the client IP it stores, as clientIp() reads it from the request.

function message(raw: string[], xff?: string): IncomingMessage {
  const m = new IncomingMessage(new Socket());
  m.rawHeaders = raw;
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = (raw[i] as string).toLowerCase();
    // node:http keeps the first Authorization / Content-Type and joins cookies; enough for these cases.
    headers[k] ??= raw[i + 1] as string;
  }
  if (xff !== undefined) headers["x-forwarded-for"] = xff;
  m.headers = headers;
  return m;
}

describe("clickHeaders (native click path)", () => {
  it("takes a Bearer or anonymous JSON POST, with the resolved client IP", () => {
    expect(clickHeaders(message(["Host", "x", "Authorization", "Bearer fc_abc", "Content-Type", "application/json"], "203.0.113.9"))).toEqual({
      authorization: "Bearer fc_abc",
      contentType: "application/json",
      ip: "203.0.113.9",
    });
    expect(clickHeaders(message(["content-type", "application/json"], " 198.51.100.1 , 10.0.0.1"))).toEqual({ authorization: null, contentType: "application/json", ip: "198.51.100.1" });
    expect(clickHeaders(message([], ""))?.ip).toBe("local");
  });

  it("leaves requests with a cookie or repeated auth/type headers to the Web Request path", () => {
    expect(clickHeaders(message(["Cookie", "next-auth.session-token=x", "Content-Type", "application/json"]))).toBeUndefined();
    expect(clickHeaders(message(["COOKIE", "a=b"]))).toBeUndefined();
    expect(clickHeaders(message(["Authorization", "Bearer a", "authorization", "Bearer b"]))).toBeUndefined();
    expect(clickHeaders(message(["Content-Type", "application/json", "content-type", "text/plain"]))).toBeUndefined();
  });
});
