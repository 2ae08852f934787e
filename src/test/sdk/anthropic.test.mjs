// The official `@anthropic-ai/sdk` against the gateway: messages whole and streamed, tool use, errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import {
  ANSWER_BLOCKED, ANSWER_ONLY_BLOCKED, ANTHROPIC_BASE, BLOCKED, KEY, LEAKED_KEY, MODE, MODEL, PROXY_ONLY,
  RATE_LIMITED_MODEL, TOO_LARGE, UNAUTHORIZED, WEATHER_SCHEMA, oversized, rejectsWith, said,
} from './common.mjs';

const client = new Anthropic({ baseURL: ANTHROPIC_BASE, apiKey: KEY, maxRetries: 0, timeout: 20_000 });
const weather = { name: 'get_weather', description: 'Weather of a city', input_schema: WEATHER_SCHEMA };
const ask = (content, extra = {}) => ({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content }], ...extra });

describe(`@anthropic-ai/sdk (${MODE})`, () => {
  test('messages, whole, English and Chinese, with usage', async () => {
    for (const prompt of ['hello Claude', '你好，克劳德']) {
      const m = await client.messages.create(ask(prompt));
      assert.equal(m.content[0].text, said(prompt));
      assert.equal(m.stop_reason, 'end_turn');
      assert.ok(m.usage.input_tokens > 0 && m.usage.output_tokens > 0);
    }
  });

  test('messages, streamed: the stream helper assembles the final message with usage', async () => {
    const stream = client.messages.stream(ask('流式 stream 你好'));
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const final = await stream.finalMessage();
    assert.equal(final.content[0].text, said('流式 stream 你好'));
    assert.equal(text, said('流式 stream 你好'));
    assert.equal(await stream.finalText(), said('流式 stream 你好'));
    assert.ok(final.usage.input_tokens > 0 && final.usage.output_tokens > 0);
  });

  test('messages, streamed with create({stream: true})', async () => {
    const stream = await client.messages.create(ask('raw events', { stream: true }));
    const types = [];
    let text = '';
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') {
        text += e.delta.text;
      }
    }
    assert.equal(text, said('raw events'));
    assert.equal(types[0], 'message_start');
    assert.equal(types.at(-1), 'message_stop');
  });

  test('tool_use whole and streamed with input_json_delta, then the answer to the tool result', async () => {
    const m = await client.messages.create(ask('深圳 weather', { tools: [weather] }));
    const use = m.content.find((b) => b.type === 'tool_use');
    assert.equal(m.stop_reason, 'tool_use');
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: '深圳 weather' });

    const stream = client.messages.stream(ask('深圳 weather', { tools: [weather] }));
    const partials = [];
    stream.on('inputJson', (partial) => partials.push(partial));
    const final = await stream.finalMessage();
    assert.deepEqual(final.content.find((b) => b.type === 'tool_use').input, { city: '深圳 weather' });
    assert.ok(partials.length > 1, 'the input arrives as several input_json_delta events');

    const after = await client.messages.create({
      model: MODEL, max_tokens: 256, tools: [weather],
      messages: [
        { role: 'user', content: '深圳 weather' },
        { role: 'assistant', content: m.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '小雨 light rain' }] },
      ],
    });
    assert.equal(after.content[0].text, 'Kexin demo model. The tool said: 小雨 light rain');
  });

  test('401: a wrong key raises AuthenticationError with the gateway message', async () => {
    const wrong = new Anthropic({ baseURL: ANTHROPIC_BASE, apiKey: 'not-a-key', maxRetries: 0 });
    const e = await rejectsWith(wrong.messages.create(ask('hi')), Anthropic.AuthenticationError, UNAUTHORIZED);
    assert.equal(e.status, 401);
  });

  test('413: a body over the limit raises APIError 413 with the gateway message', async () => {
    const e = await rejectsWith(client.messages.create(ask(oversized())), Anthropic.APIError, TOO_LARGE);
    assert.equal(e.status, 413);
  });

  test('a request blocked by policy raises BadRequestError with the rule and its message, whole and streamed', async () => {
    await rejectsWith(client.messages.create(ask(`key ${LEAKED_KEY}`)), Anthropic.BadRequestError, BLOCKED);
    await rejectsWith(client.messages.stream(ask(`密钥 ${LEAKED_KEY}`)).finalMessage(), Anthropic.BadRequestError,
      BLOCKED);
  });

  test('an answer blocked mid-stream raises APIError with the gateway message', { skip: PROXY_ONLY }, async () => {
    for (const phrase of [ANSWER_ONLY_BLOCKED.en, ANSWER_ONLY_BLOCKED.zh]) {
      await rejectsWith(client.messages.stream(ask(phrase)).finalMessage(), Anthropic.APIError, ANSWER_BLOCKED);
    }
  });

  test('upstream 429 raises RateLimitError with the upstream message', { skip: PROXY_ONLY }, async () => {
    const e = await rejectsWith(client.messages.create({ ...ask('hi'), model: RATE_LIMITED_MODEL }),
      Anthropic.RateLimitError, /rate limit reached/);
    assert.equal(e.status, 429);
  });
});
