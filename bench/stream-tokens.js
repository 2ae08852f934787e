'use strict';
// Clean tokens (no policy matches) as a tokenizer would cut a mixed Chinese and English answer, and a filler
// sentence for the long first chunk. Shared by the stream mock.
const TOKENS = [
  '您好', '，', '包裹', '在', '浦东', '仓库', '停留', '通常', '是因为', '分拣', '积压', '。', ' The', ' remain',
  'ing', ' items', ' will', ' ship', ' togeth', 'er', ' within', ' two', ' busin', 'ess', ' days', ';', ' returns',
  ' for', ' damag', 'ed', ' books', ' are', ' accept', 'ed', ' in', ' 7', ' days', '.', '如果', '您', '需要',
  '加急', '处理', '，', '请', '提供', '订单', '编号', '，', '我们', '会', '尽快', '为您', '安排', '。', ' Thank',
  ' you', ' for', ' your', ' patien', 'ce', '!', '\n', '祝您', '生活', '愉快', '。',
];
const FILLER = '您好！包裹在浦东仓库停留通常是因为分拣积压。The remaining items will ship together within two '
  + 'business days; returns for damaged books are accepted within 7 days. ';
module.exports = { TOKENS, FILLER };
