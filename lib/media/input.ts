// ffmpeg inputs are local paths or HTTP(S) URLs (presigned S3 GETs, read with Range requests). A
// presigned URL is a credential: it must never reach an error message, a log line or a response.

/** Whether ffmpeg reads this input over HTTP(S) rather than from the local disk. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

// The query of any http(s) URL, and any stray signing parameter (a stderr tail may start mid-URL).
// Presigned queries are percent-encoded, so a ":" ends one (as in ffmpeg's "URL: error").
const URL_QUERY = /(https?:\/\/[^\s'"?#]*)\?[^\s'":]*/gi;
const SIGNING_PARAM = /\b(X-Amz-[A-Za-z-]+|Signature|AWSAccessKeyId|Expires|x-id)=[^&\s'":]*/g;

/** The text with every URL's query string (signature, credential, expiry) replaced by "?…". */
export function redactUrls(text: string): string {
  return text.replace(URL_QUERY, "$1?…").replace(SIGNING_PARAM, "$1=…");
}

/**
 * Input options for an HTTP(S) input: give up on a stalled read after 30 s (microseconds) instead of
 * hanging a request; ffmpeg detects the Range support itself and then seeks with new requests.
 */
export function remoteInputArgs(input: string): string[] {
  return isUrl(input) ? ["-rw_timeout", "30000000"] : [];
}
