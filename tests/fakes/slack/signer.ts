// Builds requests exactly as Slack signs them (v0 HMAC-SHA256 of `v0:<timestamp>:<raw body>`), so the
// app's real verification is what the tests exercise. Events go as JSON; slash commands and
// interactions as `application/x-www-form-urlencoded` (interactions inside one `payload` field).
import { createHmac } from 'node:crypto';

export interface SigningOptions {
  signingSecret: string;
  /** Seconds since the epoch; defaults to now. Older than 5 minutes is stale. */
  timestampSec?: number;
  /** Sent as X-Slack-Retry-Num / X-Slack-Retry-Reason, as Slack does on redelivery. */
  retryNum?: number;
  retryReason?: string;
  /** Replace the computed signature (for negative tests). */
  signature?: string;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

export function slackSignature(signingSecret: string, timestampSec: number, body: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex');
  return `v0=${digest}`;
}

function sign(body: string, contentType: string, options: SigningOptions): SignedRequest {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': options.signature ?? slackSignature(options.signingSecret, timestampSec, body),
  };
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  return { headers, body };
}

/** An Events API delivery (`event_callback`, `url_verification`). */
export function signedJson(body: unknown, options: SigningOptions): SignedRequest {
  return sign(JSON.stringify(body), 'application/json', options);
}

/** A slash command: flat form fields. */
export function signedForm(fields: Record<string, string>, options: SigningOptions): SignedRequest {
  return sign(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
}

/** An interaction (`block_actions`, …): the JSON payload in one form field named `payload`. */
export function signedInteraction(payload: unknown, options: SigningOptions): SignedRequest {
  return signedForm({ payload: JSON.stringify(payload) }, options);
}

export interface SentRequest {
  status: number;
  text: string;
  /** `performance.now()` just before the request was handed to fetch. */
  sentAt: number;
}

export async function send(url: string, request: SignedRequest): Promise<SentRequest> {
  const sentAt = performance.now();
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text(), sentAt };
}
