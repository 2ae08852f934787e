// `@langchain/openai` against the gateway: chat models over chat completions and Responses, tools, embeddings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import {
  ANSWER_BLOCKED, ANSWER_ONLY_BLOCKED, BLOCKED, KEY, LEAKED_KEY, MODE, MODEL, OPENAI_BASE, PROXY_ONLY,
  RATE_LIMITED_MODEL, UNAUTHORIZED, WEATHER_SCHEMA, said,
} from './common.mjs';

const options = (extra = {}) => ({
  model: MODEL, apiKey: KEY, configuration: { baseURL: OPENAI_BASE }, maxRetries: 0, timeout: 20_000, ...extra,
});
const chats = {
  'chat completions': (extra) => new ChatOpenAI(options(extra)),
  responses: (extra) => new ChatOpenAI(options({ useResponsesApi: true, ...extra })),
};
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: WEATHER_SCHEMA } };

/** Returns the text of a message or chunk content (a string, or an array of text parts). */
const text = (content) => (typeof content === 'string' ? content
  : content.map((p) => (typeof p === 'string' ? p : p.text ?? '')).join(''));

/** Asserts that `promise` rejects with an error of HTTP `status` whose message matches `pattern`. */
async function rejectsWithStatus(promise, status, pattern) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.status ?? e.statusCode, status, `${e.constructor.name}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe(`@langchain/openai (${MODE})`, () => {
  for (const [name, chat] of Object.entries(chats)) {
    test(`${name}: invoke, English and Chinese, with usage`, async () => {
      for (const prompt of ['hello langchain', '你好 链']) {
        const m = await chat().invoke(prompt);
        assert.equal(text(m.content), said(prompt));
        assert.ok(m.usage_metadata.total_tokens > 0);
      }
    });

    test(`${name}: stream`, async () => {
      let streamed = '';
      for await (const chunk of await chat().stream('流 stream')) {
        streamed += text(chunk.content);
      }
      assert.equal(streamed, said('流 stream'));
    });

    test(`${name}: bindTools gives tool_calls, whole and streamed`, async () => {
      const m = await chat().bindTools([weather]).invoke('成都');
      assert.deepEqual(m.tool_calls.map((c) => [c.name, c.args]), [['get_weather', { city: '成都' }]]);
      let merged;
      for await (const chunk of await chat().bindTools([weather]).stream('成都')) {
        merged = merged ? merged.concat(chunk) : chunk;
      }
      assert.deepEqual(merged.tool_calls.map((c) => [c.name, c.args]), [['get_weather', { city: '成都' }]]);
    });

    test(`${name}: a request blocked by policy raises a 400 with the gateway message`, async () => {
      await rejectsWithStatus(chat().invoke(`key ${LEAKED_KEY}`), 400, BLOCKED);
    });

    test(`${name}: an answer blocked mid-stream raises the gateway message`, { skip: PROXY_ONLY }, async () => {
      await assert.rejects(async () => {
        for await (const chunk of await chat().stream(ANSWER_ONLY_BLOCKED.en)) {
          assert.ok(chunk);
        }
      }, (e) => ANSWER_BLOCKED.test(e.message));
    });

    test(`${name}: upstream 429 raises a 429`, { skip: PROXY_ONLY }, async () => {
      await rejectsWithStatus(chat({ model: RATE_LIMITED_MODEL }).invoke('hi'), 429, /rate limit reached/);
    });
  }

  test('401: a wrong key raises a 401 with the gateway message', async () => {
    await rejectsWithStatus(chats['chat completions']({ apiKey: 'not-a-key' }).invoke('hi'), 401, UNAUTHORIZED);
  });

  test('embeddings: embedQuery and embedDocuments', async () => {
    const embeddings = new OpenAIEmbeddings({ model: MODEL, apiKey: KEY, configuration: { baseURL: OPENAI_BASE } });
    assert.equal((await embeddings.embedQuery('向量 vector')).length, 8);
    const docs = await embeddings.embedDocuments(['a', '二']);
    assert.equal(docs.length, 2);
    assert.notDeepEqual(docs[0], docs[1]);
  });
});
