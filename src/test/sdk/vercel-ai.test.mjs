// The Vercel AI SDK (`ai` with `@ai-sdk/openai` and `@ai-sdk/anthropic`) against the gateway.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, embed, embedMany, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import {
  ANSWER_BLOCKED, ANSWER_ONLY_BLOCKED, BLOCKED, GATEWAY, KEY, LEAKED_KEY, MODE, MODEL, OPENAI_BASE, PROXY_ONLY,
  RATE_LIMITED_MODEL, UNAUTHORIZED, WEATHER_SCHEMA, said,
} from './common.mjs';

// The demo model is unknown to the providers' model tables; their compatibility notices are noise here.
globalThis.AI_SDK_LOG_WARNINGS = false;
const openai = createOpenAI({ baseURL: OPENAI_BASE, apiKey: KEY });
// The AI SDK's Anthropic provider, unlike Anthropic's own SDK, takes a base URL that ends in /v1.
const anthropic = createAnthropic({ baseURL: `${GATEWAY}/v1`, apiKey: KEY });
const models = {
  'openai responses': openai(MODEL),
  'openai chat': openai.chat(MODEL),
  anthropic: anthropic(MODEL),
};
const weatherTool = () => tool({
  description: 'Weather of a city',
  inputSchema: jsonSchema(WEATHER_SCHEMA),
  execute: async ({ city }) => `${city}: 晴 sunny`,
});

/** Runs streamText to its end and returns its text and the first error part, if any. */
async function streamed(options) {
  const result = streamText({ maxRetries: 0, ...options, onError: () => {} });
  let text = '';
  let error;
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') {
      text += part.text;
    } else if (part.type === 'error') {
      error ??= part.error;
    }
  }
  return { text, error, result };
}

describe(`Vercel AI SDK (${MODE})`, () => {
  for (const [name, model] of Object.entries(models)) {
    test(`${name}: generateText, English and Chinese, with usage`, async () => {
      for (const prompt of ['hello vercel', '你好 维塞尔']) {
        const r = await generateText({ model, prompt, maxRetries: 0 });
        assert.equal(r.text, said(prompt));
        assert.ok(r.usage.inputTokens > 0 && r.usage.outputTokens > 0, JSON.stringify(r.usage));
      }
    });

    test(`${name}: streamText with usage`, async () => {
      const { text, error, result } = await streamed({ model, prompt: '流式 stream' });
      assert.equal(error, undefined);
      assert.equal(text, said('流式 stream'));
      assert.ok((await result.usage).outputTokens > 0);
    });

    test(`${name}: a tool is called and its result answered (generateText and streamText)`, async () => {
      const r = await generateText({
        model, prompt: '杭州', tools: { get_weather: weatherTool() }, stopWhen: stepCountIs(2), maxRetries: 0,
      });
      assert.deepEqual(r.steps[0].toolCalls.map((c) => [c.toolName, c.input]), [['get_weather', { city: '杭州' }]]);
      assert.equal(r.steps.at(-1).text, 'Kexin demo model. The tool said: 杭州: 晴 sunny');
      const s = await streamed({
        model, prompt: '杭州', tools: { get_weather: weatherTool() }, stopWhen: stepCountIs(2),
      });
      assert.equal(s.error, undefined);
      assert.ok(s.text.endsWith('Kexin demo model. The tool said: 杭州: 晴 sunny'), s.text);
    });

    test(`${name}: a request blocked by policy raises APICallError 400 with the gateway message`, async () => {
      await assert.rejects(generateText({ model, prompt: `key ${LEAKED_KEY}`, maxRetries: 0 }),
        (e) => APICallError.isInstance(e) && e.statusCode === 400 && BLOCKED.test(e.message));
      const { error } = await streamed({ model, prompt: `密钥 ${LEAKED_KEY}` });
      assert.ok(APICallError.isInstance(error) && BLOCKED.test(error.message), String(error));
    });

    test(`${name}: an answer blocked mid-stream surfaces the gateway message`, { skip: PROXY_ONLY }, async () => {
      const { error } = await streamed({ model, prompt: ANSWER_ONLY_BLOCKED.zh });
      assert.ok(error, 'the stream reports an error');
      assert.match(JSON.stringify(error, Object.getOwnPropertyNames(error ?? {})) + String(error?.message ?? error),
        ANSWER_BLOCKED);
    });

    test(`${name}: upstream 429 raises APICallError 429`, { skip: PROXY_ONLY }, async () => {
      const limited = name === 'anthropic' ? anthropic(RATE_LIMITED_MODEL)
        : name === 'openai chat' ? openai.chat(RATE_LIMITED_MODEL) : openai(RATE_LIMITED_MODEL);
      await assert.rejects(generateText({ model: limited, prompt: 'hi', maxRetries: 0 }),
        (e) => APICallError.isInstance(e) && e.statusCode === 429 && /rate limit reached/.test(e.message));
    });
  }

  test('openai completion model: generateText and streamText', async () => {
    // The AI SDK turns the prompt into a "user: … assistant:" transcript, which the demo model repeats.
    const r = await generateText({ model: openai.completion(MODEL), prompt: 'legacy 旧', maxRetries: 0 });
    assert.match(r.text, /^Kexin demo model\. You said: user:\nlegacy 旧\n/);
    const { text } = await streamed({ model: openai.completion(MODEL), prompt: 'legacy 旧' });
    assert.equal(text, r.text);
  });

  test('embed and embedMany', async () => {
    const one = await embed({ model: openai.embedding(MODEL), value: 'vector 向量', maxRetries: 0 });
    assert.equal(one.embedding.length, 8);
    const many = await embedMany({ model: openai.embedding(MODEL), values: ['a', '二'], maxRetries: 0 });
    assert.equal(many.embeddings.length, 2);
    assert.notDeepEqual(many.embeddings[0], many.embeddings[1]);
  });

  test('401: a wrong key raises APICallError 401 with the gateway message', async () => {
    const wrong = createOpenAI({ baseURL: OPENAI_BASE, apiKey: 'not-a-key' });
    await assert.rejects(generateText({ model: wrong.chat(MODEL), prompt: 'hi', maxRetries: 0 }),
      (e) => APICallError.isInstance(e) && e.statusCode === 401 && UNAUTHORIZED.test(e.message));
    const wrongAnthropic = createAnthropic({ baseURL: `${GATEWAY}/v1`, apiKey: 'not-a-key' });
    await assert.rejects(generateText({ model: wrongAnthropic(MODEL), prompt: 'hi', maxRetries: 0 }),
      (e) => APICallError.isInstance(e) && e.statusCode === 401 && UNAUTHORIZED.test(e.message));
  });
});
