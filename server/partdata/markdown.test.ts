import { describe, expect, it } from 'vitest';
import { renderMarkdownSafe } from './markdown';

describe('renderMarkdownSafe', () => {
  it('renders markdown: headings, emphasis, lists, code, tables, links and images', () => {
    const html = renderMarkdownSafe(
      [
        '# Title',
        '',
        'Some **bold**, *em* and ~~struck~~ text with `code`.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '> quoted',
        '',
        '```',
        'x = 1',
        '```',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '[docs](https://example.com/doc "The docs") ![board](/media/notes/board.png)',
        '',
        '---',
      ].join('\n'),
    );
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<s>struck</s>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<pre><code>x = 1');
    expect(html).toMatch(/<table>\s*<thead>/);
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<a href="https://example.com/doc" title="The docs">docs</a>');
    expect(html).toContain('<img src="/media/notes/board.png" alt="board" />');
    expect(html).toContain('<hr />');
  });

  it('drops <script> with its content, and other tags outside the allow-list', () => {
    const html = renderMarkdownSafe(
      'Hi <script>alert("x")</script> <iframe src="https://evil"></iframe>\n\n<style>p{}</style>',
    );
    expect(html).not.toMatch(/script|alert|iframe|style/i);
    expect(html).toContain('Hi');
    expect(renderMarkdownSafe('<div class="x"><span>kept text</span></div>').trim()).toBe('kept text');
    expect(renderMarkdownSafe('###### six').trim()).toBe('six');
  });

  it('strips event handlers and every attribute outside href/src/alt/title', () => {
    const html = renderMarkdownSafe('<img src="/media/notes/a.png" onerror="alert(1)" style="x" class="y">');
    expect(html).not.toMatch(/onerror|alert|style|class/);
    expect(html).toContain('<img src="/media/notes/a.png" />');
    expect(renderMarkdownSafe('<p onclick="steal()">p</p>').trim()).toBe('<p>p</p>');
  });

  it('refuses javascript:, data: and vbscript: URLs in links and images', () => {
    for (const md of [
      '[click](javascript:alert(1))',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="JaVaScRiPt:alert(1)">click</a>',
      '<a href="  javascript:alert(1)">click</a>',
      '<a href="vbscript:msgbox(1)">click</a>',
      '![x](data:text/html;base64,PHNjcmlwdD4=)',
    ]) {
      const html = renderMarkdownSafe(md);
      expect(html, md).not.toMatch(/javascript|vbscript|data:/i);
    }
    expect(renderMarkdownSafe('[mail](mailto:a@b.c)')).toContain('href="mailto:a@b.c"');
  });

  it('is empty for empty notes', () => {
    expect(renderMarkdownSafe('')).toBe('');
  });
});
