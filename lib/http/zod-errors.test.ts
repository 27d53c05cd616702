import { describe, expect, it } from 'vitest';
import { text, z } from '../zod';
import { zodToFieldErrors } from './zod-errors';

describe('DRF-shaped validation errors', () => {
  it('names each bad field with a list of messages', () => {
    const schema = z.object({ name: text(5, { blank: false }), quantity: z.number() });
    const input = { name: '<b>toolong</b>' };
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    const errors = zodToFieldErrors(r.error!, input);
    expect(errors.quantity).toEqual(['This field is required.']);
    expect(errors.name).toContain('Ensure this field has no more than 5 characters.');
  });

  it('refuses HTML and strips control characters', () => {
    expect(text(50).safeParse('<script>x</script>').error?.issues[0]?.message).toBe(
      'Remove HTML tags from this value',
    );
    expect(text(50).parse('  a\u0007b\nc  ')).toBe('abc');
    expect(text(50, { multiline: true }).parse('a\nb')).toBe('a\nb');
  });

  it('aligns errors for list inputs with the input items', () => {
    const schema = z.object({ items: z.array(z.object({ pk: z.number(), quantity: z.number().min(0) })) });
    const input = {
      items: [
        { pk: 1, quantity: 2 },
        { pk: 2, quantity: -1 },
      ],
    };
    const errors = zodToFieldErrors(schema.safeParse(input).error!, input);
    expect(errors).toEqual({
      items: [{}, { quantity: ['Ensure this value is greater than or equal to 0.'] }],
    });
  });

  it('reports object-level problems as non_field_errors', () => {
    const schema = z.object({ a: z.number() }).refine(() => false, 'Bad combination');
    const errors = zodToFieldErrors(schema.safeParse({ a: 1 }).error!, { a: 1 });
    expect(errors).toEqual({ non_field_errors: ['Bad combination'] });
  });
});
