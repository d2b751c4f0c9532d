import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, oneLine, safeHref, SafeHtml } from '../../../shared/mail/escape';

describe('html templates', () => {
  it('escapes every interpolated string, so no vendor text becomes markup', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = html`<td>${s}</td>`.value;
        const inner = out.slice(4, -5);
        expect(inner).not.toMatch(/[<>"']/);
        expect(inner.replace(/&(amp|lt|gt|quot|#39);/g, 'x')).not.toContain('&');
      }),
    );
  });

  it('keeps SafeHtml and arrays as they are, drops null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${[html`<br>`, 'a&b']}${null}${undefined}${false}${0}</p>`.value).toBe('<p><b>&lt;i&gt;</b><br>a&amp;b0</p>');
    expect(inner).toBeInstanceOf(SafeHtml);
  });

  it('escapes quotes so a value cannot leave an attribute', () => {
    expect(escapeHtml(`" onmouseover="x`)).toBe('&quot; onmouseover=&quot;x');
  });
});

describe('safeHref', () => {
  it('lets http(s) through and makes other schemes inert', () => {
    expect(safeHref('https://a.example/approval/x?y=1')).toBe('https://a.example/approval/x?y=1');
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref('data:text/html,<b>')).toBe('#');
    expect(safeHref('not a url')).toBe('#');
  });
});

describe('oneLine', () => {
  it('removes line breaks that would start a new mail header', () => {
    expect(oneLine('Acme\r\nBcc: x@evil.example')).toBe('Acme Bcc: x@evil.example');
  });
});
