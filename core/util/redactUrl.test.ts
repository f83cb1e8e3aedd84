import { describe, expect, it } from 'vitest';
import { redactUrl } from './redactUrl.js';

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('amqp://guest:secret@127.0.0.1:5672')).toBe('amqp://guest:***@127.0.0.1:5672');
    expect(redactUrl('amqps://u:p%40ss@broker.example:5671/vhost')).toBe('amqps://u:***@broker.example:5671/vhost');
    expect(redactUrl('amqp://127.0.0.1:5672')).toBe('amqp://127.0.0.1:5672');
  });
  it('redacts text that is not a URL by pattern, and leaves other text alone', () => {
    expect(redactUrl('amqp://guest:sec ret@bad host')).toBe('amqp://guest:***@bad host');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
