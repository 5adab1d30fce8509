import { describe, expect, it } from 'vitest';
import { cleanText, MAX_NORMALIZED_LENGTH, stem } from '../../src/engine/normalize.js';

describe('cleanText', () => {
  it.each([
    ['<@U0123ABC> what did Amazon invest?', 'what did amazon invest'],
    ['<@!123456789> hi', 'hi'],
    ['<!channel> <!here> @everyone is <#C024BE7LR|general> ok?', 'is general ok'],
    ['<@&987654321> role ping', 'role ping'],
    ["What's Amazon's stake?", 'what is amazon stake'],
    ['🚀 amazon 💰 investment?? :tada:', 'amazon investment'],
    ['ama\u200bzon\u202e inv\u0007est', 'ama zon inv est'],
    ['AMAZON   INVESTMENT!!!', 'amazon investment'],
    ['$50B from aws', '50 b from aws'],
    ['2GW of trainium', '2 gw of trainium'],
    ['27th February 2026', '27 feb 2026'],
    ['<https://evil.example|official source> amazon', 'official source amazon'],
    ['ＡＭＡＺＯＮ', 'amazon'],
    ['```rm -rf /``` amazon', 'amazon'],
  ])('GIVEN %j THEN it becomes %j', (raw, cleaned) => {
    expect(cleanText(raw)).toBe(cleaned);
  });

  it('GIVEN a 10,000-character paste THEN the result is capped', () => {
    const cleaned = cleanText('amazon '.repeat(1_500));
    expect(cleaned.length).toBeLessThanOrEqual(MAX_NORMALIZED_LENGTH);
    expect(cleaned.startsWith('amazon amazon')).toBe(true);
  });
});

describe('stem', () => {
  it('GIVEN forms of one word THEN they meet', () => {
    const forms = ['invest', 'invests', 'invested', 'investing', 'investment'].map(stem);
    expect(new Set(forms).size).toBe(1);
    expect(stem('sharing')).toBe(stem('share'));
    expect(stem('partners')).toBe(stem('partner'));
    expect(stem('denise-dresser')).toBe('denise-dresser');
  });
});
