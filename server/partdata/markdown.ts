import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * InvenTree's markdown allow-list (`InvenTree/setting/markdown.py`, bleach via django-markdownify):
 * these tags survive, every other tag is dropped (its text kept; `<script>`, `<style>` and the like
 * lose their content too), and only `href`, `src`, `alt` and `title` attributes remain.
 */
const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'code',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'hr',
  'i',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'strong',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { '*': ['href', 'src', 'alt', 'title'] },
  // Links may leave the site over these schemes only (no `javascript:`, `data:`, `vbscript:`);
  // relative URLs (`/media/notes/x.png`) stay.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

// A private instance: options set here do not leak into other users of `marked`. GFM's
// ~~strikethrough~~ is written as `<s>` (on the allow-list) rather than `<del>` (not on it).
const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    del({ tokens }) {
      return `<s>${this.parser.parseInline(tokens)}</s>`;
    },
  },
});

/** Renders markdown notes to HTML that is safe to insert into a page (the allow-list above). */
export function renderMarkdownSafe(md: string): string {
  const html = markdown.parse(md ?? '', { async: false });
  return sanitizeHtml(html, SANITIZE);
}
