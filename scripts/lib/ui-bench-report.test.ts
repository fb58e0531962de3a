import { describe, expect, it } from 'vitest';

import { spliceSection, UI_HEADING } from './ui-bench-report';

describe("BENCHMARKS.md's live-feedback section", () => {
  const section = `\n${UI_HEADING}\n\nnew numbers\n`;

  it('is appended after the last section when absent', () => {
    expect(spliceSection('# B\n\n## 4. Memory\n\nx\n', section)).toBe(`# B\n\n## 4. Memory\n\nx\n${section}`);
  });

  it('replaces the old one in place, keeping any section after it', () => {
    const doc = `# B\n\n## 4. Memory\n\nx\n\n${UI_HEADING}\n\nold numbers\n\n## 6. Later\n\ny\n`;
    expect(spliceSection(doc, section)).toBe(`# B\n\n## 4. Memory\n\nx\n${section}\n## 6. Later\n\ny\n`);
  });

  it('writes the same text twice over (idempotent)', () => {
    const once = spliceSection('# B\n', section);
    expect(spliceSection(once, section)).toBe(once);
  });
});
