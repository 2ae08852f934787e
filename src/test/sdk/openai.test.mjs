// The official `openai` Node SDK against the gateway: chat, completions, embeddings, Responses, models, errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import OpenAI from 'openai';
import {
  ANSWER_BLOCKED, ANSWER_ONLY_BLOCKED, BLOCKED, KEY, LEAKED_KEY, MODE, MODEL, OPENAI_BASE, PROXY_ONLY,
  RATE_LIMITED_MODEL, TOO_LARGE, UNAUTHORIZED, WEATHER_SCHEMA, collect, oversized, rejectsWith, said,
} from './common.mjs';

const client = new OpenAI({ baseURL: OPENAI_BASE, apiKey: KEY, maxRetries: 0, timeout: 20_000 });
const weather = { type: 'function', function: { name: 'get_weather', parameters: WEATHER_SCHEMA } };
const user = (content) => [{ role: 'user', content }];

describe(`openai SDK (${MODE})`, () => {
  test('chat, whole, English and Chinese', async () => {
    for (const prompt of ['hello world', '你好，世界']) {
      const r = await client.chat.completions.create({ model: MODEL, messages: user(prompt) });
      assert.equal(r.choices[0].message.content, said(prompt));
      assert.equal(r.choices[0].finish_reason, 'stop');
      assert.ok(r.usage.total_tokens > 0);
    }
  });

  test('chat, streamed: the stream helper assembles the final completion with usage', async () => {
    const stream = client.chat.completions.stream({
      model: MODEL, messages: user('流式 streaming 你好'), stream_options: { include_usage: true },
    });
    const deltas = [];
    stream.on('content', (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].message.content, said('流式 streaming 你好'));
    assert.equal(deltas.join(''), said('流式 streaming 你好'));
    assert.ok(final.usage.completion_tokens > 0);
  });

  test('chat, streamed with create({stream: true})', async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages: user('hi'), stream: true });
    assert.equal(await collect(stream, (c) => c.choices[0]?.delta?.content), said('hi'));
  });

  test('chat, personal data is pseudonymized to the model and restored in the answer', async () => {
    const prompt = '我的电话是 13800138000, mail zhang.wei@example.cn';
    const r = await client.chat.completions.create({ model: MODEL, messages: user(prompt) });
    assert.equal(r.choices[0].message.content, said(prompt));
  });

  test('chat, n=3 choices whole and streamed', async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: user('three'), n: 3 });
    assert.deepEqual(r.choices.map((c) => [c.index, c.message.content]),
      [[0, said('three')], [1, said('three')], [2, said('three')]]);
    const final = await client.chat.completions.stream({ model: MODEL, messages: user('two'), n: 2 })
      .finalChatCompletion();
    assert.deepEqual(final.choices.map((c) => c.message.content), [said('two'), said('two')]);
  });

  test('chat, tool call whole and streamed, then the answer to the tool result', async () => {
    const messages = user('北京 weather');
    const r = await client.chat.completions.create({ model: MODEL, messages, tools: [weather] });
    const call = r.choices[0].message.tool_calls[0];
    assert.equal(r.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: '北京 weather' });

    const streamed = await client.chat.completions.stream({ model: MODEL, messages, tools: [weather] })
      .finalChatCompletion();
    assert.deepEqual(JSON.parse(streamed.choices[0].message.tool_calls[0].function.arguments),
      { city: '北京 weather' });

    const after = await client.chat.completions.create({
      model: MODEL, tools: [weather],
      messages: [...messages, r.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '晴 sunny' }],
    });
    assert.equal(after.choices[0].message.content, 'Kexin demo model. The tool said: 晴 sunny');
  });

  test('completions, whole and streamed', async () => {
    const r = await client.completions.create({ model: MODEL, prompt: 'complete me 请' });
    assert.equal(r.choices[0].text, said('complete me 请'));
    assert.ok(r.usage.total_tokens > 0);
    const stream = await client.completions.create({ model: MODEL, prompt: 'abc', stream: true });
    assert.equal(await collect(stream, (c) => c.choices[0]?.text), said('abc'));
  });

  test('embeddings: the SDK default (base64) and float decode to the same vectors', async () => {
    const byDefault = await client.embeddings.create({ model: MODEL, input: ['one', '二'] });
    const floats = await client.embeddings.create({ model: MODEL, input: ['one', '二'], encoding_format: 'float' });
    assert.equal(byDefault.data.length, 2);
    assert.equal(byDefault.data[0].embedding.length, 8);
    assert.deepEqual(byDefault.data.map((d) => d.embedding), floats.data.map((d) => d.embedding));
    assert.notDeepEqual(floats.data[0].embedding, floats.data[1].embedding);
    const wide = await client.embeddings.create({ model: MODEL, input: 'wide', dimensions: 256 });
    assert.equal(wide.data[0].embedding.length, 256);
    assert.ok(byDefault.usage.prompt_tokens > 0);
  });

  test('responses, whole: output_text, created_at and usage', async () => {
    const r = await client.responses.create({ model: MODEL, input: '你好 responses' });
    assert.equal(r.output_text, said('你好 responses'));
    assert.equal(r.status, 'completed');
    assert.equal(typeof r.created_at, 'number');
    assert.ok(r.usage.total_tokens > 0);
  });

  test('responses, streamed: the stream helper assembles the final response', async () => {
    const stream = client.responses.stream({ model: MODEL, input: [{ role: 'user', content: 'stream 流' }] });
    const types = new Set();
    stream.on('event', (e) => types.add(e.type));
    const final = await stream.finalResponse();
    assert.equal(final.output_text, said('stream 流'));
    assert.ok(final.usage.output_tokens > 0);
    for (const t of ['response.created', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.done', 'response.output_item.done', 'response.completed']) {
      assert.ok(types.has(t), `missing ${t}`);
    }
  });

  test('responses, function call whole and streamed, then the answer to its output', async () => {
    const tools = [{ type: 'function', name: 'get_weather', parameters: WEATHER_SCHEMA, strict: false }];
    const r = await client.responses.create({ model: MODEL, input: '上海', tools });
    const call = r.output.find((o) => o.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.arguments), { city: '上海' });

    const final = await client.responses.stream({ model: MODEL, input: '上海', tools }).finalResponse();
    assert.deepEqual(JSON.parse(final.output.find((o) => o.type === 'function_call').arguments), { city: '上海' });

    const after = await client.responses.create({
      model: MODEL, tools,
      input: [{ role: 'user', content: '上海' }, call, { type: 'function_call_output', call_id: call.call_id, output: '多云' }],
    });
    assert.equal(after.output_text, 'Kexin demo model. The tool said: 多云');
  });

  test('models list and retrieve', async () => {
    const ids = [];
    for await (const m of client.models.list()) {
      ids.push(m.id);
    }
    assert.ok(ids.includes(MODEL), `models: ${ids}`);
    assert.equal((await client.models.retrieve(MODEL)).id, MODEL);
  });

  test('401: a wrong key raises AuthenticationError with the gateway message', async () => {
    const wrong = new OpenAI({ baseURL: OPENAI_BASE, apiKey: 'not-a-key', maxRetries: 0 });
    const e = await rejectsWith(wrong.chat.completions.create({ model: MODEL, messages: user('hi') }),
      OpenAI.AuthenticationError, UNAUTHORIZED);
    assert.equal(e.status, 401);
  });

  test('413: a body over the limit raises APIError 413 with the gateway message', async () => {
    const e = await rejectsWith(client.chat.completions.create({ model: MODEL, messages: user(oversized()) }),
      OpenAI.APIError, TOO_LARGE);
    assert.equal(e.status, 413);
  });

  test('a request blocked by policy raises BadRequestError with the rule and its message, whole and streamed', async () => {
    const messages = user(`我的 key 是 ${LEAKED_KEY}`);
    const e = await rejectsWith(client.chat.completions.create({ model: MODEL, messages }),
      OpenAI.BadRequestError, BLOCKED);
    assert.equal(e.code, 'content_policy_violation');
    await rejectsWith(client.chat.completions.stream({ model: MODEL, messages }).finalChatCompletion(),
      OpenAI.BadRequestError, BLOCKED);
    await rejectsWith(client.responses.create({ model: MODEL, input: `key ${LEAKED_KEY}` }),
      OpenAI.BadRequestError, BLOCKED);
  });

  test('an answer blocked mid-stream raises APIError with the gateway message', { skip: PROXY_ONLY }, async () => {
    for (const phrase of [ANSWER_ONLY_BLOCKED.en, ANSWER_ONLY_BLOCKED.zh]) {
      const stream = await client.chat.completions.create({ model: MODEL, messages: user(phrase), stream: true });
      await rejectsWith(collect(stream, (c) => c.choices[0]?.delta?.content), OpenAI.APIError, ANSWER_BLOCKED);
    }
    await rejectsWith(client.responses.stream({ model: MODEL, input: ANSWER_ONLY_BLOCKED.en }).finalResponse(),
      OpenAI.OpenAIError, ANSWER_BLOCKED);
  });

  test('upstream 429 raises RateLimitError with the upstream message', { skip: PROXY_ONLY }, async () => {
    const e = await rejectsWith(client.chat.completions.create({ model: RATE_LIMITED_MODEL, messages: user('hi') }),
      OpenAI.RateLimitError, /rate limit reached/);
    assert.equal(e.status, 429);
  });
});
