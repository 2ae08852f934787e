// What every conformance test file shares: where the gateway is, which mode it runs in, and the expected texts.
// SdkConformanceTest (mvn -B verify) starts the gateway and sets these variables; run by hand, start a gateway and
// set them yourself (see README.md in this folder).
import assert from 'node:assert/strict';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: SdkConformanceTest starts the gateway and sets it (see README.md here)`);
  }
  return value;
}

/** The gateway's proxy listener, e.g. http://127.0.0.1:8080 (no trailing slash, no /v1). */
export const GATEWAY = required('KEXIN_GATEWAY');
/** The client key the gateway accepts. */
export const KEY = required('KEXIN_KEY');
/** 'demo': the built-in demo model with the shipped policies; 'proxy': a config file over a mock upstream. */
export const MODE = required('KEXIN_MODE');
/** The gateway's request body limit (limits.maxRequestBytes). */
export const MAX_REQUEST_BYTES = Number(required('KEXIN_MAX_REQUEST_BYTES'));
/** The OpenAI base URL ends in /v1; Anthropic's official SDK takes the bare origin. */
export const OPENAI_BASE = `${GATEWAY}/v1`;
export const ANTHROPIC_BASE = GATEWAY;
export const MODEL = 'kexin-demo';
/** The mock upstream answers 429 to this model (proxy mode only). */
export const RATE_LIMITED_MODEL = 'kexin-rate-limited';
export const PROXY_ONLY = MODE === 'proxy' ? false : 'needs the mock upstream and its policy (proxy mode)';

/** The demo model's answer to a prompt. */
export const said = (text) => `Kexin demo model. You said: ${text}`;

/** A generated OpenAI-format key (test data of the shipped secrets policy): the request carrying it is blocked. */
export const LEAKED_KEY = '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';
/** The gateway's words when a request is blocked by a policy rule. */
export const BLOCKED = /request blocked by policy rule secret\.[a-z-]+/;
/** A phrase the proxy-mode policy blocks in answers only: the demo model echoes it, so the answer stops mid-stream. */
export const ANSWER_ONLY_BLOCKED = { en: 'the launch code is 0000', zh: '发射密码是 0000' };
/** The gateway's words when an answer is blocked (proxy-mode policy message). */
export const ANSWER_BLOCKED = /launch codes never leave the gateway/;
/** The gateway's words for a wrong client key. */
export const UNAUTHORIZED = /invalid API key/;
/** The gateway's words for a body over the limit. */
export const TOO_LARGE = /request body is larger than \d+ bytes/;

/** A prompt a little over the request body limit. */
export const oversized = () => 'x'.repeat(MAX_REQUEST_BYTES + 1024);

/** A function tool schema every SDK can offer: one required string argument. */
export const WEATHER_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string', description: 'The city, in any language' } },
  required: ['city'],
};

/** Asserts that `promise` rejects with an instance of `type` whose message matches `pattern`; returns the error. */
export async function rejectsWith(promise, type, pattern) {
  let caught;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected ${type.name}, but the call succeeded`);
  assert.ok(caught instanceof type, `expected ${type.name}, got ${caught?.constructor?.name}: ${caught?.message}`);
  assert.match(String(caught.message), pattern);
  return caught;
}

/** Returns the concatenation of an async iterable's texts, as picked by `pick`. */
export async function collect(iterable, pick) {
  let text = '';
  for await (const item of iterable) {
    text += pick(item) ?? '';
  }
  return text;
}
